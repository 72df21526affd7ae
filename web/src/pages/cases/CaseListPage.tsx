import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Cascader, Checkbox, Input, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAuth } from '../../app/auth';
import { canOpen, MODULES } from '../../app/modules';
import { AreaPicker } from '../../components/AreaPicker';
import { useListState } from '../../components/list-state';
import { useRecordRoute } from '../../components/record-route';
import { CaseDrawer } from './CaseDrawer';
import { CaseTable, usePaging } from './CaseTable';
import { type CaseListQuery, type CaseState, caseQueries, HOTSPOT_PARAMS } from './cases.api';
import { CASE_STATES, categoryOptions, categoryPath } from './cases.model';
import { useCaseEvents } from './useCaseEvents';
import './cases.css';
import { catalogQueries } from '../../app/case-catalog';

/** Every case in the caller's area (their department's, for a handler), with filters kept in the URL. */
export default function CaseListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user, can } = useAuth();
  const route = useRecordRoute('/cases');
  const state = useListState();
  const categories = useQuery(catalogQueries.categories());
  const states = (state.get('state')?.split(',') ?? []) as CaseState[];
  const paging = usePaging(state);
  const { page, pageSize } = paging;
  const query: CaseListQuery = {
    state: states,
    category: state.get('category'),
    areaCode: state.get('area'),
    overdue: state.get('overdue') === 'true' || undefined,
    supervised: state.get('supervised') === 'true' || undefined,
    // Links from the command centre's wall: its yellow/red counts and department rankings.
    alarm: (['yellow', 'red'] as const).find((a) => a === state.get('alarm')),
    departmentCode: state.get('department'),
    q: state.get('q'),
    page,
    pageSize,
    sort: '-reportedAt',
  };
  // A hot spot from the command centre's wall: exactly its cases, instead of the filters.
  const hotspotId = state.get('hotspot');
  const hotspotSettings: Record<string, string | undefined> = {
    areaCode: state.get('area'),
    categoryCode: state.get('category'),
  };
  for (const name of HOTSPOT_PARAMS) hotspotSettings[name] = state.get(name);
  const filtered = useQuery({ ...caseQueries.list(query), enabled: !hotspotId });
  const hot = useQuery(caseQueries.hotspot(hotspotId ?? '', hotspotSettings, page, pageSize));
  const list = hotspotId ? hot : filtered;
  const leaveHotspot = () =>
    state.set(Object.fromEntries(['hotspot', 'category', ...HOTSPOT_PARAMS].map((n) => [n, undefined])));
  useCaseEvents(true);
  const [text, setText] = useState(query.q ?? '');
  useEffect(() => setText(query.q ?? ''), [query.q]);
  const options = useMemo(() => categoryOptions(categories.data?.items ?? []), [categories.data]);
  const report = MODULES.find((m) => m.key === 'caseReport');
  const mayReport = report !== undefined && canOpen(report, user, can);

  return (
    <div className="cg-cases" data-testid="case-list">
      <div className="cg-cases-toolbar">
        <div className="cg-cases-filters" style={hotspotId ? { display: 'none' } : undefined}>
          <Input.Search
            data-testid="case-search"
            className="cg-cases-search"
            value={text}
            placeholder={t('cases.list.search')}
            allowClear
            enterButton
            onChange={(event) => setText(event.target.value)}
            onSearch={(value) => state.set({ q: value.trim() || undefined })}
          />
          <Select<CaseState[]>
            data-testid="case-filter-state"
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            style={{ width: 220 }}
            placeholder={t('cases.list.state')}
            value={states}
            onChange={(next) => state.set({ state: next.join(',') || undefined })}
            options={CASE_STATES.map((s) => ({ value: s, label: t(`cases.state.${s}`) }))}
          />
          <Cascader
            data-testid="case-filter-category"
            style={{ width: 200 }}
            changeOnSelect
            allowClear
            placeholder={t('cases.list.category')}
            options={options}
            value={categoryPath(categories.data?.items ?? [], query.category)}
            onChange={(path) => state.set({ category: (path?.at(-1) as string | undefined) ?? undefined })}
          />
          <AreaPicker
            style={{ width: 180 }}
            value={query.areaCode}
            onChange={(code) => state.set({ area: code ?? undefined })}
            placeholder={t('cases.list.area')}
          />
          <Checkbox
            data-testid="case-filter-overdue"
            checked={query.overdue ?? false}
            onChange={(event) => state.set({ overdue: event.target.checked ? 'true' : undefined })}
          >
            {t('cases.list.overdue')}
          </Checkbox>
          <Checkbox
            checked={query.supervised ?? false}
            onChange={(event) => state.set({ supervised: event.target.checked ? 'true' : undefined })}
          >
            {t('cases.list.supervised')}
          </Checkbox>
        </div>
        {mayReport && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/report')}>
            {t('cases.list.report')}
          </Button>
        )}
      </div>
      {hotspotId && (
        <Alert
          type="info"
          showIcon
          data-testid="hotspot-banner"
          title={
            hot.data
              ? t('cases.list.hotspot', {
                  category: hot.data.hotspot.categoryName,
                  grid: hot.data.hotspot.gridName,
                  count: hot.data.hotspot.size,
                })
              : t('cases.list.hotspotLoading')
          }
          action={
            <Button size="small" onClick={leaveHotspot}>
              {t('cases.list.allCases')}
            </Button>
          }
        />
      )}
      {list.isError && <Alert type="error" showIcon title={list.error.message} />}
      <CaseTable
        data-testid="case-table"
        data={list.data}
        loading={list.isFetching}
        {...paging}
        onOpen={(kase) => route.open(kase.id)}
        selectedId={route.id}
        emptyText={t('cases.list.empty')}
      />
      <CaseDrawer id={route.id} onClose={route.close} />
    </div>
  );
}
