import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { AreaPicker } from '../../components/AreaPicker';
import {
  createMember,
  type MemberDetail,
  memberAction,
  partyQueries,
  STATUSES,
  type Status,
  todayCst,
} from './party.api';
import { type Options, SaveModal } from './party.parts';

type Action = 'status' | 'transfer' | 'dues' | 'registration' | 'hours';

/** One member: details (numbers masked), transfer history, volunteer hours, and what may be done next. */
export function MemberDrawer({
  id,
  orgOptions,
  onClose,
}: {
  id: string;
  orgOptions: Options;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const member = useQuery(partyQueries.member(id));
  const [action, setAction] = useState<Action | null>(null);
  const m = member.data;
  const next = m ? STATUSES[STATUSES.indexOf(m.status) + 1] : undefined;
  const manage = can('party.manage') && m && !m.leftOn;
  return (
    <Drawer open width={640} title={m?.name} onClose={onClose} data-testid="party-member-drawer">
      {member.isError && <Alert type="error" showIcon title={member.error.message} />}
      {m && (
        <Space orientation="vertical" style={{ display: 'flex' }}>
          {manage && (
            <Space wrap>
              {next && (
                <Button type="primary" onClick={() => setAction('status')} data-testid="party-advance">
                  {t('party.advance', { status: t(`party.status.${next}`) })}
                </Button>
              )}
              <Button onClick={() => setAction('dues')} data-testid="party-dues">
                {t('party.dues')}
              </Button>
              <Button onClick={() => setAction('transfer')}>{t('party.transfer')}</Button>
              {m.inService && (
                <Button onClick={() => setAction('registration')}>{t('party.register')}</Button>
              )}
              {m.residenceCommunity && (
                <Button onClick={() => setAction('hours')}>{t('party.addHours')}</Button>
              )}
            </Space>
          )}
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('party.field.status')}>
              <Tag data-testid="party-member-status">{t(`party.status.${m.status}`)}</Tag>
              {m.leftOn && <Tag color="default">{t('party.left')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('party.field.org')}>{m.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('party.field.idNumber')}>{m.idNumber}</Descriptions.Item>
            <Descriptions.Item label={t('party.field.phone')}>{m.phone}</Descriptions.Item>
            {STATUSES.map((s) => (
              <Descriptions.Item key={s} label={t(`party.status.${s}`)}>
                {m[`${s === 'applicant' ? 'applied' : s}On` as 'appliedOn']}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('party.field.duesStandard')}>{m.duesStandard}</Descriptions.Item>
            <Descriptions.Item label={t('party.field.duesPaidTo')}>
              <span data-testid="party-member-paid-to">{m.duesPaidTo}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('party.field.inService')}>
              {m.inService ? `${t('party.yes')} · ${m.workplace ?? ''}` : t('party.no')}
            </Descriptions.Item>
            <Descriptions.Item label={t('party.field.residence')}>
              {m.residenceName} {m.registeredOn}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('party.transfers')}</Typography.Title>
          {m.transfers.length === 0 ? (
            <Typography.Text type="secondary">{t('party.noTransfers')}</Typography.Text>
          ) : (
            <Timeline
              items={m.transfers.map((x) => ({
                content: `${x.transferredOn} ${t(`party.direction.${x.direction}`)}：${x.fromOrgName ?? x.outsideOrg ?? ''} → ${
                  x.toOrgName ?? x.outsideOrg ?? ''
                }${x.note ? `（${x.note}）` : ''}`,
              }))}
            />
          )}
          {m.hours.length > 0 && (
            <>
              <Typography.Title level={5}>{t('party.hoursTotal', { hours: m.hoursTotal })}</Typography.Title>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={m.hours}
                columns={[
                  { title: t('party.field.servedOn'), dataIndex: 'servedOn' },
                  { title: t('party.field.activity'), dataIndex: 'activity' },
                  { title: t('party.field.hours'), dataIndex: 'hours' },
                ]}
              />
            </>
          )}
        </Space>
      )}
      {m && action && (
        <ActionModal
          member={m}
          action={action}
          next={next}
          orgOptions={orgOptions}
          onClose={() => setAction(null)}
        />
      )}
    </Drawer>
  );
}

function ActionModal({
  member,
  action,
  next,
  orgOptions,
  onClose,
}: {
  member: MemberDetail;
  action: Action;
  next?: Status;
  orgOptions: Options;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [outside, setOutside] = useState(false);
  const save = (values: Record<string, unknown>) =>
    memberAction(member.id, action, action === 'hours' ? values : { version: member.version, ...values });
  const title = {
    status: t('party.advance', { status: next ? t(`party.status.${next}`) : '' }),
    transfer: t('party.transfer'),
    dues: t('party.dues'),
    registration: t('party.register'),
    hours: t('party.addHours'),
  }[action];
  const initial = {
    status: { status: next, on: todayCst() },
    transfer: { on: todayCst() },
    dues: { paidTo: todayCst().slice(0, 7) },
    registration: { on: todayCst() },
    hours: { servedOn: todayCst(), hours: 2 },
  }[action];
  return (
    <SaveModal
      title={title}
      form={form}
      save={save}
      onClose={onClose}
      initialValues={initial}
      testId="party-action-form"
    >
      {action === 'status' && (
        <>
          <Form.Item name="status" hidden>
            <Input />
          </Form.Item>
          <Form.Item name="on" label={t('party.field.statusDate')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </>
      )}
      {action === 'transfer' && (
        <>
          <Radio.Group
            value={outside}
            onChange={(e) => setOutside(e.target.value)}
            style={{ marginBottom: 12 }}
          >
            <Radio value={false}>{t('party.transferTo')}</Radio>
            <Radio value={true}>{t('party.transferOut')}</Radio>
          </Radio.Group>
          {outside ? (
            <Form.Item name="outsideOrg" label={t('party.transferOut')} rules={[{ required: true }]}>
              <Input maxLength={100} />
            </Form.Item>
          ) : (
            <Form.Item name="toOrgId" label={t('party.transferTo')} rules={[{ required: true }]}>
              <Select
                showSearch
                optionFilterProp="label"
                options={orgOptions.filter((o) => o.value !== member.orgId)}
              />
            </Form.Item>
          )}
          <Form.Item name="on" label={t('party.field.statusDate')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="note" label={t('party.field.minutes')}>
            <Input maxLength={500} />
          </Form.Item>
        </>
      )}
      {action === 'dues' && (
        <Form.Item name="paidTo" label={t('party.paidTo')} rules={[{ required: true }]}>
          <Input type="month" data-testid="party-paid-to" />
        </Form.Item>
      )}
      {action === 'registration' && (
        <>
          <Form.Item name="communityCode" label={t('party.field.residence')} rules={[{ required: true }]}>
            <AreaPicker />
          </Form.Item>
          <Form.Item name="on" label={t('party.field.registeredOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </>
      )}
      {action === 'hours' && (
        <>
          <Form.Item name="servedOn" label={t('party.field.servedOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="hours" label={t('party.field.hours')} rules={[{ required: true }]}>
            <InputNumber min={0.5} max={24} step={0.5} />
          </Form.Item>
          <Form.Item name="activity" label={t('party.field.activity')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
        </>
      )}
    </SaveModal>
  );
}

/** Record a member: their organization, status and its date, numbers (stored encrypted), dues. */
export function NewMember({ orgOptions, onClose }: { orgOptions: Options; onClose(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const status = Form.useWatch('status', form) as string | undefined;
  const save = (values: Record<string, unknown>) => {
    const { statusDate, ...rest } = values;
    const dateField = `${status === 'applicant' ? 'applied' : status}On`;
    return createMember({ ...rest, [dateField]: statusDate } as never);
  };
  return (
    <SaveModal
      title={t('party.newMember')}
      form={form}
      save={save}
      onClose={onClose}
      initialValues={{ status: 'full', statusDate: todayCst(), duesStandard: 0, inService: false }}
      testId="party-member-form"
    >
      <Form.Item name="orgId" label={t('party.field.org')} rules={[{ required: true }]}>
        <Select showSearch optionFilterProp="label" options={orgOptions} />
      </Form.Item>
      <Form.Item name="name" label={t('party.field.memberName')} rules={[{ required: true }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Space>
        <Form.Item name="status" label={t('party.field.status')} rules={[{ required: true }]}>
          <Select
            style={{ width: 160 }}
            options={STATUSES.map((s) => ({ value: s, label: t(`party.status.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="statusDate" label={t('party.field.statusDate')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
      </Space>
      <Form.Item name="idNumber" label={t('party.field.idNumber')} extra={t('party.numbersMasked')}>
        <Input maxLength={18} />
      </Form.Item>
      <Form.Item name="phone" label={t('party.field.phone')}>
        <Input maxLength={20} />
      </Form.Item>
      <Space>
        <Form.Item name="duesStandard" label={t('party.field.duesStandard')}>
          <InputNumber min={0} step={0.5} />
        </Form.Item>
        <Form.Item name="duesPaidTo" label={t('party.field.duesPaidTo')}>
          <Input type="month" />
        </Form.Item>
      </Space>
      <Form.Item name="inService" valuePropName="checked">
        <Checkbox>{t('party.field.inService')}</Checkbox>
      </Form.Item>
      <Form.Item name="workplace" label={t('party.field.workplace')}>
        <Input maxLength={100} />
      </Form.Item>
    </SaveModal>
  );
}
