import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Input, Modal, Segmented, Select, Table } from 'antd';
import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { changeOf, commandQueries, type Hotspot, isStale } from './command.api';

/** A panel's frame: its title, when its data was computed, and a visible mark once that is stale. */
export function PanelFrame(props: {
  id: string;
  title: ReactNode;
  computedAt?: string;
  refreshSeconds: number;
  now: number;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const stale = isStale(props.computedAt, props.refreshSeconds, props.now);
  return (
    <section
      className={`cg-wall-panel${stale ? ' cg-wall-stale' : ''}`}
      data-testid={`panel-${props.id}`}
      data-stale={stale}
    >
      <header>
        <h2>{props.title}</h2>
        <span className="cg-wall-extra">{props.extra}</span>
        <span className="cg-wall-time" data-testid={`computed-${props.id}`}>
          {props.computedAt
            ? `${t('command.computedAt')} ${new Date(props.computedAt).toLocaleTimeString(i18n.language)}`
            : '…'}
          {stale && <strong className="cg-wall-stale-tag"> {t('command.stale')}</strong>}
        </span>
      </header>
      <div className="cg-wall-body">{props.children}</div>
    </section>
  );
}

export function FiguresPanel({
  areaCode,
  now,
  refreshSeconds,
}: {
  areaCode: string | null;
  now: number;
  refreshSeconds: number;
}) {
  const { t, i18n } = useTranslation();
  const figures = useQuery(commandQueries.figures(areaCode, refreshSeconds));
  const zh = i18n.language.startsWith('zh');
  return (
    <PanelFrame
      id="figures"
      title={t('command.panel.figures')}
      computedAt={figures.data?.computedAt}
      refreshSeconds={refreshSeconds}
      now={now}
    >
      <div className="cg-wall-figures">
        {(figures.data?.figures ?? []).map((f) => {
          const change = changeOf(f.value, f.lastWeek, f.better);
          return (
            <Link key={f.key} to={f.href} className="cg-wall-figure" data-testid={`figure-${f.key}`}>
              <span className="cg-wall-figure-label">{zh ? f.label.zh : f.label.en}</span>
              <span className="cg-wall-figure-value">{f.value}</span>
              <span
                className={`cg-wall-change ${change?.good === true ? 'good' : change?.good === false ? 'bad' : ''}`}
              >
                {change ? `${t('command.vsLastWeek')} ${change.text}` : '—'}
              </span>
            </Link>
          );
        })}
      </div>
    </PanelFrame>
  );
}

export function HotspotsPanel(props: {
  areaCode: string | null;
  hotspots: Hotspot[];
  computedAt?: string;
  refreshSeconds: number;
  now: number;
  settings: { days: number; meters: number };
  onSettings(s: { days: number; meters: number }): void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [sending, setSending] = useState<Hotspot | null>(null);
  const [instruction, setInstruction] = useState('');
  const send = useMutation({
    mutationFn: (h: Hotspot) =>
      api.post<{ caseId: string; number: string }>('/api/command/hotspots/send', {
        ...(props.areaCode ? { areaCode: props.areaCode } : {}),
        days: props.settings.days,
        meters: props.settings.meters,
        categoryCode: h.categoryCode,
        hotspotId: h.id,
        instruction: instruction.trim(),
      }),
    onSuccess: (sent) => {
      setSending(null);
      setInstruction('');
      void message.success(t('command.hotspot.sent', { number: sent.number }));
    },
    onError: (e) => void message.error(e.message),
  });
  return (
    <PanelFrame
      id="hotspots"
      title={t('command.panel.hotspots')}
      computedAt={props.computedAt}
      refreshSeconds={props.refreshSeconds}
      now={props.now}
      extra={
        <>
          <Select
            size="small"
            value={props.settings.days}
            onChange={(days) => props.onSettings({ ...props.settings, days })}
            options={[7, 30, 90].map((d) => ({ value: d, label: t('command.lastDays', { days: d }) }))}
          />
          <Select
            size="small"
            value={props.settings.meters}
            onChange={(meters) => props.onSettings({ ...props.settings, meters })}
            options={[100, 200, 500].map((m) => ({ value: m, label: `${m} m` }))}
          />
        </>
      }
    >
      <Table<Hotspot>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={props.hotspots}
        locale={{ emptyText: t('command.noHotspots') }}
        onRow={(h) =>
          ({
            onClick: () => navigate(h.href),
            style: { cursor: 'pointer' },
            'data-testid': `hotspot-${h.id}`,
          }) as never
        }
        columns={[
          { title: t('command.hotspot.category'), dataIndex: 'categoryName' },
          { title: t('command.hotspot.grid'), dataIndex: 'gridName' },
          { title: t('command.hotspot.size'), dataIndex: 'size', align: 'right' },
          {
            title: t('command.hotspot.trend'),
            dataIndex: 'trend',
            render: (trend: Hotspot['trend']) => (
              <span className={`cg-wall-trend ${trend}`}>{t(`command.trend.${trend}`)}</span>
            ),
          },
          ...(can('command.manage')
            ? [
                {
                  title: '',
                  key: 'send',
                  render: (_: unknown, h: Hotspot) => (
                    <Button
                      size="small"
                      onClick={(e) => {
                        e.stopPropagation();
                        setSending(h);
                      }}
                    >
                      {t('command.hotspot.send')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={sending !== null}
        title={
          sending
            ? `${t('command.hotspot.send')}：${sending.categoryName} · ${sending.gridName} · ${sending.size}`
            : ''
        }
        okButtonProps={{ disabled: !instruction.trim(), loading: send.isPending }}
        onOk={() => sending && send.mutate(sending)}
        onCancel={() => setSending(null)}
      >
        <Input.TextArea
          rows={3}
          value={instruction}
          placeholder={t('command.hotspot.instruction')}
          onChange={(e) => setInstruction(e.target.value)}
        />
      </Modal>
    </PanelFrame>
  );
}

const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

type RankingIndicator = 'onTimeRate' | 'closureRate' | 'satisfaction' | 'reworkRate';
const RANKING_INDICATORS: readonly RankingIndicator[] = [
  'onTimeRate',
  'closureRate',
  'satisfaction',
  'reworkRate',
];

export function RankingsPanel({
  areaCode,
  now,
  refreshSeconds,
  indicator: chosen,
}: {
  areaCode: string | null;
  now: number;
  refreshSeconds: number;
  /** The layout's indicator, to start from. */
  indicator?: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [groupBy, setGroupBy] = useState<'grid' | 'community' | 'department'>('community');
  const initial = RANKING_INDICATORS.find((i) => i === chosen) ?? 'onTimeRate';
  const [indicator, setIndicator] = useState<RankingIndicator>(initial);
  useEffect(() => setIndicator(initial), [initial]);
  const [days, setDays] = useState(30);
  const from = new Date(now - (days - 1) * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  const rankings = useQuery(commandQueries.rankings(areaCode, groupBy, indicator, from, refreshSeconds));
  return (
    <PanelFrame
      id="rankings"
      title={t('command.panel.rankings')}
      computedAt={rankings.data?.computedAt}
      refreshSeconds={refreshSeconds}
      now={now}
      extra={
        <>
          <Segmented
            size="small"
            value={groupBy}
            onChange={(v) => setGroupBy(v as typeof groupBy)}
            options={(['grid', 'community', 'department'] as const).map((g) => ({
              value: g,
              label: t(`command.groupBy.${g}`),
            }))}
          />
          <Select
            size="small"
            value={indicator}
            onChange={setIndicator}
            style={{ width: 120 }}
            options={RANKING_INDICATORS.map((i) => ({
              value: i,
              label: t(`command.indicator.${i}`),
            }))}
          />
          <Select
            size="small"
            value={days}
            onChange={setDays}
            options={[7, 30, 90].map((d) => ({ value: d, label: t('command.lastDays', { days: d }) }))}
          />
        </>
      }
    >
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        scroll={{ y: 260 }}
        dataSource={rankings.data?.rows.slice(0, 20) ?? []}
        onRow={(r) => ({ onClick: () => navigate(r.href), style: { cursor: 'pointer' } })}
        columns={[
          { title: '#', dataIndex: 'rank', width: 44 },
          { title: t('command.name'), dataIndex: 'name', ellipsis: true },
          { title: t('command.indicator.onTimeRate'), dataIndex: 'onTimeRate', render: percent },
          { title: t('command.indicator.closureRate'), dataIndex: 'closureRate', render: percent },
          {
            title: t('command.indicator.satisfaction'),
            dataIndex: 'satisfaction',
            render: (x: number | null) => (x === null ? '—' : x.toFixed(2)),
          },
          { title: t('command.indicator.reworkRate'), dataIndex: 'reworkRate', render: percent },
        ]}
      />
    </PanelFrame>
  );
}

export function ResourcesPanel({
  areaCode,
  now,
  refreshSeconds,
}: {
  areaCode: string | null;
  now: number;
  refreshSeconds: number;
}) {
  const { t } = useTranslation();
  const year = new Date(now + 8 * 3600_000).getUTCFullYear();
  const summary = useQuery(commandQueries.resources(areaCode, year));
  const money = (x: number | null) => (x === null ? '—' : Math.round(x).toLocaleString());
  return (
    <PanelFrame
      id="resources"
      title={t('command.panel.resources', { year })}
      computedAt={summary.data?.computedAt}
      refreshSeconds={refreshSeconds}
      now={now}
    >
      {summary.data && (
        <div className="cg-wall-resources">
          <div className="cg-wall-figures">
            <Link className="cg-wall-figure" to={`/resources?area=${summary.data.areaCode}`}>
              <span className="cg-wall-figure-label">{t('command.resources.allocated')}</span>
              <span className="cg-wall-figure-value">{money(summary.data.total.allocated)}</span>
              <span className="cg-wall-change">
                {t('command.resources.spentShare')} {percent(summary.data.total.spentShare)}
              </span>
            </Link>
            <Link className="cg-wall-figure" to={`/resources?area=${summary.data.areaCode}`}>
              <span className="cg-wall-figure-label">{t('command.resources.perHousehold')}</span>
              <span className="cg-wall-figure-value">{money(summary.data.total.allocatedPerHousehold)}</span>
              <span className="cg-wall-change">
                {t('command.resources.perGrid')} {money(summary.data.total.allocatedPerGrid)}
              </span>
            </Link>
            <Link className="cg-wall-figure" to={`/resources?area=${summary.data.areaCode}`}>
              <span className="cg-wall-figure-label">{t('command.resources.people')}</span>
              <span className="cg-wall-figure-value">{summary.data.total.people}</span>
              <span className="cg-wall-change">{summary.data.total.roomsM2.toLocaleString()} ㎡</span>
            </Link>
          </div>
        </div>
      )}
    </PanelFrame>
  );
}
