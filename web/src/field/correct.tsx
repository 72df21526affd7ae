import { useState } from 'react';
import type { User } from './api';
import { t } from './i18n';
import { keptGrids } from './offline-data';
import type { OutboxItem } from './outbox';
import { CategoryPicker, LocationField, rememberCategory, useLocation } from './parts';

interface ReportBody {
  categoryCode: string;
  description: string;
  lon?: number;
  lat?: number;
  gridCode?: string;
}

type Place = 'keep' | 'grid' | 'fix';

/**
 * A report the server refused (a point just outside the district, a category withdrawn since the
 * app last refreshed), put right on the phone: the category and the place change; the description
 * and the photo (the attachment item waiting on this one) stay as they were. Works offline: the
 * grids come from the data kept at start.
 */
export function CorrectReport({
  user,
  item,
  onResend,
  onCancel,
}: {
  user: User;
  item: OutboxItem;
  onResend: (body: ReportBody) => void;
  onCancel: () => void;
}) {
  const body = item.body as ReportBody;
  const grids = keptGrids(user);
  const [category, setCategory] = useState(body.categoryCode);
  const [place, setPlace] = useState<Place>(grids.length > 0 ? 'grid' : 'fix');
  const [gridCode, setGridCode] = useState(body.gridCode ?? grids[0]?.code ?? '');
  const location = useLocation();

  const corrected = (): ReportBody => {
    const { lon: _lon, lat: _lat, gridCode: _grid, ...rest } = body;
    const base = { ...rest, categoryCode: category };
    if (place === 'grid') return { ...base, gridCode };
    if (place === 'fix' && location.fix) return { ...base, lon: location.fix.lon, lat: location.fix.lat };
    return { ...body, categoryCode: category };
  };
  const ready =
    category !== '' && (place !== 'grid' || gridCode !== '') && (place !== 'fix' || !!location.fix);

  return (
    <div className="form correct" data-testid="correct-form">
      <p className="muted" data-testid="correct-description">
        {body.description}
      </p>
      <CategoryPicker value={category} onChange={setCategory} />
      <div className="field">
        <div className="label">{t('location')}</div>
        {(['keep', 'grid', 'fix'] as const)
          .filter((p) => p !== 'grid' || grids.length > 0)
          .map((p) => (
            <label key={p} className="radio">
              <input
                type="radio"
                name={`place-${item.id}`}
                data-testid={`place-${p}`}
                checked={place === p}
                onChange={() => setPlace(p)}
              />
              {p === 'keep' ? t('keepPlace') : p === 'grid' ? t('correctPlace') : t('useNewFix')}
            </label>
          ))}
        {place === 'grid' && (
          <select data-testid="correct-grid" value={gridCode} onChange={(e) => setGridCode(e.target.value)}>
            {grids.map((g) => (
              <option key={g.code} value={g.code}>
                {g.name}
              </option>
            ))}
          </select>
        )}
        {place === 'fix' && <LocationField location={location} />}
      </div>
      <div className="row">
        <button
          type="button"
          data-testid="correct-send"
          disabled={!ready}
          onClick={() => {
            rememberCategory(category);
            onResend(corrected());
          }}
        >
          {t('resend')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </div>
  );
}
