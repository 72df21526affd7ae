import { useEffect, useMemo, useState } from 'react';
import type { Static } from 'typebox';
import type { CategorySchema } from '../../../server/src/modules/cases/catalog.schemas.ts';
import { cachedGet } from './api';
import { t } from './i18n';
import { Icon } from './icons';
import { CATEGORIES_PATH, useRefreshedAt } from './offline-data';
import { compressPhoto, type Fix, locate } from './photo';

/** Camera input: the phone opens the back camera; the photo is compressed before it is kept. */
export function PhotoField({
  photo,
  onChange,
}: {
  photo: Blob | null;
  onChange: (photo: Blob | null) => void;
}) {
  const [busy, setBusy] = useState(false);
  const url = useMemo(() => (photo ? URL.createObjectURL(photo) : null), [photo]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return (
    <div className="field">
      <label className="photo-button">
        {busy ? (
          '…'
        ) : (
          <>
            <Icon name="report" /> {photo ? t('retakePhoto') : t('photo')}
          </>
        )}
        <input
          type="file"
          accept="image/*"
          capture="environment"
          data-testid="photo-input"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            setBusy(true);
            try {
              onChange(await compressPhoto(file));
            } finally {
              setBusy(false);
            }
          }}
        />
      </label>
      {url && <img className="photo-preview" src={url} alt="" data-testid="photo-preview" />}
    </div>
  );
}

/** Where the worker stands, asked of the phone when the form opens. */
export function useLocation() {
  const [fix, setFix] = useState<Fix | null>(null);
  const [state, setState] = useState<'locating' | 'ok' | 'none'>('locating');
  const refresh = () => {
    setState('locating');
    locate().then(
      (next) => {
        setFix(next);
        setState('ok');
      },
      () => setState('none'),
    );
  };
  useEffect(refresh, []);
  return { fix, state, refresh };
}

export function LocationField({ location }: { location: ReturnType<typeof useLocation> }) {
  const { fix, state, refresh } = location;
  return (
    <div className="field row" data-testid="location">
      <span>
        <Icon name="pin" size={16} />{' '}
        {state === 'locating'
          ? t('locating')
          : fix
            ? `${fix.lon.toFixed(5)}, ${fix.lat.toFixed(5)} (±${Math.round(fix.accuracy)} m)`
            : t('noLocation')}
      </span>
      <button type="button" className="link" onClick={refresh}>
        {t('locate')}
      </button>
    </div>
  );
}

/** A case category as the picker reads it (the server's CategorySchema). */
export type Category = Pick<Static<typeof CategorySchema>, 'code' | 'parentCode' | 'name'>;

const RECENT_KEY = 'cg.field.recentCategories';
export const recentCategories = (): string[] => JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
export function rememberCategory(code: string): void {
  const next = [code, ...recentCategories().filter((c) => c !== code)].slice(0, 4);
  localStorage.setItem(RECENT_KEY, JSON.stringify(next));
}

/** The categories, read again whenever the offline data was refreshed (kept since the app started). */
export function useCategories(): Category[] {
  const [items, setItems] = useState<Category[]>([]);
  const refreshedAt = useRefreshedAt();
  useEffect(() => {
    void refreshedAt;
    void cachedGet<{ items: Category[] }>(CATEGORIES_PATH).then((r) => setItems(r.data?.items ?? []));
  }, [refreshedAt]);
  return items;
}

/** Two levels: the group, then the category; the last ones used come first, one tap each. */
export function CategoryPicker({ value, onChange }: { value: string; onChange: (code: string) => void }) {
  const categories = useCategories();
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const parents = categories.filter((c) => !c.parentCode);
  const [parent, setParent] = useState('');
  const selected = byCode.get(value);
  const group = parent || selected?.parentCode || '';
  const children = categories.filter((c) => c.parentCode === group);
  const recent = recentCategories().filter((code) => byCode.get(code)?.parentCode);
  return (
    <div className="field">
      <div className="label">{t('category')}</div>
      {recent.length > 0 && (
        <div className="chips">
          {recent.map((code) => (
            <button
              type="button"
              key={code}
              className={code === value ? 'chip on' : 'chip'}
              onClick={() => onChange(code)}
            >
              {byCode.get(code)?.name}
            </button>
          ))}
        </div>
      )}
      <div className="row">
        <select
          data-testid="category-parent"
          value={group}
          onChange={(e) => {
            setParent(e.target.value);
            onChange('');
          }}
        >
          <option value="">{t('chooseCategory')}</option>
          {parents.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        <select data-testid="category" value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {children.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
