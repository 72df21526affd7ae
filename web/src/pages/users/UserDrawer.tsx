import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { catalogQueries } from '../../app/case-catalog';
import { AreaPicker } from '../../components/AreaPicker';
import { readProblem } from '../../components/write-errors';
import { createUser, type User, type UserWithPassword, updateUser, userQueries } from './users.api';

const FIELDS = ['username', 'displayName', 'role', 'areaCode', 'departmentCode', 'workPhone'] as const;

interface Values {
  username: string;
  displayName: string;
  role: User['role'];
  areaCode: string;
  departmentCode?: string | null;
  workPhone?: string;
}

interface Props {
  /** The account to edit; `null` to create one; `undefined` when closed. */
  user: User | null | undefined;
  onClose(): void;
  /** A new account, with its temporary password to show once. */
  onCreated(result: UserWithPassword): void;
}

/** The form of one account: role limited to what the viewer may grant, area from their tree. */
export function UserDrawer({ user, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const grants = useQuery(userQueries.grants());
  const departments = useQuery(catalogQueries.departments());
  const [version, setVersion] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const open = user !== undefined;

  useEffect(() => {
    if (!open) return;
    setNotice(null);
    form.resetFields();
    if (user) {
      setVersion(user.version);
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        areaCode: user.areaCode,
        departmentCode: user.departmentCode,
      });
    }
  }, [open, user, form]);

  const save = useMutation({
    mutationFn: (values: Values): Promise<{ saved: User; created: UserWithPassword | null }> => {
      const workPhone = values.workPhone?.trim() || undefined;
      const departmentCode = values.role === 'dept_handler' ? (values.departmentCode ?? null) : null;
      return user
        ? updateUser(user.id, {
            version,
            displayName: values.displayName,
            role: values.role,
            areaCode: values.areaCode,
            departmentCode,
            ...(workPhone !== undefined && { workPhone }),
          }).then((saved) => ({ saved, created: null }))
        : createUser({ ...values, departmentCode, workPhone: workPhone ?? null }).then((created) => ({
            saved: created.user,
            created,
          }));
    },
    onSuccess: ({ created }) => {
      void client.invalidateQueries({ queryKey: ['users', 'list'] });
      onClose();
      if (created) onCreated(created);
    },
    onError: (error) => {
      if (!isApiError(error)) return setNotice(String(error));
      const failure = readProblem(error.problem, FIELDS);
      if (failure.kind === 'conflict') {
        const current = failure.current as unknown as User;
        setVersion(current.version);
        form.setFieldsValue({
          displayName: current.displayName,
          role: current.role,
          areaCode: current.areaCode,
          departmentCode: current.departmentCode,
        });
        setNotice(t('users.conflict'));
      } else if (failure.kind === 'fields') {
        form.setFields(failure.fields as Parameters<typeof form.setFields>[0]);
        setNotice(failure.others.join(' ') || null);
      } else if (error.code === 'username_taken') {
        form.setFields([{ name: 'username', errors: [error.detail] }]);
      } else setNotice(failure.message);
    },
  });

  return (
    <Drawer
      open={open}
      title={user ? t('users.edit') : t('users.create')}
      width={440}
      onClose={onClose}
      destroyOnHidden
      data-testid="account-drawer"
      extra={
        <Button
          type="primary"
          loading={save.isPending}
          onClick={() => form.submit()}
          data-testid="account-save"
        >
          {t('users.save')}
        </Button>
      }
    >
      {notice && <Alert type="warning" showIcon title={notice} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="username" label={t('users.field.username')} rules={[{ required: true }]}>
          <Input disabled={Boolean(user)} autoComplete="off" data-testid="account-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.field.displayName')} rules={[{ required: true }]}>
          <Input maxLength={50} data-testid="account-display-name" />
        </Form.Item>
        <Form.Item name="role" label={t('users.field.role')} rules={[{ required: true }]}>
          <Select
            data-testid="account-role"
            loading={grants.isPending}
            options={(grants.data?.roles ?? []).map((r) => ({ value: r, label: t(`role.${r}`) }))}
          />
        </Form.Item>
        <Form.Item name="areaCode" label={t('users.field.areaCode')} rules={[{ required: true }]}>
          <AreaPicker gridsOnly={role === 'grid_worker'} data-testid="account-area" />
        </Form.Item>
        {role === 'dept_handler' && (
          <Form.Item
            name="departmentCode"
            label={t('users.field.departmentCode')}
            rules={[{ required: true }]}
          >
            <Select
              data-testid="account-department"
              showSearch={{ optionFilterProp: 'label' }}
              loading={departments.isPending}
              options={(departments.data?.items ?? []).map((d) => ({ value: d.code, label: d.name }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="workPhone"
          label={t('users.field.workPhone')}
          extra={user ? `${user.workPhone ?? '—'} · ${t('users.field.workPhoneHint')}` : undefined}
        >
          <Input maxLength={30} data-testid="account-phone" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
