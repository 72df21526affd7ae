import { Button, Spin, Typography } from 'antd';
import type { LatLng } from 'leaflet';
import { useTranslation } from 'react-i18next';
import type { LocateResult } from '../../app/areas.model';
import { AreaLevelTag } from '../../components/AreaLevelTag';

export type Located =
  | { latlng: LatLng; state: 'loading' }
  | { latlng: LatLng; state: 'found'; result: LocateResult }
  | { latlng: LatLng; state: 'failed'; message: string };

/** Content of the "where is this" popup: the grid and its ancestors, or why the point has none. */
export function LocatePopup({ located, onOpen }: { located: Located; onOpen(code: string): void }) {
  const { t } = useTranslation();
  const coordinates = `${located.latlng.lng.toFixed(6)}, ${located.latlng.lat.toFixed(6)}`;
  return (
    <div className="cg-locate" data-testid="locate-result" data-state={located.state}>
      {located.state === 'loading' && <Spin size="small" description={t('map.locating')} />}
      {located.state === 'failed' && <Typography.Text type="danger">{located.message}</Typography.Text>}
      {located.state === 'found' && (
        <>
          <div className="cg-locate-grid">
            <AreaLevelTag level="grid" />
            <Typography.Text strong data-testid="locate-grid">
              {located.result.grid.name}
            </Typography.Text>
          </div>
          <Typography.Text type="secondary" copyable>
            {located.result.grid.code}
          </Typography.Text>
          <div className="cg-locate-path">
            {located.result.ancestors.map((ancestor) => ancestor.name).join(' › ')}
          </div>
          <Button
            size="small"
            type="link"
            style={{ padding: 0 }}
            onClick={() => onOpen(located.result.grid.code)}
          >
            {t('map.openDetails')}
          </Button>
        </>
      )}
      <div className="cg-locate-point">{coordinates}</div>
    </div>
  );
}
