import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Drawer, Form, Input, Select, Space, Table, Tag, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type {
  CategorySchema,
  EstateOptionSchema,
  LateSchema,
  StatementDetailSchema,
  StatementSchema,
} from '../../../../server/src/modules/disclosure/disclosure.schemas.ts';
import { api } from '../../app/api';

type Statement = Static<typeof StatementSchema>;
type Detail = Static<typeof StatementDetailSchema>;
type Category = Static<typeof CategorySchema>;
type EstateOption = Static<typeof EstateOptionSchema>;
type Late = Static<typeof LateSchema>;

/** Yuan as typed ("1,234.5") to integer fen, exactly; NaN when it is no sum. */
export function toFen(text: string | number | undefined): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(text ?? '').replace(/[,\s¥]/g, ''));
  if (!m) return Number.NaN;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}
/** Integer fen as yuan with thousands separators ("10,000.50"), as owners read them in the app. */
export const yuan = (fen: number) =>
  `${fen < 0 ? '-' : ''}${Math.trunc(Math.abs(fen) / 100).toLocaleString('en-US')}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

function lastQuarter() {
  const d = dayjs().subtract(3, 'month');
  return `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`;
}

const toBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

interface LineForm {
  direction: 'income' | 'expense';
  category: string;
  amount: string;
  counterparty: string;
  date: dayjs.Dayjs;
  description?: string;
}

/**
 * Community staff prepare a homeowners' committee's statement on its behalf (typed in or imported
 * from the XLSX template), publish it once it adds up, correct it as a new revision, and see the
 * periods not published on time.
 */
export default function DisclosurePage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{
    estateId: string;
    period: string;
    opening: string;
    closing: string;
    lines: LineForm[];
  }>();
  const [open, setOpen] = useState<string | null>(null);
  const estates = useQuery({
    queryKey: ['disclosure', 'estates'],
    queryFn: ({ signal }) => api.get<EstateOption[]>('/api/disclosure/estates', signal),
  });
  const categories = useQuery({
    queryKey: ['disclosure', 'categories'],
    queryFn: ({ signal }) => api.get<Category[]>('/api/disclosure/categories', signal),
  });
  const list = useQuery({
    queryKey: ['disclosure', 'statements'],
    queryFn: ({ signal }) =>
      api.get<{ items: Statement[]; total: number }>('/api/disclosure/statements?pageSize=200', signal),
  });
  const late = useQuery({
    queryKey: ['disclosure', 'late'],
    queryFn: ({ signal }) => api.get<Late[]>('/api/disclosure/late', signal),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['disclosure'] });
  const onError = (error: Error) => message.error(error.message);
  const create = useMutation({
    mutationFn: (body: unknown) => api.post<Detail>('/api/disclosure/statements', body),
    onSuccess: (d) => {
      message.success(t('disclosure.saved'));
      form.resetFields();
      refresh();
      setOpen(d.id);
    },
    onError,
  });
  const importFile = useMutation({
    mutationFn: async (file: File) => {
      const { estateId, period } = await form.validateFields(['estateId', 'period']);
      return api.post<Detail>('/api/disclosure/statements/import', {
        estateId,
        period,
        fileName: file.name,
        data: await toBase64(file),
      });
    },
    onSuccess: (d) => {
      message.success(t('disclosure.imported'));
      refresh();
      setOpen(d.id);
    },
    onError: (error: Error & { errors?: { row: number; message: string }[] }) =>
      message.error([error.message, ...(error.errors ?? []).map((e) => `#${e.row} ${e.message}`)].join('\n')),
  });
  const submit = (v: {
    estateId: string;
    period: string;
    opening: string;
    closing: string;
    lines?: LineForm[];
  }) =>
    create.mutate({
      estateId: v.estateId,
      period: v.period,
      openingBalance: toFen(v.opening),
      closingBalance: toFen(v.closing),
      lines: (v.lines ?? []).map((l) => ({
        direction: l.direction,
        category: l.category,
        amount: toFen(l.amount),
        counterparty: l.counterparty,
        occurredOn: l.date.format('YYYY-MM-DD'),
        description: l.description || null,
      })),
    });
  const fenRule = {
    validator: (_: unknown, v: string) => (Number.isNaN(toFen(v)) ? Promise.reject() : Promise.resolve()),
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="disclosure-page">
      <Card
        title={t('disclosure.newStatement')}
        extra={
          <Space>
            <a href="/api/disclosure/template.xlsx">{t('disclosure.template')}</a>
            <Upload
              accept=".xlsx"
              showUploadList={false}
              beforeUpload={(file) => {
                importFile.mutate(file);
                return false;
              }}
            >
              <Button loading={importFile.isPending}>{t('disclosure.import')}</Button>
            </Upload>
          </Space>
        }
      >
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ period: lastQuarter() }}>
          <Space wrap size="large" align="start">
            <Form.Item name="estateId" label={t('disclosure.estate')} rules={[{ required: true }]}>
              <Select
                id="estate"
                style={{ width: 260 }}
                showSearch
                optionFilterProp="label"
                options={(estates.data ?? [])
                  .filter((e) => e.hasCommittee)
                  .map((e) => ({ value: e.id, label: e.name }))}
              />
            </Form.Item>
            <Form.Item
              name="period"
              label={t('disclosure.period')}
              tooltip={t('disclosure.periodHelp')}
              rules={[{ required: true, pattern: /^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/ }]}
            >
              <Input id="period" style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="opening" label={t('disclosure.opening')} rules={[{ required: true }, fenRule]}>
              <Input id="opening" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="closing" label={t('disclosure.closing')} rules={[{ required: true }, fenRule]}>
              <Input id="closing" style={{ width: 160 }} />
            </Form.Item>
          </Space>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} wrap align="start" data-testid="disclosure-line">
                    <Form.Item name={[field.name, 'direction']} rules={[{ required: true }]}>
                      <Select
                        style={{ width: 90 }}
                        placeholder={t('disclosure.direction')}
                        options={[
                          { value: 'income', label: t('disclosure.income') },
                          { value: 'expense', label: t('disclosure.expense') },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'category']} rules={[{ required: true }]}>
                      <Select
                        style={{ width: 170 }}
                        placeholder={t('disclosure.category')}
                        options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.label }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'amount']} rules={[{ required: true }, fenRule]}>
                      <Input style={{ width: 120 }} placeholder={t('disclosure.amount')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'counterparty']} rules={[{ required: true }]}>
                      <Input style={{ width: 180 }} placeholder={t('disclosure.counterparty')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'date']} rules={[{ required: true }]}>
                      <DatePicker placeholder={t('disclosure.date')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'description']}>
                      <Input style={{ width: 200 }} placeholder={t('disclosure.description')} />
                    </Form.Item>
                    <Button onClick={() => remove(field.name)}>−</Button>
                  </Space>
                ))}
                <Form.Item>
                  <Button onClick={() => add({ direction: 'income' })}>{t('disclosure.addLine')}</Button>
                </Form.Item>
              </>
            )}
          </Form.List>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('disclosure.saveDraft')}
          </Button>
        </Form>
      </Card>
      <Card title={t('disclosure.statements')}>
        <Table<Statement>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('disclosure.estate'), dataIndex: 'estateName' },
            { title: t('disclosure.period'), dataIndex: 'period', width: 100 },
            { title: t('disclosure.revision'), dataIndex: 'revision', width: 70 },
            {
              title: t('disclosure.state'),
              width: 220,
              render: (_, s) => (
                <Space size={4} wrap>
                  <Tag color={s.state === 'published' ? 'green' : 'default'}>
                    {t(`disclosure.${s.state}`)}
                  </Tag>
                  {!s.balanced && <Tag color="red">{t('disclosure.unbalanced')}</Tag>}
                  {s.late && <Tag color="orange">{t('disclosure.late')}</Tag>}
                  {s.state === 'published' && !s.current && <Tag>{t('disclosure.superseded')}</Tag>}
                </Space>
              ),
            },
            { title: t('disclosure.income'), width: 110, render: (_, s) => yuan(s.income) },
            { title: t('disclosure.expense'), width: 110, render: (_, s) => yuan(s.expense) },
            { title: t('disclosure.closing'), width: 120, render: (_, s) => yuan(s.closingBalance) },
            {
              width: 90,
              render: (_, s) => (
                <Button size="small" onClick={() => setOpen(s.id)}>
                  {t('disclosure.view')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('disclosure.lateTitle')}>
        <Table<Late>
          rowKey={(l) => `${l.estateId}/${l.period}`}
          size="small"
          loading={late.isLoading}
          dataSource={late.data ?? []}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: t('disclosure.estate'), dataIndex: 'estateName' },
            { title: t('disclosure.period'), dataIndex: 'period', width: 100 },
            { title: t('disclosure.dueOn'), dataIndex: 'dueOn', width: 120 },
            {
              title: t('disclosure.state'),
              width: 160,
              render: (_, l) =>
                l.publishedAt ? (
                  <Tag color="orange">{t('disclosure.publishedLate')}</Tag>
                ) : (
                  <Tag color="red">{t('disclosure.stillOpen')}</Tag>
                ),
            },
          ]}
        />
      </Card>
      {open && (
        <StatementDrawer
          id={open}
          onClose={() => setOpen(null)}
          onChanged={(id) => {
            refresh();
            setOpen(id);
          }}
          modal={modal}
        />
      )}
    </Space>
  );
}

function StatementDrawer({
  id,
  onClose,
  onChanged,
  modal,
}: {
  id: string;
  onClose: () => void;
  onChanged: (id: string) => void;
  modal: ReturnType<typeof App.useApp>['modal'];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const detail = useQuery({
    queryKey: ['disclosure', 'statement', id],
    queryFn: ({ signal }) => api.get<Detail>(`/api/disclosure/statements/${id}`, signal),
  });
  const publish = useMutation({
    mutationFn: (s: Detail) =>
      api.post<Detail>(`/api/disclosure/statements/${s.id}/publish`, { version: s.version }),
    onSuccess: (d) => {
      message.success(t('disclosure.publishedOk'));
      client.invalidateQueries({ queryKey: ['disclosure'] });
      onChanged(d.id);
    },
    onError: (error: Error) => message.error(error.message),
  });
  const correct = useMutation({
    mutationFn: ({ s, reason }: { s: Detail; reason: string }) =>
      api.post<Detail>(`/api/disclosure/statements/${s.id}/correct`, { version: s.version, reason }),
    onSuccess: (d) => {
      message.success(t('disclosure.corrected'));
      onChanged(d.id);
    },
    onError: (error: Error) => message.error(error.message),
  });
  const s = detail.data;
  return (
    <Drawer
      open
      width={860}
      title={s ? `${s.estateName} · ${s.period} · ${t('disclosure.revision')} ${s.revision}` : ''}
      onClose={onClose}
    >
      {s && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="statement-detail">
          <Space wrap>
            <Tag color={s.state === 'published' ? 'green' : 'default'}>{t(`disclosure.${s.state}`)}</Tag>
            <Tag color={s.balanced ? 'green' : 'red'}>
              {s.balanced ? t('disclosure.balanced') : t('disclosure.unbalanced')}
            </Tag>
            {s.late && <Tag color="orange">{t('disclosure.late')}</Tag>}
            <span>
              {t('disclosure.opening')} {yuan(s.openingBalance)} + {t('disclosure.income')} {yuan(s.income)} −{' '}
              {t('disclosure.expense')} {yuan(s.expense)} = {yuan(s.openingBalance + s.income - s.expense)} ·{' '}
              {t('disclosure.closing')} {yuan(s.closingBalance)}
            </span>
          </Space>
          {s.correctionReason && (
            <div>
              {t('disclosure.correction')}: {s.correctionReason}
            </div>
          )}
          <Space>
            {s.canPublish && s.state === 'draft' && (
              <Button type="primary" loading={publish.isPending} onClick={() => publish.mutate(s)}>
                {t('disclosure.publish')}
              </Button>
            )}
            {s.canPublish && s.state === 'published' && s.current && (
              <Button
                onClick={() => {
                  let reason = '';
                  modal.confirm({
                    title: t('disclosure.correctReason'),
                    content: (
                      <Input.TextArea id="correct-reason" onChange={(e) => (reason = e.target.value)} />
                    ),
                    onOk: () => correct.mutateAsync({ s, reason }),
                  });
                }}
              >
                {t('disclosure.correct')}
              </Button>
            )}
            <a href={`/api/disclosure/statements/${s.id}/export.xlsx`}>{t('disclosure.exportXlsx')}</a>
            <a href={`/api/disclosure/statements/${s.id}/datapackage.json`}>{t('disclosure.exportFdp')}</a>
          </Space>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={s.lines}
            columns={[
              { title: t('disclosure.date'), dataIndex: 'occurredOn', width: 110 },
              {
                title: t('disclosure.direction'),
                width: 70,
                render: (_, l) => t(`disclosure.${l.direction}`),
              },
              { title: t('disclosure.category'), dataIndex: 'categoryLabel', width: 140 },
              { title: t('disclosure.amount'), width: 110, render: (_, l) => yuan(l.amount) },
              { title: t('disclosure.counterparty'), dataIndex: 'counterparty' },
              { title: t('disclosure.description'), dataIndex: 'description' },
              {
                title: t('disclosure.vouchers'),
                width: 90,
                render: (_, l) =>
                  l.vouchers.map((v) => (
                    <a
                      key={v.id}
                      href={`/api/disclosure/statements/${s.id}/vouchers/${v.id}`}
                      target="_blank"
                      rel="noreferrer"
                    >
                      {v.fileName}
                    </a>
                  )),
              },
            ]}
          />
          <Space wrap>
            {s.revisions.map((r) => (
              <Button
                key={r.id}
                size="small"
                type={r.id === s.id ? 'primary' : 'default'}
                onClick={() => onChanged(r.id)}
              >
                {t('disclosure.revision')} {r.revision} · {t(`disclosure.${r.state}`)}
              </Button>
            ))}
          </Space>
        </Space>
      )}
    </Drawer>
  );
}
