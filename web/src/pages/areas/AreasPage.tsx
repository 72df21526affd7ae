import { DeleteOutlined, DownloadOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  Popconfirm,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../app/api';
import { areaQueries, invalidateAreas } from '../../app/areas.api';
import { type Area, figuresOf } from '../../app/areas.model';
import { AreaLevelTag } from '../../components/AreaLevelTag';
import { AreaSearch } from '../../components/AreaSearch';
import { AreaEditForm } from './AreaEditForm';
import { AreaHistory } from './AreaHistory';
import { AreaTree } from './AreaTree';
import { CreateChildForm } from './CreateChildForm';
import { ImportDialog } from './ImportDialog';
import { readWriteFailure } from './write-errors';
import './areas.css';

export default function AreasPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const code = params.get('area');
  const area = useQuery({ ...areaQueries.detail(code ?? ''), enabled: code !== null });
  const select = (next: string) => setParams({ area: next });

  return (
    <div className="cg-areas">
      <Card className="cg-areas-tree" size="small" title={t('areas.tree')}>
        <AreaSearch onSelect={select} style={{ width: '100%' }} />
        <AreaTree selected={code} onSelect={select} />
      </Card>
      <div className="cg-areas-detail">
        <div className="cg-areas-toolbar">
          <ImportDialog />
          <Button
            icon={<DownloadOutlined />}
            href="/api/areas.geojson"
            download="areas.geojson"
            data-testid="export"
          >
            {t('areas.export')}
          </Button>
        </div>
        {!code ? (
          <Card>
            <Empty description={t('areas.selectHint')} />
          </Card>
        ) : area.isPending ? (
          <Card loading />
        ) : area.isError ? (
          <Alert type="error" showIcon title={area.error.message} />
        ) : (
          <AreaCard key={area.data.code} area={area.data} onSelect={select} />
        )}
      </div>
    </div>
  );
}

function AreaCard({ area, onSelect }: { area: Area; onSelect(code: string): void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { households, population } = figuresOf(area);
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';

  const retire = useMutation({
    mutationFn: () => api.post<Area>(`/api/areas/${area.code}/retire`, { version: area.version }),
    onSuccess: (updated) => {
      queryClient.setQueryData(areaQueries.detail(updated.code).queryKey, updated);
      void invalidateAreas(queryClient);
      void message.success(t('areas.retireDone', { name: updated.name }));
    },
    onError: (error) => {
      const failure = readWriteFailure(error, queryClient);
      void message.error(failure.kind === 'conflict' ? t('areas.versionConflict') : (error as Error).message);
    },
  });

  return (
    <Card
      data-testid="area-card"
      title={
        <Space>
          {area.name}
          <AreaLevelTag level={area.level} />
          {area.retired && <Tag color="red">{t('area.retired')}</Tag>}
        </Space>
      }
      extra={
        <Space>
          <Link to={`/map?area=${area.code}`}>
            <Button icon={<EnvironmentOutlined />}>{t('areas.viewOnMap')}</Button>
          </Link>
          <Popconfirm
            title={t('areas.retire')}
            description={<div style={{ maxWidth: 320 }}>{t('areas.retireConfirm', { name: area.name })}</div>}
            okButtonProps={{ danger: true }}
            onConfirm={() => retire.mutateAsync()}
            disabled={area.retired}
          >
            <Button
              danger
              icon={<DeleteOutlined />}
              disabled={area.retired}
              loading={retire.isPending}
              data-testid="retire"
            >
              {t('areas.retire')}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[...area.ancestors, area].map((item) => ({
          key: item.code,
          title:
            item.code === area.code ? (
              item.name
            ) : (
              <Typography.Link onClick={() => onSelect(item.code)}>{item.name}</Typography.Link>
            ),
        }))}
      />
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          {
            key: 'code',
            label: t('area.field.code'),
            children: <Typography.Text copyable>{area.code}</Typography.Text>,
          },
          { key: 'version', label: t('area.field.version'), children: area.version },
          {
            key: 'updatedAt',
            label: t('area.field.updatedAt'),
            children: new Date(area.updatedAt).toLocaleString(locale),
          },
          {
            key: 'households',
            label: t('area.field.households'),
            children: households?.toLocaleString(locale) ?? '—',
          },
          {
            key: 'population',
            label: t('area.field.population'),
            children: population?.toLocaleString(locale) ?? '—',
          },
          area.level === 'grid'
            ? { key: 'head', label: t('area.field.head'), children: area.headName ?? t('area.noHead') }
            : { key: 'grids', label: t('area.field.grids'), children: area.stats.grids },
        ]}
      />
      <Tabs
        style={{ marginTop: 8 }}
        items={[
          { key: 'edit', label: t('areas.details'), children: <AreaEditForm area={area} /> },
          ...(area.level !== 'grid' && !area.retired
            ? [
                {
                  key: 'create',
                  label: t('areas.createChild'),
                  children: <CreateChildForm parent={area} onCreated={onSelect} />,
                },
              ]
            : []),
          { key: 'history', label: t('areas.history'), children: <AreaHistory code={area.code} /> },
        ]}
      />
    </Card>
  );
}
