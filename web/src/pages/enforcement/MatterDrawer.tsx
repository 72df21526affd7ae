import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { DeadlineTag, formatTime } from './EnforcementTags';
import {
  addEvidence,
  documentUrl,
  type Evidence,
  type EvidenceInput,
  type EvidenceKind,
  enforcementQueries,
  type MatterDetail,
  type Move,
  makeMove,
  ON_SITE,
  type State,
} from './enforcement.api';

/** One matter: its facts, deadlines, steps, record index, documents and the moves open to the caller. */
export function MatterDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const matter = useQuery({ ...enforcementQueries.matter(id ?? ''), enabled: Boolean(id) });
  const [move, setMove] = useState<Move | null>(null);
  const [recording, setRecording] = useState(false);
  const { can } = useAuth();
  const m = matter.data;
  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      width={860}
      title={m ? `${m.number} ${m.title}` : ''}
      destroyOnHidden
    >
      {matter.error && <Alert type="error" message={matter.error.message} />}
      {m && (
        <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="matter-detail">
          <Space wrap>
            <Tag color="blue" data-testid="matter-state">
              {t(`enforcement.state.${m.state as State}`)}
            </Tag>
            {m.major && <Tag color="volcano">{t('enforcement.field.major')}</Tag>}
            <DeadlineTag matter={m} />
            {m.moves.map((mv) => (
              <Button
                key={mv}
                size="small"
                type="primary"
                ghost
                onClick={() => setMove(mv as Move)}
                data-testid={`move-${mv}`}
              >
                {t(`enforcement.move.${mv as Move}`)}
              </Button>
            ))}
            {can('enforcement.handle') && !m.decidedAt && m.state !== 'closed' && (
              <Button size="small" onClick={() => setRecording(true)} data-testid="add-evidence">
                {t('enforcement.detail.addEvidence')}
              </Button>
            )}
          </Space>
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('enforcement.field.party')}>
              {m.partyName} {m.partyIdNumber}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.case')}>{m.caseNumber ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.facts')} span={2}>
              {m.facts || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.discoveredAt')}>
              {formatTime(m.discoveredAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.filingDeadline')}>
              {formatTime(m.filingDeadline)}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.decisionDeadline')}>
              {formatTime(m.decisionDeadline)}
              {m.extensionDays > 0 && ` (+${m.extensionDays}: ${m.extensionReason})`}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.documentNumber')}>
              {m.documentNumber ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.penalty')}>{m.penalty ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.legalBasis')}>
              {m.legalBasis ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.reviewOpinion')}>
              {m.reviewOpinion ? `${m.reviewOpinion}（${m.reviewedBy}）` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('enforcement.field.publication')}>
              {m.publishedAt ? formatTime(m.publishedAt) : formatTime(m.publicationDue)}
            </Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={5}>{t('enforcement.detail.documents')}</Typography.Title>
            <Space>
              <Button href={documentUrl(m.id, 'notice')} disabled={!m.penalty}>
                {t('enforcement.detail.notice')}
              </Button>
              <Button href={documentUrl(m.id, 'decision')} disabled={!m.decidedAt}>
                {t('enforcement.detail.decision')}
              </Button>
            </Space>
          </div>
          <div>
            <Typography.Title level={5}>{t('enforcement.detail.evidence')}</Typography.Title>
            <Typography.Text type="secondary">{t('enforcement.detail.immutable')}</Typography.Text>
            <EvidenceTable items={m.evidence} />
          </div>
          <div>
            <Typography.Title level={5}>{t('enforcement.detail.steps')}</Typography.Title>
            <Timeline
              data-testid="matter-steps"
              items={m.steps.map((s) => ({
                children: (
                  <span>
                    <b>{s.moveName}</b> {formatTime(s.actedAt)} {s.actorName}
                    {s.secondOfficerName && ` / ${s.secondOfficerName}`}
                    {s.note && <Typography.Text type="secondary"> — {s.note}</Typography.Text>}
                  </span>
                ),
              }))}
            />
          </div>
        </Space>
      )}
      {m && move && <MoveModal matter={m} move={move} onClose={() => setMove(null)} />}
      {m && recording && <EvidenceModal matter={m} onClose={() => setRecording(false)} />}
    </Drawer>
  );
}

function EvidenceTable({ items }: { items: Evidence[] }) {
  const { t } = useTranslation();
  return (
    <Table<Evidence>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={items}
      data-testid="evidence-index"
      columns={[
        { title: '#', dataIndex: 'seq', width: 40 },
        {
          title: t('enforcement.field.kind'),
          dataIndex: 'kind',
          render: (k: string) => t(`enforcement.evidenceKind.${k as EvidenceKind}`),
        },
        { title: t('enforcement.field.title'), dataIndex: 'title' },
        { title: t('enforcement.field.takenAt'), dataIndex: 'takenAt', render: formatTime },
        { title: t('enforcement.field.location'), dataIndex: 'location' },
        {
          title: t('enforcement.field.officers'),
          render: (_, e) => [e.officerName, e.secondOfficerName].filter(Boolean).join(' / '),
        },
        {
          title: t('enforcement.field.sha256'),
          dataIndex: 'sha256',
          render: (h: string) => (
            <Typography.Text code copyable={{ text: h }}>
              {h.slice(0, 12)}…
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

function useSave(matter: MatterDetail, onClose: () => void) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return (fn: () => Promise<MatterDetail>) =>
    fn()
      .then((updated) => {
        queryClient.setQueryData(enforcementQueries.matter(matter.id).queryKey, updated);
        void queryClient.invalidateQueries({ queryKey: ['enforcement', 'matters'] });
        void message.success(t('enforcement.saved'));
        onClose();
      })
      .catch((error: Error) => void message.error(error.message));
}

function OfficerSelect(props: { value?: string; onChange?: (v: string) => void }) {
  const officers = useQuery(enforcementQueries.officers());
  return (
    <Select
      {...props}
      data-testid="second-officer"
      options={(officers.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
    />
  );
}

function MoveModal({ matter, move, onClose }: { matter: MatterDetail; move: Move; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const save = useSave(matter, onClose);
  const run = useMutation({
    mutationFn: (values: Record<string, unknown>) =>
      save(() => makeMove(matter.id, { ...values, move, version: matter.version } as never)),
  });
  const needsNote = move === 'drop' || move === 'return' || move === 'extend';
  return (
    <Modal
      open
      title={t(`enforcement.move.${move}`)}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={run.isPending}
      okButtonProps={{ id: 'move-ok' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ penalty: matter.penalty, legalBasis: matter.legalBasis, major: matter.major }}
        onFinish={(values) => run.mutate(values)}
      >
        {ON_SITE.includes(move) && (
          <Form.Item
            name="secondOfficerId"
            label={t('enforcement.field.secondOfficer')}
            rules={[{ required: true }]}
            extra={t('enforcement.detail.twoOfficers')}
          >
            <OfficerSelect />
          </Form.Item>
        )}
        {(move === 'notify' || move === 'decide') && (
          <>
            <Form.Item name="penalty" label={t('enforcement.field.penalty')} rules={[{ required: true }]}>
              <Input data-testid="move-penalty" />
            </Form.Item>
            <Form.Item
              name="legalBasis"
              label={t('enforcement.field.legalBasis')}
              rules={[{ required: true }]}
            >
              <Input data-testid="move-basis" />
            </Form.Item>
          </>
        )}
        {move === 'notify' && (
          <Form.Item name="major" label={t('enforcement.field.major')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {move === 'decide' && (
          <Form.Item
            name="documentNumber"
            label={t('enforcement.field.documentNumber')}
            rules={[{ required: true }]}
          >
            <Input data-testid="move-document-number" />
          </Form.Item>
        )}
        {move === 'extend' && (
          <Form.Item
            name="extensionDays"
            label={t('enforcement.field.extensionDays')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={60} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('enforcement.field.note')} rules={[{ required: needsNote }]}>
          <Input.TextArea rows={2} data-testid="move-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const toBase64 = (file: File) =>
  file.arrayBuffer().then((buffer) => {
    let binary = '';
    const bytes = new Uint8Array(buffer);
    for (let i = 0; i < bytes.length; i += 0x8000)
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  });

function EvidenceModal({ matter, onClose }: { matter: MatterDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as EvidenceInput['kind'] | undefined;
  const [file, setFile] = useState<File | null>(null);
  const save = useSave(matter, onClose);
  const run = useMutation({
    mutationFn: async (values: Record<string, string>) => {
      const body: EvidenceInput = {
        kind: values.kind as EvidenceInput['kind'],
        title: values.title,
        location: values.location,
        takenAt: new Date().toISOString(),
        note: values.note || undefined,
        secondOfficerId: values.secondOfficerId || undefined,
        ...(file && values.kind !== 'note'
          ? { fileName: file.name, contentType: file.type, data: await toBase64(file) }
          : {}),
      };
      return save(() => addEvidence(matter.id, body));
    },
  });
  return (
    <Modal
      open
      title={t('enforcement.detail.addEvidence')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={run.isPending}
      okButtonProps={{ id: 'evidence-ok' }}
    >
      <Alert type="info" showIcon message={t('enforcement.detail.immutable')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" initialValues={{ kind: 'note' }} onFinish={(v) => run.mutate(v)}>
        <Form.Item name="kind" label={t('enforcement.field.kind')}>
          <Select
            data-testid="evidence-kind"
            options={(['photo', 'video', 'document', 'note'] as const).map((k) => ({
              value: k,
              label: t(`enforcement.evidenceKind.${k as EvidenceKind}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('enforcement.field.title')} rules={[{ required: true }]}>
          <Input data-testid="evidence-title" />
        </Form.Item>
        <Form.Item name="location" label={t('enforcement.field.location')} rules={[{ required: true }]}>
          <Input data-testid="evidence-location" />
        </Form.Item>
        {kind !== 'note' && (
          <Form.Item label={t('enforcement.field.file')} required>
            <input
              type="file"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              data-testid="evidence-file"
            />
          </Form.Item>
        )}
        {(kind === 'photo' || kind === 'video') && (
          <Form.Item
            name="secondOfficerId"
            label={t('enforcement.field.secondOfficer')}
            rules={[{ required: true }]}
          >
            <OfficerSelect />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('enforcement.field.note')} rules={[{ required: kind === 'note' }]}>
          <Input.TextArea rows={3} data-testid="evidence-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
