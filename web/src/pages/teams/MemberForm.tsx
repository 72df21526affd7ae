import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, Select, Space } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { AreaPicker } from '../../components/AreaPicker';
import { FailureAlerts } from '../../components/FailureAlerts';
import { readProblem, type WriteFailure } from '../../components/write-errors';
import { createMember, invalidateTeams, type Member, teamQueries, updateMember } from './teams.api';
import { changedSince, createBody, type MemberValues, memberValues, updateBody } from './teams.model';
import { useTeamFormat } from './useTeamFormat';

// Problems of the grids (unknown, outside the area) are shown above the button, naming the grid.
const FIELDS = ['name', 'belongsTo', 'organization', 'duty', 'workPhone', 'privatePhone', 'status'];
/** Server field names shown under another form field. */
const ALIASES: Record<string, string> = { team: 'belongsTo', forceCode: 'belongsTo' };
/** At least seven digits, with the separators people write: the server checks the number itself. */
const PHONE = /^(?=(?:\D*\d){7})[0-9+\-() ]{7,30}$/;

/** Creates a member (without `member`) or changes one: only changed fields, with the version read. */
export function MemberForm({ member, onSaved }: { member?: Member; onSaved?(member: Member): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const format = useTeamFormat();
  const [form] = Form.useForm<MemberValues>();
  const [failure, setFailure] = useState<WriteFailure | null>(null);
  const initial = useMemo(() => memberValues(member), [member]);
  const forces = useQuery(teamQueries.forces());

  // Loading the other editor's version brings a new `member`: the form follows it.
  useEffect(() => {
    form.setFieldsValue(initial);
    setFailure(null);
  }, [form, initial]);

  const save = useMutation({
    mutationFn: (values: MemberValues) =>
      member ? updateMember(member.id, updateBody(member, values)) : createMember(createBody(values)),
    onSuccess: (saved) => {
      setFailure(null);
      void invalidateTeams(queryClient);
      void message.success(t(member ? 'teams.saved' : 'teams.created'));
      onSaved?.(saved);
    },
    onError: (error, values) => {
      if (error instanceof ApiError && error.code === 'grid_head_taken') {
        const code = error.extra<string>('gridCode');
        const index = values.grids.findIndex((grid) => grid.gridCode === code);
        if (index >= 0)
          form.setFields([{ name: ['grids', index, 'isHead'], errors: [t('teams.headTaken')] }]);
        setFailure({ kind: 'other', message: `${error.detail} ${t('teams.headTaken')}` });
        return;
      }
      const next =
        error instanceof ApiError
          ? readProblem(error.problem, FIELDS, ALIASES)
          : { kind: 'other' as const, message: error.message };
      if (next.kind === 'fields') form.setFields(next.fields as Parameters<typeof form.setFields>[0]);
      // Lists and history may show the other editor's change; the member itself stays as the
      // user read it (with their edits in the form) until they choose to load the new version.
      if (next.kind === 'conflict') {
        void queryClient.invalidateQueries({ queryKey: ['teams', 'members'] });
        void queryClient.invalidateQueries({ queryKey: ['teams', 'history'] });
      }
      setFailure(next);
    },
  });

  const submit = (values: MemberValues) => {
    if (member && Object.keys(updateBody(member, values)).length === 1) {
      void message.info(t('teams.noChanges'));
      return;
    }
    save.mutate(values);
  };

  const loadCurrent = () => {
    if (failure?.kind !== 'conflict' || !member) return;
    // The drawer reads the member from this query: the form then refills from the current version.
    queryClient.setQueryData(teamQueries.member(member.id).queryKey, (old) =>
      old ? { ...old, ...(failure.current as unknown as Member) } : old,
    );
  };

  const phoneRule = {
    validator: (_: unknown, value: string) =>
      !value?.trim() || PHONE.test(value.trim())
        ? Promise.resolve()
        : Promise.reject(new Error(t('teams.phoneInvalid'))),
  };
  const required = { required: true, whitespace: true, message: t('teams.required') };

  return (
    <Form<MemberValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      onValuesChange={() => failure?.kind === 'fields' && setFailure(null)}
      data-testid="member-form"
    >
      {failure?.kind === 'conflict' && member && (
        <Alert
          type="warning"
          showIcon
          data-testid="version-conflict"
          style={{ marginBottom: 16 }}
          title={t('teams.conflict', { version: failure.current.version })}
          description={
            <>
              {t('teams.conflictFields')}{' '}
              {changedSince(member, failure.current as unknown as Member)
                .map((field) => t(`teams.field.${field}` as 'teams.field.name'))
                .join('、')}
              <div>{t('teams.conflictHint')}</div>
            </>
          }
          action={
            <Button size="small" onClick={loadCurrent} data-testid="conflict-reload">
              {t('teams.conflictReload')}
            </Button>
          }
        />
      )}
      <Form.Item name="name" label={t('teams.field.name')} rules={[required, { max: 50 }]}>
        <Input data-testid="member-name" />
      </Form.Item>
      <Form.Item name="belongsTo" label={t('teams.field.belongsTo')} rules={[required]}>
        <Select data-testid="member-belongs-to" options={format.belongsToOptions(forces.data?.items)} />
      </Form.Item>
      <Space wrap style={{ display: 'flex' }}>
        <Form.Item name="organization" label={t('teams.field.organization')} rules={[{ max: 100 }]}>
          <Input style={{ width: 300 }} />
        </Form.Item>
        <Form.Item name="duty" label={t('teams.field.duty')} rules={[{ max: 100 }]}>
          <Input style={{ width: 300 }} data-testid="member-duty" />
        </Form.Item>
      </Space>
      <Space wrap style={{ display: 'flex' }}>
        <Form.Item name="workPhone" label={t('teams.field.workPhone')} rules={[phoneRule]}>
          <Input style={{ width: 300 }} data-testid="member-work-phone" />
        </Form.Item>
        <Form.Item
          name="privatePhone"
          label={t('teams.field.privatePhone')}
          tooltip={t('teams.field.privatePhoneHint')}
          rules={[phoneRule]}
        >
          <Input style={{ width: 300 }} placeholder={member?.privatePhone ?? undefined} autoComplete="off" />
        </Form.Item>
      </Space>
      {member && (
        <Form.Item name="status" label={t('teams.field.status')}>
          <Select
            style={{ width: 160 }}
            data-testid="member-status"
            options={(['active', 'inactive'] as const).map((s) => ({
              value: s,
              label: t(`teams.status.${s}`),
            }))}
          />
        </Form.Item>
      )}
      <GridsField />
      <FailureAlerts failure={failure} gap={8} />
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="form-submit">
        {member ? t('teams.save') : t('teams.create')}
      </Button>
    </Form>
  );
}

/** The grids a member serves, each with "grid head"; a grid once only. */
function GridsField() {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('teams.field.grids')} style={{ marginBottom: 8 }}>
      <Form.List
        name="grids"
        rules={[
          {
            validator: async (_, grids: MemberValues['grids']) => {
              const codes = grids.map((grid) => grid?.gridCode).filter(Boolean);
              if (new Set(codes).size !== codes.length) throw new Error(t('teams.duplicateGrid'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <div data-testid="member-grids">
            {fields.map((field, index) => (
              <Space key={field.key} align="start" style={{ display: 'flex' }}>
                <Form.Item
                  name={[field.name, 'gridCode']}
                  rules={[{ required: true, message: t('teams.required') }]}
                  style={{ marginBottom: 8 }}
                >
                  <AreaPicker
                    gridsOnly
                    style={{ width: 280 }}
                    placeholder={t('teams.gridPlaceholder')}
                    data-testid={`member-grid-${index}`}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'isHead']} valuePropName="checked" style={{ marginBottom: 8 }}>
                  <Checkbox data-testid={`member-grid-head-${index}`}>{t('teams.setHead')}</Checkbox>
                </Form.Item>
                <Button
                  icon={<DeleteOutlined />}
                  onClick={() => remove(field.name)}
                  aria-label={t('teams.removeGrid')}
                />
              </Space>
            ))}
            <Form.ErrorList errors={errors} />
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ gridCode: undefined, isHead: false })}
              data-testid="member-grid-add"
              style={{ marginBottom: 16 }}
            >
              {t('teams.addGrid')}
            </Button>
          </div>
        )}
      </Form.List>
    </Form.Item>
  );
}
