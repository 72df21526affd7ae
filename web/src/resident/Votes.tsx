import { useCallback, useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { ReceiptSchema, VoteSchema } from '../../../server/src/modules/votes/votes.schemas.ts';
import { call, problemText } from './api';
import { language } from './i18n';

type Vote = Static<typeof VoteSchema>;
type Receipt = Static<typeof ReceiptSchema>;

/** The votes screen's strings: loaded with the screen, not with the app. */
const zh = {
  votes: '表决',
  noVotes: '暂无可参加的表决',
  back: '返回',
  closesAt: '截止',
  yes: '同意',
  no: '反对',
  abstain: '弃权',
  myHouses: '我的房屋',
  area: '专有部分面积',
  myBallot: '我的选票',
  receipt: '回执码',
  history: '投票记录',
  changeHint: '截止前可以改票，以最后一次为准；共有人中任何一人投票即代表该房屋。',
  counted: '已计入结果',
  notCounted: '未计入结果',
  result: '表决结果',
  passed: '通过',
  rejected: '未通过',
  no_quorum: '参与表决未达法定比例',
  participating: '参与表决',
  total: '全体业主',
  byArea: '按面积（平方米）',
  byHead: '按人数',
  online: '网上',
  paper: '纸质',
  open: '表决中',
  closed: '已截止',
  published: '已公布',
  ordinary: '一般事项（民法典第二百七十八条）：须经参与表决专有部分面积过半数且参与表决人数过半数的业主同意',
  special:
    '重大事项（民法典第二百七十八条第一款第六至八项）：须经参与表决专有部分面积四分之三以上且人数四分之三以上的业主同意',
  quorum: '须专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决',
  simple: '一人一票，过半数同意通过',
};
const en: typeof zh = {
  votes: 'Votes',
  noVotes: 'No vote to take part in',
  back: 'Back',
  closesAt: 'Closes',
  yes: 'Yes',
  no: 'No',
  abstain: 'Abstain',
  myHouses: 'My houses',
  area: 'Exclusive area',
  myBallot: 'My ballot',
  receipt: 'Receipt',
  history: 'Ballots cast',
  changeHint:
    'You may change your vote until it closes; the last one counts. Any co-owner votes for the house.',
  counted: 'Counted in the result',
  notCounted: 'Not counted',
  result: 'Result',
  passed: 'Passed',
  rejected: 'Rejected',
  no_quorum: 'Too few owners took part',
  participating: 'Took part',
  total: 'All owners',
  byArea: 'By area (m²)',
  byHead: 'By head',
  online: 'online',
  paper: 'paper',
  open: 'Open',
  closed: 'Closed',
  published: 'Published',
  ordinary:
    'Ordinary matter (Civil Code art. 278): more than half of the participating area and of the participating owners',
  special:
    'Matter of art. 278 items 6–8: at least three quarters of the participating area and of the participating owners',
  quorum: 'Owners holding at least 2/3 of the area and 2/3 of the owners must take part',
  simple: 'One person, one vote; more than half to pass',
};
type Key = keyof typeof zh;
const useText = () => (key: string) => (language() === 'en' ? en : zh)[key as Key] ?? key;

export default function Votes({ back }: { back: () => void }) {
  const t = useText();
  const [votes, setVotes] = useState<Vote[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    void call<Vote[]>('/api/votes').then((a) => a.status === 200 && setVotes(a.body));
  }, []);
  if (open) return <VoteScreen id={open} back={() => setOpen(null)} />;
  return (
    <section>
      <button type="button" onClick={back}>
        {t('back')}
      </button>
      <h2>{t('votes')}</h2>
      {votes.length === 0 && <p className="muted">{t('noVotes')}</p>}
      {votes.map((v) => (
        <button key={v.id} type="button" className="item" onClick={() => setOpen(v.id)}>
          <span className={`tag ${v.state === 'open' ? 'warn' : 'ok'}`}>{t(v.state)}</span>
          <div>{v.title}</div>
        </button>
      ))}
    </section>
  );
}

function VoteScreen({ id, back }: { id: string; back: () => void }) {
  const t = useText();
  const [vote, setVote] = useState<Vote | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<Receipt | null>(null);
  const load = useCallback(() => {
    void call<Vote>(`/api/votes/${id}`).then((a) => a.status === 200 && setVote(a.body));
  }, [id]);
  useEffect(load, [load]);
  if (!vote) return null;
  const cast = async (choice: 'yes' | 'no' | 'abstain', unitKey?: string) => {
    setError(null);
    const a = await call<Receipt>(`/api/votes/${id}/ballots`, 'POST', { choice, unitKey });
    if (a.status !== 201) return setError(problemText(a));
    setLast(a.body);
    load();
  };
  const rule =
    vote.kind === 'simple' ? t('simple') : vote.matter === 'ordinary' ? t('ordinary') : t('special');
  const r = vote.result;
  return (
    <section>
      <button type="button" onClick={back}>
        {t('back')}
      </button>
      <h2>{vote.title}</h2>
      <p style={{ whiteSpace: 'pre-wrap' }}>{vote.question}</p>
      <p className="answer" data-testid="vote-rule">
        {rule}
        {vote.kind === 'owners' && <br />}
        {vote.kind === 'owners' && t('quorum')}
      </p>
      <p className="muted">
        {t(vote.state)} · {t('closesAt')} {new Date(vote.closesAt).toLocaleString()}
      </p>
      {vote.mine.map((u) => (
        <div key={u.unitKey} className="item">
          <div>
            <strong>{t('myHouses')}</strong>: {u.houses.join('、')}
          </div>
          <div className="muted">
            {t('area')} {u.area} m²
          </div>
          {u.ballot && (
            <div data-testid="my-ballot">
              {t('myBallot')}: <strong>{t(u.ballot.choice)}</strong> ({t(u.ballot.channel)}) · {t('receipt')}{' '}
              <code>{u.ballot.receipt}</code>
              {u.counted !== null && (
                <span className={`tag ${u.counted ? 'ok' : 'warn'}`}>
                  {u.counted ? t('counted') : t('notCounted')}
                </span>
              )}
            </div>
          )}
          {vote.state === 'open' && (
            <div className="row" style={{ gap: 8, marginTop: 8 }}>
              {(['yes', 'no', 'abstain'] as const).map((c) => (
                <button
                  key={c}
                  type="button"
                  className={c === 'yes' ? 'primary' : ''}
                  onClick={() => cast(c, vote.mine.length > 1 ? u.unitKey : undefined)}
                >
                  {t(c)}
                </button>
              ))}
            </div>
          )}
          {u.history.length > 1 && (
            <details>
              <summary className="muted">{t('history')}</summary>
              {u.history.map((h) => (
                <div key={h.receipt} className="muted">
                  {new Date(h.castAt).toLocaleString()} · {t(h.choice)} · {t(h.channel)}{' '}
                  {h.current ? '✓' : ''}
                </div>
              ))}
            </details>
          )}
        </div>
      ))}
      {vote.state === 'open' && <p className="muted">{t('changeHint')}</p>}
      {last && (
        <p className="answer">
          {t('receipt')}: <code>{last.receipt}</code>
        </p>
      )}
      {error && <p className="error">{error}</p>}
      {r && (
        <div className="answer" data-testid="vote-result">
          <strong>
            {t('result')}: {t(r.outcome)}
          </strong>
          {r.total && r.participating && r.yes && r.no && r.abstain && (
            <table style={{ width: '100%', marginTop: 8 }}>
              <thead>
                <tr>
                  <th />
                  <th>{t('byArea')}</th>
                  <th>{t('byHead')}</th>
                </tr>
              </thead>
              <tbody>
                {(
                  [
                    ['total', r.total],
                    ['participating', r.participating],
                    ['yes', r.yes],
                    ['no', r.no],
                    ['abstain', r.abstain],
                  ] as const
                ).map(([k, c]) => (
                  <tr key={k}>
                    <td>{t(k)}</td>
                    <td>{c.area}</td>
                    <td>{c.heads}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {r.kind === 'simple' && (
            <p>
              {t('yes')} {r.yesVotes} · {t('no')} {r.noVotes} · {t('abstain')} {r.abstentions}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
