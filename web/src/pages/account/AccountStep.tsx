import { LogoutOutlined } from '@ant-design/icons';
import { Button, Layout, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAuth } from '../../app/auth';
import { LanguageSwitch } from '../../app/Shell';
import AccountPage from './AccountPage';

/** In place of the console while the session owes a new password or a second factor. */
export default function AccountStep() {
  const { t } = useTranslation();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  return (
    <Layout className="cg-shell" data-testid="account-step">
      <Layout.Header className="cg-header">
        <span className="cg-header-title">{t('account.title')}</span>
        <Space size="small">
          <Typography.Text strong>{user?.displayName}</Typography.Text>
          <LanguageSwitch />
          <Button
            icon={<LogoutOutlined />}
            onClick={async () => {
              await logout();
              navigate('/login', { replace: true });
            }}
          >
            {t('auth.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content className="cg-content" style={{ maxWidth: 960, margin: '0 auto', width: '100%' }}>
        <AccountPage />
      </Layout.Content>
    </Layout>
  );
}
