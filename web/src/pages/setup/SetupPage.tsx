import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, QRCode, Result, Spin, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Static } from 'typebox';
import type { SetupResponse } from '../../../../server/src/modules/setup/setup.schemas.ts';
import { ApiError, isApiError, request } from '../../app/api';
import { LanguageSwitch } from '../../app/Shell';
import '../../components/login-card.css';

type SetupResult = Static<typeof SetupResponse>;

interface SetupValues {
  districtCode: string;
  districtName: string;
  adminUsername: string;
  adminName?: string;
  password: string;
  passwordConfirmation: string;
}

const FIELDS = [
  'districtCode',
  'districtName',
  'adminUsername',
  'adminName',
  'password',
  'passwordConfirmation',
];

/**
 * 初始化新区: the page of the setup URL a production server without accounts prints. Without a
 * good token it shows "not found", as the API answers; with one, the district and its first
 * administrator, then the authenticator enrolment.
 */
export default function SetupPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [form] = Form.useForm<SetupValues>();
  const [failure, setFailure] = useState<string | null>(null);
  const status = useQuery({
    queryKey: ['setup', token],
    queryFn: ({ signal }) =>
      request<{ expiresAt: string }>(`/api/setup?token=${encodeURIComponent(token)}`, {
        signal,
        redirectOn401: false,
      }),
    retry: false,
    enabled: token !== '',
  });
  const perform = useMutation({
    mutationFn: (values: SetupValues) =>
      request<SetupResult>('/api/setup', {
        method: 'POST',
        body: { token, ...values, adminName: values.adminName?.trim() || undefined },
        redirectOn401: false,
      }),
    onError: (error) => {
      if (!(error instanceof ApiError)) return setFailure(error.message);
      const errors = error.extra<{ field: string; message: string }[]>('errors');
      if (error.code === 'invalid_field' && errors) {
        const known = errors.filter((e) => FIELDS.includes(e.field));
        form.setFields(
          FIELDS.map((name) => ({
            name: name as keyof SetupValues,
            errors: known.filter((e) => e.field === name).map((e) => e.message),
          })),
        );
        setFailure(known.length === errors.length ? null : error.detail);
      } else setFailure(error.detail);
    },
  });

  const notFound =
    token === '' || (status.isError && isApiError(status.error) && status.error.status === 404);
  const required = { required: true, whitespace: true, message: t('setup.required') };

  let body: ReactNode;
  if (notFound) {
    body = (
      <Result
        status="404"
        title={t('setup.notFound')}
        subTitle={t('setup.notFoundHint')}
        data-testid="setup-not-found"
      />
    );
  } else if (status.isPending) {
    body = <Spin />;
  } else if (status.isError) {
    body = <Alert type="error" showIcon title={status.error.message} />;
  } else if (perform.data) {
    const done = perform.data;
    body = (
      <div data-testid="setup-done">
        <Result
          status="success"
          title={t('setup.done', {
            district: done.districtName,
            code: done.areaCode,
            username: done.admin.username,
          })}
        />
        <Typography.Paragraph>{t('setup.totpIntro')}</Typography.Paragraph>
        <div style={{ display: 'flex', justifyContent: 'center', marginBottom: 12 }}>
          <QRCode value={done.totp.otpauthUri} size={200} data-testid="setup-totp-qr" />
        </div>
        <Typography.Paragraph>
          {t('setup.secret')}:{' '}
          <Typography.Text code copyable data-testid="setup-totp-secret">
            {done.totp.secret}
          </Typography.Text>
        </Typography.Paragraph>
        <Button type="primary" block href="/login" data-testid="setup-to-login">
          {t('setup.toLogin')}
        </Button>
      </div>
    );
  } else {
    body = (
      <Form<SetupValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => {
          setFailure(null);
          perform.mutate(values);
        }}
        onValuesChange={() => failure && setFailure(null)}
        data-testid="setup-form"
      >
        <Typography.Paragraph type="secondary">
          {t('setup.intro')}{' '}
          {t('setup.expires', { time: new Date(status.data.expiresAt).toLocaleString(i18n.language) })}
        </Typography.Paragraph>
        <Form.Item
          name="districtCode"
          label={t('setup.districtCode')}
          extra={t('setup.districtCodeHint')}
          rules={[required, { pattern: /^\d{6}$/, message: t('setup.districtCodeInvalid') }]}
        >
          <Input className="cg-mono" maxLength={6} inputMode="numeric" data-testid="setup-districtCode" />
        </Form.Item>
        <Form.Item name="districtName" label={t('setup.districtName')} rules={[required, { max: 50 }]}>
          <Input data-testid="setup-districtName" />
        </Form.Item>
        <Form.Item
          name="adminUsername"
          label={t('setup.adminUsername')}
          normalize={(value: string) => value.toLowerCase()}
          rules={[required, { pattern: /^[a-z0-9_.-]{3,40}$/, message: t('setup.adminUsernameInvalid') }]}
        >
          <Input autoComplete="username" data-testid="setup-adminUsername" />
        </Form.Item>
        <Form.Item
          name="adminName"
          label={t('setup.adminName')}
          extra={t('setup.adminNameHint')}
          rules={[{ max: 50 }]}
        >
          <Input data-testid="setup-adminName" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('setup.password')}
          extra={t('setup.passwordHint')}
          rules={[required]}
        >
          <Input.Password autoComplete="new-password" data-testid="setup-password" />
        </Form.Item>
        <Form.Item
          name="passwordConfirmation"
          label={t('setup.passwordConfirmation')}
          dependencies={['password']}
          rules={[
            required,
            ({ getFieldValue }) => ({
              validator: (_, value: string) =>
                !value || value === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('setup.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="setup-passwordConfirmation" />
        </Form.Item>
        {failure && (
          <Alert
            type="error"
            showIcon
            title={failure}
            style={{ marginBottom: 12 }}
            data-testid="setup-error"
          />
        )}
        <Button type="primary" htmlType="submit" block loading={perform.isPending} data-testid="setup-submit">
          {t('setup.submit')}
        </Button>
      </Form>
    );
  }

  return (
    <div className="cg-login">
      <div className="cg-login-language">
        <LanguageSwitch />
      </div>
      <Card className="cg-login-card" style={{ width: 480 }}>
        <div className="cg-login-brand">
          <img src="/favicon.svg" alt="" />
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('setup.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.fullName')}</Typography.Text>
          </div>
        </div>
        {body}
      </Card>
    </div>
  );
}
