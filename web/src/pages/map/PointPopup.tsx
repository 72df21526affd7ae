import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAreaNames } from '../../app/areas.api';
import type { MapPoint } from './points.model';

const STATE_COLOURS: Record<string, string> = { damaged: 'red', missing: 'volcano', under_repair: 'gold' };

/** What a clicked building or component is, with the way to its record. */
export function PointPopup({ point }: { point: MapPoint }) {
  const { t, i18n } = useTranslation();
  const areaNames = useAreaNames();
  const grid = areaNames.get(point.record.gridCode) ?? point.record.gridCode;
  const category = (code: string) =>
    i18n.exists(`thing.category.${code}`) ? t(`thing.category.${code}` as 'app.name') : code;

  return (
    <div className="cg-point" data-testid="point-popup" data-kind={point.kind}>
      <Typography.Text strong data-testid="point-name">
        {point.record.name}
      </Typography.Text>
      {point.kind === 'building' ? (
        <>
          <div>
            <Tag color="blue">{t('map.points.building')}</Tag>
            {t('map.points.buildingFigures', {
              floors: point.record.floors ?? '—',
              houses: point.record.houses,
            })}
          </div>
          <div className="cg-point-line">{point.record.address}</div>
        </>
      ) : (
        <>
          <div>
            <Tag>{category(point.record.category)}</Tag>
            <Tag color={STATE_COLOURS[point.record.state] ?? 'green'} data-testid="point-state">
              {t(`thing.state.${point.record.state}`)}
            </Tag>
          </div>
          {point.record.ownerDepartment && (
            <div className="cg-point-line">
              {t('map.points.owner', { department: point.record.ownerDepartment })}
            </div>
          )}
        </>
      )}
      <div className="cg-point-line cg-point-muted">{grid}</div>
      <Link
        data-testid="point-open"
        to={
          point.kind === 'building'
            ? `/places?building=${point.id}&open=building:${point.id}`
            : `/things/${point.id}`
        }
      >
        {t('map.points.openRecord')}
      </Link>
    </div>
  );
}
