import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isApiError } from '../../app/api';
import { useAreaNames } from '../../app/areas.api';
import { useAuth } from '../../app/auth';
import { readProblem } from '../../components/write-errors';
import { GridTags } from './GridTags';
import { MemberForm } from './MemberForm';
import {
  addQualification,
  addTraining,
  invalidateTeams,
  LEVELS,
  type Level,
  type MemberDetail,
  teamQueries,
} from './teams.api';
import { useTeamFormat } from './useTeamFormat';

/** One member in a drawer: details with the grids served, qualifications and trainings, history, edit. */
export function MemberDrawer({ id, onClose }: { id: string | null; onClose(): void }) {
  const member = useQuery({ ...teamQueries.member(id ?? ''), enabled: Boolean(id) });
  const { t } = useTranslation();
  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      size={760}
      destroyOnHidden
      data-testid="member-drawer"
      title={
        member.data && (
          <Space>
            <span data-testid="member-title">{member.data.name}</span>
            <Tag color={member.data.status === 'active' ? 'green' : 'default'}>
              {t(`teams.status.${member.data.status}`)}
            </Tag>
          </Space>
        )
      }
    >
      {id && <DrawerBody key={id} id={id} />}
    </Drawer>
  );
}

function DrawerBody({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const member = useQuery(teamQueries.member(id));
  const [tab, setTab] = useState('details');
  if (member.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (member.isError) {
    const text = isApiError(member.error, 'record_not_found') ? t('teams.notFound') : member.error.message;
    return <Alert type="error" showIcon title={text} data-testid="member-error" />;
  }
  const data = member.data;
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      data-testid="member-tabs"
      items={[
        { key: 'details', label: t('teams.tab.details'), children: <Details member={data} /> },
        {
          key: 'qualifications',
          label: t('teams.tab.qualifications'),
          children: <Qualifications member={data} />,
        },
        { key: 'history', label: t('teams.tab.history'), children: <History id={id} /> },
        ...(can('teams.manage')
          ? [
              {
                key: 'edit',
                label: t('teams.tab.edit'),
                children: <MemberForm member={data} onSaved={() => setTab('details')} />,
              },
            ]
          : []),
      ]}
    />
  );
}

function Details({ member }: { member: MemberDetail }) {
  const { t } = useTranslation();
  const format = useTeamFormat();
  const areaNames = useAreaNames();
  const text = (value: string | null) => value ?? '—';
  return (
    <Descriptions column={1} size="small" bordered data-testid="member-details">
      <Descriptions.Item label={t('teams.field.belongsTo')}>{format.belongsTo(member)}</Descriptions.Item>
      <Descriptions.Item label={t('teams.field.organization')}>{text(member.organization)}</Descriptions.Item>
      <Descriptions.Item label={t('teams.field.duty')}>{text(member.duty)}</Descriptions.Item>
      <Descriptions.Item label={t('teams.field.workPhone')}>{text(member.workPhone)}</Descriptions.Item>
      <Descriptions.Item label={t('teams.field.privatePhone')}>
        <span className="cg-mono">{text(member.privatePhone)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('teams.field.areaCode')}>
        {areaNames.get(member.areaCode) ?? member.areaCode}
      </Descriptions.Item>
      <Descriptions.Item label={t('teams.field.username')}>{text(member.username)}</Descriptions.Item>
      <Descriptions.Item label={t('teams.field.grids')}>
        {member.grids.length > 0 ? (
          <div data-testid="member-grids-served">
            <GridTags grids={member.grids} />
          </div>
        ) : (
          <Typography.Text type="secondary">{t('teams.noGrids')}</Typography.Text>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('teams.field.version')}>{member.version}</Descriptions.Item>
    </Descriptions>
  );
}

interface QualificationValues {
  level: Level;
  certificateNo: string;
  issuedOn: string;
  expiresOn?: string;
}
interface TrainingValues {
  heldOn: string;
  course: string;
  hours: number;
}

function Qualifications({ member }: { member: MemberDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const [qualificationForm] = Form.useForm<QualificationValues>();
  const [trainingForm] = Form.useForm<TrainingValues>();
  const [error, setError] = useState<string | null>(null);
  const required = { required: true, message: t('teams.required') };

  const onError =
    (form: typeof qualificationForm | typeof trainingForm, fields: string[]) => (failure: Error) => {
      if (failure instanceof ApiError && failure.code === 'certificate_exists') {
        qualificationForm.setFields([{ name: 'certificateNo', errors: [failure.detail] }]);
        return;
      }
      const next =
        failure instanceof ApiError
          ? readProblem(failure.problem, fields)
          : { kind: 'other' as const, message: failure.message };
      if (next.kind === 'fields') form.setFields(next.fields as never);
      else if (next.kind === 'other') setError(next.message);
    };
  const addQ = useMutation({
    mutationFn: (values: QualificationValues) =>
      addQualification(member.id, {
        level: values.level,
        certificateNo: values.certificateNo.trim(),
        issuedOn: values.issuedOn,
        expiresOn: values.expiresOn || null,
      }),
    onSuccess: () => {
      setError(null);
      qualificationForm.resetFields();
      void message.success(t('teams.qualificationAdded'));
      void invalidateTeams(queryClient);
    },
    onError: onError(qualificationForm, ['level', 'certificateNo', 'issuedOn', 'expiresOn']),
  });
  const addT = useMutation({
    mutationFn: (values: TrainingValues) =>
      addTraining(member.id, { heldOn: values.heldOn, course: values.course.trim(), hours: values.hours }),
    onSuccess: () => {
      setError(null);
      trainingForm.resetFields();
      void message.success(t('teams.trainingAdded'));
      void invalidateTeams(queryClient);
    },
    onError: onError(trainingForm, ['heldOn', 'course', 'hours']),
  });

  return (
    <Space orientation="vertical" size="middle" style={{ display: 'flex' }}>
      <Typography.Title level={5}>{t('teams.qualifications')}</Typography.Title>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        data-testid="member-qualifications"
        dataSource={member.qualifications}
        locale={{ emptyText: t('teams.noQualifications') }}
        columns={[
          { key: 'level', title: t('teams.qualifications'), render: (_, q) => t(`teams.level.${q.level}`) },
          { key: 'certificateNo', title: t('teams.certificateNo'), dataIndex: 'certificateNo' },
          { key: 'issuedOn', title: t('teams.issuedOn'), dataIndex: 'issuedOn' },
          {
            key: 'expiresOn',
            title: t('teams.expiresOn'),
            dataIndex: 'expiresOn',
            render: (value: string | null) => value ?? t('teams.noExpiry'),
          },
        ]}
      />
      {can('teams.manage') && (
        <Form<QualificationValues>
          form={qualificationForm}
          layout="inline"
          onFinish={(values) => addQ.mutate(values)}
          data-testid="qualification-form"
          style={{ rowGap: 8 }}
        >
          <Form.Item name="level" rules={[required]}>
            <Select
              style={{ width: 150 }}
              placeholder={t('teams.qualifications')}
              options={LEVELS.map((level) => ({ value: level, label: t(`teams.level.${level}`) }))}
            />
          </Form.Item>
          <Form.Item name="certificateNo" rules={[{ ...required, whitespace: true }, { max: 60 }]}>
            <Input style={{ width: 160 }} placeholder={t('teams.certificateNo')} />
          </Form.Item>
          <Form.Item name="issuedOn" rules={[required]}>
            <Input
              type="date"
              style={{ width: 150 }}
              aria-label={t('teams.issuedOn')}
              title={t('teams.issuedOn')}
            />
          </Form.Item>
          <Form.Item
            name="expiresOn"
            dependencies={['issuedOn']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) => {
                  const issued = getFieldValue('issuedOn') as string | undefined;
                  // ISO dates compare as text.
                  return !value || !issued || value >= issued
                    ? Promise.resolve()
                    : Promise.reject(new Error(`${t('teams.expiresOn')} < ${t('teams.issuedOn')}`));
                },
              }),
            ]}
          >
            <Input
              type="date"
              style={{ width: 150 }}
              aria-label={t('teams.expiresOn')}
              title={t('teams.expiresOn')}
            />
          </Form.Item>
          <Button htmlType="submit" loading={addQ.isPending}>
            {t('teams.addQualification')}
          </Button>
        </Form>
      )}
      <Typography.Title level={5}>{t('teams.trainings')}</Typography.Title>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        data-testid="member-trainings"
        dataSource={member.trainings}
        locale={{ emptyText: t('teams.noTrainings') }}
        columns={[
          { key: 'heldOn', title: t('teams.heldOn'), dataIndex: 'heldOn' },
          { key: 'course', title: t('teams.course'), dataIndex: 'course' },
          { key: 'hours', title: t('teams.hours'), dataIndex: 'hours', align: 'right' },
        ]}
      />
      {can('teams.manage') && (
        <Form<TrainingValues>
          form={trainingForm}
          layout="inline"
          onFinish={(values) => addT.mutate(values)}
          data-testid="training-form"
          style={{ rowGap: 8 }}
        >
          <Form.Item name="heldOn" rules={[required]}>
            <Input
              type="date"
              style={{ width: 150 }}
              aria-label={t('teams.heldOn')}
              title={t('teams.heldOn')}
            />
          </Form.Item>
          <Form.Item name="course" rules={[{ ...required, whitespace: true }, { max: 200 }]}>
            <Input style={{ width: 220 }} placeholder={t('teams.course')} />
          </Form.Item>
          <Form.Item
            name="hours"
            rules={[
              required,
              {
                validator: (_, hours: number | null) =>
                  hours === null || hours === undefined || (hours > 0 && hours <= 1000)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('teams.hoursInvalid'))),
              },
            ]}
          >
            <InputNumber style={{ width: 100 }} placeholder={t('teams.hours')} />
          </Form.Item>
          <Button htmlType="submit" loading={addT.isPending}>
            {t('teams.addTraining')}
          </Button>
        </Form>
      )}
      {error && <Alert type="error" showIcon title={error} />}
    </Space>
  );
}

function History({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const history = useQuery(teamQueries.history(id));
  if (history.isPending) return <Spin />;
  if (history.isError) return <Alert type="error" showIcon title={history.error.message} />;
  if (history.data.items.length === 0) return <Empty description={t('teams.historyEmpty')} />;
  const label = (field: string) =>
    i18n.exists(`teams.field.${field}`) ? t(`teams.field.${field}` as 'teams.field.name') : field;
  const show = (value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (Array.isArray(value))
      return value
        .map((grid) =>
          typeof grid === 'object' && grid && 'gridCode' in grid
            ? `${grid.gridCode}${'isHead' in grid && grid.isHead ? `(${t('teams.head')})` : ''}`
            : String(grid),
        )
        .join(', ');
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };
  return (
    <Timeline
      data-testid="member-history"
      items={history.data.items.map((entry) => ({
        key: entry.version,
        color: entry.version === 1 ? 'green' : 'blue',
        title: new Date(entry.changedAt).toLocaleString(i18n.language),
        content: (
          <div>
            <Typography.Text strong>
              {entry.version === 1 && `${t('teams.historyCreated')} · `}
              {t('teams.historyEntry', {
                version: entry.version,
                by: entry.changedBy ?? '—',
                source: entry.source,
              })}
            </Typography.Text>
            <ul className="cg-teams-history">
              {Object.entries(entry.changes).map(([field, [before, after]]) => (
                <li key={field}>
                  {t('teams.changeLine', {
                    field: label(field),
                    change:
                      entry.version === 1
                        ? show(after)
                        : t('teams.changedFromTo', { from: show(before), to: show(after) }),
                  })}
                </li>
              ))}
            </ul>
          </div>
        ),
      }))}
    />
  );
}
