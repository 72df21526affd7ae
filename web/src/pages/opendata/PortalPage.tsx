import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Empty,
  Input,
  Layout,
  List,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../../app/Shell';
import { Chart } from '../../components/Chart';
import { type Dataset, downloadUrl, FORMATS, opendataApi, type Row } from './opendata.api';
import { PointsMap } from './PointsMap';
import './portal.css';

/** The public open data portal (`/data`, no login): search, a dataset's page, downloads, API examples. */
export default function PortalPage() {
  const { t } = useTranslation();
  const { name } = useParams();
  return (
    <Layout className="od-portal">
      <Layout.Header className="od-header">
        <Link to="/data" className="od-brand">
          {t('app.fullName')} · {t('opendata.portal.title')}
        </Link>
        <Space>
          <LanguageSwitch />
          <Button href="/" size="small">
            {t('opendata.portal.console')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content className="od-content">
        {name ? <DatasetView name={name} /> : <Catalogue />}
      </Layout.Content>
    </Layout>
  );
}

function useTitle(d: Dataset) {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return { title: en ? d.titleEn : d.title, description: en ? d.descriptionEn : d.description };
}

function Catalogue() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const { data, isLoading } = useQuery({
    queryKey: ['opendata', 'datasets', q],
    queryFn: () => opendataApi.datasets(q),
  });
  return (
    <>
      <Typography.Title level={2}>{t('opendata.portal.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('opendata.portal.subtitle', { k: 10 })}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('opendata.portal.search')}
          onSearch={(value) => setParams(value ? { q: value } : {})}
          style={{ width: 360 }}
          data-testid="od-search"
        />
        <a href="/catalog.jsonld">{t('opendata.portal.catalog')}</a>
      </Space>
      <List
        loading={isLoading}
        locale={{ emptyText: t('opendata.portal.empty') }}
        dataSource={data?.items ?? []}
        grid={{ gutter: 16, xs: 1, md: 2, xl: 3 }}
        renderItem={(d) => (
          <List.Item>
            <DatasetCard d={d} />
          </List.Item>
        )}
      />
    </>
  );
}

function DatasetCard({ d }: { d: Dataset }) {
  const { t } = useTranslation();
  const { title, description } = useTitle(d);
  return (
    <Card title={<Link to={`/data/${d.name}`}>{title}</Link>} size="small" data-testid={`od-card-${d.name}`}>
      <Typography.Paragraph ellipsis={{ rows: 2 }}>{description}</Typography.Paragraph>
      <Space wrap>
        <Tag color={d.access === 'public' ? 'green' : 'orange'}>{t(`opendata.portal.${d.access}`)}</Tag>
        <Tag>{t(`opendata.portal.frequency.${d.frequency}`)}</Tag>
        {d.keywords.slice(0, 3).map((k) => (
          <Tag key={k}>{k}</Tag>
        ))}
      </Space>
    </Card>
  );
}

function DatasetView({ name }: { name: string }) {
  const navigate = useNavigate();
  const { data: d, isLoading } = useQuery({
    queryKey: ['opendata', 'dataset', name],
    queryFn: () => opendataApi.dataset(name),
  });
  if (isLoading || !d) return <Spin />;
  return <DatasetBody d={d} onBack={() => navigate('/data')} />;
}

function DatasetBody({ d, onBack }: { d: Dataset; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { title, description } = useTitle(d);
  const open = d.access === 'public';
  const preview = useQuery({
    queryKey: ['opendata', 'preview', d.name],
    queryFn: () => opendataApi.search(d.name, { limit: 20 }),
    enabled: open && d.latest !== null,
  });
  const chartRows = useQuery({
    queryKey: ['opendata', 'chart', d.name],
    queryFn: () => opendataApi.search(d.name, { limit: 2000, filters: d.chart?.where }),
    enabled: open && d.chart !== null && d.latest !== null,
  });
  const fieldTitle = (name: string) => {
    const f = d.fields.find((x) => x.name === name);
    return f ? (lang === 'en' ? f.titleEn : f.title) : name;
  };
  const columns = d.fields.map((f) => ({
    title: lang === 'en' ? f.titleEn : f.title,
    dataIndex: f.name,
    key: f.name,
    render: (v: unknown) => (v === null ? <Typography.Text type="secondary">—</Typography.Text> : String(v)),
  }));
  const origin = window.location.origin;
  const tabs = [
    {
      key: 'preview',
      label: t('opendata.portal.preview'),
      children: open ? (
        <Table
          size="small"
          rowKey="_id"
          loading={preview.isLoading}
          columns={columns}
          dataSource={preview.data?.records ?? []}
          pagination={false}
          scroll={{ x: true }}
          data-testid="od-preview"
        />
      ) : (
        <Alert type="warning" showIcon message={t('opendata.portal.restrictedHint')} />
      ),
    },
    ...(open && d.chart
      ? [
          {
            key: 'chart',
            label: t('opendata.portal.chart'),
            children: <DatasetChart d={d} rows={chartRows.data?.records ?? []} fieldTitle={fieldTitle} />,
          },
        ]
      : []),
    ...(open && d.geo
      ? [
          {
            key: 'map',
            label: t('opendata.portal.map'),
            children: <PointsMap rows={chartRows.data?.records ?? preview.data?.records ?? []} />,
          },
        ]
      : []),
    {
      key: 'api',
      label: t('opendata.portal.api'),
      children: (
        <>
          <Typography.Paragraph>{t('opendata.portal.apiHint')}</Typography.Paragraph>
          <pre className="od-code">
            {[
              `curl '${origin}/api/3/action/package_show?id=${d.name}'`,
              `curl '${origin}/api/3/action/datastore_search?resource_id=${d.name}&limit=5${open ? '' : `' -H 'Authorization: <key>`}'`,
              `curl '${origin}/api/3/action/datastore_search?resource_id=${d.name}&sort=${d.fields[0].name}%20desc&fields=${d.fields
                .slice(0, 2)
                .map((f) => f.name)
                .join(',')}'`,
              `# Python: from ckanapi import RemoteCKAN; RemoteCKAN('${origin}').action.datastore_search(resource_id='${d.name}')`,
            ].join('\n')}
          </pre>
        </>
      ),
    },
  ];
  return (
    <>
      <Button type="link" onClick={onBack} style={{ paddingLeft: 0 }}>
        ← {t('opendata.portal.back')}
      </Button>
      <Typography.Title level={2} data-testid="od-title">
        {title}
      </Typography.Title>
      <Typography.Paragraph>{description}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag color={open ? 'green' : 'orange'}>{t(`opendata.portal.${d.access}`)}</Tag>
        <Tag>{t(`opendata.portal.frequency.${d.frequency}`)}</Tag>
        {d.latest ? (
          <>
            <Tag>{t('opendata.portal.version', { number: d.latest.number })}</Tag>
            <Tag>{t('opendata.portal.rows', { count: d.latest.rowCount })}</Tag>
            <Tag>
              {t('opendata.portal.updated', { time: new Date(d.latest.createdAt).toLocaleString(lang) })}
            </Tag>
            {d.latest.suppressed > 0 && (
              <Tag color="blue">{t('opendata.portal.suppressed', { count: d.latest.suppressed })}</Tag>
            )}
          </>
        ) : (
          <Tag>{t('opendata.portal.notYet')}</Tag>
        )}
      </Space>
      <Card size="small" title={t('opendata.portal.downloads')} style={{ marginBottom: 16 }}>
        <Space wrap>
          {FORMATS.filter((f) => f !== 'geojson' || d.geo).map((f) => (
            <Button key={f} href={downloadUrl(d.name, f)} disabled={!open} data-testid={`od-download-${f}`}>
              {f.toUpperCase()}
            </Button>
          ))}
          <Button href={`/api/opendata/datasets/${d.name}/datapackage.json`}>datapackage.json</Button>
        </Space>
      </Card>
      <Tabs items={tabs} />
    </>
  );
}

function DatasetChart({
  d,
  rows,
  fieldTitle,
}: {
  d: Dataset;
  rows: Row[];
  fieldTitle: (n: string) => string;
}) {
  const option = useMemo(() => {
    const chart = d.chart!;
    const totals = new Map<string, number>();
    for (const r of rows) {
      const key = String(r[chart.category] ?? '');
      // No value field: count the records (components by state, organizations by kind).
      const value = chart.value ? r[chart.value] : 1;
      if (typeof value === 'number') totals.set(key, (totals.get(key) ?? 0) + value);
    }
    const entries = [...totals.entries()].slice(0, 40);
    return {
      tooltip: {},
      grid: { left: 60, right: 20, bottom: 80 },
      xAxis: { type: 'category', data: entries.map(([k]) => k), axisLabel: { rotate: 40 } },
      yAxis: { type: 'value', name: chart.value ? fieldTitle(chart.value) : '' },
      series: [{ type: 'bar', data: entries.map(([, v]) => v) }],
    };
  }, [d, rows, fieldTitle]);
  if (rows.length === 0) return <Empty />;
  return <Chart option={option} height={360} testId="od-chart" />;
}
