import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CreatePartnerKey,
  type Dataset,
  opendataApi,
  type PartnerKey,
  type Usage,
} from './opendata.api';

/** The console's open data page: datasets (access, frequency, refresh), partners' keys, usage. */
export default function OpenDataAdminPage() {
  const { t } = useTranslation();
  return (
    <Tabs
      items={[
        { key: 'datasets', label: t('opendata.admin.datasets'), children: <Datasets /> },
        { key: 'partners', label: t('opendata.admin.partners'), children: <Partners /> },
        { key: 'usage', label: t('opendata.admin.usage'), children: <UsageTable /> },
      ]}
    />
  );
}

function Datasets() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { data, isLoading } = useQuery({
    queryKey: ['opendata', 'datasets', ''],
    queryFn: () => opendataApi.datasets(),
  });
  const refresh = useMutation({
    mutationFn: opendataApi.refresh,
    onSuccess: (r) => {
      message.success(t(r.changed ? 'opendata.admin.refreshed' : 'opendata.admin.unchanged', r));
      void client.invalidateQueries({ queryKey: ['opendata'] });
    },
  });
  const settings = useMutation({
    mutationFn: ({ name, body }: { name: string; body: Parameters<typeof opendataApi.settings>[1] }) =>
      opendataApi.settings(name, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['opendata'] }),
  });
  return (
    <Table<Dataset>
      rowKey="name"
      loading={isLoading}
      dataSource={data?.items ?? []}
      pagination={false}
      columns={[
        {
          title: t('opendata.admin.name'),
          render: (_, d) => (
            <Space direction="vertical" size={0}>
              <a href={`/data/${d.name}`}>{i18n.language === 'en' ? d.titleEn : d.title}</a>
              <Typography.Text type="secondary">{d.name}</Typography.Text>
            </Space>
          ),
        },
        {
          title: t('opendata.admin.access'),
          render: (_, d) => (
            <Select
              size="small"
              value={d.access}
              style={{ width: 110 }}
              onChange={(access) => settings.mutate({ name: d.name, body: { access } })}
              options={(['public', 'restricted'] as const).map((v) => ({
                value: v,
                label: t(`opendata.portal.${v}`),
              }))}
            />
          ),
        },
        {
          title: t('opendata.admin.frequency'),
          render: (_, d) => (
            <Select
              size="small"
              value={d.frequency}
              style={{ width: 130 }}
              onChange={(frequency) => settings.mutate({ name: d.name, body: { frequency } })}
              options={(['daily', 'weekly', 'monthly'] as const).map((v) => ({
                value: v,
                label: t(`opendata.portal.frequency.${v}`),
              }))}
            />
          ),
        },
        {
          title: t('opendata.admin.enabled'),
          render: (_, d) => (
            <Switch
              size="small"
              checked={d.enabled}
              onChange={(enabled) => settings.mutate({ name: d.name, body: { enabled } })}
            />
          ),
        },
        {
          title: t('opendata.admin.latest'),
          render: (_, d) =>
            d.latest ? (
              <Space direction="vertical" size={0}>
                <span>
                  {t('opendata.portal.version', { number: d.latest.number })} ·{' '}
                  {t('opendata.portal.rows', { count: d.latest.rowCount })}
                </span>
                <Typography.Text type="secondary">
                  {new Date(d.latest.createdAt).toLocaleString()}
                </Typography.Text>
              </Space>
            ) : (
              t('opendata.portal.notYet')
            ),
        },
        { title: t('opendata.admin.suppressed'), render: (_, d) => d.latest?.suppressed ?? '—' },
        {
          title: '',
          render: (_, d) => (
            <Button
              size="small"
              loading={refresh.isPending && refresh.variables === d.name}
              onClick={() => refresh.mutate(d.name)}
            >
              {t('opendata.admin.refresh')}
            </Button>
          ),
        },
      ]}
    />
  );
}

function Partners() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const [form] = Form.useForm<CreatePartnerKey>();
  const keys = useQuery({ queryKey: ['opendata', 'keys'], queryFn: opendataApi.keys });
  const datasets = useQuery({
    queryKey: ['opendata', 'datasets', ''],
    queryFn: () => opendataApi.datasets(),
  });
  const issue = useMutation({
    mutationFn: opendataApi.issue,
    onSuccess: (k) => {
      setOpen(false);
      setIssued(k.key);
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['opendata', 'keys'] });
    },
  });
  const revoke = useMutation({
    mutationFn: opendataApi.revoke,
    onSuccess: () => client.invalidateQueries({ queryKey: ['opendata', 'keys'] }),
  });
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setOpen(true)}>
          {t('opendata.admin.issue')}
        </Button>
      </Space>
      {issued && (
        <Alert
          type="success"
          closable
          onClose={() => setIssued(null)}
          style={{ marginBottom: 12 }}
          message={
            <>
              {t('opendata.admin.keyShown')}{' '}
              <Typography.Text copyable code>
                {issued}
              </Typography.Text>
            </>
          }
        />
      )}
      <Table<PartnerKey>
        rowKey="id"
        loading={keys.isLoading}
        dataSource={keys.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('opendata.admin.keyName'), dataIndex: 'name' },
          { title: t('opendata.admin.holder'), dataIndex: 'holder' },
          { title: t('opendata.admin.purpose'), dataIndex: 'purpose' },
          {
            title: t('opendata.admin.allowed'),
            render: (_, k) => k.datasets.map((d) => <Tag key={d}>{d}</Tag>),
          },
          { title: t('opendata.admin.quota'), dataIndex: 'dailyQuota' },
          { title: t('opendata.admin.rate'), dataIndex: 'ratePerMinute' },
          { title: t('opendata.admin.prefix'), dataIndex: 'prefix' },
          {
            title: t('opendata.admin.state'),
            render: (_, k) => (
              <Tag color={k.active ? 'green' : 'default'}>
                {t(k.active ? 'opendata.admin.active' : 'opendata.admin.inactive')}
              </Tag>
            ),
          },
          {
            title: '',
            render: (_, k) =>
              k.active && (
                <Popconfirm title={t('opendata.admin.revokeConfirm')} onConfirm={() => revoke.mutate(k.id)}>
                  <Button size="small" danger>
                    {t('opendata.admin.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={open}
        title={t('opendata.admin.issue')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={issue.isPending}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ datasets: [], dailyQuota: 1000, ratePerMinute: 60 }}
          onFinish={(v) => issue.mutate(v)}
        >
          <Form.Item
            name="name"
            label={t('opendata.admin.keyName')}
            rules={[{ required: true, message: t('opendata.admin.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="holder"
            label={t('opendata.admin.holder')}
            rules={[{ required: true, message: t('opendata.admin.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="purpose"
            label={t('opendata.admin.purpose')}
            rules={[{ required: true, message: t('opendata.admin.required') }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="datasets" label={t('opendata.admin.allowed')}>
            <Select
              mode="multiple"
              options={(datasets.data?.items ?? [])
                .filter((d) => d.access === 'restricted')
                .map((d) => ({ value: d.name, label: d.title }))}
            />
          </Form.Item>
          <Space>
            <Form.Item name="dailyQuota" label={t('opendata.admin.quota')}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item name="ratePerMinute" label={t('opendata.admin.rate')}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item name="expiresInDays" label={t('opendata.admin.expires')}>
              <InputNumber min={1} max={3650} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}

function UsageTable() {
  const { t } = useTranslation();
  const { data, isLoading } = useQuery({ queryKey: ['opendata', 'usage'], queryFn: opendataApi.usage });
  return (
    <Table<Usage>
      rowKey={(u) => `${u.keyId}-${u.day}-${u.dataset}`}
      size="small"
      loading={isLoading}
      dataSource={data?.items ?? []}
      columns={[
        { title: t('opendata.admin.day'), dataIndex: 'day' },
        { title: t('opendata.admin.holder'), render: (_, u) => u.holder ?? u.keyName },
        { title: t('opendata.admin.dataset'), dataIndex: 'dataset' },
        { title: t('opendata.admin.calls'), dataIndex: 'calls', align: 'right' },
        { title: t('opendata.admin.rowsRead'), dataIndex: 'rows', align: 'right' },
      ]}
    />
  );
}
