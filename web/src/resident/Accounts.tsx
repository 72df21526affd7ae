import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type {
  MineSchema,
  StatementDetailSchema,
} from '../../../server/src/modules/disclosure/disclosure.schemas.ts';
import { call } from './api';
import { useT } from './i18n';
import { type LineRef, yuan } from './money';

type Mine = Static<typeof MineSchema>;
type Detail = Static<typeof StatementDetailSchema>;

/**
 * An owner's view of their estates' homeowners' committee accounts: the published statements,
 * newest period first, each revision shown (a correction with its reason), lines with vouchers.
 * Each line of a published statement can be asked about (a question to the committee).
 */
export default function Accounts({
  back,
  askAbout,
}: {
  back: () => void;
  askAbout: (line: LineRef) => void;
}) {
  const t = useT();
  const [mine, setMine] = useState<Mine | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    void call<Mine>('/api/disclosure/mine').then((a) => a.status === 200 && setMine(a.body));
  }, []);
  if (open)
    return <Statement id={open} back={() => setOpen(null)} openRevision={setOpen} askAbout={askAbout} />;
  return (
    <section data-testid="accounts">
      <button type="button" onClick={back}>
        {t('back')}
      </button>
      <h2>{t('accounts')}</h2>
      {mine && mine.estates.length === 0 && <p className="muted">{t('noAccounts')}</p>}
      {mine?.estates.map((e) => (
        <div key={e.id}>
          <h3>{e.name}</h3>
          <ul className="list">
            {mine.statements
              .filter((s) => s.estateId === e.id)
              .map((s) => (
                <li key={s.id}>
                  <button type="button" className="plain" onClick={() => setOpen(s.id)}>
                    {s.period} · {t('revision').replace('{n}', String(s.revision))}
                    {s.late && <span className="tag">{t('lateTag')}</span>}
                    {!s.current && <span className="tag">{t('superseded')}</span>}
                  </button>
                  <div className="muted">
                    {t('income')} {yuan(s.income)} · {t('expense')} {yuan(s.expense)} · {t('closing')}{' '}
                    {yuan(s.closingBalance)}
                  </div>
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function Statement({
  id,
  back,
  openRevision,
  askAbout,
}: {
  id: string;
  back: () => void;
  openRevision: (id: string) => void;
  askAbout: (line: LineRef) => void;
}) {
  const t = useT();
  const [s, setS] = useState<Detail | null>(null);
  useEffect(() => {
    void call<Detail>(`/api/disclosure/statements/${id}`).then((a) => a.status === 200 && setS(a.body));
  }, [id]);
  if (!s) return null;
  return (
    <section data-testid="statement">
      <button type="button" onClick={back}>
        {t('back')}
      </button>
      <h2>
        {s.estateName} · {s.period}
      </h2>
      <p className="muted">
        {t('revision').replace('{n}', String(s.revision))}
        {s.publishedAt && ` · ${new Date(s.publishedAt).toLocaleDateString()}`}
        {s.late && <span className="tag">{t('lateTag')}</span>}
        {!s.current && <span className="tag">{t('superseded')}</span>}
      </p>
      {s.correctionReason && (
        <p>
          {t('correction')}: {s.correctionReason}
        </p>
      )}
      <p>
        {t('opening')} {yuan(s.openingBalance)} + {t('income')} {yuan(s.income)} − {t('expense')}{' '}
        {yuan(s.expense)} ={' '}
        <strong>
          {t('closing')} {yuan(s.closingBalance)}
        </strong>
      </p>
      <ul className="list">
        {s.lines.map((l) => (
          <li key={l.id}>
            <div>
              {l.occurredOn} · {l.categoryLabel} ·{' '}
              <strong>
                {l.direction === 'income' ? '+' : '−'}
                {yuan(l.amount)}
              </strong>
            </div>
            <div className="muted">
              {l.counterparty}
              {l.description ? ` · ${l.description}` : ''}
            </div>
            {s.state === 'published' && (
              <button
                type="button"
                className="small"
                data-testid="ask-about-line"
                onClick={() =>
                  askAbout({
                    estateId: s.estateId,
                    statementId: s.id,
                    lineId: l.id,
                    period: s.period,
                    categoryLabel: l.categoryLabel,
                    direction: l.direction,
                    amount: l.amount,
                  })
                }
              >
                {t('askAboutLine')}
              </button>
            )}
            {l.vouchers.map((v) => (
              <a
                key={v.id}
                href={`/api/disclosure/statements/${s.id}/vouchers/${v.id}`}
                target="_blank"
                rel="noreferrer"
              >
                {t('vouchers')}: {v.fileName}
              </a>
            ))}
          </li>
        ))}
      </ul>
      {s.revisions.length > 1 && (
        <p>
          {s.revisions.map((r) => (
            <button key={r.id} type="button" className="plain" onClick={() => openRevision(r.id)}>
              {t('revision').replace('{n}', String(r.revision))}
            </button>
          ))}
        </p>
      )}
    </section>
  );
}
