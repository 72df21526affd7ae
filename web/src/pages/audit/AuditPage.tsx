import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { AuditEntrySchema } from '../../../../server/src/platform/audit.schemas.ts';
import { api, withQuery } from '../../app/api';

type AuditEntry = Static<typeof AuditEntrySchema>;
interface Filters {
  actor?: string;
  action?: string;
  targetId?: string;
  /** `datetime-local` values, in the browser's time zone. */
  from?: string;
  to?: string;
}

const PAGE_SIZE = 50;
const RESULT_COLORS = { ok: 'green', denied: 'orange', failed: 'red' } as const;
const isoOf = (local?: string) => (local ? new Date(local).toISOString() : undefined);

/** The audit log for the audit administrator: filter, page through, open an entry's detail. */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const entries = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: ({ signal }) =>
      api.get<{ items: AuditEntry[]; total: number }>(
        withQuery('/api/audit', {
          actor: filters.actor?.trim(),
          action: filters.action?.trim(),
          targetId: filters.targetId?.trim(),
          from: isoOf(filters.from),
          to: isoOf(filters.to),
          page,
          pageSize: PAGE_SIZE,
        }),
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const search = (values: Filters) => {
    setFilters(values);
    setPage(1);
  };

  return (
    <Card title={t('audit.title')} data-testid="audit-page">
      <Form form={form} layout="inline" onFinish={search} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="actor">
          <Input allowClear placeholder={t('audit.filter.actor')} data-testid="audit-actor" />
        </Form.Item>
        <Form.Item name="action">
          <Input allowClear placeholder={t('audit.filter.action')} style={{ width: 280 }} />
        </Form.Item>
        <Form.Item name="targetId">
          <Input allowClear placeholder={t('audit.filter.targetId')} />
        </Form.Item>
        <Form.Item label={t('audit.filter.period')}>
          <Space.Compact>
            <Form.Item name="from" noStyle>
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item name="to" noStyle>
              <Input type="datetime-local" />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="audit-search">
            {t('audit.filter.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              search({});
            }}
          >
            {t('audit.filter.reset')}
          </Button>
        </Space>
      </Form>
      {entries.isError && <Alert type="error" showIcon title={entries.error.message} />}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={entries.isFetching}
        dataSource={entries.data?.items}
        data-testid="audit-table"
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: entries.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (count) => t('audit.total', { count }),
          onChange: setPage,
        }}
        expandable={{ expandedRowRender: (entry) => <EntryDetail entry={entry} /> }}
        columns={[
          {
            key: 'at',
            title: t('audit.field.at'),
            dataIndex: 'at',
            width: 180,
            render: (at: string) => new Date(at).toLocaleString(i18n.language),
          },
          {
            key: 'actorName',
            title: t('audit.field.actorName'),
            render: (_, e) => (
              <>
                {e.actorName ?? t('audit.system')}
                {e.role && (
                  <Typography.Text type="secondary">
                    {' '}
                    · {t(`role.${e.role}`, { defaultValue: e.role })}
                  </Typography.Text>
                )}
              </>
            ),
          },
          { key: 'ip', title: t('audit.field.ip'), dataIndex: 'ip', render: (ip) => ip ?? '—' },
          {
            key: 'action',
            title: t('audit.field.action'),
            dataIndex: 'action',
            render: (action: string) => <span className="cg-mono">{action}</span>,
          },
          {
            key: 'target',
            title: t('audit.field.target'),
            render: (_, e) => (e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'),
          },
          {
            key: 'result',
            title: t('audit.field.result'),
            dataIndex: 'result',
            render: (result: AuditEntry['result']) => (
              <Tag color={RESULT_COLORS[result]}>{t(`audit.result.${result}`)}</Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}

function EntryDetail({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={[
        {
          key: 'detail',
          label: t('audit.field.detail'),
          children: (
            <pre className="cg-mono" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              {JSON.stringify(entry.detail, null, 2)}
            </pre>
          ),
        },
        {
          key: 'hash',
          label: t('audit.field.hash'),
          children: entry.hash ? <span className="cg-mono">{entry.hash}</span> : t('audit.unsealed'),
        },
      ]}
    />
  );
}
