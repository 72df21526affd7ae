import { EditOutlined, ExpandOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Popover, Segmented, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { areaQueries } from '../../app/areas.api';
import { useAuth } from '../../app/auth';
import { RuleForm } from './RuleForm';
import { SplitPanel, SplitResultAlert } from './SplitPanel';
import { sizingQueries } from './sizing.api';
import {
  partColour,
  SIZING_STATUSES,
  type SizingItem,
  type SizingStatus,
  type SortState,
  type SplitProposal,
  type SplitResult,
  STATUS_COLOURS,
  STATUS_FILTERS,
  STATUS_TAGS,
  type StatusFilter,
  visibleRows,
} from './sizing.model';
import { SizingMap } from './sizing-map';
import '../../components/map-frame.css';
import './sizing.css';

const PAGE_SIZE = 10;

export default function GridSizingPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const canWrite = can('areas.write');
  const [params, setParams] = useSearchParams();
  const selectedCode = params.get('grid');
  const [filter, setFilter] = useState<StatusFilter>('flagged');
  const [sort, setSort] = useState<SortState>({ field: 'households', order: 'descend' });
  const [page, setPage] = useState(1);
  const [ruleOpen, setRuleOpen] = useState(false);
  const [splitResult, setSplitResult] = useState<SplitResult | null>(null);
  const [sizingMap, setSizingMap] = useState<SizingMap | null>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const fromMap = useRef(false);

  const report = useQuery(sizingQueries.report());
  const grids = useQuery(areaQueries.geojson('grid'));
  const items = report.data?.items;
  const rows = useMemo(() => visibleRows(items ?? [], filter, sort), [items, filter, sort]);
  const selected = items?.find((item) => item.code === selectedCode) ?? null;

  const select = useCallback(
    (code: string | null, viaMap: boolean) => {
      fromMap.current = viaMap;
      setParams((current) => {
        const next = new URLSearchParams(current);
        if (code) next.set('grid', code);
        else next.delete('grid');
        return next;
      });
    },
    [setParams],
  );
  const selectRef = useRef(select);
  selectRef.current = select;

  useEffect(() => {
    const map = new SizingMap(containerRef.current!, (code) => selectRef.current(code, true));
    setSizingMap(map);
    return () => map.remove();
  }, []);

  useEffect(() => {
    if (sizingMap && grids.data) sizingMap.setGrids(grids.data, true);
  }, [sizingMap, grids.data]);

  useEffect(() => {
    if (sizingMap && items) sizingMap.setStatuses(new Map(items.map((item) => [item.code, item.status])));
  }, [sizingMap, items]);

  // A grid chosen on the map is shown in the table (on its page, with a filter that lists it);
  // one chosen in the table is outlined and flown to on the map.
  useEffect(() => {
    if (!sizingMap || !grids.data) return;
    sizingMap.select(selectedCode, !fromMap.current);
  }, [sizingMap, grids.data, selectedCode]);

  useEffect(() => {
    if (!fromMap.current || !selected) return;
    const index = rows.findIndex((row) => row.code === selected.code);
    if (index < 0) {
      setFilter(selected.status);
      return;
    }
    fromMap.current = false;
    setPage(Math.floor(index / PAGE_SIZE) + 1);
    requestAnimationFrame(() =>
      document.querySelector(`[data-row-key="${selected.code}"]`)?.scrollIntoView({ block: 'nearest' }),
    );
  }, [selected, rows]);

  const showProposal = useCallback(
    (proposal: SplitProposal | null) =>
      sizingMap?.showParts(
        proposal?.parts.map((part, i) => ({ boundary: part.boundary, colour: partColour(i) })) ?? null,
      ),
    [sizingMap],
  );

  const rule = report.data?.rule;
  const summary = report.data?.summary;

  return (
    <div className="cg-sizing">
      <div className="cg-sizing-side">
        <Card size="small" title={t('sizing.summary')} data-testid="sizing-summary">
          {report.isPending && <Spin />}
          {report.error && <Alert type="error" showIcon title={report.error.message} />}
          {summary && rule && (
            <>
              <div className="cg-sizing-counts">
                {SIZING_STATUSES.map((status) => (
                  <button
                    type="button"
                    key={status}
                    className="cg-sizing-count"
                    data-testid={`sizing-count-${status}`}
                    onClick={() => {
                      setFilter(status);
                      setPage(1);
                    }}
                  >
                    <span className="cg-map-swatch" style={{ background: STATUS_COLOURS[status] }} />
                    <span className="cg-sizing-count-number">{summary[status]}</span>
                    <span>{t(`sizing.status.${status}`)}</span>
                  </button>
                ))}
              </div>
              <div className="cg-sizing-rule" data-testid="sizing-rule">
                <Typography.Text type="secondary">{t('sizing.rule')}：</Typography.Text>
                <Typography.Text>
                  {t('sizing.ruleText', {
                    households: rule.households.target,
                    hMin: rule.households.min,
                    hMax: rule.households.max,
                    people: rule.people.target,
                    pMin: rule.people.min,
                    pMax: rule.people.max,
                  })}
                </Typography.Text>
                {canWrite && (
                  <Popover
                    trigger="click"
                    open={ruleOpen}
                    onOpenChange={setRuleOpen}
                    title={t('sizing.editRule')}
                    destroyOnHidden
                    content={<RuleForm rule={rule} onDone={() => setRuleOpen(false)} />}
                  >
                    <Button size="small" type="link" icon={<EditOutlined />} data-testid="sizing-edit-rule">
                      {t('sizing.editRule')}
                    </Button>
                  </Popover>
                )}
              </div>
            </>
          )}
        </Card>

        <Card size="small" data-testid="sizing-selected">
          {splitResult && (
            <div style={{ marginBottom: 12 }}>
              <SplitResultAlert result={splitResult} onClose={() => setSplitResult(null)} />
            </div>
          )}
          {selected ? (
            <>
              <Typography.Paragraph>
                {t('sizing.selected', { name: selected.name, code: selected.code })}{' '}
                <Tag color={STATUS_TAGS[selected.status]}>{t(`sizing.status.${selected.status}`)}</Tag>
              </Typography.Paragraph>
              {selected.status === 'oversized' && (
                <SplitPanel
                  key={selected.code}
                  grid={selected}
                  canWrite={canWrite}
                  onProposal={showProposal}
                  onSplit={(result) => {
                    setSplitResult(result);
                    select(null, false);
                  }}
                />
              )}
            </>
          ) : (
            <Typography.Text type="secondary">{t('sizing.selectHint')}</Typography.Text>
          )}
          {!canWrite && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('sizing.okOnlyWrite')}
            </Typography.Paragraph>
          )}
        </Card>
        <Card size="small" className="cg-sizing-table-card">
          <Segmented<StatusFilter>
            size="small"
            value={filter}
            onChange={(value) => {
              setFilter(value);
              setPage(1);
            }}
            options={STATUS_FILTERS.map((f) => ({ value: f, label: t(`sizing.filter.${f}`) }))}
            data-testid="sizing-filter"
          />
          <Table<SizingItem>
            size="small"
            rowKey="code"
            data-testid="sizing-table"
            loading={report.isPending}
            dataSource={rows}
            locale={{ emptyText: t('sizing.noFlagged') }}
            pagination={{ current: page, pageSize: PAGE_SIZE, onChange: setPage, showSizeChanger: false }}
            rowClassName={(row) => (row.code === selectedCode ? 'cg-sizing-row-selected' : '')}
            onRow={(row) => ({ onClick: () => select(row.code, false), style: { cursor: 'pointer' } })}
            onChange={(_pagination, _filters, sorter) => {
              const one = Array.isArray(sorter) ? sorter[0] : sorter;
              setSort({
                field: (one?.field as SortState['field']) ?? null,
                order: one?.order ?? null,
              });
              setPage(1);
            }}
            columns={[
              {
                key: 'grid',
                title: t('sizing.column.grid'),
                render: (_, row) => (
                  <>
                    <div>{row.name}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {row.code}
                    </Typography.Text>
                  </>
                ),
              },
              {
                dataIndex: 'households',
                title: t('sizing.column.households'),
                align: 'right',
                sorter: true,
                sortOrder: sort.field === 'households' ? sort.order : null,
              },
              {
                dataIndex: 'people',
                title: t('sizing.column.people'),
                align: 'right',
                sorter: true,
                sortOrder: sort.field === 'people' ? sort.order : null,
              },
              {
                dataIndex: 'status',
                title: t('sizing.column.status'),
                render: (status: SizingStatus) => (
                  <Tag color={STATUS_TAGS[status]}>{t(`sizing.status.${status}`)}</Tag>
                ),
              },
            ]}
          />
        </Card>
      </div>

      <div className="cg-map-main">
        <div ref={containerRef} className="cg-map" data-testid="sizing-map" />
        <div className="cg-map-toolbar">
          <Tooltip title={t('sizing.fitAll')}>
            <Button
              aria-label={t('sizing.fitAll')}
              icon={<ExpandOutlined />}
              onClick={() => sizingMap?.fitAll()}
            />
          </Tooltip>
        </div>
        {grids.isPending && (
          <div className="cg-map-status">
            <Spin description={t('app.loading')} />
          </div>
        )}
        {grids.error && (
          <Alert
            className="cg-map-status"
            type="error"
            showIcon
            title={t('sizing.mapLoadFailed')}
            description={grids.error.message}
          />
        )}
        <div className="cg-map-legend" data-testid="sizing-legend">
          <Typography.Text strong>{t('sizing.legend')}</Typography.Text>
          <ul>
            {SIZING_STATUSES.map((status) => (
              <li key={status}>
                <span className="cg-map-swatch" style={{ background: STATUS_COLOURS[status] }} />
                <span className="cg-map-legend-label">{t(`sizing.status.${status}`)}</span>
                <span className="cg-map-legend-count">{summary?.[status] ?? ''}</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
