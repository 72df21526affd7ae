import { LogoutOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { prefetchBaseMap } from '../components/base-map';
import { useAuth } from './auth';
import { LANGUAGES, type Language, setLanguage } from './i18n';
import { canOpen, MODULES } from './modules';

export function PageSpinner() {
  const { t } = useTranslation();
  return (
    <div className="cg-center">
      <Spin description={t('app.loading')} />
    </div>
  );
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Language>
      data-testid="language-switch"
      aria-label={t('language.label')}
      size="small"
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      onChange={(language) => void setLanguage(language)}
      options={LANGUAGES.map((language) => ({ value: language, label: t(`language.${language}`) }))}
    />
  );
}

/** The signed-in console: side menu of the modules the user may open, header with who they are. */
export function Shell() {
  const { t } = useTranslation();
  const { user, can, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const modules = MODULES.filter((module) => canOpen(module, user, can));
  const current = modules.find((module) => location.pathname.startsWith(module.path));
  // Maps are made with their tiles' coordinate system: have it before any map opens.
  useEffect(() => {
    if (user) prefetchBaseMap();
  }, [user]);

  return (
    <Layout className="cg-shell">
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={200}>
        <div className="cg-logo">
          <img src="/favicon.svg" alt="" />
          {!collapsed && t('app.name')}
        </div>
        <Menu
          data-testid="side-menu"
          theme="dark"
          mode="inline"
          selectedKeys={current ? [current.key] : []}
          items={modules.map((module) => ({
            key: module.key,
            icon: module.icon,
            label: module.Badge ? (
              <span className="cg-menu-label">
                {t(`module.${module.key}`)}
                <module.Badge />
              </span>
            ) : (
              t(`module.${module.key}`)
            ),
            onClick: () => navigate(module.path),
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="cg-header">
          <span className="cg-header-title">
            {current
              ? t(`module.${current.key}`)
              : location.pathname === '/account'
                ? t('account.title')
                : t('app.fullName')}
          </span>
          {user && (
            <Space size="small" data-testid="current-user">
              <UserOutlined />
              <Typography.Text strong data-testid="user-name">
                {user.displayName}
              </Typography.Text>
              <Tag color="blue" data-testid="user-role">
                {t(`role.${user.role}`, { defaultValue: user.role })}
              </Tag>
              <Typography.Text type="secondary" data-testid="user-area">
                {user.areaName}
              </Typography.Text>
            </Space>
          )}
          <LanguageSwitch />
          <Button data-testid="account" icon={<SettingOutlined />} onClick={() => navigate('/account')}>
            {t('account.menu')}
          </Button>
          <Button
            data-testid="logout"
            icon={<LogoutOutlined />}
            onClick={async () => {
              await logout();
              navigate('/login', { replace: true });
            }}
          >
            {t('auth.logout')}
          </Button>
        </Layout.Header>
        <Layout.Content className="cg-content">
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
