import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type {
  EstateSummarySchema,
  OwnershipReportSchema,
} from '../../../../server/src/modules/estates/estates.schemas.ts';
import type {
  DecisionSchema,
  MeetingSummarySchema,
} from '../../../../server/src/modules/meetings/meetings.schemas.ts';
import type { UnitsSchema, VoteSchema } from '../../../../server/src/modules/votes/votes.schemas.ts';
import { api, withQuery } from '../../app/api';
import { useAuth } from '../../app/auth';
import { MeetingForm, MeetingRecord } from './MeetingForms';

type Vote = Static<typeof VoteSchema>;
type Unit = Static<typeof UnitsSchema>[number];
type Estate = Static<typeof EstateSummarySchema>;
type OwnershipReport = Static<typeof OwnershipReportSchema>;
type ReportRow = OwnershipReport['rows'][number];
type Meeting = Static<typeof MeetingSummarySchema>;
type Decision = Static<typeof DecisionSchema>;

/** Keys built from the data (a state, a matter): checked by the locale's type, read as text. */
function useText() {
  const { t } = useTranslation();
  return (key: string, values?: Record<string, string | number>) =>
    String(t(key as 'governance.votes', values as never));
}

/** An area in m² as the disclosure pages show amounts: thousands separated, two decimals. */
const squareMetres = (value: string | number | null) =>
  value === null
    ? '—'
    : Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const toBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

/**
 * Self-governance: owners' votes under Civil Code art. 278 (create, open, paper ballots, close,
 * publish), meetings and the decisions followed to completion, and the estates with their areas.
 */
export default function GovernancePage() {
  const t = useText();
  return (
    <div className="cg-page">
      <Tabs
        data-testid="governance-page"
        items={[
          { key: 'votes', label: t('governance.votes'), children: <VotesTab /> },
          { key: 'decisions', label: t('governance.decisions'), children: <DecisionsTab /> },
          { key: 'meetings', label: t('governance.meetings'), children: <MeetingsTab /> },
          { key: 'estates', label: t('governance.estates'), children: <EstatesTab /> },
        ]}
      />
    </div>
  );
}

function VotesTab() {
  const t = useText();
  const { message } = App.useApp();
  const { can } = useAuth();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [shown, setShown] = useState<string | null>(null);
  const votes = useQuery({
    queryKey: ['votes'],
    queryFn: ({ signal }) => api.get<Vote[]>('/api/votes', signal),
  });
  const estates = useQuery({
    queryKey: ['estates'],
    queryFn: ({ signal }) => api.get<Estate[]>('/api/estates', signal),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['votes'] });
  const create = useMutation({
    mutationFn: (v: Record<string, string | boolean>) =>
      api.post<Vote>('/api/votes', {
        kind: 'owners',
        estateId: v.estateId,
        matter: v.matter,
        title: v.title,
        question: v.question,
        closesAt: new Date(String(v.closesAt)).toISOString(),
        isPublic: Boolean(v.isPublic),
      }),
    onSuccess: () => {
      message.success(t('governance.saved'));
      form.resetFields();
      refresh();
    },
    onError: (e: Error) => message.error(e.message),
  });
  const move = useMutation({
    mutationFn: ({ vote, to }: { vote: Vote; to: string }) =>
      api.post<Vote>(`/api/votes/${vote.id}/${to}`, { version: vote.version }),
    onSuccess: refresh,
    onError: (e: Error) => message.error(e.message),
  });
  const matters = ['ordinary', 'fund', 'rebuild', 'common_use'] as const;
  const matterLabel = (m: string | null) =>
    m
      ? t(
          `governance.${{ ordinary: 'matterOrdinary', fund: 'matterFund', rebuild: 'matterRebuild', common_use: 'matterCommonUse' }[m] ?? 'matterOrdinary'}`,
        )
      : '';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('meetings.manage') && (
        <Card title={t('governance.newVote')} extra={<span>{t('governance.rule')}</span>}>
          <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
            <Space wrap size="large" align="start">
              <Form.Item name="estateId" label={t('governance.estate')} rules={[{ required: true }]}>
                <Select
                  style={{ width: 240 }}
                  showSearch
                  optionFilterProp="label"
                  data-testid="vote-estate"
                  loading={estates.isLoading}
                  options={(estates.data ?? []).map((e) => ({ value: e.id, label: e.name }))}
                />
              </Form.Item>
              <Form.Item name="matter" label={t('governance.matter')} rules={[{ required: true }]}>
                <Select
                  style={{ width: 420 }}
                  data-testid="vote-matter"
                  options={matters.map((m) => ({ value: m, label: matterLabel(m) }))}
                />
              </Form.Item>
              <Form.Item name="closesAt" label={t('governance.closesAt')} rules={[{ required: true }]}>
                <Input type="datetime-local" data-testid="vote-closes" />
              </Form.Item>
              <Form.Item name="isPublic" label={t('governance.isPublic')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Space>
            <Form.Item name="title" label={t('governance.voteTitle')} rules={[{ required: true, min: 2 }]}>
              <Input data-testid="vote-title" />
            </Form.Item>
            <Form.Item name="question" label={t('governance.question')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={2} data-testid="vote-question" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="vote-create">
              {t('governance.create')}
            </Button>
          </Form>
        </Card>
      )}
      <Table<Vote>
        rowKey="id"
        size="small"
        loading={votes.isLoading}
        dataSource={votes.data ?? []}
        columns={[
          { title: t('governance.voteTitle'), dataIndex: 'title' },
          {
            title: t('governance.kind'),
            render: (_, v) => (v.kind === 'owners' ? matterLabel(v.matter) : t('governance.simple')),
          },
          { title: t('governance.state'), render: (_, v) => <Tag>{t(`governance.${v.state}`)}</Tag> },
          {
            title: t('governance.result'),
            render: (_, v) =>
              v.result ? (
                <Tag color={v.result.outcome === 'passed' ? 'green' : 'red'}>
                  {t(`governance.${v.result.outcome}`)}
                </Tag>
              ) : (
                v.voted !== null && `${v.voted} / ${v.units}`
              ),
          },
          {
            title: '',
            render: (_, v) => (
              <Space>
                <Button size="small" onClick={() => setShown(v.id)} data-testid={`vote-details-${v.title}`}>
                  {t('governance.details')}
                </Button>
                {can('meetings.manage') &&
                  ({ draft: 'open', open: 'close', closed: 'publish' } as Record<string, string>)[
                    v.state
                  ] && (
                    <Button
                      size="small"
                      type="primary"
                      data-testid={`vote-move-${v.title}`}
                      onClick={() =>
                        move.mutate({
                          vote: v,
                          to: ({ draft: 'open', open: 'close', closed: 'publish' } as Record<string, string>)[
                            v.state
                          ]!,
                        })
                      }
                    >
                      {t(
                        `governance.${{ draft: 'doOpen', open: 'doClose', closed: 'doPublish' }[v.state as 'draft']}`,
                      )}
                    </Button>
                  )}
              </Space>
            ),
          },
        ]}
      />
      <Drawer
        width={760}
        open={shown !== null}
        onClose={() => setShown(null)}
        title={t('governance.details')}
      >
        {shown && <VoteDetails id={shown} />}
      </Drawer>
    </Space>
  );
}

function VoteDetails({ id }: { id: string }) {
  const t = useText();
  const { message } = App.useApp();
  const { can } = useAuth();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const vote = useQuery({
    queryKey: ['vote', id],
    queryFn: ({ signal }) => api.get<Vote>(`/api/votes/${id}`, signal),
  });
  const units = useQuery({
    queryKey: ['vote-units', id],
    queryFn: ({ signal }) => api.get<Unit[]>(`/api/votes/${id}/units`, signal),
    enabled: vote.data?.state !== 'draft',
  });
  const [house, setHouse] = useState<string | null>(null);
  const [photoKey, setPhotoKey] = useState(0);
  const unit = (units.data ?? []).find((u) => u.houses.some((h) => h.id === house));
  const paper = useMutation({
    mutationFn: async (v: { voterId: string; choice: string; photo: FileList }) => {
      const file = v.photo[0]!;
      return api.post(`/api/votes/${id}/paper-ballots`, {
        houseId: house,
        voterId: v.voterId,
        choice: v.choice,
        photo: { contentType: file.type, data: await toBase64(file) },
      });
    },
    onSuccess: () => {
      message.success(t('governance.saved'));
      form.resetFields();
      setHouse(null);
      setPhotoKey((k) => k + 1);
      client.invalidateQueries({ queryKey: ['vote-units', id] });
      client.invalidateQueries({ queryKey: ['votes'] });
    },
    onError: (e: Error) => message.error(e.message),
  });
  const v = vote.data;
  if (!v) return null;
  const r = v.result;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('governance.question')}>{v.question}</Descriptions.Item>
        <Descriptions.Item label={t('governance.units')}>
          {t('governance.unitsValue', {
            units: v.units,
            area: squareMetres(v.totalArea),
          })}
        </Descriptions.Item>
      </Descriptions>
      {r?.total && r.participating && r.yes && r.no && r.abstain && (
        <Table
          data-testid="vote-result-table"
          size="small"
          pagination={false}
          rowKey="k"
          title={() => (
            <Tag color={r.outcome === 'passed' ? 'green' : 'red'}>{t(`governance.${r.outcome}`)}</Tag>
          )}
          dataSource={(
            [
              ['total', r.total],
              ['participating', r.participating],
              ['yes', r.yes],
              ['no', r.no],
              ['abstain', r.abstain],
            ] as const
          ).map(([k, c]) => ({ k, ...c }))}
          columns={[
            { title: '', render: (_, row) => t(`governance.${row.k}`) },
            { title: t('governance.byArea'), dataIndex: 'area', align: 'right', render: squareMetres },
            { title: t('governance.byHead'), dataIndex: 'heads', align: 'right' },
          ]}
        />
      )}
      {v.state === 'open' && can('votes.paper') && (
        <Card size="small" title={t('governance.paperBallot')}>
          <Form form={form} layout="vertical" onFinish={(x) => paper.mutate(x)}>
            <Form.Item label={t('governance.houses')} required>
              <Select
                showSearch
                optionFilterProp="label"
                data-testid="paper-house"
                value={house}
                onChange={setHouse}
                options={(units.data ?? []).flatMap((u) =>
                  u.unitKey === 'unowned' ? [] : u.houses.map((h) => ({ value: h.id, label: h.label })),
                )}
              />
            </Form.Item>
            <Form.Item name="voterId" label={t('governance.signer')} rules={[{ required: true }]}>
              <Select
                data-testid="paper-signer"
                options={(unit?.owners ?? []).map((o) => ({ value: o.id, label: o.name }))}
              />
            </Form.Item>
            <Form.Item name="choice" label={t('governance.choice')} rules={[{ required: true }]}>
              <Select
                data-testid="paper-choice"
                options={['yes', 'no', 'abstain'].map((c) => ({ value: c, label: t(`governance.${c}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="photo"
              label={t('governance.photo')}
              rules={[{ required: true }]}
              getValueFromEvent={(e: { target: { files: FileList } }) => e.target.files}
              // A file input's value can be set only to '': the form reads its files and never
              // writes them back (which threw and took the page down); a new key clears it.
              getValueProps={() => ({})}
            >
              <input key={photoKey} type="file" accept="image/jpeg,image/png" data-testid="paper-photo" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={paper.isPending} data-testid="paper-save">
              {t('governance.save')}
            </Button>
          </Form>
        </Card>
      )}
      {v.state !== 'draft' && (
        <Table<Unit>
          rowKey="unitKey"
          size="small"
          dataSource={units.data ?? []}
          columns={[
            { title: t('governance.houses'), render: (_, u) => u.houses.map((h) => h.label).join('、') },
            { title: t('governance.ownersCol'), render: (_, u) => u.owners.map((o) => o.name).join('、') },
            { title: t('governance.area'), dataIndex: 'area' },
            {
              title: t('governance.voted'),
              render: (_, u) =>
                u.voted ? <Tag color="green">{t(`governance.channel_${u.channel}`)}</Tag> : null,
            },
          ]}
        />
      )}
    </Space>
  );
}

function DecisionsTab() {
  const t = useText();
  const decisions = useQuery({
    queryKey: ['decisions'],
    queryFn: ({ signal }) => api.get<Decision[]>('/api/decisions', signal),
  });
  return (
    <Table<Decision>
      rowKey="id"
      size="small"
      loading={decisions.isLoading}
      dataSource={decisions.data ?? []}
      columns={[
        { title: t('governance.meetingTitle'), dataIndex: 'meetingTitle' },
        { title: t('governance.decision'), dataIndex: 'text' },
        { title: t('governance.responsible'), dataIndex: 'responsible' },
        {
          title: t('governance.dueDate'),
          render: (_, d) => (
            <Space>
              {d.dueDate}
              {d.overdue && <Tag color="red">{t('governance.overdue')}</Tag>}
            </Space>
          ),
        },
        { title: t('governance.state'), render: (_, d) => <Tag>{t(`governance.${d.status}`)}</Tag> },
        { title: t('governance.progress'), render: (_, d) => <Progress percent={d.progress} size="small" /> },
      ]}
    />
  );
}

function MeetingsTab() {
  const t = useText();
  const { can } = useAuth();
  const [shown, setShown] = useState<string | null>(null);
  const meetings = useQuery({
    queryKey: ['meetings'],
    queryFn: ({ signal }) => api.get<Meeting[]>('/api/meetings', signal),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('meetings.manage') && <MeetingForm />}
      <Table<Meeting>
        rowKey="id"
        size="small"
        loading={meetings.isLoading}
        dataSource={meetings.data ?? []}
        columns={[
          { title: t('governance.meetingTitle'), dataIndex: 'title' },
          { title: t('governance.kind'), render: (_, m) => t(`governance.${m.kind}`) },
          { title: t('governance.startsAt'), render: (_, m) => new Date(m.startsAt).toLocaleString() },
          { title: t('governance.state'), render: (_, m) => <Tag>{t(`governance.${m.state}`)}</Tag> },
          {
            title: '',
            render: (_, m) =>
              can('meetings.manage') &&
              m.state !== 'cancelled' && (
                <Button size="small" onClick={() => setShown(m.id)} data-testid={`meeting-open-${m.title}`}>
                  {t('governance.recordOutcome')}
                </Button>
              ),
          },
        ]}
      />
      <Drawer
        width={980}
        open={shown !== null}
        onClose={() => setShown(null)}
        title={t('governance.recordOutcome')}
        destroyOnHidden
      >
        {shown && <MeetingRecord id={shown} />}
      </Drawer>
    </Space>
  );
}

function EstatesTab() {
  const t = useText();
  const { can } = useAuth();
  const [importing, setImporting] = useState<Estate | null>(null);
  const estates = useQuery({
    queryKey: ['estates'],
    queryFn: ({ signal }) => api.get<Estate[]>('/api/estates', signal),
  });
  return (
    <>
      <Table<Estate>
        rowKey="id"
        size="small"
        loading={estates.isLoading}
        dataSource={estates.data ?? []}
        columns={[
          { title: t('governance.estate'), dataIndex: 'name' },
          { title: t('governance.buildingsCol'), dataIndex: 'buildings' },
          { title: t('governance.housesCol'), dataIndex: 'houses' },
          { title: t('governance.ownersCount'), dataIndex: 'owners' },
          { title: t('governance.totalArea'), dataIndex: 'totalArea' },
          ...(can('estates.write')
            ? [
                {
                  key: 'import',
                  render: (_: unknown, e: Estate) => (
                    <Button size="small" data-testid="estate-import" onClick={() => setImporting(e)}>
                      {t('governance.importLedger')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {importing && <OwnershipImport estate={importing} onClose={() => setImporting(null)} />}
    </>
  );
}

const COUNTS = [
  'rows',
  'matched',
  'new',
  'changed',
  'unchanged',
  'areaChanged',
  'ownersChanged',
  'invalid',
  'unknownBuilding',
  'unknownRoom',
  'unknownPerson',
  'badArea',
  'duplicate',
] as const;
const STATUS_COLOURS: Record<ReportRow['status'], string> = {
  new: 'blue',
  changed: 'orange',
  unchanged: 'default',
  invalid: 'red',
  ignored: 'default',
};

/**
 * The housing department's ownership ledger (房屋产权台账) into one estate: a trial run first (the
 * report row by row: matched house, area from and to, owners with masked ID numbers, problems),
 * then the import of the same file, which the server takes all or nothing.
 */
function OwnershipImport({ estate, onClose }: { estate: Estate; onClose: () => void }) {
  const t = useText();
  const { t: tf } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<OwnershipReport | null>(null);
  const send = useMutation({
    mutationFn: (v: { file: File; dryRun: boolean }) =>
      api.post<OwnershipReport>(
        withQuery(`/api/estates/${estate.id}/ownership-import`, {
          dryRun: String(v.dryRun),
          fileName: v.file.name,
        }),
        // Whatever type the browser guesses for a .csv, the server reads the bytes.
        new Blob([v.file], { type: 'application/octet-stream' }),
      ),
    onSuccess: (r, v) => {
      if (v.dryRun) {
        setReport(r);
        return;
      }
      message.success(tf('governance.imported', { count: r.counts.new + r.counts.changed }));
      void client.invalidateQueries({ queryKey: ['estates'] });
      onClose();
    },
    onError: (e: Error) => message.error(e.message),
  });
  const toWrite = report ? report.counts.new + report.counts.changed : 0;
  return (
    <Modal
      open
      width={1100}
      title={tf('governance.importTitle', { estate: estate.name })}
      onCancel={onClose}
      okText={tf('governance.applyImport', { count: toWrite })}
      okButtonProps={{
        disabled: !report?.valid || toWrite === 0,
        loading: send.isPending && report !== null,
        'data-testid': 'estate-import-apply',
      }}
      onOk={() => file && send.mutate({ file, dryRun: false })}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('governance.importHint')}
        </Typography.Paragraph>
        <Space>
          <Upload
            accept=".csv,.xlsx"
            showUploadList={false}
            beforeUpload={(f) => {
              setFile(f);
              setReport(null);
              send.mutate({ file: f, dryRun: true });
              return false;
            }}
          >
            <Button
              type="primary"
              loading={send.isPending && report === null}
              data-testid="estate-import-file"
            >
              {t('governance.chooseFile')}
            </Button>
          </Upload>
          <a href="/api/estates/ownership-template.xlsx">{t('governance.downloadTemplate')}</a>
          {file && <Typography.Text type="secondary">{file.name}</Typography.Text>}
        </Space>
        {report && (
          <>
            {!report.valid && report.counts.invalid > 0 && (
              <Alert
                type="error"
                showIcon
                title={tf('governance.importInvalid', { count: report.counts.invalid })}
              />
            )}
            {report.valid && toWrite === 0 && (
              <Alert type="info" showIcon title={t('governance.nothingToImport')} />
            )}
            <Descriptions size="small" column={5} bordered>
              {COUNTS.map((c) => (
                <Descriptions.Item key={c} label={t(`governance.c_${c}`)}>
                  {report.counts[c]}
                </Descriptions.Item>
              ))}
            </Descriptions>
            <Table<ReportRow>
              size="small"
              rowKey={(r) => `${r.sheet}-${r.row}`}
              dataSource={report.rows}
              pagination={{ pageSize: 10 }}
              data-testid="estate-import-report"
              columns={[
                { title: t('governance.rowNo'), dataIndex: 'row', width: 56 },
                {
                  title: t('governance.houseCol'),
                  render: (_, r) => r.label ?? [r.building, r.unit, r.room].filter(Boolean).join(' '),
                },
                {
                  title: t('governance.areaChange'),
                  render: (_, r) =>
                    r.areaChanged && r.areaFrom
                      ? `${r.areaFrom} → ${r.areaTo}`
                      : (r.areaTo ?? r.areaFrom ?? ''),
                },
                {
                  title: t('governance.ledgerOwners'),
                  render: (_, r) =>
                    r.owners.map((o) => (
                      <div key={`${o.role}-${o.idNumber}`}>
                        {o.name} {o.idNumber}
                        {!o.found && <Tag color="red">{t('governance.notInRegistry')}</Tag>}
                      </div>
                    )),
                },
                {
                  title: t('governance.statusCol'),
                  render: (_, r) => (
                    <>
                      <Tag color={STATUS_COLOURS[r.status]}>{t(`governance.s_${r.status}`)}</Tag>
                      {r.ownersChanged && <Tag color="orange">{t('governance.ownersChangedTag')}</Tag>}
                    </>
                  ),
                },
                {
                  title: t('governance.problemsCol'),
                  render: (_, r) => (
                    <>
                      {r.problems.map((p) => (
                        <Typography.Text key={p.code + p.field} type="danger" style={{ display: 'block' }}>
                          {p.message}
                        </Typography.Text>
                      ))}
                      {r.warnings.map((p) => (
                        <Typography.Text key={p.code + p.field} type="warning" style={{ display: 'block' }}>
                          {p.message}
                        </Typography.Text>
                      ))}
                    </>
                  ),
                },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
