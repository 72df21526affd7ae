import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { LanguageSwitch } from '../../app/Shell';
import '../../components/login-card.css';

interface Credentials {
  username: string;
  password: string;
  /** Asked for once the server answers `totp_required`. */
  totpCode?: string;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [askCode, setAskCode] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (user && !submitting) return <Navigate to={from} replace />;

  async function submit({ username, password, totpCode }: Credentials) {
    setSubmitting(true);
    setError(null);
    try {
      await login(username, password, askCode ? totpCode?.trim() : undefined);
      navigate(from, { replace: true });
    } catch (failure) {
      // The password was right and a second factor is on: ask for the code, without an error.
      if (isApiError(failure, 'totp_required')) setAskCode(true);
      else setError(isApiError(failure) ? failure.detail : String(failure));
      setSubmitting(false);
    }
  }

  return (
    <div className="cg-login">
      <div className="cg-login-language">
        <LanguageSwitch />
      </div>
      <Card className="cg-login-card">
        <div className="cg-login-brand">
          <img src="/favicon.svg" alt="" />
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.fullName')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </div>
        </div>
        <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false} data-testid="login-form">
          <Form.Item
            name="username"
            label={t('auth.username')}
            rules={[{ required: true, message: t('auth.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[{ required: true, message: t('auth.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
            />
          </Form.Item>
          {askCode && (
            <Form.Item
              name="totpCode"
              label={t('auth.totpCode')}
              extra={t('auth.totpCodeHint')}
              rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('auth.totpCodeHint') }]}
            >
              <Input
                prefix={<SafetyOutlined />}
                autoComplete="one-time-code"
                inputMode="numeric"
                maxLength={6}
                autoFocus
                data-testid="login-totp"
              />
            </Form.Item>
          )}
          {error && (
            <Alert
              type="error"
              showIcon
              title={error}
              data-testid="login-error"
              style={{ marginBottom: 16 }}
            />
          )}
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            {t('auth.login')}
          </Button>
        </Form>
        <div className="cg-login-links" data-testid="login-public-links">
          <a href="/resident">{t('auth.residentApp')}</a>
          <a href="/public/questions">{t('auth.publicQuestions')}</a>
          <a href="/public/notices">{t('auth.publicNotices')}</a>
          <a href="/data">{t('opendata.portal.title')}</a>
        </div>
      </Card>
    </div>
  );
}
