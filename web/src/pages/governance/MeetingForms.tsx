import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { Alert, App, Button, Card, Checkbox, Form, Input, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { EstateSummarySchema } from '../../../../server/src/modules/estates/estates.schemas.ts';
import type { MeetingSchema } from '../../../../server/src/modules/meetings/meetings.schemas.ts';
import { ApiError, api } from '../../app/api';
import { AreaPicker } from '../../components/AreaPicker';
import { readProblem } from '../../components/write-errors';

type Estate = Static<typeof EstateSummarySchema>;
type MeetingDetail = Static<typeof MeetingSchema>;

/** Keys built from the data (a kind): checked by the locale's type, read as text. */
function useText() {
  const { t } = useTranslation();
  return (key: string, options?: Record<string, unknown>) => t(key as 'governance.votes', options ?? {});
}

const KINDS = ['consultation', 'hearing', 'owners_assembly'] as const;
const PARTICIPANT_KINDS = ['resident', 'deputy', 'organization', 'department'] as const;

/**
 * Puts a refused write's problems under the fields that own them; `paths` maps a server field
 * (or a body path such as `items/0/title`) onto the form's name path. Returns what no field owns.
 */
function showProblems(form: FormInstance, error: Error, known: Record<string, (string | number)[]>) {
  if (!(error instanceof ApiError)) return error.message;
  const problem = error.problem;
  if (problem.code === 'validation_failed' && Array.isArray(problem.errors)) {
    const rest: string[] = [];
    for (const e of problem.errors as { path: string; message: string }[]) {
      const parts = e.path
        .replace(/^\/?body\/?/, '')
        .split('/')
        .filter(Boolean);
      const name = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      if (name.length > 0 && (known[String(name[0])] || name.length > 1)) {
        form.setFields([{ name: known[String(name[0])] ?? name, errors: [e.message] }]);
      } else rest.push(e.message);
    }
    return rest.length > 0 ? (problem.detail ?? rest.join('; ')) : null;
  }
  const read = readProblem(problem, Object.keys(known));
  if (read.kind === 'fields') {
    form.setFields(read.fields.map((f) => ({ name: known[f.name] ?? f.name, errors: f.errors })));
    return read.others.length > 0 ? read.others.join('; ') : null;
  }
  return read.kind === 'other' ? read.message : error.message;
}

interface MeetingValues {
  kind: string;
  title: string;
  communityCode: string;
  estateId?: string;
  startsAt: string;
  place?: string;
  isPublic?: boolean;
  notify?: boolean;
  items: { title: string; description?: string }[];
  participants?: { kind: string; name: string }[];
}

/** Calls a meeting: kind, title, community (and estate), time, place, agenda, participants, notice. */
export function MeetingForm({ onCreated }: { onCreated?(id: string): void }) {
  const t = useText();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<MeetingValues>();
  const [failure, setFailure] = useState<string | null>(null);
  const community = Form.useWatch('communityCode', form);
  const estates = useQuery({
    queryKey: ['estates'],
    queryFn: ({ signal }) => api.get<Estate[]>('/api/estates', signal),
  });
  const create = useMutation({
    mutationFn: (v: MeetingValues) =>
      api.post<MeetingDetail>('/api/meetings', {
        kind: v.kind,
        title: v.title.trim(),
        communityCode: v.communityCode,
        ...(v.estateId ? { estateId: v.estateId } : {}),
        startsAt: new Date(v.startsAt).toISOString(),
        ...(v.place?.trim() ? { place: v.place.trim() } : {}),
        isPublic: Boolean(v.isPublic),
        notify: Boolean(v.notify),
        items: v.items.map((i) => ({
          title: i.title.trim(),
          ...(i.description?.trim() ? { description: i.description.trim() } : {}),
        })),
        participants: (v.participants ?? []).map((p) => ({ kind: p.kind, name: p.name.trim() })),
      }),
    onSuccess: (meeting) => {
      setFailure(null);
      message.success(t('governance.saved'));
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['meetings'] });
      onCreated?.(meeting.id);
    },
    onError: (error: Error) =>
      setFailure(
        showProblems(form, error, {
          kind: ['kind'],
          title: ['title'],
          communityCode: ['communityCode'],
          estateId: ['estateId'],
          startsAt: ['startsAt'],
          place: ['place'],
          items: ['items'],
          participants: ['participants'],
        }),
      ),
  });
  return (
    <Card title={t('governance.newMeeting')} data-testid="meeting-form">
      <Form<MeetingValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'consultation', items: [{ title: '' }], participants: [], notify: true }}
        onFinish={(v) => create.mutate(v)}
      >
        <Space wrap size="large" align="start">
          <Form.Item name="kind" label={t('governance.kind')} rules={[{ required: true }]}>
            <Select
              style={{ width: 180 }}
              data-testid="meeting-kind"
              options={KINDS.map((k) => ({ value: k, label: t(`governance.${k}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="communityCode"
            label={t('governance.community')}
            rules={[
              { required: true },
              {
                validator: (_, value?: string) =>
                  !value || value.length === 12
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('governance.chooseCommunity'))),
              },
            ]}
          >
            <AreaPicker style={{ width: 280 }} data-testid="meeting-community" />
          </Form.Item>
          <Form.Item name="estateId" label={t('governance.estate')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ width: 240 }}
              data-testid="meeting-estate"
              options={(estates.data ?? [])
                .filter((e) => !community || e.communityCode === community)
                .map((e) => ({ value: e.id, label: e.name }))}
            />
          </Form.Item>
          <Form.Item name="startsAt" label={t('governance.startsAt')} rules={[{ required: true }]}>
            <Input type="datetime-local" data-testid="meeting-starts" />
          </Form.Item>
          <Form.Item name="isPublic" label={t('governance.isPublicMeeting')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="notify" label={t('governance.notify')} valuePropName="checked">
            <Switch data-testid="meeting-notify" />
          </Form.Item>
        </Space>
        <Form.Item
          name="title"
          label={t('governance.meetingName')}
          rules={[{ required: true, min: 2, max: 100 }]}
        >
          <Input data-testid="meeting-title" />
        </Form.Item>
        <Form.Item name="place" label={t('governance.place')} rules={[{ max: 200 }]}>
          <Input data-testid="meeting-place" />
        </Form.Item>
        <Form.Item label={t('governance.agenda')} required>
          <Form.List
            name="items"
            rules={[
              {
                validator: (_, items?: unknown[]) =>
                  items && items.length > 0
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('governance.agendaRequired'))),
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, index) => (
                  <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                    <Form.Item
                      name={[field.name, 'title']}
                      rules={[{ required: true, max: 200 }]}
                      style={{ width: 360 }}
                    >
                      <Input placeholder={t('governance.itemTitle')} data-testid={`meeting-item-${index}`} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'description']}
                      rules={[{ max: 5000 }]}
                      style={{ width: 420 }}
                    >
                      <Input placeholder={t('governance.itemDescription')} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ title: '' })}
                  data-testid="meeting-add-item"
                >
                  {t('governance.addItem')}
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item label={t('governance.participants')}>
          <Form.List name="participants">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                    <Form.Item
                      name={[field.name, 'kind']}
                      rules={[{ required: true }]}
                      style={{ width: 160 }}
                    >
                      <Select
                        data-testid={`meeting-participant-kind-${index}`}
                        options={PARTICIPANT_KINDS.map((k) => ({ value: k, label: t(`governance.p_${k}`) }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'name']}
                      rules={[{ required: true, max: 100 }]}
                      style={{ width: 300 }}
                    >
                      <Input
                        placeholder={t('governance.participantName')}
                        data-testid={`meeting-participant-${index}`}
                      />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ kind: 'resident', name: '' })}
                  data-testid="meeting-add-participant"
                >
                  {t('governance.addParticipant')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="meeting-create">
          {t('governance.callMeeting')}
        </Button>
      </Form>
    </Card>
  );
}

interface RecordValues {
  minutes: string;
  attended?: string[];
  decisions?: { itemId?: string; text: string; responsible: string; dueDate?: string }[];
}

/**
 * Records what a meeting came to: minutes, who attended, decisions per agenda item with the unit
 * responsible and a due date. A stale version (409) reloads the meeting and keeps what was typed.
 */
export function MeetingRecord({ id }: { id: string }) {
  const t = useText();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<RecordValues>();
  const [failure, setFailure] = useState<string | null>(null);
  const [reloaded, setReloaded] = useState(false);
  const meeting = useQuery({
    queryKey: ['meeting', id],
    queryFn: ({ signal }) => api.get<MeetingDetail>(`/api/meetings/${id}`, signal),
  });
  const m = meeting.data;
  useEffect(() => {
    if (!m || form.isFieldsTouched()) return;
    form.setFieldsValue({
      minutes: m.minutes ?? '',
      attended: m.participants.filter((p) => p.attended).map((p) => p.id),
    });
  }, [m, form]);
  const record = useMutation({
    mutationFn: (v: RecordValues) =>
      api.post<MeetingDetail>(`/api/meetings/${id}/record`, {
        version: m?.version,
        minutes: v.minutes.trim(),
        attendance: (m?.participants ?? []).map((p) => ({
          participantId: p.id,
          attended: (v.attended ?? []).includes(p.id),
        })),
        decisions: (v.decisions ?? []).map((d) => ({
          ...(d.itemId ? { itemId: d.itemId } : {}),
          text: d.text.trim(),
          responsible: d.responsible.trim(),
          ...(d.dueDate ? { dueDate: d.dueDate } : {}),
        })),
      }),
    onSuccess: (saved) => {
      setFailure(null);
      setReloaded(false);
      message.success(t('governance.saved'));
      client.setQueryData(['meeting', id], saved);
      form.setFieldValue('decisions', []);
      void client.invalidateQueries({ queryKey: ['meetings'] });
      void client.invalidateQueries({ queryKey: ['decisions'] });
    },
    onError: (error: Error) => {
      if (error instanceof ApiError && error.status === 409) {
        // Someone else recorded or changed the meeting: read it again; what was typed stays.
        setFailure(null);
        setReloaded(true);
        void client.invalidateQueries({ queryKey: ['meeting', id] });
        void client.invalidateQueries({ queryKey: ['meetings'] });
        return;
      }
      setReloaded(false);
      setFailure(
        showProblems(form, error, {
          minutes: ['minutes'],
          attendance: ['attended'],
          decisions: ['decisions'],
        }),
      );
    },
  });
  if (!m) return null;
  return (
    <Card size="small" title={t('governance.recordOutcome')} data-testid="meeting-record">
      {reloaded && (
        <Alert
          type="warning"
          showIcon
          data-testid="meeting-conflict"
          title={t('governance.conflictReloaded', { version: m.version })}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form<RecordValues> form={form} layout="vertical" onFinish={(v) => record.mutate(v)}>
        <Form.Item name="minutes" label={t('governance.minutes')} rules={[{ required: true, max: 50_000 }]}>
          <Input.TextArea rows={5} data-testid="meeting-minutes" />
        </Form.Item>
        {m.participants.length > 0 && (
          <Form.Item name="attended" label={t('governance.attendance')}>
            <Checkbox.Group
              data-testid="meeting-attendance"
              options={m.participants.map((p) => ({ value: p.id, label: p.name }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('governance.decisions')}>
          <Form.List name="decisions">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'itemId']} style={{ width: 200 }}>
                      <Select
                        allowClear
                        placeholder={t('governance.agendaItem')}
                        data-testid={`decision-item-${index}`}
                        options={m.items.map((i) => ({ value: i.id, label: `${i.position}. ${i.title}` }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'text']}
                      rules={[{ required: true, max: 5000 }]}
                      style={{ width: 300 }}
                    >
                      <Input placeholder={t('governance.decision')} data-testid={`decision-text-${index}`} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'responsible']}
                      rules={[{ required: true, max: 200 }]}
                      style={{ width: 180 }}
                    >
                      <Input
                        placeholder={t('governance.responsible')}
                        data-testid={`decision-responsible-${index}`}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'dueDate']}>
                      <Input type="date" data-testid={`decision-due-${index}`} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ text: '', responsible: '' })}
                  data-testid="decision-add"
                >
                  {t('governance.addDecision')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="meeting-record-save">
          {t('governance.saveRecord')}
        </Button>
      </Form>
    </Card>
  );
}
