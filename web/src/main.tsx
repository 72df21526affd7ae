import './app/i18n';
import './app/app.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router/dom';
import { setRestrictedHandler, setUnauthorizedHandler } from './app/api';
import { SESSION_KEY } from './app/auth';
import { queryClient } from './app/query';
import { router } from './app/router';

setUnauthorizedHandler(() => queryClient.setQueryData(SESSION_KEY, null));
setRestrictedHandler(() => void queryClient.invalidateQueries({ queryKey: SESSION_KEY }));

function Root() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1d4ed8' } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
