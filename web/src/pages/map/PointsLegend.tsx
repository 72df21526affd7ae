import { Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type AreaPoints, POINT_COLOURS, type PointGroup } from './points.model';

interface Props {
  on: boolean;
  onToggle(on: boolean): void;
  /** The area's points; null while none is chosen (or the layer is off). */
  data: AreaPoints | null;
  loading: boolean;
  /** No community or grid chosen: the layer waits for one. */
  waiting: boolean;
}

/** The buildings-and-components layer's switch, and what its shapes and colours mean. */
export function PointsLegend({ on, onToggle, data, loading, waiting }: Props) {
  const { t } = useTranslation();
  const groups = (Object.keys(POINT_COLOURS) as PointGroup[]).filter(
    (group) => group === 'building' || (data?.counts[group] ?? 0) > 0,
  );
  const shown = data?.points.length ?? 0;
  return (
    <div className="cg-map-legend cg-map-points-legend" data-testid="points-legend">
      <div className="cg-map-points-switch">
        <Switch
          id="cg-points-toggle"
          size="small"
          checked={on}
          onChange={onToggle}
          data-testid="points-toggle"
        />
        <label htmlFor="cg-points-toggle">
          <Typography.Text strong>{t('map.points.title')}</Typography.Text>
        </label>
      </div>
      {on && waiting && (
        <Typography.Text type="secondary" className="cg-map-points-hint">
          {t('map.points.chooseArea')}
        </Typography.Text>
      )}
      {on && !waiting && loading && !data && (
        <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>
      )}
      {on && data && (
        <>
          <ul>
            {groups.map((group) => (
              <li key={group}>
                <span
                  className={`cg-map-point-swatch cg-map-point-swatch-${group === 'building' ? 'building' : 'thing'}`}
                  style={{ background: POINT_COLOURS[group] }}
                />
                <span className="cg-map-legend-label">{t(`map.points.group.${group}`)}</span>
                <span className="cg-map-legend-count">{data.counts[group]}</span>
              </li>
            ))}
            <li>
              <span className="cg-map-point-swatch cg-map-point-swatch-thing cg-map-point-swatch-attention" />
              <span className="cg-map-legend-label">{t('map.points.attention')}</span>
            </li>
          </ul>
          {shown < data.total && (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('map.points.capped', { shown, total: data.total })}
            </Typography.Text>
          )}
        </>
      )}
    </div>
  );
}
