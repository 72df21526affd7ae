import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Popconfirm,
  QRCode,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd/es/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type {
  SessionSchema,
  TotpSetupResponse,
} from '../../../../server/src/platform/auth/accounts.schemas.ts';
import { api, isApiError } from '../../app/api';
import { SESSION_KEY, useAuth } from '../../app/auth';

type AccountSession = Static<typeof SessionSchema>;
type TotpSetup = Static<typeof TotpSetupResponse>;
const SESSIONS_KEY = ['auth', 'sessions'] as const;

/** Puts a 422's field errors on the form's fields; answers whether there were any. */
function showFieldErrors(form: FormInstance, error: unknown): boolean {
  const errors = isApiError(error, 'invalid_field')
    ? error.extra<{ field: string; message: string }[]>('errors')
    : undefined;
  if (!errors?.length) return false;
  const byField = new Map<string, string[]>();
  for (const e of errors) byField.set(e.field, [...(byField.get(e.field) ?? []), e.message]);
  form.setFields([...byField].map(([name, messages]) => ({ name, errors: messages })));
  return true;
}

function useFailure() {
  const { message } = App.useApp();
  return (form: FormInstance, error: unknown) => {
    if (!showFieldErrors(form, error)) void message.error(isApiError(error) ? error.detail : String(error));
  };
}

function PasswordCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>();
  const fail = useFailure();
  const change = useMutation({
    mutationFn: (values: { currentPassword: string; newPassword: string }) =>
      api.post<void>('/api/auth/password', values),
    onSuccess: () => {
      form.resetFields();
      void message.success(t('account.password.changed'));
      void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
    onError: (error) => fail(form, error),
  });
  const required = { required: true, message: t('account.password.required') };

  return (
    <Card title={t('account.password.title')} data-testid="account-password">
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 420 }}
        requiredMark={false}
        onFinish={({ currentPassword, newPassword }) => change.mutate({ currentPassword, newPassword })}
      >
        <Form.Item name="currentPassword" label={t('account.password.current')} rules={[required]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.password.new')}
          extra={t('account.password.rules')}
          rules={[required]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.password.confirm')}
          dependencies={['newPassword']}
          rules={[
            required,
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('account.password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-submit">
          {t('account.password.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function CodeForm({ action, onDone, label }: { action: string; onDone: () => void; label: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ code: string }>();
  const fail = useFailure();
  const submit = useMutation({
    mutationFn: ({ code }: { code: string }) => api.post<void>(action, { code: code.trim() }),
    onSuccess: onDone,
    onError: (error) => fail(form, error),
  });
  return (
    <Form form={form} layout="inline" onFinish={(values) => submit.mutate(values)}>
      <Form.Item
        name="code"
        rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('account.totp.codeRequired') }]}
      >
        <Input
          placeholder={t('account.totp.code')}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={6}
          style={{ width: 160 }}
          data-testid="totp-code"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="totp-submit">
        {label}
      </Button>
    </Form>
  );
}

function TotpCard({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const start = useMutation({
    mutationFn: () => api.post<TotpSetup>('/api/auth/totp/setup'),
    onSuccess: setSetup,
    onError: (error) => void message.error(isApiError(error) ? error.detail : String(error)),
  });
  const done = (text: string) => () => {
    setSetup(null);
    void message.success(text);
    void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
  };

  return (
    <Card title={t('account.totp.title')} data-testid="account-totp">
      {enabled ? (
        <Space orientation="vertical">
          <Typography.Text>
            <Tag color="green">✓</Tag>
            {t('account.totp.enabled')}
          </Typography.Text>
          <Typography.Text type="secondary">{t('account.totp.disableHint')}</Typography.Text>
          <CodeForm
            action="/api/auth/totp/disable"
            label={t('account.totp.disable')}
            onDone={done(t('account.totp.disabledDone'))}
          />
        </Space>
      ) : setup ? (
        <Space orientation="vertical" size="middle">
          <Typography.Text>{t('account.totp.scan')}</Typography.Text>
          <QRCode value={setup.otpauthUri} size={180} data-testid="totp-qr" />
          <Typography.Text>
            {t('account.totp.secret')}:{' '}
            <Typography.Text code copyable data-testid="totp-secret">
              {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
            </Typography.Text>
          </Typography.Text>
          <CodeForm
            action="/api/auth/totp/enable"
            label={t('account.totp.enable')}
            onDone={done(t('account.totp.enabledDone'))}
          />
        </Space>
      ) : (
        <Space orientation="vertical">
          <Typography.Text type="secondary">{t('account.totp.disabled')}</Typography.Text>
          <Button
            type="primary"
            loading={start.isPending}
            onClick={() => start.mutate()}
            data-testid="totp-setup"
          >
            {t('account.totp.setup')}
          </Button>
        </Space>
      )}
    </Card>
  );
}

function SessionsCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: ({ signal }) => api.get<{ items: AccountSession[] }>('/api/auth/sessions', signal),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete<void>(`/api/auth/sessions/${id}`),
    onSuccess: () => {
      void message.success(t('account.sessions.revoked'));
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
    onError: (error) => void message.error(isApiError(error) ? error.detail : String(error)),
  });
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);

  return (
    <Card title={t('account.sessions.title')} data-testid="account-sessions">
      <Table<AccountSession>
        rowKey="id"
        size="small"
        pagination={false}
        loading={sessions.isPending}
        dataSource={sessions.data?.items ?? []}
        scroll={{ x: true }}
        columns={[
          {
            title: t('account.sessions.id'),
            dataIndex: 'id',
            render: (id: string, row) => (
              <Space>
                <Typography.Text code>{id.slice(0, 8)}</Typography.Text>
                {row.current && <Tag color="blue">{t('account.sessions.current')}</Tag>}
              </Space>
            ),
          },
          { title: t('account.sessions.createdAt'), dataIndex: 'createdAt', render: when },
          { title: t('account.sessions.lastSeenAt'), dataIndex: 'lastSeenAt', render: when },
          { title: t('account.sessions.ip'), dataIndex: 'ip' },
          {
            title: t('account.sessions.userAgent'),
            dataIndex: 'userAgent',
            ellipsis: true,
            render: (agent: string | null) => <span title={agent ?? ''}>{agent}</span>,
          },
          {
            key: 'revoke',
            render: (_, row) =>
              !row.current && (
                <Popconfirm
                  title={t('account.sessions.revokeConfirm')}
                  onConfirm={() => revoke.mutate(row.id)}
                >
                  <Button size="small" danger data-testid="session-revoke">
                    {t('account.sessions.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}

/**
 * The user's own account: password, second factor and sessions. Also what a session sees while it
 * owes a new password or a second factor (the server refuses everything else until then).
 */
export default function AccountPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!user) return null;
  const forced = user.mustChangePassword ? 'password' : user.totpEnrolmentRequired ? 'totp' : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="account-page">
      {forced && (
        <Alert type="warning" showIcon title={t(`account.forced.${forced}`)} data-testid="account-forced" />
      )}
      {forced !== 'totp' && <PasswordCard />}
      {!user.mustChangePassword && <TotpCard enabled={user.totpEnabled} />}
      {!forced && <SessionsCard />}
    </Space>
  );
}
