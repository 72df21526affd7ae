import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Input, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, type ChartOption } from '../../components/Chart';
import { type FiguresRow, figuresQueries, type GroupBy } from './figures.api';
import {
  busiest,
  dailySeries,
  defaultPeriod,
  departmentRanking,
  formatNumber,
  formatRate,
} from './figures.model';
import './figures.css';

const GROUPS: GroupBy[] = ['community', 'street', 'grid', 'department', 'category', 'day'];
const STEPS = ['register', 'dispatch', 'handle', 'verify', 'close'] as const;

/** Case figures (`GET /api/cases/figures`) under the dashboard's overview (`GET /api/cases/overview`). */
export default function FiguresPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [period, setPeriod] = useState(defaultPeriod);
  const [groupBy, setGroupBy] = useState<GroupBy>('community');
  const figures = useQuery(figuresQueries.figures({ ...period, groupBy }));
  const daily = useQuery(figuresQueries.figures({ ...period, groupBy: 'day' }));
  const departments = useQuery(figuresQueries.figures({ ...period, groupBy: 'department' }));
  const rate = (value: number | null) => formatRate(value, locale);

  const rows = figures.data?.rows ?? [];
  const ratesOption = useMemo<ChartOption>(() => {
    const top = busiest(rows);
    const percent = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null ? '—' : `${v}%`) },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 72 },
      xAxis: { type: 'category', data: top.map((r) => r.name), axisLabel: { rotate: 35, interval: 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: t('figures.series.closureRate'), type: 'bar', data: top.map((r) => percent(r.closureRate)) },
        {
          name: t('figures.series.onTimeHandle'),
          type: 'bar',
          data: top.map((r) => percent(r.onTimeRate.handle)),
        },
      ],
    };
  }, [rows, t]);

  const trendOption = useMemo<ChartOption>(() => {
    const days = dailySeries(daily.data?.rows ?? [], period.from, period.to);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 32 },
      xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('figures.series.reported'), type: 'line', smooth: true, data: days.map((d) => d.reported) },
        { name: t('figures.series.closed'), type: 'line', smooth: true, data: days.map((d) => d.closed) },
      ],
    };
  }, [daily.data, period, t]);

  const columns: ColumnsType<FiguresRow> = [
    { title: t('figures.column.name'), dataIndex: 'name', fixed: 'left', width: 160 },
    { title: t('figures.column.reported'), dataIndex: 'reported', align: 'right', sorter: by('reported') },
    { title: t('figures.column.closed'), dataIndex: 'closed', align: 'right', sorter: by('closed') },
    { title: t('figures.column.open'), dataIndex: 'open', align: 'right', sorter: by('open') },
    {
      title: t('figures.column.closureRate'),
      dataIndex: 'closureRate',
      align: 'right',
      render: rate,
      sorter: by('closureRate'),
    },
    {
      title: t('figures.column.onTimeRates'),
      key: 'onTime',
      render: (_, row) => (
        <span className="cg-figures-steps">
          {STEPS.map((step) => (
            <span key={step}>
              {t(`cases.step.${step}`)} {rate(row.onTimeRate[step])}
            </span>
          ))}
        </span>
      ),
    },
    {
      title: t('figures.column.avgHours'),
      dataIndex: 'avgHandlingHours',
      align: 'right',
      render: (v: number | null) => formatNumber(v, 1, locale),
      sorter: by('avgHandlingHours'),
    },
    {
      title: t('figures.column.p90Hours'),
      dataIndex: 'p90HandlingHours',
      align: 'right',
      render: (v: number | null) => formatNumber(v, 1, locale),
    },
    { title: t('figures.column.reopenRate'), dataIndex: 'reopenRate', align: 'right', render: rate },
    {
      title: t('figures.column.satisfaction'),
      dataIndex: 'satisfaction',
      align: 'right',
      render: (v: number | null, row) =>
        v === null ? '—' : `${formatNumber(v, 2, locale)} (${row.satisfactionCount})`,
    },
    { title: t('figures.column.selfSolved'), dataIndex: 'selfSolvedShare', align: 'right', render: rate },
  ];

  return (
    <div className="cg-figures" data-testid="figures-page">
      <OverviewCards />
      <Card size="small" className="cg-figures-controls">
        <Space wrap size="large">
          <Space>
            <Typography.Text>{t('figures.period')}</Typography.Text>
            <Space.Compact>
              <Input
                type="date"
                aria-label={t('figures.from')}
                value={period.from}
                max={period.to}
                onChange={(e) => e.target.value && setPeriod((p) => ({ ...p, from: e.target.value }))}
              />
              <Input
                type="date"
                aria-label={t('figures.to')}
                value={period.to}
                min={period.from}
                onChange={(e) => e.target.value && setPeriod((p) => ({ ...p, to: e.target.value }))}
              />
            </Space.Compact>
          </Space>
          <Space>
            <Typography.Text>{t('figures.groupBy.label')}</Typography.Text>
            <Segmented
              value={groupBy}
              onChange={(value) => setGroupBy(value as GroupBy)}
              options={GROUPS.map((g) => ({ value: g, label: t(`figures.groupBy.${g}`) }))}
            />
          </Space>
        </Space>
      </Card>
      {figures.isError && <Alert type="error" showIcon title={figures.error.message} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('figures.rates')}>
            {rows.length ? (
              <Chart option={ratesOption} testId="figures-rates" />
            ) : (
              <Empty description={t('figures.empty')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('figures.trend')}>
            <Chart option={trendOption} testId="figures-trend" />
          </Card>
        </Col>
      </Row>
      <Card size="small">
        <Table
          rowKey="key"
          size="small"
          loading={figures.isFetching}
          columns={columns}
          dataSource={rows}
          scroll={{ x: 1300 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('figures.empty') }}
        />
        <Typography.Paragraph type="secondary" className="cg-figures-notes">
          {t('figures.notes')}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('figures.ranking')}>
        <Table
          rowKey="key"
          size="small"
          loading={departments.isFetching}
          dataSource={departmentRanking(departments.data?.rows ?? [])}
          pagination={false}
          locale={{ emptyText: t('figures.empty') }}
          columns={[
            { title: t('figures.column.rank'), dataIndex: 'rank', width: 64 },
            { title: t('figures.column.name'), dataIndex: 'name' },
            {
              title: t('figures.column.onTimeHandle'),
              key: 'handle',
              align: 'right',
              render: (_, r) => rate(r.onTimeRate.handle),
            },
            {
              title: t('figures.column.closureRate'),
              dataIndex: 'closureRate',
              align: 'right',
              render: rate,
            },
            {
              title: t('figures.column.satisfaction'),
              dataIndex: 'satisfaction',
              align: 'right',
              render: (v: number | null) => formatNumber(v, 2, locale),
            },
            { title: t('figures.column.reported'), dataIndex: 'reported', align: 'right' },
          ]}
        />
      </Card>
    </div>
  );
}

function by(field: 'reported' | 'closed' | 'open' | 'closureRate' | 'avgHandlingHours') {
  return (a: FiguresRow, b: FiguresRow) => (a[field] ?? -1) - (b[field] ?? -1);
}

/** The dashboard's figures: now, and the last 30 days. */
function OverviewCards() {
  const { t, i18n } = useTranslation();
  const overview = useQuery(figuresQueries.overview());
  const option = useMemo<ChartOption | null>(() => {
    if (!overview.data) return null;
    const days = overview.data.byDay;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('figures.series.reported'), type: 'bar', data: days.map((d) => d.reported) },
        { name: t('figures.series.closed'), type: 'line', data: days.map((d) => d.closed) },
      ],
    };
  }, [overview.data, t]);
  if (overview.isError) return <Alert type="error" showIcon title={overview.error.message} />;
  const data = overview.data;
  const number = (n: number | undefined) => (n === undefined ? '—' : n.toLocaleString(i18n.language));
  return (
    <Row gutter={[16, 16]} data-testid="figures-overview">
      <Col xs={24} xl={10}>
        <Card size="small" loading={overview.isPending}>
          <div className="cg-figures-stats">
            <Statistic title={t('figures.overview.total')} value={number(data?.total)} />
            <Statistic title={t('figures.overview.open')} value={number(data?.open)} />
            <Statistic
              title={t('figures.overview.overdue')}
              value={number(data?.overdue)}
              styles={{ content: { color: '#cf1322' } }}
            />
            <Statistic
              title={t('figures.overview.yellow')}
              value={number(data?.yellow)}
              styles={{ content: { color: '#d48806' } }}
            />
            <Statistic
              title={t('figures.overview.red')}
              value={number(data?.red)}
              styles={{ content: { color: '#cf1322' } }}
            />
          </div>
          <Typography.Text type="secondary">{t('figures.overview.byCategory')}</Typography.Text>
          <ol className="cg-figures-top">
            {data?.byCategory.slice(0, 5).map((c) => (
              <li key={c.code}>
                {c.name} <span>{number(c.reported)}</span>
              </li>
            ))}
          </ol>
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Card size="small" title={t('figures.overview.last30')}>
          {option && <Chart option={option} height={220} testId="figures-last30" />}
        </Card>
      </Col>
    </Row>
  );
}
