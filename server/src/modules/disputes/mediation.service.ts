import { isWithin, parentOf } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { cancelJobs, enqueue } from '../../platform/jobs.ts';
import { loadCalendar, reportCase, type WorkingCalendar } from '../cases/index.ts';
import { addDays, addFollowUpTasks, cstDay, cstMidnight } from '../patrols/index.ts';
import { activeAccount } from '../users/index.ts';
import { fieldError } from './disputes.messages.ts';
import { check, type Move } from './disputes.policy.ts';
import * as repo from './disputes.repository.ts';
import type { AssignBody, ExtendBody, NoteBody, OutcomeBody, SessionBody } from './disputes.schemas.ts';
import { type DisputesContext, getDispute, streetAndDistrict, visibleDispute } from './disputes.service.ts';

/**
 * Mediation: a mediator or committee assigned, sessions, the outcome. The deadline is counted in
 * working days on the cases' working calendar (30 by default; extended once, with a reason), with
 * a yellow warning at 80% of the time and a red one when it passes, through the job queue.
 */
export const MEDIATION_DAYS = 30;
export const EXTENSION_DAYS = 15;
export const YELLOW_SHARE = 0.8;
export const DISPUTE_ALARM_JOB = 'disputes.alarm';
/** Follow-up visits after an agreement, in calendar days. */
export const FOLLOW_UP_DAYS = [7, 30];

/** The end (24:00 CST) of the n-th working day after `from`. */
export function workingDeadline(
  calendar: Pick<WorkingCalendar, 'isWorkday'>,
  from: Date,
  days: number,
): Date {
  let day = cstDay(from);
  for (let counted = 0; counted < days; ) {
    day = addDays(day, 1);
    if (calendar.isWorkday(day)) counted++;
  }
  return cstMidnight(addDays(day, 1));
}

type Tx = Parameters<typeof repo.insertEvent>[0];

async function planAlarms(trx: Tx, id: string, start: Date, deadline: Date) {
  const yellowAt = new Date(start.getTime() + YELLOW_SHARE * (deadline.getTime() - start.getTime()));
  await enqueue(trx, {
    kind: DISPUTE_ALARM_JOB,
    key: id,
    runAt: yellowAt,
    payload: { disputeId: id, deadline: deadline.toISOString(), level: 'yellow' },
  });
}

/** Locks the dispute, checks the caller may make the move at the version they saw, and runs `change`. */
async function move(
  ctx: DisputesContext,
  caller: Auth,
  id: string,
  name: Move,
  version: number,
  change: (trx: Tx, row: NonNullable<Awaited<ReturnType<typeof repo.lockDispute>>>) => Promise<void>,
) {
  await visibleDispute(ctx, caller, id);
  await ctx.db.transaction().execute(async (trx) => {
    const row = (await repo.lockDispute(trx, id))!;
    check(caller, name, row);
    if (row.version !== version) throw new AppError('version_conflict', { currentVersion: row.version });
    await change(trx, row);
  });
}

function event(
  trx: Tx,
  id: string,
  caller: Auth,
  action: string,
  note: string | null,
  data: Record<string, unknown> = {},
) {
  return repo.insertEvent(trx, {
    dispute_id: id,
    action,
    actor_id: caller.userId,
    actor_name: caller.displayName,
    note,
    data: JSON.stringify(data),
  });
}

export async function assign(
  ctx: DisputesContext,
  auth: Auth | null,
  id: string,
  input: AssignBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'disputes.read');
  if ((input.mediatorId === undefined) === (input.committee === undefined))
    throw fieldError('mediatorId', 'mediator_or_committee');
  await move(ctx, caller, id, 'assign', input.version, async (trx, row) => {
    let mediatorName: string | null = null;
    if (input.mediatorId) {
      const account = await activeAccount(trx, input.mediatorId);
      const m = account?.role === 'mediator' ? account : undefined;
      // The mediator's area covers the grid, or lies inside the caller's area (a community's mediator).
      const covers = m && (isWithin(row.grid_code, m.area_code) || isWithin(m.area_code, caller.areaCode));
      if (!m || !covers) throw fieldError('mediatorId', 'not_mediator');
      mediatorName = m.display_name;
    }
    const now = new Date();
    const first = row.state === 'reported';
    const deadline = first ? workingDeadline(await loadCalendar(ctx.db), now, MEDIATION_DAYS) : row.deadline;
    await repo.updateDispute(trx, id, row.version, {
      state: 'mediating',
      mediator_id: input.mediatorId ?? null,
      committee: input.committee?.trim() ?? null,
      ...(first && { assigned_at: now, deadline }),
    });
    if (first && deadline) await planAlarms(trx, id, now, deadline);
    await event(trx, id, caller, 'assign', null, {
      mediator: mediatorName,
      committee: input.committee ?? null,
      deadline: deadline?.toISOString() ?? null,
    });
    await audit(trx, caller, {
      action: 'dispute.assign',
      targetType: 'dispute',
      targetId: id,
      detail: { mediatorId: input.mediatorId ?? null },
    });
  });
  return getDispute(ctx, caller, id, lang);
}

export async function addSession(
  ctx: DisputesContext,
  auth: Auth | null,
  id: string,
  input: SessionBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'disputes.read');
  if (input.heldOn > cstDay(new Date())) throw fieldError('heldOn', 'in_future');
  await move(ctx, caller, id, 'session', input.version, async (trx, row) => {
    await repo.insertSession(trx, {
      dispute_id: id,
      held_on: input.heldOn,
      place: input.place.trim(),
      attendees: input.attendees.trim(),
      notes: input.notes ?? '',
      recorded_by: caller.userId,
    });
    await repo.updateDispute(trx, id, row.version, {});
    await event(trx, id, caller, 'session', null, { heldOn: input.heldOn, place: input.place });
  });
  return getDispute(ctx, caller, id, lang);
}

export async function recordOutcome(
  ctx: DisputesContext,
  auth: Auth | null,
  id: string,
  input: OutcomeBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'disputes.read');
  const terms = input.terms?.trim() || null;
  const body = input.receivingBody?.trim() || null;
  if (input.outcome === 'agreement' && !terms) throw fieldError('terms', 'required');
  if (input.outcome === 'no_agreement') {
    if (!input.referredTo) throw fieldError('referredTo', 'required');
    if (!body) throw fieldError('receivingBody', 'required');
  } else if (input.referredTo || body)
    throw fieldError(input.referredTo ? 'referredTo' : 'receivingBody', 'not_allowed');
  await move(ctx, caller, id, 'outcome', input.version, async (trx, row) => {
    const now = new Date();
    const state =
      input.outcome === 'agreement' ? 'agreed' : input.outcome === 'no_agreement' ? 'failed' : 'withdrawn';
    await repo.updateDispute(trx, id, row.version, {
      state,
      agreement_terms: terms,
      referred_to: input.referredTo ?? null,
      receiving_body: body,
      outcome_note: input.note?.trim() || null,
      closed_at: now,
    });
    await cancelJobs(trx, DISPUTE_ALARM_JOB, id);
    let followUps = 0;
    if (state === 'agreed') {
      const parties = await repo.partiesOf(trx, id);
      const person = parties.find((p) => p.person_id);
      followUps = await addFollowUpTasks(trx, {
        gridCode: row.grid_code,
        purpose: '矛盾纠纷回访',
        targetType: person ? 'person' : 'grid',
        targetId: person?.person_id ?? row.grid_code,
        label: `回访 ${row.number} ${person?.name ?? row.title}`,
        dueDays: FOLLOW_UP_DAYS.map((d) => addDays(cstDay(now), d)),
      });
    }
    await event(trx, id, caller, 'outcome', input.note?.trim() || null, {
      outcome: input.outcome,
      referredTo: input.referredTo ?? null,
      receivingBody: body,
      followUps,
    });
    await audit(trx, caller, {
      action: 'dispute.outcome',
      targetType: 'dispute',
      targetId: id,
      detail: { outcome: input.outcome },
    });
  });
  return getDispute(ctx, caller, id, lang);
}

export async function extend(
  ctx: DisputesContext,
  auth: Auth | null,
  id: string,
  input: ExtendBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'disputes.read');
  await move(ctx, caller, id, 'extend', input.version, async (trx, row) => {
    const from = row.deadline ?? new Date();
    const deadline = workingDeadline(
      await loadCalendar(ctx.db),
      new Date(from.getTime() - 1),
      input.days ?? EXTENSION_DAYS,
    );
    await repo.updateDispute(trx, id, row.version, {
      deadline,
      extension_reason: input.reason.trim(),
      alarm: null,
    });
    await planAlarms(trx, id, row.assigned_at ?? new Date(), deadline);
    await event(trx, id, caller, 'extend', input.reason.trim(), {
      from: from.toISOString(),
      to: deadline.toISOString(),
    });
    await audit(trx, caller, {
      action: 'dispute.extend',
      targetType: 'dispute',
      targetId: id,
      detail: { to: deadline.toISOString() },
    });
  });
  return getDispute(ctx, caller, id, lang);
}

export async function withdraw(
  ctx: DisputesContext,
  auth: Auth | null,
  id: string,
  input: NoteBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'disputes.read');
  await move(ctx, caller, id, 'withdraw', input.version, async (trx, row) => {
    await repo.updateDispute(trx, id, row.version, {
      state: 'withdrawn',
      closed_at: new Date(),
      outcome_note: input.note.trim(),
    });
    await event(trx, id, caller, 'withdraw', input.note.trim());
  });
  return getDispute(ctx, caller, id, lang);
}

/** The dispute turns into a case in one step (cases' reportCase), linked both ways by the case's id. */
export async function escalate(
  ctx: DisputesContext,
  auth: Auth | null,
  id: string,
  input: NoteBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'disputes.read');
  const seen = await visibleDispute(ctx, caller, id);
  check(caller, 'escalate', seen);
  if (seen.version !== input.version)
    throw new AppError('version_conflict', { currentVersion: seen.version });
  const kind = (await repo.findKind(ctx.db, seen.kind_code))!;
  const kase = await reportCase(
    ctx.cases,
    { kind: 'user', auth: caller },
    {
      categoryCode: kind.case_category,
      description: `【矛盾纠纷升级 ${seen.number}】${seen.title}：${input.note.trim()}`.slice(0, 2000),
      gridCode: seen.grid_code,
      ...(seen.address && { address: seen.address.slice(0, 200) }),
    },
    lang,
  );
  await move(ctx, caller, id, 'escalate', input.version, async (trx, row) => {
    await repo.updateDispute(trx, id, row.version, {
      state: 'escalated',
      case_id: kase.id,
      closed_at: new Date(),
    });
    await cancelJobs(trx, DISPUTE_ALARM_JOB, id);
    await event(trx, id, caller, 'escalate', input.note.trim(), { caseId: kase.id, caseNumber: kase.number });
    await audit(trx, caller, {
      action: 'dispute.escalate',
      targetType: 'dispute',
      targetId: id,
      detail: { caseId: kase.id },
    });
  });
  return getDispute(ctx, caller, id, lang);
}

/** The alarm job: yellow to the community, red (overdue) to the street; a stale job does nothing. */
export async function raiseDisputeAlarm(
  ctx: Pick<DisputesContext, 'db'>,
  payload: { disputeId: string; deadline: string; level: 'yellow' | 'red' },
) {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.lockDispute(trx, payload.disputeId);
    if (row?.state !== 'mediating' || row.deadline?.toISOString() !== payload.deadline) return;
    await repo.setAlarm(trx, row.id, payload.level);
    const { street } = streetAndDistrict(row.grid_code);
    const yellow = payload.level === 'yellow';
    await repo.insertNotices(trx, [
      {
        dispute_id: row.id,
        kind: payload.level,
        audience: yellow ? 'community' : 'street',
        area_code: yellow ? (parentOf(row.grid_code) ?? row.grid_code) : street,
        message: `${row.number} ${yellow ? '调解即将到期' : '调解已超期'}：${row.title}`,
      },
    ]);
    await repo.insertEvent(trx, {
      dispute_id: row.id,
      action: 'alarm',
      actor_id: null,
      actor_name: null,
      note: null,
      data: JSON.stringify({ level: payload.level }),
    });
    if (yellow)
      await enqueue(trx, {
        kind: DISPUTE_ALARM_JOB,
        key: row.id,
        runAt: row.deadline!,
        payload: { ...payload, level: 'red' },
      });
  });
}
