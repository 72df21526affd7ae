import { Button, Result } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import { useAuth } from './auth';
import { type ConsoleModule, canOpen, MODULES } from './modules';
import { PageSpinner, Shell } from './Shell';

const LoginPage = lazy(() => import('../pages/auth/LoginPage'));
const SetupPage = lazy(() => import('../pages/setup/SetupPage'));
const PortalPage = lazy(() => import('../pages/opendata/PortalPage'));
const AccountPage = lazy(() => import('../pages/account/AccountPage'));
const AccountStep = lazy(() => import('../pages/account/AccountStep'));
const PublicDecisionsPage = lazy(() => import('../pages/enforcement/PublicDecisionsPage'));
const PublicQuestionsPage = lazy(() => import('../pages/public/PublicQuestionsPage'));
const PublicNoticesPage = lazy(() => import('../pages/public/PublicNoticesPage'));

function RequireAuth() {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <PageSpinner />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // The server refuses everything else until the password is changed or TOTP is on.
  if (user.mustChangePassword || user.totpEnrolmentRequired) {
    return (
      <Suspense fallback={<PageSpinner />}>
        <AccountStep />
      </Suspense>
    );
  }
  return <Outlet />;
}

function RequirePermission({ module, children }: { module: ConsoleModule; children: ReactNode }) {
  const { t } = useTranslation();
  const { user, can } = useAuth();
  if (!canOpen(module, user, can)) return <Result status="403" title="403" subTitle={t('app.forbidden')} />;
  return children;
}

/** `/` goes to the first module the user may open. */
function Home() {
  const { t } = useTranslation();
  const { user, can } = useAuth();
  const first = MODULES.find((module) => canOpen(module, user, can));
  if (first) return <Navigate to={first.path} replace />;
  return <Result status="info" subTitle={t('app.noModules')} />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('app.notFound')}
      extra={
        <Button type="primary" href="/">
          {t('app.backHome')}
        </Button>
      }
    />
  );
}

export const router = createBrowserRouter([
  {
    // A new server's first page: the URL it prints carries the one-time token.
    path: '/setup',
    element: (
      <Suspense fallback={<PageSpinner />}>
        <SetupPage />
      </Suspense>
    ),
  },
  // The open data portal is public: no login.
  ...['/data', '/data/:name'].map((path) => ({
    path,
    element: (
      <Suspense fallback={<PageSpinner />}>
        <PortalPage />
      </Suspense>
    ),
  })),
  {
    // The public site's page of published enforcement decisions: no login.
    path: '/public/enforcement',
    element: (
      <Suspense fallback={<PageSpinner />}>
        <PublicDecisionsPage />
      </Suspense>
    ),
  },
  // The residents' channel's public pages (网络问政, notices): no login, no personal data.
  {
    path: '/public/questions',
    element: (
      <Suspense fallback={<PageSpinner />}>
        <PublicQuestionsPage />
      </Suspense>
    ),
  },
  {
    path: '/public/notices',
    element: (
      <Suspense fallback={<PageSpinner />}>
        <PublicNoticesPage />
      </Suspense>
    ),
  },
  {
    path: '/login',
    element: (
      <Suspense fallback={<PageSpinner />}>
        <LoginPage />
      </Suspense>
    ),
  },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <Shell />,
        children: [
          { index: true, element: <Home /> },
          { path: '/account', element: <AccountPage /> },
          // One optional segment, so opening a record keeps the page (and its list) mounted.
          ...MODULES.map((module) => ({
            path: module.withRecord ? `${module.path}/:id?` : module.path,
            element: (
              <RequirePermission module={module}>
                <module.Page />
              </RequirePermission>
            ),
          })),
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
