import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tabs,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, isApiError } from '../../app/api';
import { readProblem } from '../../components/write-errors';
import { commandQueries, type ResourceEntries as Entries } from './command.api';

type Kind = 'funds' | 'people' | 'rooms';
type Entry = Entries['funds'][number] | Entries['people'][number] | Entries['rooms'][number];

/** The form fields of each kind, as the API names them (so 422s land under the right field). */
const FIELDS: Record<Kind, string[]> = {
  funds: ['category', 'allocated', 'spent', 'note'],
  people: ['name', 'fromUnit', 'since', 'role'],
  rooms: ['purpose', 'areaM2', 'address'],
};

const money = (x: number) => Math.round(x).toLocaleString();

/** Reads the ledger file as base64, as `POST /api/resources/import` takes it. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * One community's ledger of a year: fund lines, people sunk and rooms, each added, changed (with the
 * version seen: a line someone else changed meanwhile is shown afresh) and removed; and the XLSX
 * ledger imported for the whole area.
 */
export function ResourceEntries(props: {
  communityCode: string;
  communityName: string;
  year: number;
  mayWrite: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const entries = useQuery(commandQueries.entries(props.communityCode, props.year));
  const [kind, setKind] = useState<Kind>('funds');
  const [editing, setEditing] = useState<{ kind: Kind; entry: Entry | null } | null>(null);
  const [importProblem, setImportProblem] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['command'] });

  const remove = useMutation({
    mutationFn: ({ kind, entry }: { kind: Kind; entry: Entry }) =>
      api.delete(`/api/resources/${kind}/${entry.id}?version=${entry.version}`),
    onSuccess: () => {
      void message.success(t('command.resources.deleted'));
      return refresh();
    },
    onError: (error) => {
      void message.error(
        isApiError(error, 'version_conflict') ? t('command.resources.goneConflict') : error.message,
      );
      return refresh();
    },
  });
  const importFile = useMutation({
    mutationFn: async (file: File) =>
      api.post<{ funds: number; people: number; rooms: number }>('/api/resources/import', {
        year: props.year,
        file: await base64Of(file),
      }),
    onSuccess: (r) => {
      setImportProblem(null);
      void message.success(t('command.resources.imported', r));
      return refresh();
    },
    onError: (error) => setImportProblem(error.message),
  });

  const actions = (k: Kind) => ({
    title: '',
    key: 'actions',
    width: 140,
    render: (_: unknown, entry: Entry) =>
      props.mayWrite && (
        <Space size="small">
          <Button size="small" type="link" onClick={() => setEditing({ kind: k, entry })}>
            {t('command.resources.edit')}
          </Button>
          <Popconfirm
            title={t('command.resources.deleteConfirm')}
            onConfirm={() => remove.mutate({ kind: k, entry })}
          >
            <Button size="small" type="link" danger>
              {t('command.resources.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
  });
  const table = (k: Kind, rows: Entry[], columns: object[]) => (
    <Table<Entry>
      rowKey="id"
      size="small"
      pagination={false}
      loading={entries.isFetching}
      dataSource={rows}
      data-testid={`resources-${k}`}
      columns={[...(columns as never[]), actions(k)]}
    />
  );
  const data = entries.data;
  const tabs: { key: Kind; label: string; children: ReactNode }[] = [
    {
      key: 'funds',
      label: `${t('command.resources.funds')} (${data?.funds.length ?? 0})`,
      children: table('funds', data?.funds ?? [], [
        { title: t('command.resources.category'), dataIndex: 'category' },
        { title: t('command.resources.allocated'), dataIndex: 'allocated', align: 'right', render: money },
        { title: t('command.resources.spent'), dataIndex: 'spent', align: 'right', render: money },
        { title: t('command.resources.note'), dataIndex: 'note' },
      ]),
    },
    {
      key: 'people',
      label: `${t('command.resources.peopleTab')} (${data?.people.length ?? 0})`,
      children: table('people', data?.people ?? [], [
        { title: t('command.resources.name'), dataIndex: 'name' },
        { title: t('command.resources.fromUnit'), dataIndex: 'fromUnit' },
        { title: t('command.resources.since'), dataIndex: 'since' },
        { title: t('command.resources.role'), dataIndex: 'role' },
      ]),
    },
    {
      key: 'rooms',
      label: `${t('command.resources.roomsTab')} (${data?.rooms.length ?? 0})`,
      children: table('rooms', data?.rooms ?? [], [
        { title: t('command.resources.purpose'), dataIndex: 'purpose' },
        { title: t('command.resources.areaM2'), dataIndex: 'areaM2', align: 'right' },
        { title: t('command.resources.address'), dataIndex: 'address' },
      ]),
    },
  ];

  return (
    <>
      {entries.isError && <Alert type="error" showIcon title={entries.error.message} />}
      <Tabs
        activeKey={kind}
        onChange={(k) => setKind(k as Kind)}
        items={tabs}
        tabBarExtraContent={
          props.mayWrite && (
            <Space>
              <Button
                type="primary"
                data-testid="resources-add"
                onClick={() => setEditing({ kind, entry: null })}
              >
                {t('command.resources.add')}
              </Button>
              <Upload
                accept=".xlsx"
                showUploadList={false}
                beforeUpload={(file) => {
                  importFile.mutate(file);
                  return false;
                }}
              >
                <Button loading={importFile.isPending} data-testid="resources-import">
                  {t('command.resources.import')}
                </Button>
              </Upload>
            </Space>
          )
        }
      />
      {props.mayWrite && <p className="cg-resources-hint">{t('command.resources.importHint')}</p>}
      {importProblem && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setImportProblem(null)}
          title={t('command.resources.importFailed')}
          description={importProblem}
          data-testid="resources-import-problem"
        />
      )}
      {editing && (
        <EntryForm
          kind={editing.kind}
          entry={editing.entry}
          communityCode={props.communityCode}
          communityName={props.communityName}
          year={props.year}
          latest={(id) =>
            (entries.data?.[editing.kind] as Entry[] | undefined)?.find((e) => e.id === id) ?? null
          }
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

type Values = Record<string, string | number | Dayjs | undefined | null>;

const valuesOf = (kind: Kind, entry: Entry | null): Values => {
  if (!entry) return {};
  const values = { ...entry } as Values;
  if (kind === 'people' && 'since' in entry) values.since = dayjs(entry.since);
  return values;
};

/** Adds or changes one line; 422s are shown under their fields, a stale version brings the line anew. */
function EntryForm(props: {
  kind: Kind;
  entry: Entry | null;
  communityCode: string;
  communityName: string;
  year: number;
  /** The line as last loaded (after a conflict, what someone else saved). */
  latest(id: string): Entry | null;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [version, setVersion] = useState(props.entry?.version);
  const [problem, setProblem] = useState<string | null>(null);
  const { kind } = props;
  const save = useMutation({
    mutationFn: (values: Values) => {
      const body: Record<string, unknown> = { communityCode: props.communityCode, year: props.year };
      for (const name of FIELDS[kind]) {
        const v = values[name];
        if (v === undefined || v === null || v === '') continue;
        body[name] = dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : typeof v === 'string' ? v.trim() : v;
      }
      return props.entry
        ? api.put(`/api/resources/${kind}/${props.entry.id}`, { ...body, version })
        : api.post(`/api/resources/${kind}`, body);
    },
    onSuccess: async () => {
      void message.success(t('command.resources.saved'));
      await queryClient.invalidateQueries({ queryKey: ['command'] });
      props.onClose();
    },
    onError: async (error) => {
      if (isApiError(error, 'version_conflict') && props.entry) {
        // Show what is there now and take its version: saving again is a decision made on it.
        await queryClient.refetchQueries({ queryKey: ['command', 'entries'] });
        const now = props.latest(props.entry.id);
        setProblem(now ? t('command.resources.conflict') : t('command.resources.goneConflict'));
        if (now) {
          form.setFieldsValue(valuesOf(kind, now));
          setVersion(now.version);
        }
        return;
      }
      if (error instanceof ApiError) {
        const failure = readProblem(error.problem, FIELDS[kind]);
        if (failure.kind === 'fields') {
          form.setFields(failure.fields as Parameters<typeof form.setFields>[0]);
          setProblem(failure.others.length ? failure.others.join('；') : null);
          return;
        }
      }
      setProblem(error.message);
    },
  });
  const required = [{ required: true, message: t('command.resources.required') }];
  const title = `${props.entry ? t('command.resources.edit') : t('command.resources.add')} · ${t(
    `command.resources.${kind === 'funds' ? 'funds' : kind === 'people' ? 'peopleTab' : 'roomsTab'}`,
  )} · ${props.communityName} ${props.year}`;
  return (
    <Modal
      open
      title={title}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'resources-save' } as never}
      destroyOnHidden
    >
      {problem && (
        <Alert
          type="warning"
          showIcon
          title={problem}
          style={{ marginBottom: 12 }}
          data-testid="resources-problem"
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={valuesOf(kind, props.entry)}
        onFinish={(values) => save.mutate(values)}
        data-testid="resources-form"
      >
        {kind === 'funds' && (
          <>
            <Form.Item
              name="category"
              label={t('command.resources.category')}
              rules={required}
              extra={props.entry ? undefined : t('command.resources.fundReplaces')}
            >
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name="allocated" label={t('command.resources.allocated')} rules={required}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="spent" label={t('command.resources.spent')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="note" label={t('command.resources.note')}>
              <Input maxLength={500} />
            </Form.Item>
          </>
        )}
        {kind === 'people' && (
          <>
            <Form.Item name="name" label={t('command.resources.name')} rules={required}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="fromUnit" label={t('command.resources.fromUnit')} rules={required}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="since" label={t('command.resources.since')} rules={required}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="role" label={t('command.resources.role')}>
              <Input maxLength={100} />
            </Form.Item>
          </>
        )}
        {kind === 'rooms' && (
          <>
            <Form.Item name="purpose" label={t('command.resources.purpose')} rules={required}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="areaM2" label={t('command.resources.areaM2')} rules={required}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="address" label={t('command.resources.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
