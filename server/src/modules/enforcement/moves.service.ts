import type { Auth } from '../../platform/auth/auth.service.ts';
import { recordEvents } from '../../platform/domain-events.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { loadCalendar } from '../cases/index.ts';
import { orgRef } from '../registry/index.ts';
import { planAlarm } from './enforcement.alarm.ts';
import {
  afterDays,
  afterWorkingDays,
  cstDay,
  DECISION_DAYS,
  RULES,
  refusal,
  SERVICE_DAYS,
} from './enforcement.machine.ts';
import { fieldError, moveRefused } from './enforcement.messages.ts';
import * as repo from './enforcement.repository.ts';
import type { MoveInput } from './enforcement.schemas.ts';
import {
  type EnforcementContext,
  enforcementSettings,
  type MatterRow,
  matterDetail,
  visibleMatter,
} from './enforcement.service.ts';
import { secondOfficer } from './officers.ts';
import { publicText } from './publication.ts';

/** The kind of the domain event a final decision against an organization records. */
export const DECISION_FINAL_EVENT = 'enforcement.decision_final';

type Tx = Parameters<typeof repo.lockMatter>[0];

const required = (field: string, value: string | undefined | null) => {
  const text = value?.trim();
  if (!text) throw fieldError(field, 'required');
  return text;
};

/** Takes one step of the procedure on a matter. */
export async function makeMove(
  ctx: EnforcementContext,
  auth: Auth | null,
  id: string,
  input: MoveInput,
  lang: Lang,
) {
  const { caller } = await visibleMatter(ctx.db, auth, id);
  const move = input.move;
  const rule = RULES[move];
  if (!caller.permissions.includes(rule.permission)) throw new AppError('forbidden');
  const [calendar, settings] = await Promise.all([loadCalendar(ctx.db), enforcementSettings(ctx.db)]);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const m = (await repo.lockMatter(trx, id))!;
    if (m.version !== input.version) throw new AppError('version_conflict', { currentVersion: m.version });
    const why = refusal(move, { ...m, evidence: await repo.countEvidence(trx, m.id) });
    if (why) throw moveRefused(move, why);
    const officer = rule.onSite ? await secondOfficer(trx, caller, input.secondOfficerId) : null;
    const now = new Date();
    const set: Parameters<typeof repo.updateMatter>[2] = {};
    if (rule.to) set.state = rule.to;
    const data: Record<string, unknown> = {};
    switch (move) {
      case 'file':
        set.filed_at = now;
        set.decision_deadline = afterDays(now, DECISION_DAYS);
        set.step_deadline = set.decision_deadline;
        break;
      case 'drop':
        set.closed_at = now;
        set.outcome = m.state === 'discovered' ? 'not_filed' : 'no_penalty';
        set.step_deadline = null;
        data.reason = required('note', input.note);
        break;
      case 'notify':
        set.penalty = required('penalty', input.penalty ?? m.penalty);
        set.legal_basis = required('legalBasis', input.legalBasis ?? m.legal_basis);
        if (input.major !== undefined) set.major = input.major;
        Object.assign(data, {
          penalty: set.penalty,
          legalBasis: set.legal_basis,
          major: set.major ?? m.major,
        });
        break;
      case 'request_hearing':
        set.hearing_requested = true;
        break;
      case 'approve':
        set.review_opinion = input.note?.trim() || null;
        set.reviewed_by = caller.displayName;
        set.reviewed_at = now;
        break;
      case 'return':
        set.review_opinion = required('note', input.note);
        set.reviewed_by = caller.displayName;
        set.reviewed_at = now;
        break;
      case 'decide': {
        const documentNumber = required('documentNumber', input.documentNumber);
        if (await repo.documentNumberTaken(trx, documentNumber))
          throw fieldError('documentNumber', 'duplicate');
        set.document_number = documentNumber;
        set.penalty = required('penalty', input.penalty ?? m.penalty);
        set.legal_basis = required('legalBasis', input.legalBasis ?? m.legal_basis);
        set.decided_at = now;
        set.outcome = 'penalized';
        set.service_deadline = afterDays(now, SERVICE_DAYS);
        set.step_deadline = set.service_deadline;
        set.publication_due = afterWorkingDays(calendar, now, settings.publicationWorkingDays);
        Object.assign(data, { documentNumber, penalty: set.penalty, legalBasis: set.legal_basis });
        break;
      }
      case 'serve':
        set.served_at = now;
        set.step_deadline = null;
        break;
      case 'execute':
        set.executed_at = now;
        break;
      case 'close':
        set.closed_at = now;
        break;
      case 'publish': {
        const org = m.org_id ? await orgRef(trx, m.org_id) : null;
        set.published_at = now;
        set.public_text = JSON.stringify(
          publicText({ ...m, credit_code: org?.credit_code ?? null, decided_on: cstDay(m.decided_at!) }),
        );
        break;
      }
      case 'extend': {
        const days = input.extensionDays;
        if (!days) throw fieldError('extensionDays', 'required');
        set.extension_days = days;
        set.extension_reason = required('note', input.note);
        set.decision_deadline = new Date(m.decision_deadline!.getTime() + days * 86_400_000);
        set.step_deadline = set.decision_deadline;
        data.days = days;
        break;
      }
    }
    if ('step_deadline' in set) set.alarm = null;
    if (rule.to) set.step_started_at = now;
    const updated = await repo.updateMatter(trx, m.id, set);
    await repo.insertSteps(trx, [
      {
        matter_id: m.id,
        move,
        state: updated.state,
        acted_at: now,
        actor_id: caller.userId,
        actor_name: caller.displayName,
        second_officer_id: officer?.id ?? null,
        second_officer_name: officer?.display_name ?? null,
        note: input.note?.trim() || null,
        data: JSON.stringify(data),
      },
    ]);
    if ('step_deadline' in set) await planAlarm(trx, updated);
    if (move === 'decide' && updated.party_kind === 'org') await recordDecision(trx, updated);
    return updated;
  });
  return matterDetail(ctx, caller, row, lang);
}

/** The organization's credit record learns of a final decision through this event (docs/architecture.md). */
async function recordDecision(trx: Tx, m: MatterRow) {
  const org = (await orgRef(trx, m.org_id!)) ?? null;
  await recordEvents(trx, [
    {
      kind: DECISION_FINAL_EVENT,
      subjectType: 'org',
      subjectId: m.org_id!,
      areaCode: org?.grid_code ?? m.grid_code,
      occurredAt: m.decided_at!,
      payload: {
        creditCode: org?.credit_code ?? null,
        orgName: m.party_name,
        documentNumber: m.document_number!,
        decidedOn: cstDay(m.decided_at!),
        penalty: m.penalty!,
        legalBasis: m.legal_basis!,
        major: m.major,
        matterId: m.id,
      },
    },
  ]);
}
