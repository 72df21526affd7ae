import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ColourScale } from './figures';

export function Legend({ scale, total }: { scale: ColourScale; total: number }) {
  const { t } = useTranslation();
  return (
    <div className="cg-map-legend" data-testid="map-legend">
      <Typography.Text strong>{t(`map.figures.${scale.figure}`)}</Typography.Text>
      <ul>
        {scale.classes.map((item) => (
          <li key={item.label.key + JSON.stringify(item.label.values ?? {})}>
            <span className="cg-map-swatch" style={{ background: item.colour }} />
            <span className="cg-map-legend-label">
              {t(item.label.key as 'map.legend', item.label.values)}
            </span>
            <span className="cg-map-legend-count">{item.count}</span>
          </li>
        ))}
      </ul>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('map.gridsDrawn', { count: total })}
      </Typography.Text>
    </div>
  );
}
