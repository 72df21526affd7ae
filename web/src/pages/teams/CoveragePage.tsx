import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Card,
  Col,
  Empty,
  Input,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tabs,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { areaQueries } from '../../app/areas.api';
import { AreaPicker } from '../../components/AreaPicker';
import { Chart, type ChartOption } from '../../components/Chart';
import { type CoverageRow, type Tracks, visitQueries } from './teams.api';
import { chartRows, formatShare, monthOf, todayCst } from './teams.model';
import { TrackMap } from './track-map';
import './teams.css';

type Level = 'community' | 'grid';

/** 走访覆盖率: coverage per community or grid for a period, overdue tasks, and a day's patrol tracks. */
export default function CoveragePage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const today = todayCst();
  const month = monthOf(today);
  const from = params.get('from') ?? month.from;
  const to = params.get('to') ?? month.to;
  const area = params.get('area') ?? undefined;
  const level = (params.get('by') as Level | null) ?? 'community';
  const set = (patch: Record<string, string | undefined>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(patch)) {
          if (value) next.set(name, value);
          else next.delete(name);
        }
        return next;
      },
      { replace: true },
    );
  const coverage = useQuery(visitQueries.coverage({ areaCode: area, from, to }));
  const share = (value: number | null) => formatShare(value, i18n.language);
  const rows = level === 'community' ? coverage.data?.communities : coverage.data?.grids;

  const option = useMemo<ChartOption>(() => {
    const shown = chartRows(rows ?? [], 20);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 32, bottom: 80 },
      xAxis: {
        type: 'category',
        data: shown.map((r) => r.name ?? r.areaCode),
        axisLabel: { rotate: 35, interval: 0 },
      },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        { name: t('teams.coverage.onTime'), type: 'bar', stack: 'tasks', data: shown.map((r) => r.onTime) },
        {
          name: t('teams.coverage.overdue'),
          type: 'bar',
          stack: 'tasks',
          color: '#dc2626',
          data: shown.map((r) => r.overdue),
        },
        {
          name: t('teams.coverage.pending'),
          type: 'bar',
          stack: 'tasks',
          color: '#cbd5e1',
          data: shown.map((r) => r.pending),
        },
        {
          name: t('teams.coverage.coverage'),
          type: 'line',
          yAxisIndex: 1,
          color: '#16a34a',
          data: shown.map((r) => (r.coverage === null ? null : Math.round(r.coverage * 1000) / 10)),
        },
      ],
    };
  }, [rows, t]);

  const columns: TableColumnsType<CoverageRow> = [
    { key: 'name', title: t('teams.coverage.name'), render: (_, row) => row.name ?? row.areaCode },
    ...(['planned', 'done', 'onTime', 'overdue', 'pending'] as const).map((field) => ({
      key: field,
      title: t(`teams.coverage.${field}`),
      dataIndex: field,
      align: 'right' as const,
      sorter: (a: CoverageRow, b: CoverageRow) => a[field] - b[field],
    })),
    {
      key: 'coverage',
      title: t('teams.coverage.coverage'),
      dataIndex: 'coverage',
      align: 'right',
      render: share,
      sorter: (a, b) => (a.coverage ?? -1) - (b.coverage ?? -1),
      defaultSortOrder: 'ascend',
    },
  ];

  const total = coverage.data?.total;
  return (
    <Space
      orientation="vertical"
      size="middle"
      style={{ display: 'flex' }}
      className="cg-teams"
      data-testid="coverage-page"
    >
      <Card>
        <Space wrap>
          <span>{t('teams.coverage.period')}</span>
          <Input
            type="date"
            style={{ width: 150 }}
            value={from}
            max={to}
            onChange={(event) => event.target.value && set({ from: event.target.value })}
            data-testid="coverage-from"
          />
          <span>—</span>
          <Input
            type="date"
            style={{ width: 150 }}
            value={to}
            min={from}
            onChange={(event) => event.target.value && set({ to: event.target.value })}
            data-testid="coverage-to"
          />
          <AreaPicker
            style={{ width: 220 }}
            value={area}
            placeholder={t('teams.areaPlaceholder')}
            onChange={(code) => set({ area: code ?? undefined })}
            data-testid="coverage-area"
          />
          <Segmented<Level>
            value={level}
            onChange={(value) => set({ by: value === 'community' ? undefined : value })}
            options={(['community', 'grid'] as const).map((value) => ({
              value,
              label: t(`teams.coverage.by.${value}`),
            }))}
            data-testid="coverage-by"
          />
        </Space>
      </Card>
      {coverage.isError && <Alert type="error" showIcon title={coverage.error.message} />}
      <Row gutter={16}>
        {(['planned', 'onTime', 'overdue', 'pending'] as const).map((field) => (
          <Col key={field} xs={12} md={4}>
            <Card size="small">
              <Statistic
                title={t(`teams.coverage.${field}`)}
                value={total?.[field] ?? '—'}
                loading={coverage.isPending}
              />
            </Card>
          </Col>
        ))}
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic
              title={t('teams.coverage.coverage')}
              value={total ? share(total.coverage) : '—'}
              loading={coverage.isPending}
              valueStyle={{ color: '#16a34a' }}
              data-testid="coverage-total"
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('teams.coverage.chartTitle', { what: t(`teams.coverage.by.${level}`) })}>
            {rows && rows.length === 0 ? (
              <Empty />
            ) : (
              <Chart option={option} height={400} testId="coverage-chart" />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <TracksCard area={area} today={today} />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('teams.coverage.title')}>
            <Table<CoverageRow>
              rowKey="areaCode"
              size="small"
              data-testid="coverage-table"
              loading={coverage.isFetching}
              dataSource={rows}
              columns={columns}
              pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <OverdueCard area={area} />
        </Col>
      </Row>
    </Space>
  );
}

function OverdueCard({ area }: { area?: string }) {
  const { t } = useTranslation();
  const overdue = useQuery(visitQueries.overdue(area));
  const small = {
    size: 'small' as const,
    pagination: { pageSize: 10, hideOnSinglePage: true, simple: true },
  };
  return (
    <Card title={t('teams.coverage.overdueTitle')} data-testid="overdue-card">
      {overdue.isError && <Alert type="error" showIcon title={overdue.error.message} />}
      {overdue.data && (
        <Typography.Paragraph strong data-testid="overdue-total">
          {t('teams.coverage.overdueTotal', { count: overdue.data.total })}
        </Typography.Paragraph>
      )}
      <Tabs
        items={[
          {
            key: 'worker',
            label: t('teams.coverage.byWorker'),
            children: (
              <Table
                {...small}
                rowKey={(row) => row.assigneeId ?? 'none'}
                loading={overdue.isFetching}
                dataSource={overdue.data?.byWorker}
                data-testid="overdue-by-worker"
                columns={[
                  {
                    key: 'name',
                    title: t('teams.field.name'),
                    render: (_, row) => row.name ?? t('teams.coverage.unassigned'),
                  },
                  { key: 'overdue', title: t('teams.coverage.count'), dataIndex: 'overdue', align: 'right' },
                ]}
              />
            ),
          },
          {
            key: 'community',
            label: t('teams.coverage.byCommunity'),
            children: (
              <Table
                {...small}
                rowKey="areaCode"
                loading={overdue.isFetching}
                dataSource={overdue.data?.byCommunity}
                data-testid="overdue-by-community"
                columns={[
                  {
                    key: 'name',
                    title: t('teams.coverage.name'),
                    render: (_, row) => row.name ?? row.areaCode,
                  },
                  { key: 'overdue', title: t('teams.coverage.count'), dataIndex: 'overdue', align: 'right' },
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

function TracksCard({ area, today }: { area?: string; today: string }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(today);
  const tracks = useQuery(visitQueries.tracks(date, area));
  return (
    <Card
      title={t('teams.coverage.tracks')}
      extra={
        <Space>
          {tracks.data && (
            <Typography.Text type="secondary" data-testid="tracks-count">
              {t('teams.coverage.trackCount', { count: tracks.data.features.length })}
            </Typography.Text>
          )}
          <Input
            type="date"
            style={{ width: 150 }}
            value={date}
            max={today}
            onChange={(event) => event.target.value && setDate(event.target.value)}
            aria-label={t('teams.coverage.date')}
            data-testid="tracks-date"
          />
        </Space>
      }
    >
      {tracks.isError && <Alert type="error" showIcon title={tracks.error.message} />}
      <TracksMapView tracks={tracks.data} />
      {tracks.data?.features.length === 0 && (
        <Typography.Text type="secondary">{t('teams.coverage.noTracks')}</Typography.Text>
      )}
    </Card>
  );
}

function TracksMapView({ tracks }: { tracks?: Tracks }) {
  const { t, i18n } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [trackMap, setTrackMap] = useState<TrackMap | null>(null);
  const grids = useQuery(areaQueries.geojson('grid'));
  const describe = useRef((p: Tracks['features'][number]['properties']) => p.visitorName);
  describe.current = (p) =>
    `${p.visitorName} · ${p.kind === 'visit' ? t('teams.coverage.visit') : t('teams.coverage.patrol')} · ${new Date(
      p.visitedAt,
    ).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' })} · ${
      p.result === 'problem' ? t('teams.coverage.result.problem') : t('teams.coverage.result.normal')
    }`;

  useEffect(() => {
    const map = new TrackMap(container.current!, (p) => describe.current(p));
    setTrackMap(map);
    const observer = new ResizeObserver(() => map.resize());
    observer.observe(container.current!);
    return () => {
      observer.disconnect();
      map.remove();
    };
  }, []);

  useEffect(() => {
    if (trackMap && grids.data) trackMap.setGrids(grids.data.features);
  }, [trackMap, grids.data]);

  useEffect(() => {
    if (trackMap && tracks) trackMap.setTracks(tracks);
  }, [trackMap, tracks]);

  return (
    <div
      ref={container}
      className="cg-track-map"
      data-testid="tracks-map"
      data-tracks-drawn={tracks && trackMap ? tracks.features.length : undefined}
    />
  );
}
