import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, Modal, Select, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { AreaPicker } from '../../components/AreaPicker';
import { useListState } from '../../components/list-state';
import { useRecordRoute } from '../../components/record-route';
import { DisputeDrawer } from './DisputeDrawer';
import { DisputeForm } from './DisputeForm';
import { type Dispute, disputeQueries, RISK_COLORS, RISKS, STATES } from './disputes.api';

const PAGE_SIZE = 20;

/** 矛盾纠纷: the disputes of the caller's area, filtered; a row opens the dispute with its mediation. */
export default function DisputesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const state = useListState();
  const route = useRecordRoute('/disputes');
  const kinds = useQuery(disputeQueries.kinds());
  const notices = useQuery(disputeQueries.notices(state.get('areaCode')));
  const [creating, setCreating] = useState(false);
  const page = Number(state.get('page') ?? 1);
  const pageSize = Number(state.get('pageSize') ?? PAGE_SIZE);
  const list = useQuery(
    disputeQueries.list({
      areaCode: state.get('areaCode'),
      state: state.get('state'),
      risk: state.get('risk'),
      kindCode: state.get('kindCode'),
      open: state.get('open'),
      overdue: state.get('overdue'),
      q: state.get('q'),
      page,
      pageSize,
    }),
  );
  const highNotices = (notices.data ?? []).filter((n) => n.kind !== 'yellow').slice(0, 3);

  const columns: TableColumnsType<Dispute> = [
    { key: 'number', title: t('disputes.field.number'), dataIndex: 'number' },
    { key: 'title', title: t('disputes.field.title'), dataIndex: 'title', ellipsis: true },
    { key: 'kind', title: t('disputes.field.kind'), dataIndex: 'kindName' },
    { key: 'grid', title: t('disputes.field.grid'), dataIndex: 'gridName' },
    {
      key: 'risk',
      title: t('disputes.field.risk'),
      dataIndex: 'risk',
      render: (risk: Dispute['risk']) => <Tag color={RISK_COLORS[risk]}>{t(`disputes.risk.${risk}`)}</Tag>,
    },
    {
      key: 'state',
      title: t('disputes.field.state'),
      render: (_, d) => (
        <>
          <Tag data-testid="dispute-state">{t(`disputes.state.${d.state}`)}</Tag>
          {d.overdue && <Tag color="red">{t('disputes.overdue')}</Tag>}
          {!d.overdue && d.alarm && (
            <Tag color={d.alarm === 'red' ? 'red' : 'gold'}>{t(`disputes.alarm.${d.alarm}`)}</Tag>
          )}
        </>
      ),
    },
    {
      key: 'mediator',
      title: t('disputes.field.mediator'),
      render: (_, d) => d.mediatorName ?? d.committee ?? '—',
    },
    {
      key: 'deadline',
      title: t('disputes.field.deadline'),
      render: (_, d) => d.deadline?.slice(0, 10) ?? '—',
    },
    { key: 'reportedAt', title: t('disputes.field.reportedAt'), render: (_, d) => d.reportedAt.slice(0, 10) },
  ];

  return (
    <div data-testid="disputes-page">
      {highNotices.map((n) => (
        <Alert
          key={n.id}
          type={n.kind === 'red' ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 8 }}
          title={`${t('disputes.notices')}：${n.message}`}
          action={
            <Button size="small" type="link" onClick={() => route.open(n.disputeId)}>
              {n.number}
            </Button>
          }
        />
      ))}
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Input.Search
          data-testid="list-search"
          style={{ width: 200 }}
          allowClear
          enterButton
          placeholder={t('disputes.filter.search')}
          defaultValue={state.get('q')}
          onSearch={(value) => state.set({ q: value.trim() || undefined })}
        />
        <Select
          data-testid="filter-state"
          style={{ width: 130 }}
          allowClear
          placeholder={t('disputes.field.state')}
          value={state.get('state')}
          onChange={(value?: string) => state.set({ state: value })}
          options={STATES.map((s) => ({ value: s, label: t(`disputes.state.${s}`) }))}
        />
        <Select
          data-testid="filter-risk"
          style={{ width: 110 }}
          allowClear
          placeholder={t('disputes.field.risk')}
          value={state.get('risk')}
          onChange={(value?: string) => state.set({ risk: value })}
          options={RISKS.map((r) => ({ value: r, label: t(`disputes.risk.${r}`) }))}
        />
        <Select
          data-testid="filter-kind"
          style={{ width: 150 }}
          allowClear
          placeholder={t('disputes.field.kind')}
          value={state.get('kindCode')}
          onChange={(value?: string) => state.set({ kindCode: value })}
          options={(kinds.data ?? []).map((k) => ({ value: k.code, label: k.name }))}
        />
        <Select
          data-testid="filter-open"
          style={{ width: 120 }}
          allowClear
          placeholder={t('disputes.filter.open')}
          value={state.get('overdue') ? 'overdue' : state.get('open') ? 'open' : undefined}
          onChange={(value?: string) =>
            state.set({
              open: value === 'open' ? 'true' : undefined,
              overdue: value === 'overdue' ? 'true' : undefined,
            })
          }
          options={[
            { value: 'open', label: t('disputes.filter.open') },
            { value: 'overdue', label: t('disputes.filter.overdue') },
          ]}
        />
        <AreaPicker
          style={{ width: 200 }}
          value={state.get('areaCode')}
          onChange={(code) => state.set({ areaCode: code ?? undefined })}
          placeholder={t('disputes.filter.area')}
        />
        {can('disputes.record') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            style={{ marginLeft: 'auto' }}
            data-testid="dispute-create"
            onClick={() => setCreating(true)}
          >
            {t('disputes.report')}
          </Button>
        )}
      </div>
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 8 }} />}
      <Table<Dispute>
        rowKey="id"
        size="small"
        data-testid="disputes-table"
        loading={list.isFetching}
        dataSource={list.data?.items}
        columns={columns}
        scroll={{ x: 'max-content' }}
        onRow={(d) => ({ onClick: () => route.open(d.id), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => <span data-testid="list-total">{t('disputes.total', { count: total })}</span>,
        }}
        onChange={(pagination) =>
          state.set({
            page: String(pagination.current),
            pageSize: pagination.pageSize === PAGE_SIZE ? undefined : String(pagination.pageSize),
          })
        }
      />
      <DisputeDrawer id={route.id} onClose={route.close} />
      <Modal
        open={creating}
        title={t('disputes.report')}
        footer={null}
        width={760}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        <DisputeForm
          onSaved={(d) => {
            setCreating(false);
            route.open(d.id);
          }}
        />
      </Modal>
    </div>
  );
}
