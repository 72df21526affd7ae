import { useEffect, useState } from 'react';
import { changePassword, fetchSession, logIn, logOut, type Problem, type User } from './api';
import { language, setLanguage, t, useLanguage } from './i18n';
import { Icon } from './icons';
import { keepOfflineDataFresh, useRefreshedAt } from './offline-data';
import { pendingCount } from './outbox';
import {
  LookupScreen,
  QueueScreen,
  ReportScreen,
  type Task,
  TasksScreen,
  VerifyScreen,
  VisitScreen,
} from './screens';
import { useOutbox } from './store';
import { resumeAfterLogin, startSync, useSyncStatus } from './sync';

type Tab = 'tasks' | 'report' | 'lookup' | 'verify' | 'queue';
const TABS: Tab[] = ['tasks', 'report', 'lookup', 'verify', 'queue'];

function Login({ onLogin, expired }: { onLogin: (user: User) => void; expired: boolean }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="login"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const answer = await logIn(username.trim(), password);
        setBusy(false);
        if (answer.status === 200) return onLogin((answer.body as { user: User }).user);
        setError(
          answer.status === 0
            ? t('offlineLoginNeeded')
            : ((answer.body as Problem)?.detail ?? String(answer.status)),
        );
      }}
    >
      <img src="/field-icon.svg" alt="" width={72} height={72} />
      <h1>{t('appName')}</h1>
      {expired && <p className="note">{t('sessionExpired')}</p>}
      <input
        data-testid="login-username"
        autoComplete="username"
        placeholder={t('username')}
        value={username}
        onChange={(e) => setUsername(e.target.value)}
      />
      <input
        data-testid="login-password"
        type="password"
        autoComplete="current-password"
        placeholder={t('password')}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {error && <p className="error">{error}</p>}
      <button
        type="submit"
        className="wide"
        disabled={busy || !username || !password}
        data-testid="login-submit"
      >
        {busy ? t('loggingIn') : t('login')}
      </button>
    </form>
  );
}

/** A temporary password is changed before anything else: the server refuses the rest until then. */
function ChangePassword({ onChanged, onLogout }: { onChanged: (user: User) => void; onLogout: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="login"
      data-testid="password-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (next !== again) return setError(t('passwordMismatch'));
        setBusy(true);
        const answer = await changePassword(current, next);
        if (answer.status === 204 || answer.status === 200) {
          const { user } = await fetchSession();
          setBusy(false);
          if (user) return onChanged(user);
        }
        setBusy(false);
        const problem = answer.body;
        setError(
          answer.status === 0
            ? t('offlineLoginNeeded')
            : problem?.errors?.length
              ? problem.errors.map((p) => p.message).join('；')
              : (problem?.detail ?? String(answer.status)),
        );
      }}
    >
      <img src="/field-icon.svg" alt="" width={72} height={72} />
      <h1>{t('changePassword')}</h1>
      <p className="note">{t('mustChange')}</p>
      <input
        data-testid="password-current"
        type="password"
        autoComplete="current-password"
        placeholder={t('currentPassword')}
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <input
        data-testid="password-new"
        type="password"
        autoComplete="new-password"
        placeholder={t('newPassword')}
        value={next}
        onChange={(e) => setNext(e.target.value)}
      />
      <input
        data-testid="password-again"
        type="password"
        autoComplete="new-password"
        placeholder={t('confirmPassword')}
        value={again}
        onChange={(e) => setAgain(e.target.value)}
      />
      <p className="muted">{t('passwordRules')}</p>
      {error && (
        <p className="error" data-testid="password-error">
          {error}
        </p>
      )}
      <button
        type="submit"
        className="wide"
        disabled={busy || !current || !next || !again}
        data-testid="password-submit"
      >
        {busy ? t('changingPassword') : t('changePassword')}
      </button>
      <button type="button" className="link" onClick={onLogout}>
        {t('logout')}
      </button>
    </form>
  );
}

/** "14:05" today, "12-03 14:05" before: the worker judges from it whether tasks may be out of date. */
function refreshedLabel(at: number): string {
  const date = new Date(at);
  const time = date.toTimeString().slice(0, 5);
  return date.toDateString() === new Date().toDateString()
    ? time
    : `${date.toISOString().slice(5, 10)} ${time}`;
}

export function App() {
  useLanguage();
  const [user, setUser] = useState<User | null>(null);
  const [checked, setChecked] = useState(false);
  const [tab, setTab] = useState<Tab>('tasks');
  const [visiting, setVisiting] = useState<{ task: Task | null } | null>(null);
  const sync = useSyncStatus();
  const outbox = useOutbox();
  const pending = pendingCount(outbox);
  const refreshedAt = useRefreshedAt();

  // Everything needed offline is fetched as soon as the worker is known, whatever screen opens.
  useEffect(() => {
    if (user && !user.mustChangePassword && !sync.needsLogin) keepOfflineDataFresh(user);
  }, [user, sync.needsLogin]);

  useEffect(() => {
    void fetchSession().then(({ user }) => {
      setUser(user);
      setChecked(true);
      startSync();
    });
  }, []);

  if (!checked) return null;
  if (!user || sync.needsLogin)
    return (
      <Login
        expired={sync.needsLogin}
        onLogin={(next) => {
          setUser(next);
          resumeAfterLogin();
        }}
      />
    );
  if (user.mustChangePassword)
    return (
      <ChangePassword
        onChanged={setUser}
        onLogout={async () => {
          await logOut();
          setUser(null);
        }}
      />
    );

  return (
    <div className="app">
      <header>
        <span className="title">{t('appName')}</span>
        <span className={sync.online ? 'dot on' : 'dot'} data-testid="net">
          {sync.online ? t('online') : t('offline')}
        </span>
        <button
          type="button"
          className="link"
          onClick={() => setLanguage(language() === 'en' ? 'zh-CN' : 'en')}
        >
          {t('language')}
        </button>
        <button
          type="button"
          className="link"
          onClick={async () => {
            await logOut();
            setUser(null);
          }}
        >
          {t('logout')}
        </button>
      </header>
      <div
        className={sync.online ? 'refreshed' : 'refreshed off'}
        data-testid="refreshed"
        data-at={refreshedAt ?? ''}
      >
        {refreshedAt ? t('dataRefreshed', { time: refreshedLabel(refreshedAt) }) : t('dataMissing')}
      </div>
      <main>
        {visiting ? (
          <VisitScreen user={user} task={visiting.task} onDone={() => setVisiting(null)} />
        ) : tab === 'tasks' ? (
          <TasksScreen onVisit={(task) => setVisiting({ task })} />
        ) : tab === 'report' ? (
          <ReportScreen user={user} />
        ) : tab === 'lookup' ? (
          <LookupScreen />
        ) : tab === 'verify' ? (
          <VerifyScreen />
        ) : (
          <QueueScreen user={user} />
        )}
      </main>
      <nav>
        {TABS.map((name) => (
          <button
            type="button"
            key={name}
            className={tab === name && !visiting ? 'on' : ''}
            data-testid={`tab-${name}`}
            onClick={() => {
              setVisiting(null);
              setTab(name);
            }}
          >
            <Icon name={name} />
            {t(name)}
            {name === 'queue' && pending > 0 && (
              <span className="count" data-testid="queue-count">
                {pending}
              </span>
            )}
          </button>
        ))}
      </nav>
    </div>
  );
}
