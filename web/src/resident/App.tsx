import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { CaseSchema } from '../../../server/src/modules/cases/cases.schemas.ts';
import type { NoticeSchema } from '../../../server/src/modules/notices/notices.schemas.ts';
import type {
  AnswererSchema,
  QuestionDetailSchema,
  QuestionSchema,
} from '../../../server/src/modules/questions/questions.schemas.ts';
import type { ContactCardSchema } from '../../../server/src/modules/teams/teams.schemas.ts';
import { call, problemText, setCsrfToken } from './api';
import { toggleLanguage, useT } from './i18n';
import { type LineRef, lineText } from './money';

type Question = Static<typeof QuestionSchema>;
type QuestionDetail = Static<typeof QuestionDetailSchema>;
type Answerer = Static<typeof AnswererSchema>;
type Notice = Static<typeof NoticeSchema>;
type Case = Static<typeof CaseSchema>;
type ContactCard = Static<typeof ContactCardSchema>;
interface User {
  username: string;
  displayName: string;
  role: string;
  areaCode: string;
}
type PhotoUpload = { fileName: string; contentType: string; data: string };
interface PublicCommunity {
  code: string;
  name: string;
  streetName: string;
}

/** The case attachment rules, as the server checks them: JPEG, PNG or WebP, ≤ 5 MB, ≤ 6 a question. */
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const MAX_PHOTOS = 6;
let photoKeys = 0;

function base64Of(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

type Screen =
  | { name: 'home' }
  | { name: 'ask'; line?: LineRef }
  | { name: 'question'; id: string }
  | { name: 'services' }
  | { name: 'votes' }
  | { name: 'accounts' };
// Partners' services: a screen of its own, loaded when opened (the first page stays small).
const Services = lazy(() => import('./Services'));
/** Meetings' votes and owners' votes: a screen of its own, loaded when opened. */
const Votes = lazy(() => import('./Votes'));
/** The committee's accounts: loaded only when opened, to keep the app's first bundle small. */
const Accounts = lazy(() => import('./Accounts'));

export function App() {
  const t = useT();
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [screen, setScreen] = useState<Screen>({ name: 'home' });
  useEffect(() => {
    void call<{ user: User; csrfToken: string }>('/api/auth/me').then((a) => {
      if (a.status === 200) {
        setCsrfToken(a.body.csrfToken);
        setUser(a.body.user);
      } else setUser(null);
    });
  }, []);
  const logout = async () => {
    await call('/api/auth/logout', 'POST');
    setCsrfToken(null);
    setUser(null);
  };
  return (
    <>
      <header>
        <h1>{t('appName')}</h1>
        <div className="row">
          <button type="button" className="plain" onClick={toggleLanguage}>
            {t('language')}
          </button>
          {user && (
            <button type="button" className="plain" onClick={logout}>
              {t('logout')}
            </button>
          )}
        </div>
      </header>
      <main>
        {user === null && <Entry onLogin={setUser} />}
        {user && screen.name === 'home' && user.areaCode.length === 15 && (
          <GridCard gridCode={user.areaCode} />
        )}
        {user && screen.name === 'home' && (
          <button
            type="button"
            className="item"
            data-testid="open-votes"
            onClick={() => setScreen({ name: 'votes' })}
          >
            {t('votes')}
          </button>
        )}
        {user && screen.name === 'votes' && (
          <Suspense fallback={null}>
            <Votes back={() => setScreen({ name: 'home' })} />
          </Suspense>
        )}
        {user && screen.name === 'home' && <MyReports />}
        {user && screen.name === 'home' && <Links communityCode={user.areaCode.slice(0, 12)} />}
        {user && screen.name === 'home' && (
          <button
            type="button"
            className="item"
            data-testid="open-accounts"
            onClick={() => setScreen({ name: 'accounts' })}
          >
            📒 {t('accounts')}
          </button>
        )}
        {user && screen.name === 'accounts' && (
          <Suspense fallback={null}>
            <Accounts
              back={() => setScreen({ name: 'home' })}
              askAbout={(line) => setScreen({ name: 'ask', line })}
            />
          </Suspense>
        )}
        {user && screen.name === 'home' && (
          <button type="button" className="primary" onClick={() => setScreen({ name: 'services' })}>
            {t('services')}
          </button>
        )}
        {user && screen.name === 'services' && (
          <Suspense fallback={<p className="muted">…</p>}>
            <Services back={() => setScreen({ name: 'home' })} />
          </Suspense>
        )}
        {user && screen.name === 'home' && (
          <Home open={(id) => setScreen({ name: 'question', id })} ask={() => setScreen({ name: 'ask' })} />
        )}
        {user && screen.name === 'home' && <PublicLinks communityCode={user.areaCode.slice(0, 12)} />}
        {user && screen.name === 'ask' && (
          <Ask
            line={screen.line}
            done={(id) => setScreen({ name: 'question', id })}
            back={() => setScreen(screen.line ? { name: 'accounts' } : { name: 'home' })}
          />
        )}
        {user && screen.name === 'question' && (
          <QuestionScreen id={screen.id} back={() => setScreen({ name: 'home' })} />
        )}
      </main>
    </>
  );
}

function Entry({ onLogin }: { onLogin: (u: User) => void }) {
  const t = useT();
  const [tab, setTab] = useState<'login' | 'signup' | 'apply'>('login');
  const [form, setForm] = useState({
    username: '',
    password: '',
    name: '',
    idNumber: '',
    phone: '',
    code: '',
    communityCode: '',
    address: '',
    note: '',
  });
  const [communities, setCommunities] = useState<PublicCommunity[]>([]);
  useEffect(() => {
    if (tab !== 'apply' || communities.length > 0) return;
    void call<PublicCommunity[]>('/api/public/communities').then((a) => {
      if (a.status !== 200) return;
      setCommunities(a.body);
      setForm((f) => ({ ...f, communityCode: f.communityCode || (a.body[0]?.code ?? '') }));
    });
  }, [tab, communities.length]);
  const [signupId, setSignupId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const field = (key: keyof typeof form, label: string, type = 'text') => (
    <>
      <label htmlFor={key}>{label}</label>
      <input
        id={key}
        name={key}
        type={type}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </>
  );
  const login = async () => {
    setError(null);
    const a = await call<{ user: User; csrfToken: string }>('/api/auth/login', 'POST', {
      username: form.username,
      password: form.password,
    });
    if (a.status !== 200) return setError(problemText(a));
    setCsrfToken(a.body.csrfToken);
    onLogin(a.body.user);
  };
  const start = async () => {
    setError(null);
    const { name, idNumber, phone, username, password } = form;
    const a = await call<{ signupId: string }>(
      tab === 'apply' ? '/api/resident-applications' : '/api/resident-signup',
      'POST',
      tab === 'apply'
        ? {
            name,
            idNumber,
            phone,
            username,
            password,
            communityCode: form.communityCode,
            address: form.address,
            note: form.note || undefined,
          }
        : { name, idNumber, phone, username, password },
    );
    if (a.status !== 201) return setError(problemText(a));
    setSignupId(a.body.signupId);
  };
  const verify = async () => {
    setError(null);
    const a = await call<{ state: string }>(`/api/resident-signup/${signupId}/verify`, 'POST', {
      code: form.code,
    });
    if (a.status !== 200) return setError(problemText(a));
    setSignupId(null);
    setTab('login');
    setMessage(t(a.body.state === 'awaiting_approval' ? 'applied' : 'signedUp'));
  };
  return (
    <section>
      <nav className="tabs">
        <button type="button" className={tab === 'login' ? 'on' : ''} onClick={() => setTab('login')}>
          {t('login')}
        </button>
        <button type="button" className={tab === 'signup' ? 'on' : ''} onClick={() => setTab('signup')}>
          {t('signup')}
        </button>
        <button type="button" className={tab === 'apply' ? 'on' : ''} onClick={() => setTab('apply')}>
          {t('apply')}
        </button>
      </nav>
      {message && <p className="muted">{message}</p>}
      {tab === 'login' ? (
        <>
          {field('username', t('username'))}
          {field('password', t('password'), 'password')}
          <button type="button" className="primary" onClick={login}>
            {t('login')}
          </button>
        </>
      ) : signupId ? (
        <>
          {field('code', t('code'))}
          <button type="button" className="primary" onClick={verify}>
            {t('verify')}
          </button>
        </>
      ) : (
        <>
          <p className="muted">{t(tab === 'apply' ? 'applyHint' : 'signupHint')}</p>
          {field('name', t('name'))}
          {field('idNumber', t('idNumber'))}
          {field('phone', t('phone'), 'tel')}
          {tab === 'apply' && (
            <>
              <label htmlFor="communityCode">{t('community')}</label>
              <select
                id="communityCode"
                value={form.communityCode}
                onChange={(e) => setForm({ ...form, communityCode: e.target.value })}
              >
                {communities.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.streetName} · {c.name}
                  </option>
                ))}
              </select>
              {field('address', t('address'))}
              {field('note', t('note'))}
            </>
          )}
          {field('username', t('username'))}
          {field('password', t('password'), 'password')}
          <button type="button" className="primary" onClick={start}>
            {t('sendCode')}
          </button>
        </>
      )}
      {error && <p className="error">{error}</p>}
      <PublicLinks />
    </section>
  );
}

/** The public pages (no login): answered questions and answerers' records, and public notices. */
function PublicLinks({ communityCode }: { communityCode?: string }) {
  const t = useT();
  const query = communityCode ? `?community=${communityCode}` : '';
  return (
    <p className="row" style={{ marginTop: 12, flexWrap: 'wrap' }}>
      <a href={`/public/questions${query}`}>{t('publicQuestions')}</a>
      <a href={`/public/notices${query}`}>{t('publicNotices')}</a>
    </p>
  );
}

function stateTag(q: Question, t: ReturnType<typeof useT>) {
  if (q.state === 'answered') return <span className="tag ok">{t('answered')}</span>;
  if (q.state === 'held') return <span className="tag warn">{t('held')}</span>;
  if (q.state === 'hidden') return <span className="tag">{t('hidden')}</span>;
  return <span className="tag warn">{t('waiting')}</span>;
}

function Home({ open, ask }: { open: (id: string) => void; ask: () => void }) {
  const t = useT();
  const [questions, setQuestions] = useState<Question[]>([]);
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => {
    void call<{ items: Question[] }>('/api/questions/mine').then(
      (a) => a.status === 200 && setQuestions(a.body.items),
    );
    void call<Notice[]>('/api/notices').then((a) => a.status === 200 && setNotices(a.body));
  }, []);
  return (
    <>
      <button type="button" className="primary" onClick={ask}>
        {t('ask')}
      </button>
      <section style={{ marginTop: 12 }}>
        <h2>{t('myQuestions')}</h2>
        {questions.length === 0 && <p className="muted">{t('noQuestions')}</p>}
        {questions.map((q) => (
          <button key={q.id} type="button" className="item" onClick={() => open(q.id)}>
            {stateTag(q, t)}
            <span className="muted">{q.answererLabel}</span>
            {q.line && <div className="muted">{lineText(q.line)}</div>}
            <div>{q.text.slice(0, 60)}</div>
          </button>
        ))}
      </section>
      <section>
        <h2>{t('notices')}</h2>
        {notices.length === 0 && <p className="muted">{t('noNotices')}</p>}
        {notices.map((n) => (
          <details
            key={n.id}
            className="item"
            onToggle={() => !n.read && void call(`/api/notices/${n.id}/read`, 'POST')}
          >
            <summary>
              {n.pinned && <span className="tag warn">📌</span>}
              {n.title}
            </summary>
            <p style={{ whiteSpace: 'pre-wrap' }}>{n.body}</p>
            <p className="muted">
              {n.authorName} · {n.publishedAt.slice(0, 10)}
            </p>
          </details>
        ))}
      </section>
    </>
  );
}

/** The ask form; opened from a statement line, it is put to the estate's committee about that line. */
function Ask({ done, back, line }: { done: (id: string) => void; back: () => void; line?: LineRef }) {
  const t = useT();
  const [answerers, setAnswerers] = useState<Answerer[]>([]);
  const [who, setWho] = useState('');
  const [text, setText] = useState('');
  const [isPublic, setPublic] = useState(true);
  const [photos, setPhotos] = useState<(PhotoUpload & { key: number })[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  useEffect(() => {
    void call<Answerer[]>('/api/question-answerers').then((a) => {
      if (a.status !== 200) return;
      setAnswerers(a.body);
      if (line) setWho(`committee:${line.estateId}`);
      else if (a.body[0]) setWho(`${a.body[0].kind}:${a.body[0].id}`);
    });
  }, [line]);
  // The line stays with the question while its committee is the one asked.
  const aboutLine = line && who === `committee:${line.estateId}` ? line : undefined;
  const submit = async () => {
    const [kind, id] = who.split(':');
    const body =
      kind === 'deputy'
        ? { answererKind: 'deputy', answererId: id }
        : kind === 'committee'
          ? {
              answererKind: 'committee',
              estateId: id,
              ...(aboutLine ? { statementId: aboutLine.statementId, lineId: aboutLine.lineId } : {}),
            }
          : { answererKind: 'department', departmentCode: id };
    setSending(true);
    const a = await call<{ id: string }>('/api/questions', 'POST', {
      ...body,
      isPublic,
      text,
      photos: photos.length > 0 ? photos.map(({ key: _, ...upload }) => upload) : undefined,
    });
    setSending(false);
    if (a.status !== 201) return setError(problemText(a));
    done(a.body.id);
  };
  const addPhotos = async (files: FileList | null) => {
    setError(null);
    const chosen = [...(files ?? [])];
    if (photos.length + chosen.length > MAX_PHOTOS) return setError(t('tooManyPhotos'));
    const added: (PhotoUpload & { key: number })[] = [];
    for (const file of chosen) {
      if (!PHOTO_TYPES.includes(file.type) || file.size > MAX_PHOTO_BYTES) return setError(t('badPhoto'));
      added.push({
        key: ++photoKeys,
        fileName: file.name,
        contentType: file.type,
        data: await base64Of(file),
      });
    }
    setPhotos([...photos, ...added]);
  };
  return (
    <section>
      <button type="button" onClick={back}>
        {t('back')}
      </button>
      <label htmlFor="who">{t('askWho')}</label>
      <select id="who" value={who} onChange={(e) => setWho(e.target.value)}>
        {answerers.map((a) => (
          <option key={`${a.kind}:${a.id}`} value={`${a.kind}:${a.id}`}>
            {t(a.kind)} · {a.name}
          </option>
        ))}
      </select>
      {aboutLine && (
        <p className="muted" data-testid="ask-line">
          {t('aboutLine')}
          {lineText(aboutLine)}
        </p>
      )}
      <label htmlFor="text">{t('question')}</label>
      <textarea id="text" maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      <label className="row">
        <input
          type="checkbox"
          style={{ width: 'auto' }}
          checked={isPublic}
          onChange={(e) => setPublic(e.target.checked)}
        />
        {t('isPublic')}
      </label>
      <label htmlFor="photos">{t('photos')}</label>
      {/* The browser's own file button speaks the browser's language ("Choose Files"): a button of ours instead. */}
      <label htmlFor="photos" className={`file-pick${photos.length >= MAX_PHOTOS ? ' disabled' : ''}`}>
        {t('choosePhotos')}
      </label>
      <input
        id="photos"
        className="visually-hidden"
        type="file"
        accept={PHOTO_TYPES.join(',')}
        multiple
        disabled={photos.length >= MAX_PHOTOS}
        onChange={(e) => {
          void addPhotos(e.target.files);
          e.target.value = '';
        }}
      />
      {photos.length > 0 && (
        <div className="row" style={{ flexWrap: 'wrap' }} data-testid="ask-photos">
          {photos.map((ph) => (
            <button
              key={ph.key}
              type="button"
              className="plain"
              aria-label={`${t('removePhoto')} ${ph.fileName}`}
              onClick={() => setPhotos(photos.filter((other) => other.key !== ph.key))}
            >
              <img alt={ph.fileName} className="thumb" src={`data:${ph.contentType};base64,${ph.data}`} />
            </button>
          ))}
        </div>
      )}
      <button type="button" className="primary" disabled={sending} onClick={submit}>
        {t('submit')}
      </button>
      {error && <p className="error">{error}</p>}
    </section>
  );
}

function QuestionScreen({ id, back }: { id: string; back: () => void }) {
  const t = useT();
  const [q, setQ] = useState<QuestionDetail | null>(null);
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    void call<QuestionDetail>(`/api/questions/${id}`).then((a) => a.status === 200 && setQ(a.body));
  }, [id]);
  useEffect(load, [load]);
  const act = async (path: string, json?: unknown) => {
    const a = await call<QuestionDetail>(`/api/questions/${id}/${path}`, 'POST', json);
    if (a.status !== 200) return setError(problemText(a));
    setQ(a.body);
  };
  if (!q) return null;
  return (
    <section>
      <button type="button" onClick={back}>
        {t('back')}
      </button>
      <p className="muted">
        {q.number} · {q.answererLabel} {stateTag(q, t)}
      </p>
      {q.line && (
        <p className="muted" data-testid="question-line">
          {t('aboutLine')}
          {lineText(q.line)}
        </p>
      )}
      <p style={{ whiteSpace: 'pre-wrap' }}>{q.text}</p>
      {q.photos.length > 0 && (
        <div className="row" style={{ flexWrap: 'wrap' }} data-testid="question-photos">
          {q.photos.map((ph) => (
            <a key={ph.id} href={`/api/questions/${q.id}/photos/${ph.id}`} target="_blank" rel="noreferrer">
              <img alt={ph.fileName} className="thumb" src={`/api/questions/${q.id}/photos/${ph.id}`} />
            </a>
          ))}
        </div>
      )}
      {q.state === 'open' && q.dueAt && (
        <p className="muted">
          {t('dueBy')} {new Date(q.dueAt).toLocaleString()}
        </p>
      )}
      {q.answerText && (
        <div className="answer">
          <strong>
            {t('answer')} · {q.answererName}
          </strong>
          {q.answerEdited && <span className="tag">{t('edited')}</span>}
          <div>{q.answerText}</div>
        </div>
      )}
      {q.mine && q.state === 'answered' && q.rating === null && (
        <>
          <h2 style={{ marginTop: 12 }}>{t('rate')}</h2>
          <div className="stars">
            {[1, 2, 3, 4, 5].map((n) => (
              <button
                key={n}
                type="button"
                aria-label={`${n}`}
                className={n <= rating ? 'on' : ''}
                onClick={() => setRating(n)}
              >
                ★
              </button>
            ))}
          </div>
          <label htmlFor="comment">{t('comment')}</label>
          <input id="comment" value={comment} onChange={(e) => setComment(e.target.value)} />
          <button
            type="button"
            className="primary"
            disabled={rating === 0}
            onClick={() => act('rating', { rating, comment: comment || undefined })}
          >
            {t('submit')}
          </button>
        </>
      )}
      {q.rating !== null && (
        <p>
          {t('rated')}: {'★'.repeat(q.rating)} {q.ratingComment}
        </p>
      )}
      {q.mine && q.state === 'answered' && q.rating !== null && q.rating <= 2 && !q.reopened && (
        <button type="button" onClick={() => act('reopen')}>
          {t('reopen')}
        </button>
      )}
      {error && <p className="error">{error}</p>}
    </section>
  );
}

interface Link {
  kind: string;
  name: string;
  url: string;
  qrSvg: string;
}

/** The community's WeChat/Weibo groups and official accounts, with the QR codes the server made. */
function Links({ communityCode }: { communityCode: string }) {
  const t = useT();
  const [links, setLinks] = useState<Link[]>([]);
  useEffect(() => {
    void call<Link[]>(`/api/public/communities/${communityCode}/links`).then(
      (a) => a.status === 200 && setLinks(a.body),
    );
  }, [communityCode]);
  if (links.length === 0) return null;
  return (
    <section>
      <h2>{t('links')}</h2>
      <div className="row" style={{ flexWrap: 'wrap' }}>
        {links.map((l) => (
          <a key={l.url} href={l.url} style={{ textAlign: 'center', width: 120 }}>
            <img
              alt={l.name}
              width={110}
              height={110}
              src={`data:image/svg+xml;utf8,${encodeURIComponent(l.qrSvg)}`}
            />
            <div className="muted">{l.name}</div>
          </a>
        ))}
      </div>
    </section>
  );
}

/** The resident's grid: its head, team members and the forces' contacts, with work phones. */
function GridCard({ gridCode }: { gridCode: string }) {
  const t = useT();
  const [card, setCard] = useState<ContactCard | null>(null);
  useEffect(() => {
    void call<ContactCard>(`/api/grids/${gridCode}/contacts`).then(
      (a) => a.status === 200 && setCard(a.body),
    );
  }, [gridCode]);
  if (!card) return null;
  const people = [...(card.head ? [card.head] : []), ...card.teams.flatMap((team) => team.members)];
  return (
    <section data-testid="grid-card">
      <h2>
        {t('myGrid')} · {card.gridName}
      </h2>
      {people.length === 0 && <p className="muted">{t('noContacts')}</p>}
      {people.map((p) => (
        <div key={`${p.name}-${p.role}`} className="item">
          <strong>{p.name}</strong> <span className="muted">{p.role}</span>
          {p.workPhone && (
            <div>
              <a href={`tel:${p.workPhone}`}>{p.workPhone}</a>
            </div>
          )}
        </div>
      ))}
      {card.forces.map((f) => (
        <div key={f.forceCode} className="item">
          <strong>{f.forceName}</strong> {f.unit && <span className="muted">{f.unit}</span>}
          {f.contacts.map((c) => (
            <div key={`${c.name}-${c.role}`}>
              {c.name} <span className="muted">{c.role}</span>{' '}
              {c.workPhone && <a href={`tel:${c.workPhone}`}>{c.workPhone}</a>}
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}

/** The cases the resident reported (a question turned into a case is one of them). */
function MyReports() {
  const t = useT();
  const [cases, setCases] = useState<Case[]>([]);
  useEffect(() => {
    void call<{ items: Case[] }>('/api/cases?mine=true&pageSize=20').then(
      (a) => a.status === 200 && setCases(a.body.items),
    );
  }, []);
  return (
    <section data-testid="my-reports">
      <h2>{t('myReports')}</h2>
      {cases.length === 0 && <p className="muted">{t('noReports')}</p>}
      {cases.map((c) => (
        <details key={c.id} className="item">
          <summary>
            <span className={`tag ${c.closedAt ? 'ok' : 'warn'}`}>
              {t(c.closedAt ? 'reportClosed' : 'reportOpen')}
            </span>{' '}
            {c.number} · {c.categoryName}
          </summary>
          <p style={{ whiteSpace: 'pre-wrap' }}>{c.description}</p>
          <p className="muted">
            {c.reportedAt.slice(0, 10)}
            {c.satisfaction !== null && ` · ${t('rated')} ${c.satisfaction}`}
          </p>
        </details>
      ))}
    </section>
  );
}
