import { CheckOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ledgerQueries, resolveConflict } from './ledgers.api';
import { type Conflict, RECORD_PATH, valueText } from './ledgers.model';

const PAGE_SIZE = 20;
type Candidate = Conflict['candidates'][number];

/** Conflicts review: two ledgers disagreed on a field; the reviewer keeps one value. */
export function ConflictsReview() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [state, setState] = useState<'open' | 'resolved'>('open');
  const [page, setPage] = useState(1);
  const conflicts = useQuery(ledgerQueries.conflicts({ state, page, pageSize: PAGE_SIZE }));
  const fields = useQuery(ledgerQueries.fields());
  const fieldName = (entity: Conflict['entity'], key: string) =>
    fields.data?.[entity]?.find((f) => f.key === key)?.name ?? key;
  const resolve = useMutation({
    mutationFn: ({ id, choice }: { id: number; choice: number }) => resolveConflict(id, choice),
    onSuccess: () => {
      void message.success(t('ledgers.conflicts.resolved'));
      void queryClient.invalidateQueries({ queryKey: ['ledgers', 'conflicts'] });
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
    },
  });

  const candidates = (conflict: Conflict) => (
    <Table<Candidate & { index: number }>
      rowKey="index"
      size="small"
      pagination={false}
      dataSource={conflict.candidates.map((c, index) => ({ ...c, index }))}
      columns={[
        {
          key: 'source',
          title: t('ledgers.conflicts.source'),
          render: (_, c) => (
            <>
              {c.sourceName}
              {c.index === conflict.currentIndex && (
                <Tag color="green" style={{ marginLeft: 8 }}>
                  {t('ledgers.conflicts.current')}
                </Tag>
              )}
            </>
          ),
        },
        {
          key: 'row',
          title: t('ledgers.field.row'),
          render: (_, c) => (c.row === null ? '—' : t('ledgers.sourceRow', { row: c.row })),
        },
        {
          key: 'at',
          title: t('ledgers.conflicts.at'),
          render: (_, c) => (c.at ? new Date(c.at).toLocaleString(i18n.language) : '—'),
        },
        {
          key: 'value',
          title: t('ledgers.field.value'),
          render: (_, c) => <Typography.Text strong>{valueText(c.value)}</Typography.Text>,
        },
        {
          key: 'choose',
          render: (_, c) =>
            conflict.state === 'open' && (
              <Button
                size="small"
                type={c.index === conflict.currentIndex ? 'primary' : 'default'}
                icon={<CheckOutlined />}
                loading={resolve.isPending && resolve.variables?.id === conflict.id}
                onClick={() => resolve.mutate({ id: conflict.id, choice: c.index })}
                data-testid={`conflict-${conflict.id}-choose-${c.index}`}
              >
                {t('ledgers.conflicts.keep')}
              </Button>
            ),
        },
      ]}
    />
  );

  return (
    <Card data-testid="conflicts-review">
      <Space style={{ marginBottom: 16 }}>
        <Segmented<'open' | 'resolved'>
          value={state}
          onChange={(value) => {
            setState(value);
            setPage(1);
          }}
          options={[
            { value: 'open', label: t('ledgers.conflicts.open') },
            { value: 'resolved', label: t('ledgers.conflicts.resolvedTab') },
          ]}
        />
        <Typography.Text type="secondary">{t('ledgers.conflicts.intro')}</Typography.Text>
      </Space>
      {conflicts.isError && <Alert type="error" showIcon title={conflicts.error.message} />}
      {resolve.isError && <Alert type="error" showIcon title={resolve.error.message} />}
      <Table<Conflict>
        rowKey="id"
        size="small"
        loading={conflicts.isFetching}
        dataSource={conflicts.data?.items}
        data-testid="conflicts-table"
        expandable={{ expandedRowRender: candidates, defaultExpandAllRows: true }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: conflicts.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (count) => t('ledgers.total', { count }),
        }}
        columns={[
          {
            key: 'record',
            title: t('ledgers.conflicts.record'),
            render: (_, c) => (
              <Link to={`${RECORD_PATH[c.entity]}/${c.recordId}`}>{c.recordName ?? c.recordId}</Link>
            ),
          },
          {
            key: 'entity',
            title: t('ledgers.field.entity'),
            render: (_, c) => t(`ledgers.entity.${c.entity}`),
          },
          {
            key: 'field',
            title: t('ledgers.conflicts.field'),
            render: (_, c) => fieldName(c.entity, c.field),
          },
          {
            key: 'values',
            title: t('ledgers.conflicts.values'),
            render: (_, c) => c.candidates.map((x) => valueText(x.value)).join(' / '),
          },
          {
            key: 'createdAt',
            title: t('ledgers.conflicts.at'),
            render: (_, c) => new Date(c.createdAt).toLocaleString(i18n.language),
          },
        ]}
      />
    </Card>
  );
}
