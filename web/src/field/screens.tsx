import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { CaseSchema } from '../../../server/src/modules/cases/cases.schemas.ts';
import type { TaskSchema } from '../../../server/src/modules/patrols/patrols.schemas.ts';
import type * as people from '../../../server/src/modules/registry/people.schemas.ts';
import type * as places from '../../../server/src/modules/registry/places.schemas.ts';
import { cachedGet, call, type Problem, type User } from './api';
import { CorrectReport } from './correct';
import { t } from './i18n';
import { Icon } from './icons';
import { todayTasksPath, VERIFY_PATH } from './offline-data';
import { type OutboxItem, retriedWithDependents } from './outbox';
import { CategoryPicker, LocationField, PhotoField, rememberCategory, useLocation } from './parts';
import { enqueue, store, useOutbox } from './store';
import { syncNow } from './sync';

const isGrid = (code: string) => /^[0-9]{15}$/.test(code);

function placeOf(fix: { lon: number; lat: number } | null, user: User) {
  if (fix) return { lon: fix.lon, lat: fix.lat };
  return isGrid(user.areaCode) ? { gridCode: user.areaCode } : {};
}

// The server's types (from its schemas), as far as these screens read them.
export type Task = Pick<
  Static<typeof TaskSchema>,
  'id' | 'planName' | 'targetType' | 'targetId' | 'targetLabel' | 'dueAt' | 'state'
>;

export function TasksScreen({ onVisit }: { onVisit: (task: Task | null) => void }) {
  const [tasks, setTasks] = useState<{ items: Task[]; stale: boolean } | null>(null);
  useEffect(() => {
    void cachedGet<{ items: Task[] }>(todayTasksPath()).then((r) =>
      setTasks({ items: (r.data?.items ?? []).filter((i) => i.state !== 'done'), stale: r.stale }),
    );
  }, []);
  return (
    <section>
      {tasks?.stale && <p className="note">{t('tasksCached')}</p>}
      {tasks && tasks.items.length === 0 && <p className="empty">{t('noTasks')}</p>}
      <ul className="list" data-testid="tasks">
        {tasks?.items.map((task) => (
          <li key={task.id} className={task.state === 'overdue' ? 'overdue' : ''}>
            <div>
              <strong>{task.targetLabel}</strong>
              <div className="muted">
                {task.planName} · {t('due')} {new Date(task.dueAt).toLocaleDateString()}
              </div>
            </div>
            <button type="button" onClick={() => onVisit(task)}>
              {t('recordVisit')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="wide secondary" onClick={() => onVisit(null)} data-testid="free-visit">
        {t('freeVisit')}
      </button>
    </section>
  );
}

function Toast({ text }: { text: string | null }) {
  return text ? (
    <div className="toast" data-testid="toast">
      {text}
    </div>
  ) : null;
}

function useToast(): [string | null, (text: string) => void] {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (!text) return;
    const timer = setTimeout(() => setText(null), 2500);
    return () => clearTimeout(timer);
  }, [text]);
  return [text, setText];
}

/** Photo, place, category, a few words: one screen, one tap to send (or queue). */
export function ReportScreen({ user }: { user: User }) {
  const location = useLocation();
  const [photo, setPhoto] = useState<Blob | null>(null);
  const [category, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [toast, showToast] = useToast();

  const submit = async () => {
    if (!category) return setError(t('required', { field: t('category') }));
    if (!description.trim()) return setError(t('required', { field: t('description') }));
    setError(null);
    rememberCategory(category);
    const caseId = crypto.randomUUID();
    const body = { categoryCode: category, description: description.trim(), ...placeOf(location.fix, user) };
    await enqueue(
      { id: caseId, kind: 'case', path: '/api/cases', body, label: description.trim().slice(0, 40) },
      ...(photo
        ? [
            {
              kind: 'attachment' as const,
              path: '/api/cases/{parent}/attachments?fileName=photo.jpg',
              body: null,
              blob: photo,
              dependsOn: caseId,
              label: description.trim().slice(0, 40),
            },
          ]
        : []),
    );
    setPhoto(null);
    setDescription('');
    showToast(t('queued'));
    void syncNow();
  };

  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <PhotoField photo={photo} onChange={setPhoto} />
      <LocationField location={location} />
      <CategoryPicker value={category} onChange={setCategory} />
      <div className="field">
        <div className="label">{t('description')}</div>
        <textarea
          data-testid="description"
          rows={3}
          maxLength={2000}
          placeholder={t('descriptionHint')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      {error && <p className="error">{error}</p>}
      <button type="submit" className="wide" data-testid="report-submit">
        {t('submit')}
      </button>
      <Toast text={toast} />
    </form>
  );
}

export function VisitScreen({ user, task, onDone }: { user: User; task: Task | null; onDone: () => void }) {
  const location = useLocation();
  const [photo, setPhoto] = useState<Blob | null>(null);
  const [findings, setFindings] = useState('');
  const [result, setResult] = useState<'normal' | 'problem'>('normal');
  const [makeCase, setMakeCase] = useState(false);
  const [category, setCategory] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    if (!findings.trim()) return setError(t('required', { field: t('findings') }));
    if (makeCase && !category) return setError(t('required', { field: t('category') }));
    const visitId = crypto.randomUUID();
    const place = placeOf(location.fix, user);
    const body = {
      ...(task
        ? { taskId: task.id, kind: 'visit', targetType: task.targetType, targetId: task.targetId }
        : { kind: 'patrol' }),
      visitedAt: new Date().toISOString(),
      findings: findings.trim(),
      result,
      ...('lon' in place ? place : isGrid(user.areaCode) ? { gridCode: user.areaCode } : {}),
    };
    const label = task?.targetLabel ?? t('freeVisit');
    await enqueue(
      { id: visitId, kind: 'visit', path: '/api/visits', body, blob: photo ?? undefined, label },
      ...(result === 'problem' && makeCase
        ? [
            {
              kind: 'visit_case' as const,
              path: '/api/visits/{parent}/case',
              body: { categoryCode: category },
              dependsOn: visitId,
              label,
            },
          ]
        : []),
    );
    if (makeCase) rememberCategory(category);
    void syncNow();
    onDone();
  };

  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field">
        <div className="label">{t('target')}</div>
        <strong>{task?.targetLabel ?? t('freeVisit')}</strong>
      </div>
      <div className="field">
        <div className="label">{t('findings')}</div>
        <textarea
          data-testid="findings"
          rows={3}
          maxLength={2000}
          value={findings}
          onChange={(e) => setFindings(e.target.value)}
        />
      </div>
      <div className="field row">
        <span className="label">{t('result')}</span>
        {(['normal', 'problem'] as const).map((value) => (
          <label key={value} className="radio">
            <input
              type="radio"
              name="result"
              data-testid={`result-${value}`}
              checked={result === value}
              onChange={() => setResult(value)}
            />
            {t(value)}
          </label>
        ))}
      </div>
      {result === 'problem' && (
        <label className="field radio">
          <input
            type="checkbox"
            data-testid="make-case"
            checked={makeCase}
            onChange={(e) => setMakeCase(e.target.checked)}
          />
          {t('makeCase')}
        </label>
      )}
      {result === 'problem' && makeCase && <CategoryPicker value={category} onChange={setCategory} />}
      <PhotoField photo={photo} onChange={setPhoto} />
      <LocationField location={location} />
      {error && <p className="error">{error}</p>}
      <button type="submit" className="wide" data-testid="visit-submit">
        {t('submit')}
      </button>
    </form>
  );
}

type Person = Pick<people.Person, 'id' | 'name' | 'idNumber' | 'phone' | 'address' | 'age' | 'tags'>;
type House = Pick<places.House, 'id' | 'address' | 'usage' | 'residents'>;

/** People and houses as the server answers them: masked as the worker's role requires. */
export function LookupScreen() {
  const [q, setQ] = useState('');
  const [people, setPeople] = useState<Person[] | null>(null);
  const [houses, setHouses] = useState<House[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const search = async () => {
    const query = encodeURIComponent(q.trim());
    const [p, h] = await Promise.all([
      call<{ items: Person[] }>(`/api/people?q=${query}&pageSize=20`),
      call<{ items: House[] }>(`/api/houses?q=${query}&pageSize=20`),
    ]);
    if (p.status === 0) return setProblem(t('needsSignal'));
    setProblem(
      p.status === 200 ? null : t('loadFailed', { detail: (p.body as Problem)?.detail ?? p.status }),
    );
    setPeople(p.status === 200 ? p.body.items : []);
    setHouses(h.status === 200 ? h.body.items : []);
  };
  return (
    <section>
      <form
        className="row search"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <input
          data-testid="lookup-q"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('search')}
        />
        <button type="submit" aria-label={t('lookup')}>
          <Icon name="lookup" />
        </button>
      </form>
      {problem && <p className="error">{problem}</p>}
      {people && people.length + (houses?.length ?? 0) === 0 && <p className="empty">{t('nothingFound')}</p>}
      {people && people.length > 0 && <h3>{t('people')}</h3>}
      <ul className="list" data-testid="people">
        {people?.map((p) => (
          <li key={p.id}>
            <div>
              <strong>{p.name}</strong> <span className="muted">{p.age}</span>
              <div className="muted">
                {p.idNumber} · {p.phone ?? '—'}
              </div>
              <div className="muted">{p.address}</div>
            </div>
          </li>
        ))}
      </ul>
      {houses && houses.length > 0 && <h3>{t('houses')}</h3>}
      <ul className="list">
        {houses?.map((h) => (
          <li key={h.id}>
            <div>
              <strong>{h.address}</strong>
              <div className="muted">{t('residents', { n: h.residents })}</div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

type CaseRow = Pick<
  Static<typeof CaseSchema>,
  'id' | 'number' | 'categoryName' | 'description' | 'address' | 'state' | 'version'
>;

/** Cases fed back by the handler, for the worker who reported them to check on site. */
export function VerifyScreen() {
  const [cases, setCases] = useState<CaseRow[] | null>(null);
  const outbox = useOutbox();
  const [reopening, setReopening] = useState<string | null>(null);
  const [note, setNote] = useState('');
  useEffect(() => {
    void cachedGet<{ items: CaseRow[] }>(VERIFY_PATH).then((r) =>
      setCases((r.data?.items ?? []).filter((c) => c.state === 'fed_back')),
    );
  }, []);
  const queuedFor = (id: string) =>
    outbox.some((i) => i.kind === 'move' && i.path.startsWith(`/api/cases/${id}/`) && i.state !== 'sent');
  const move = async (c: CaseRow, name: 'verify' | 'reopen', reason?: string) => {
    await enqueue({
      kind: 'move',
      path: `/api/cases/${c.id}/${name}`,
      body: { version: c.version, ...(reason && { note: reason }) },
      label: `${c.number} ${name === 'verify' ? t('verifyOk') : t('reopen')}`,
    });
    setReopening(null);
    setNote('');
    void syncNow();
  };
  return (
    <section>
      <h3>{t('toVerify')}</h3>
      {cases && cases.length === 0 && <p className="empty">{t('nothingToVerify')}</p>}
      <ul className="list" data-testid="verify-list">
        {cases?.map((c) => (
          <li key={c.id} className="column">
            <div>
              <strong>{c.number}</strong> {c.categoryName}
              <div className="muted">{c.description}</div>
            </div>
            {queuedFor(c.id) ? (
              <span className="badge-state waiting">{t('state_waiting')}</span>
            ) : reopening === c.id ? (
              <div className="row">
                <input
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder={t('reopenReason')}
                />
                <button
                  type="button"
                  disabled={!note.trim()}
                  onClick={() => void move(c, 'reopen', note.trim())}
                >
                  {t('submit')}
                </button>
              </div>
            ) : (
              <div className="row">
                <button type="button" data-testid="verify-ok" onClick={() => void move(c, 'verify')}>
                  {t('verifyOk')}
                </button>
                <button type="button" className="secondary" onClick={() => setReopening(c.id)}>
                  {t('reopen')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ConflictNote({ item }: { item: OutboxItem }) {
  const current = item.current as { state?: string; version?: number } | null | undefined;
  if (!current?.state) return null;
  return (
    <div className="muted">{t('conflictNow', { state: current.state, version: current.version ?? '' })}</div>
  );
}

/** Everything the worker made, with where it stands; nothing leaves the phone silently. */
export function QueueScreen({ user }: { user: User }) {
  const items = useOutbox();
  const [correcting, setCorrecting] = useState<string | null>(null);
  const retry = async (item: OutboxItem, body?: unknown) => {
    for (const next of retriedWithDependents(items, item.id, body)) await store.put(next);
    setCorrecting(null);
    void syncNow();
  };
  return (
    <section>
      <div className="row">
        <button type="button" onClick={() => void syncNow()} data-testid="sync-now">
          {t('syncNow')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            for (const item of items.filter((i) => i.state === 'sent')) await store.delete(item.id);
          }}
        >
          {t('clearSent')}
        </button>
      </div>
      {items.length === 0 && <p className="empty">{t('queueEmpty')}</p>}
      <ul className="list" data-testid="queue">
        {items.map((item) => {
          const current = item.current as { state?: string; version?: number } | null | undefined;
          return (
            <li
              key={item.id}
              className="column"
              data-testid="queue-item"
              data-state={item.state}
              data-kind={item.kind}
            >
              <div>
                <span className={`badge-state ${item.state}`}>{t(`state_${item.state}`)}</span>{' '}
                <strong>{t(`kind_${item.kind}`)}</strong> {item.label}
                {item.error && <div className="error">{item.error}</div>}
                {item.state === 'conflict' && <ConflictNote item={item} />}
              </div>
              {correcting === item.id ? (
                <CorrectReport
                  user={user}
                  item={item}
                  onResend={(body) => void retry(item, body)}
                  onCancel={() => setCorrecting(null)}
                />
              ) : (
                (item.state === 'failed' || item.state === 'conflict') && (
                  <div className="row">
                    {item.state === 'failed' && (
                      <button type="button" onClick={() => void retry(item)}>
                        {t('retry')}
                      </button>
                    )}
                    {item.state === 'failed' && item.kind === 'case' && (
                      <button type="button" data-testid="correct" onClick={() => setCorrecting(item.id)}>
                        {t('correct')}
                      </button>
                    )}
                    {item.state === 'conflict' && item.kind === 'move' && current?.state === 'fed_back' && (
                      <button
                        type="button"
                        onClick={() =>
                          void retry(item, { ...(item.body as object), version: current.version })
                        }
                      >
                        {t('retryWithCurrent')}
                      </button>
                    )}
                    <button type="button" className="secondary" onClick={() => void store.delete(item.id)}>
                      {t('discard')}
                    </button>
                  </div>
                )
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
