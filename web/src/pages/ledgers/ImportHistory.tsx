import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Drawer, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportCounts, ImportFacts, ImportProgress, ProblemList, StateTag } from './ImportReport';
import { cancelImport, commitImport, ledgerQueries, rollbackImport } from './ledgers.api';
import { formatDuration, type Import, importActions, isRunning, typeOptions } from './ledgers.model';

const PAGE_SIZE = 20;

/** Import history: every import in the user's area, newest first; a row opens its detail. */
export function ImportHistory() {
  const { t, i18n } = useTranslation();
  const types = useQuery(ledgerQueries.types());
  const [ledgerType, setLedgerType] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const imports = useQuery({
    ...ledgerQueries.imports({ ledgerType, page, pageSize: PAGE_SIZE }),
    // A running import's counts move: the list follows them while one runs.
    refetchInterval: (query) => (query.state.data?.items.some((i) => isRunning(i.state)) ? 2000 : false),
  });

  return (
    <Card data-testid="import-history">
      <Space style={{ marginBottom: 16 }}>
        <Select
          allowClear
          style={{ width: 280 }}
          placeholder={t('ledgers.history.allTypes')}
          value={ledgerType}
          onChange={(code) => {
            setLedgerType(code);
            setPage(1);
          }}
          options={typeOptions(types.data ?? [])}
          data-testid="history-type"
        />
      </Space>
      {imports.isError && <Alert type="error" showIcon title={imports.error.message} />}
      <Table<Import>
        rowKey="id"
        size="small"
        loading={imports.isFetching && !imports.data}
        dataSource={imports.data?.items}
        data-testid="history-table"
        onRow={(imp) => ({ onClick: () => setOpen(imp.id), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: imports.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (count) => t('ledgers.total', { count }),
        }}
        columns={[
          { key: 'type', title: t('ledgers.field.ledgerType'), dataIndex: 'ledgerName' },
          { key: 'file', title: t('ledgers.field.fileName'), dataIndex: 'fileName' },
          {
            key: 'by',
            title: t('ledgers.field.startedBy'),
            dataIndex: 'startedBy',
            render: (by: string | null) => by ?? '—',
          },
          {
            key: 'at',
            title: t('ledgers.field.startedAt'),
            dataIndex: 'startedAt',
            render: (at: string) => new Date(at).toLocaleString(i18n.language),
          },
          {
            key: 'state',
            title: t('ledgers.field.state'),
            render: (_, imp) => <StateTag state={imp.state} />,
          },
          {
            key: 'counts',
            title: t('ledgers.field.counts'),
            render: (_, imp) => (
              <Typography.Text>
                {t('ledgers.history.counts', {
                  new: imp.counts.new,
                  updated: imp.counts.updated,
                  unchanged: imp.counts.unchanged,
                  rejected: imp.counts.rejected,
                })}
              </Typography.Text>
            ),
          },
          {
            key: 'duration',
            title: t('ledgers.field.duration'),
            align: 'right',
            render: (_, imp) => formatDuration(imp.durationMs),
          },
        ]}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        size={880}
        destroyOnHidden
        title={t('ledgers.history.detail')}
        data-testid="import-drawer"
      >
        {open && <ImportDetailView id={open} />}
      </Drawer>
    </Card>
  );
}

function ImportDetailView({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const imp = useQuery({
    ...ledgerQueries.import(id),
    refetchInterval: (query) => (query.state.data && isRunning(query.state.data.state) ? 500 : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['ledgers'] });
  const act = useMutation({
    mutationFn: (action: ReturnType<typeof importActions>[number]) =>
      action === 'cancel' ? cancelImport(id) : action === 'rollback' ? rollbackImport(id) : commitImport(id),
    onSuccess: (_, action) => {
      void message.success(t(`ledgers.action.${action}Done`));
      void refresh();
    },
  });

  if (imp.isPending) return null;
  if (imp.isError) return <Alert type="error" showIcon title={imp.error.message} />;
  const data = imp.data;
  const actions = importActions(data);
  return (
    <Space orientation="vertical" size="large" style={{ display: 'flex' }} data-testid="import-detail">
      <ImportFacts imp={data} />
      {data.error && <Alert type="error" showIcon title={data.error} />}
      {isRunning(data.state) && <ImportProgress imp={data} />}
      <ImportCounts imp={data} />
      {act.isError && (
        <Alert type="error" showIcon title={act.error.message} data-testid="import-action-error" />
      )}
      {actions.length > 0 && (
        <Space>
          {actions.map((action) =>
            action === 'rollback' || action === 'cancel' ? (
              <Popconfirm
                key={action}
                title={t(`ledgers.action.${action}Confirm`)}
                onConfirm={() => act.mutate(action)}
              >
                <Button danger loading={act.isPending} data-testid={`import-${action}`}>
                  {t(`ledgers.action.${action}`)}
                </Button>
              </Popconfirm>
            ) : (
              <Button
                key={action}
                type="primary"
                loading={act.isPending}
                onClick={() => act.mutate(action)}
                data-testid={`import-${action}`}
              >
                {t(`ledgers.action.${action}`, { count: data.counts.valid })}
              </Button>
            ),
          )}
        </Space>
      )}
      <ProblemList imp={data} />
    </Space>
  );
}
