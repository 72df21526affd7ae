import { useQuery } from '@tanstack/react-query';
import { Alert, Form, Input, InputNumber, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MEETING_KINDS,
  type Meeting,
  type MeetingKind,
  partyQueries,
  recordMeeting,
  todayCst,
} from './party.api';
import { type Options, OrgFilter, pagedBy, SaveModal, TabCard, useOrgOptions } from './party.parts';

/** Organizational life (三会一课 and other meetings) of the area, newest first. */
export function MeetingsTab({ areaCode }: { areaCode?: string }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<{ orgId?: string; kind?: string; month?: string; page: number }>({
    page: 1,
  });
  const orgOptions = useOrgOptions(areaCode);
  const meetings = useQuery(partyQueries.meetings({ areaCode, ...filter, pageSize: 20 }));
  const [adding, setAdding] = useState(false);
  return (
    <TabCard
      title={t('party.tab.meetings')}
      add={{ label: t('party.newMeeting'), testId: 'party-new-meeting', onClick: () => setAdding(true) }}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgFilter options={orgOptions} onChange={(orgId) => setFilter((f) => ({ ...f, orgId, page: 1 }))} />
        <Select
          allowClear
          placeholder={t('party.field.kind')}
          style={{ width: 180 }}
          options={MEETING_KINDS.map((k) => ({ value: k, label: t(`party.meetingKind.${k}`) }))}
          onChange={(kind) => setFilter((f) => ({ ...f, kind, page: 1 }))}
        />
        <Input
          type="month"
          style={{ width: 160 }}
          onChange={(e) => setFilter((f) => ({ ...f, month: e.target.value || undefined, page: 1 }))}
        />
      </Space>
      {meetings.isError && <Alert type="error" showIcon title={meetings.error.message} />}
      <Table<Meeting>
        rowKey="id"
        size="small"
        loading={meetings.isLoading}
        dataSource={meetings.data?.items}
        data-testid="party-meetings"
        pagination={pagedBy(filter.page, meetings.data?.total, (page) => setFilter((f) => ({ ...f, page })))}
        columns={[
          { title: t('party.field.heldOn'), dataIndex: 'heldOn', width: 110 },
          { title: t('party.field.org'), dataIndex: 'orgName' },
          {
            title: t('party.field.kind'),
            dataIndex: 'kind',
            render: (k: MeetingKind) => t(`party.meetingKind.${k}`),
          },
          { title: t('party.field.topic'), dataIndex: 'topic' },
          { title: t('party.field.attendees'), dataIndex: 'attendees', width: 70 },
          { title: t('party.field.absentees'), dataIndex: 'absentees', width: 70 },
          { title: t('party.field.minutes'), dataIndex: 'minutes', ellipsis: true },
        ]}
      />
      {adding && <NewMeeting orgOptions={orgOptions} onClose={() => setAdding(false)} />}
    </TabCard>
  );
}

function NewMeeting({ orgOptions, onClose }: { orgOptions: Options; onClose(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <SaveModal
      title={t('party.newMeeting')}
      form={form}
      save={recordMeeting}
      onClose={onClose}
      initialValues={{ heldOn: todayCst(), attendees: 0 }}
      testId="party-meeting-form"
    >
      <Form.Item name="orgId" label={t('party.field.org')} rules={[{ required: true }]}>
        <Select showSearch optionFilterProp="label" options={orgOptions} data-testid="party-meeting-org" />
      </Form.Item>
      <Form.Item name="kind" label={t('party.field.kind')} rules={[{ required: true }]}>
        <Select
          options={MEETING_KINDS.map((k) => ({ value: k, label: t(`party.meetingKind.${k}`) }))}
          data-testid="party-meeting-kind"
        />
      </Form.Item>
      <Form.Item name="heldOn" label={t('party.field.heldOn')} rules={[{ required: true }]}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="topic" label={t('party.field.topic')} rules={[{ required: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Space>
        <Form.Item name="attendees" label={t('party.field.attendees')} rules={[{ required: true }]}>
          <InputNumber min={0} />
        </Form.Item>
        <Form.Item name="absentees" label={t('party.field.absentees')}>
          <InputNumber min={0} />
        </Form.Item>
      </Space>
      <Form.Item name="minutes" label={t('party.field.minutes')}>
        <Input.TextArea rows={4} maxLength={20000} />
      </Form.Item>
    </SaveModal>
  );
}
