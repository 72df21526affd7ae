import { Alert, Typography } from 'antd';
import type { LatLng } from 'leaflet';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../app/api';
import type { LocateResult } from '../../app/areas.model';
import { AreaPicker } from '../../components/AreaPicker';
import { CaseMapView } from './CaseMapView';

/** Where a reported problem is: a point on the map (its grid is found), or only a grid. */
export interface PickedLocation {
  lon?: number;
  lat?: number;
  gridCode?: string;
  gridName?: string;
}

interface Props {
  value?: PickedLocation;
  onChange?(value: PickedLocation | undefined): void;
}

/** A form control: click the map, or choose a grid from the tree. */
export function LocationPicker({ value, onChange }: Props) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  // The clicked point while its grid is looked up: the form hears of it once, with the grid.
  const [pending, setPending] = useState<{ lon: number; lat: number } | null>(null);
  const request = useRef(0);

  const pick = async (latlng: LatLng) => {
    const mine = ++request.current;
    const lon = Number(latlng.lng.toFixed(7));
    const lat = Number(latlng.lat.toFixed(7));
    setProblem(null);
    onChange?.({ lon, lat });
    try {
      const found = await api.get<LocateResult>(`/api/areas/locate?lon=${lon}&lat=${lat}`);
      if (mine === request.current)
        onChange?.({ lon, lat, gridCode: found.grid.code, gridName: found.grid.name });
    } catch (error) {
      if (mine !== request.current) return;
      onChange?.(undefined);
      setProblem(isApiError(error) && error.status !== 404 ? error.detail : t('cases.report.outside'));
    }
  };

  return (
    <div className="cg-case-location">
      <CaseMapView
        data-testid="report-map"
        className="cg-case-map-large"
        lon={pending?.lon ?? value?.lon ?? null}
        lat={pending?.lat ?? value?.lat ?? null}
        gridCode={value?.gridCode}
        onPick={(latlng) => void pick(latlng)}
      />
      <div className="cg-case-location-line">
        {value?.gridCode && value.lon !== undefined ? (
          <Typography.Text type="success" data-testid="report-located" data-grid={value.gridCode}>
            {t('cases.report.locationPicked', { grid: value.gridName ?? value.gridCode })}
            {` · ${value.lon.toFixed(5)}, ${value.lat?.toFixed(5)}`}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('cases.report.locationHint')}</Typography.Text>
        )}
        <AreaPicker
          gridsOnly
          style={{ width: 220 }}
          data-testid="report-grid"
          placeholder={t('cases.report.grid')}
          value={value?.lon === undefined ? value?.gridCode : undefined}
          onChange={(code) => {
            request.current += 1;
            setProblem(null);
            setPending(null);
            onChange?.(code ? { gridCode: code } : undefined);
          }}
        />
      </div>
      {problem && <Alert type="warning" showIcon title={problem} />}
    </div>
  );
}
