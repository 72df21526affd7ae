import { DownloadOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../app/api';
import { AgreementPrint } from './AgreementPrint';
import { type DisputeDetail, disputeMove, disputeQueries, RISK_COLORS } from './disputes.api';

type Move = 'assign' | 'session' | 'outcome' | 'extend' | 'withdraw' | 'escalate';
const ROUTE: Record<Move, string> = {
  assign: 'assign',
  session: 'sessions',
  outcome: 'outcome',
  extend: 'extend',
  withdraw: 'withdraw',
  escalate: 'escalate',
};

/** One dispute: its facts, parties, the mediation steps and the moves the caller may make now. */
export function DisputeDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const one = useQuery({ ...disputeQueries.one(id ?? ''), enabled: id !== null });
  const d = one.data;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size="large"
      title={d ? `${d.number} ${d.title}` : ''}
      data-testid="dispute-drawer"
      destroyOnHidden
    >
      {one.isError && <Alert type="error" showIcon title={one.error.message} />}
      {d && <DisputeBody d={d} />}
      {!d && !one.isError && t('common.loading', { defaultValue: '…' })}
    </Drawer>
  );
}

function DisputeBody({ d }: { d: DisputeDetail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [move, setMove] = useState<Move | null>(null);
  const [printing, setPrinting] = useState(false);
  const [form] = Form.useForm();
  const mediators = useQuery({ ...disputeQueries.mediators(), enabled: d.moves.includes('assign') });
  const run = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      disputeMove(d.id, ROUTE[move!], { version: d.version, ...body }),
    onSuccess: (next) => {
      client.setQueryData(disputeQueries.one(d.id).queryKey, next);
      void client.invalidateQueries({ queryKey: ['disputes', 'list'] });
      setMove(null);
      form.resetFields();
    },
  });
  const upload = useMutation({
    mutationFn: (file: File) =>
      api.post(`/api/disputes/${d.id}/attachments?fileName=${encodeURIComponent(file.name)}`, file),
    onSuccess: () => client.invalidateQueries({ queryKey: disputeQueries.one(d.id).queryKey }),
  });
  const submit = (values: Record<string, unknown>) => {
    const body = { ...values };
    if (body.heldOn) body.heldOn = (body.heldOn as dayjs.Dayjs).format('YYYY-MM-DD');
    if (move === 'assign' && body.mediatorId === undefined) delete body.mediatorId;
    if (move === 'assign' && !body.committee) delete body.committee;
    for (const k of Object.keys(body)) if (body[k] === undefined || body[k] === '') delete body[k];
    run.mutate(body);
  };
  const outcome = Form.useWatch('outcome', form);

  return (
    <div data-testid="dispute-detail">
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag data-testid="detail-state">{t(`disputes.state.${d.state}`)}</Tag>
        <Tag color={RISK_COLORS[d.risk]}>{t(`disputes.risk.${d.risk}`)}</Tag>
        {d.overdue && <Tag color="red">{t('disputes.overdue')}</Tag>}
        {d.extended && <Tag>{t('disputes.extended')}</Tag>}
      </Space>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('disputes.field.kind')}>{d.kindName}</Descriptions.Item>
        <Descriptions.Item label={t('disputes.field.source')}>
          {t(`disputes.source.${d.source}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('disputes.field.grid')}>{d.gridName}</Descriptions.Item>
        <Descriptions.Item label={t('disputes.field.address')}>{d.address || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('disputes.field.riskReason')} span={2}>
          {d.riskReason || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('disputes.field.description')} span={2}>
          {d.description || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('disputes.field.mediator')}>
          <span data-testid="detail-mediator">{d.mediatorName ?? d.committee ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('disputes.field.deadline')}>
          {d.deadline ? dayjs(d.deadline).subtract(1, 'second').format('YYYY-MM-DD') : '—'}
        </Descriptions.Item>
        {d.agreementTerms && (
          <Descriptions.Item label={t('disputes.field.terms')} span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{d.agreementTerms}</span>
          </Descriptions.Item>
        )}
        {d.referredTo && (
          <Descriptions.Item label={t('disputes.field.referredTo')} span={2}>
            {t(`disputes.referral.${d.referredTo}`)} · {d.receivingBody}
          </Descriptions.Item>
        )}
        {d.caseId && (
          <Descriptions.Item label={t('disputes.field.case')} span={2}>
            <a href={`/cases/${d.caseId}`}>{d.caseId.slice(0, 8)}</a>
          </Descriptions.Item>
        )}
      </Descriptions>

      <h4 style={{ marginTop: 16 }}>{t('disputes.field.parties')}</h4>
      <Table
        size="small"
        rowKey={(p) => p.personId ?? p.orgId ?? `${p.name}:${p.idNumber ?? p.phone ?? ''}`}
        pagination={false}
        dataSource={d.parties}
        columns={[
          { key: 'name', title: t('disputes.field.partyName'), dataIndex: 'name' },
          { key: 'kind', title: '', render: (_, p) => t(`disputes.party.${p.kind}`) },
          { key: 'id', title: t('disputes.field.idNumber'), render: (_, p) => p.idNumber ?? '—' },
          { key: 'phone', title: t('disputes.field.phone'), render: (_, p) => p.phone ?? '—' },
        ]}
      />

      <Space wrap style={{ margin: '16px 0' }} data-testid="dispute-moves">
        {(['assign', 'session', 'outcome', 'extend', 'withdraw', 'escalate'] as const)
          .filter((m) => d.moves.includes(m))
          .map((m) => (
            <Button key={m} data-testid={`move-${m}`} onClick={() => setMove(m)} danger={m === 'escalate'}>
              {t(`disputes.move.${m}`)}
            </Button>
          ))}
        {d.state === 'agreed' && (
          <>
            <Button
              icon={<DownloadOutlined />}
              href={`/api/disputes/${d.id}/agreement`}
              data-testid="agreement-docx"
            >
              {t('disputes.agreementDocx')}
            </Button>
            <Button
              icon={<PrinterOutlined />}
              onClick={() => setPrinting(true)}
              data-testid="agreement-print"
            >
              {t('disputes.printView')}
            </Button>
          </>
        )}
        {d.moves.includes('attach') && (
          <Upload
            accept="image/jpeg,image/png,image/webp,application/pdf"
            showUploadList={false}
            beforeUpload={(file) => {
              upload.mutate(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="attach-scan">
              {t('disputes.move.attach')}
            </Button>
          </Upload>
        )}
      </Space>

      {d.sessions.length > 0 && (
        <>
          <h4>{t('disputes.sessions')}</h4>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            data-testid="sessions-table"
            dataSource={d.sessions}
            columns={[
              { key: 'heldOn', title: t('disputes.field.heldOn'), dataIndex: 'heldOn' },
              { key: 'place', title: t('disputes.field.place'), dataIndex: 'place' },
              { key: 'attendees', title: t('disputes.field.attendees'), dataIndex: 'attendees' },
              { key: 'notes', title: t('disputes.field.notes'), dataIndex: 'notes', ellipsis: true },
            ]}
          />
        </>
      )}
      {d.attachments.length > 0 && (
        <>
          <h4 style={{ marginTop: 16 }}>{t('disputes.attachments')}</h4>
          {d.attachments.map((a) => (
            <div key={a.id}>
              <a href={`/api/disputes/${d.id}/attachments/${a.id}`} target="_blank" rel="noreferrer">
                {a.fileName}
              </a>
            </div>
          ))}
        </>
      )}
      <h4 style={{ marginTop: 16 }}>{t('disputes.steps')}</h4>
      <Timeline
        items={d.events.map((e) => ({
          content: (
            <span>
              {dayjs(e.at).format('YYYY-MM-DD HH:mm')}{' '}
              {t(`disputes.action.${e.action}`, { defaultValue: e.action })} {e.actorName ?? ''}{' '}
              {e.note ?? ''}
            </span>
          ),
        }))}
      />

      <Modal
        open={move !== null}
        title={move ? t(`disputes.move.${move}`) : ''}
        onCancel={() => setMove(null)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: run.isPending, 'data-testid': 'move-submit' }}
        destroyOnHidden
      >
        {run.isError && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={isApiError(run.error) ? run.error.message : String(run.error)}
          />
        )}
        <Form form={form} layout="vertical" onFinish={submit} data-testid="move-form" preserve={false}>
          {move === 'assign' && (
            <>
              <Form.Item name="mediatorId" label={t('disputes.field.mediator')}>
                <Select
                  allowClear
                  data-testid="field-mediator"
                  options={(mediators.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
                />
              </Form.Item>
              <Form.Item name="committee" label={t('disputes.field.committee')}>
                <Input />
              </Form.Item>
            </>
          )}
          {move === 'session' && (
            <>
              <Form.Item
                name="heldOn"
                label={t('disputes.field.heldOn')}
                rules={[{ required: true }]}
                initialValue={dayjs()}
              >
                <DatePicker />
              </Form.Item>
              <Form.Item name="place" label={t('disputes.field.place')} rules={[{ required: true }]}>
                <Input data-testid="field-place" />
              </Form.Item>
              <Form.Item name="attendees" label={t('disputes.field.attendees')} rules={[{ required: true }]}>
                <Input data-testid="field-attendees" />
              </Form.Item>
              <Form.Item name="notes" label={t('disputes.field.notes')}>
                <Input.TextArea rows={3} />
              </Form.Item>
            </>
          )}
          {move === 'outcome' && (
            <>
              <Form.Item
                name="outcome"
                label={t('disputes.field.outcome')}
                rules={[{ required: true }]}
                initialValue="agreement"
              >
                <Radio.Group
                  data-testid="field-outcome"
                  options={(['agreement', 'no_agreement', 'withdrawn'] as const).map((o) => ({
                    value: o,
                    label: t(`disputes.outcome.${o}`),
                  }))}
                />
              </Form.Item>
              {outcome === 'agreement' && (
                <Form.Item name="terms" label={t('disputes.field.terms')} rules={[{ required: true }]}>
                  <Input.TextArea rows={4} data-testid="field-terms" />
                </Form.Item>
              )}
              {outcome === 'no_agreement' && (
                <>
                  <Form.Item
                    name="referredTo"
                    label={t('disputes.field.referredTo')}
                    rules={[{ required: true }]}
                  >
                    <Select
                      options={(['court', 'arbitration', 'petitions'] as const).map((r) => ({
                        value: r,
                        label: t(`disputes.referral.${r}`),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name="receivingBody"
                    label={t('disputes.field.receivingBody')}
                    rules={[{ required: true }]}
                  >
                    <Input />
                  </Form.Item>
                </>
              )}
              <Form.Item name="note" label={t('disputes.field.note')}>
                <Input />
              </Form.Item>
            </>
          )}
          {move === 'extend' && (
            <>
              <Form.Item
                name="reason"
                label={t('disputes.field.reason')}
                rules={[{ required: true, min: 4 }]}
              >
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item name="days" label={t('disputes.field.days')} initialValue={15}>
                <InputNumber min={1} max={30} />
              </Form.Item>
            </>
          )}
          {(move === 'withdraw' || move === 'escalate') && (
            <Form.Item name="note" label={t('disputes.field.note')} rules={[{ required: true, min: 4 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Modal
        open={printing}
        width={820}
        title={t('disputes.printView')}
        onCancel={() => setPrinting(false)}
        footer={
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('disputes.print')}
          </Button>
        }
      >
        <AgreementPrint d={d} />
      </Modal>
    </div>
  );
}
