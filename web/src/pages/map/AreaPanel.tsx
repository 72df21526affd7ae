import { EditOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Descriptions, Empty, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Area, figuresOf } from '../../app/areas.model';
import { useAuth } from '../../app/auth';
import { AreaLevelTag } from '../../components/AreaLevelTag';
import { AreaStats } from '../../components/AreaStats';
import { householdDeviation } from './figures';

interface Props {
  code: string | null;
  area: UseQueryResult<Area>;
  onSelect(code: string): void;
}

/** Details of the selected area, with its ancestors and children as the way to drill up and down. */
export function AreaPanel({ code, area, onSelect }: Props) {
  const { t } = useTranslation();
  return (
    <aside className="cg-map-panel" data-testid="area-panel">
      {!code ? (
        <Empty
          className="cg-map-panel-empty"
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('map.panelEmpty')}
        />
      ) : area.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : area.isError ? (
        <Alert type="error" showIcon title={area.error.message} data-testid="area-error" />
      ) : (
        <AreaDetails area={area.data} onSelect={onSelect} />
      )}
    </aside>
  );
}

function AreaDetails({ area, onSelect }: { area: Area; onSelect(code: string): void }) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { households, population } = figuresOf(area);
  const number = (value: number | null) =>
    value == null ? t('area.noData') : value.toLocaleString(i18n.language === 'en' ? 'en' : 'zh-CN');

  return (
    <div data-testid="area-details" data-code={area.code}>
      <Breadcrumb
        data-testid="area-breadcrumb"
        items={[...area.ancestors, area].map((item) => ({
          key: item.code,
          title:
            item.code === area.code ? (
              item.name
            ) : (
              <Typography.Link data-testid={`breadcrumb-${item.code}`} onClick={() => onSelect(item.code)}>
                {item.name}
              </Typography.Link>
            ),
        }))}
      />
      <div className="cg-map-panel-title">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="area-name">
          {area.name}
        </Typography.Title>
        <AreaLevelTag level={area.level} />
        {area.retired && <Tag color="red">{t('area.retired')}</Tag>}
      </div>
      {area.level === 'grid' && households != null && <RuleTag households={households} />}
      <Descriptions
        column={1}
        size="small"
        bordered
        style={{ marginTop: 12 }}
        items={[
          {
            key: 'code',
            label: t('area.field.code'),
            children: <span data-testid="area-code">{area.code}</span>,
          },
          { key: 'households', label: t('area.field.households'), children: number(households) },
          { key: 'population', label: t('area.field.population'), children: number(population) },
          area.level === 'grid'
            ? { key: 'head', label: t('area.field.head'), children: area.headName ?? t('area.noHead') }
            : { key: 'grids', label: t('area.field.grids'), children: number(area.stats?.grids ?? null) },
        ]}
      />
      {can('areas.write') && (
        <Link to={`/areas?area=${area.code}`}>
          <Button icon={<EditOutlined />} size="small" style={{ marginTop: 12 }}>
            {t('map.editArea')}
          </Button>
        </Link>
      )}
      {can('registry.read') && !area.retired && <AreaStats areaCode={area.code} compact />}
      {area.children.length > 0 && (
        <section className="cg-map-children" data-testid="area-children">
          <Typography.Text strong>
            {t('area.children')} ({area.children.length})
          </Typography.Text>
          <ul>
            {area.children.map((child) => (
              <li key={child.code}>
                <button
                  type="button"
                  data-testid={`child-${child.code}`}
                  onClick={() => onSelect(child.code)}
                >
                  <span className="cg-map-child-name">{child.name}</span>
                  {child.retired && <Tag color="red">{t('area.retired')}</Tag>}
                  <span className="cg-map-child-figure">
                    {child.households != null &&
                      t('area.householdsCount', { count: number(child.households) })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function RuleTag({ households }: { households: number }) {
  const { t } = useTranslation();
  const deviation = householdDeviation(households);
  const percent = Math.round(Math.abs(deviation) * 100);
  if (Math.abs(deviation) <= 0.2) return <Tag color="green">{t('area.rule.within')}</Tag>;
  return (
    <Tag color={Math.abs(deviation) > 0.5 ? 'red' : 'orange'}>
      {t(deviation > 0 ? 'area.rule.over' : 'area.rule.under', { percent })}
    </Tag>
  );
}
