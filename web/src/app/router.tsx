import { Button, Result } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import { type Permission, useAuth } from './auth';
import { MODULES } from './modules';
import { PageSpinner, Shell } from './Shell';

const LoginPage = lazy(() => import('../pages/auth/LoginPage'));

function RequireAuth() {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <PageSpinner />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}

function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  if (!can(permission)) return <Result status="403" title="403" subTitle={t('app.forbidden')} />;
  return children;
}

/** `/` goes to the first module the user may open. */
function Home() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const first = MODULES.find((module) => can(module.permission));
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
          // One optional segment, so opening a record keeps the page (and its list) mounted.
          ...MODULES.map(({ path, withRecord, permission, Page }) => ({
            path: withRecord ? `${path}/:id?` : path,
            element: (
              <RequirePermission permission={permission}>
                <Page />
              </RequirePermission>
            ),
          })),
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
