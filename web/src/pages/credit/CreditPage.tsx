import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type * as cs from '../../../../server/src/modules/credit/credit.schemas.ts';
import { api, type Page, withQuery } from '../../app/api';

type Entry = cs.CreditEntryView;
type Repair = cs.RepairView;
type EntryState = Entry['state'];
type CreateEntry = Static<typeof cs.CreateEntryBody>;
type ListResult = Static<typeof cs.AbnormalListResultSchema>;

const STATE_COLORS: Record<EntryState, string> = {
  public: 'red',
  restricted: 'orange',
  expired: 'default',
  repaired: 'green',
};

/** The console's credit records: entries of the area's organizations, and repair applications to review. */
export default function CreditPage() {
  const { t } = useTranslation();
  return (
    <Tabs
      items={[
        { key: 'entries', label: t('credit.entries'), children: <Entries /> },
        { key: 'repairs', label: t('credit.repairs'), children: <Repairs /> },
      ]}
    />
  );
}

function Entries() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [q, setQ] = useState('');
  const [state, setState] = useState<EntryState | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<CreateEntry>();
  const { data, isLoading } = useQuery({
    queryKey: ['credit', 'entries', q, state, page],
    queryFn: () => api.get<Page<Entry>>(withQuery('/api/credit/entries', { q, state, page, pageSize: 20 })),
  });
  const create = useMutation({
    mutationFn: (body: CreateEntry) => api.post<Entry>('/api/credit/entries', body),
    onSuccess: () => {
      message.success(t('credit.saved'));
      setOpen(false);
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['credit'] });
    },
    onError: (e: Error) => message.error(e.message),
  });
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search
          allowClear
          placeholder={t('credit.search')}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
          style={{ width: 300 }}
        />
        <Select
          allowClear
          placeholder={t('credit.state')}
          style={{ width: 140 }}
          value={state}
          onChange={(v) => {
            setState(v);
            setPage(1);
          }}
          options={(['public', 'restricted', 'expired', 'repaired'] as const).map((s) => ({
            value: s,
            label: t(`credit.states.${s}`),
          }))}
        />
        <Button href={withQuery('/api/credit/export', {})}>{t('credit.export')}</Button>
        <AbnormalListImport />
        <Button type="primary" onClick={() => setOpen(true)}>
          {t('credit.record')}
        </Button>
      </Space>
      <Table<Entry>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: t('credit.org'),
            render: (_, e) => (
              <Space direction="vertical" size={0}>
                {e.orgName}
                <Typography.Text type="secondary">{e.creditCode}</Typography.Text>
              </Space>
            ),
          },
          { title: t('credit.kind'), render: (_, e) => t(`credit.kinds.${e.kind}`) },
          { title: t('credit.severity'), render: (_, e) => t(`credit.severities.${e.severity}`) },
          { title: t('credit.title'), dataIndex: 'title' },
          { title: t('credit.documentNumber'), dataIndex: 'documentNumber' },
          { title: t('credit.decidedOn'), dataIndex: 'decidedOn' },
          { title: t('credit.publishUntil'), dataIndex: 'publishUntil' },
          {
            title: t('credit.state'),
            render: (_, e) => <Tag color={STATE_COLORS[e.state]}>{t(`credit.states.${e.state}`)}</Tag>,
          },
        ]}
      />
      <Modal
        open={open}
        title={t('credit.record')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ source: 'market_ledger' }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item
            name="orgId"
            label={t('credit.orgId')}
            rules={[{ required: true, message: t('credit.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="source" label={t('credit.source')}>
            <Radio.Group
              options={(['case', 'market_ledger', 'commendation'] as const).map((s) => ({
                value: s,
                label: t(`credit.sources.${s}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="reference"
            label={t('credit.reference')}
            rules={[{ required: true, message: t('credit.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('credit.title')}
            rules={[{ required: true, message: t('credit.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="legalBasis" label={t('credit.legalBasis')}>
            <Input />
          </Form.Item>
          <Form.Item
            name="decidedOn"
            label={t('credit.decidedOn')}
            rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}
          >
            <Input placeholder="2026-12-01" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Repairs() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [state, setState] = useState<string | undefined>('pending');
  const [deciding, setDeciding] = useState<{ repair: Repair; decision: 'approve' | 'refuse' } | null>(null);
  const [reason, setReason] = useState('');
  const { data, isLoading } = useQuery({
    queryKey: ['credit', 'repairs', state],
    queryFn: () => api.get<{ items: Repair[] }>(withQuery('/api/credit/repairs', { state })),
  });
  const decide = useMutation({
    mutationFn: (v: { id: string; decision: string; reason: string; version: number }) =>
      api.post<Repair>(`/api/credit/repairs/${v.id}/decide`, {
        decision: v.decision,
        reason: v.reason,
        version: v.version,
      }),
    onSuccess: () => {
      setDeciding(null);
      setReason('');
      void client.invalidateQueries({ queryKey: ['credit'] });
    },
    onError: (e: Error) => message.error(e.message),
  });
  return (
    <>
      <Radio.Group
        style={{ marginBottom: 12 }}
        value={state ?? 'all'}
        onChange={(e) => setState(e.target.value === 'all' ? undefined : e.target.value)}
        options={[
          ...(['pending', 'approved', 'refused'] as const).map((s) => ({
            value: s,
            label: t(`credit.repairStates.${s}`),
          })),
          { value: 'all', label: '*' },
        ]}
        optionType="button"
      />
      <Table<Repair>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data?.items ?? []}
        columns={[
          { title: t('credit.org'), dataIndex: 'orgName' },
          { title: t('credit.title'), dataIndex: 'entryTitle' },
          { title: t('credit.applicant'), dataIndex: 'applicant' },
          { title: t('credit.reason'), dataIndex: 'reason' },
          {
            title: t('credit.evidence'),
            render: (_, r) => r.evidence.map((e) => <Tag key={e.name}>{e.name}</Tag>),
          },
          { title: t('credit.state'), render: (_, r) => t(`credit.repairStates.${r.state}`) },
          { title: t('credit.decisionReason'), dataIndex: 'decisionReason' },
          {
            title: '',
            render: (_, r) =>
              r.state === 'pending' && (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => setDeciding({ repair: r, decision: 'approve' })}
                  >
                    {t('credit.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => setDeciding({ repair: r, decision: 'refuse' })}>
                    {t('credit.refuse')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={deciding !== null}
        title={deciding ? t(`credit.${deciding.decision}`) : ''}
        onCancel={() => setDeciding(null)}
        okButtonProps={{ disabled: reason.trim() === '', loading: decide.isPending }}
        onOk={() =>
          deciding &&
          decide.mutate({
            id: deciding.repair.id,
            decision: deciding.decision,
            reason,
            version: deciding.repair.version,
          })
        }
      >
        <Input.TextArea
          rows={3}
          placeholder={t('credit.decisionReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}

/**
 * Market regulation's abnormal operation list (经营异常名录): the file is checked first (a dry
 * run: what would be recorded, unknown credit codes, rows with problems), then recorded.
 */
function AbnormalListImport() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ListResult | null>(null);
  const send = useMutation({
    mutationFn: (v: { file: File; dryRun: boolean }) =>
      api.post<ListResult>(
        withQuery('/api/credit/abnormal-list', {
          dryRun: v.dryRun ? 'true' : undefined,
          fileName: v.file.name,
        }),
        v.file,
      ),
    onSuccess: (r, v) => {
      if (v.dryRun) {
        setResult(r);
        return;
      }
      message.success(t('credit.abnormal.recorded', { count: r.added }));
      setFile(null);
      setResult(null);
      void client.invalidateQueries({ queryKey: ['credit'] });
    },
    onError: (e: Error) => message.error(e.message),
  });
  return (
    <>
      <Upload
        accept=".csv,.xlsx"
        showUploadList={false}
        beforeUpload={(f) => {
          setFile(f);
          send.mutate({ file: f, dryRun: true });
          return false;
        }}
      >
        <Button loading={send.isPending && !result} data-testid="credit-abnormal-upload">
          {t('credit.abnormal.import')}
        </Button>
      </Upload>
      <Modal
        open={result !== null}
        width={720}
        title={t('credit.abnormal.title', { file: file?.name ?? '' })}
        okText={t('credit.abnormal.confirm', { count: result?.added ?? 0 })}
        okButtonProps={{ disabled: !result?.added, loading: send.isPending }}
        onOk={() => file && send.mutate({ file, dryRun: false })}
        onCancel={() => {
          setResult(null);
          setFile(null);
        }}
      >
        {result && (
          <>
            <Descriptions size="small" column={3} bordered>
              <Descriptions.Item label={t('credit.abnormal.rows')}>{result.rows}</Descriptions.Item>
              <Descriptions.Item label={t('credit.abnormal.added')}>{result.added}</Descriptions.Item>
              <Descriptions.Item label={t('credit.abnormal.already')}>
                {result.alreadyRecorded}
              </Descriptions.Item>
              <Descriptions.Item label={t('credit.abnormal.removed')}>{result.removed}</Descriptions.Item>
              <Descriptions.Item label={t('credit.abnormal.unknown')}>
                {result.unknownCodes.length}
              </Descriptions.Item>
              <Descriptions.Item label={t('credit.abnormal.invalid')}>
                {result.invalid.length}
              </Descriptions.Item>
            </Descriptions>
            {result.unknownCodes.length + result.outsideScope.length > 0 && (
              <Table
                style={{ marginTop: 12 }}
                size="small"
                rowKey={(r) => `${r.row}-${r.creditCode}`}
                pagination={{ pageSize: 5 }}
                dataSource={[
                  ...result.unknownCodes.map((r) => ({ ...r, why: t('credit.abnormal.unknown') })),
                  ...result.outsideScope.map((r) => ({ ...r, why: t('credit.abnormal.outside') })),
                ]}
                columns={[
                  { title: t('credit.abnormal.row'), dataIndex: 'row', width: 60 },
                  { title: t('credit.creditCode'), dataIndex: 'creditCode' },
                  { title: t('credit.org'), dataIndex: 'name' },
                  { title: '', dataIndex: 'why' },
                ]}
              />
            )}
            {result.invalid.length > 0 && (
              <Typography.Paragraph type="warning" style={{ marginTop: 12 }}>
                {result.invalid
                  .map((p) => `${t('credit.abnormal.row')} ${p.row}: ${p.field} ${p.problem}`)
                  .join('；')}
              </Typography.Paragraph>
            )}
          </>
        )}
      </Modal>
    </>
  );
}
