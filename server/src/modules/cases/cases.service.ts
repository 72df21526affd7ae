import { cached } from '../../db/cache.ts';
import type { Db } from '../../db/database.ts';
import { getSetting } from '../../db/settings.ts';
import type { CaseStep, TimeLimits } from '../../db/types.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { cancelJobs, enqueue, type NewJob } from '../../platform/jobs.ts';
import type { Pii } from '../../platform/pii.ts';
import type { GridIndex } from '../areas/index.ts';
import { loadCalendar } from './calendar.ts';
import type { CaseBus } from './cases.bus.ts';
import { type Actor, allowedMoves, ENDED_STATES } from './cases.machine.ts';
import { maySeeCase, maySupervise } from './cases.policy.ts';
import * as repo from './cases.repository.ts';
import type { CaseRow, ReportWriter } from './report-writer.ts';

export interface CasesContext {
  db: Db;
  pii: Pii;
  gridIndex: GridIndex;
  bus: CaseBus;
  reports: ReportWriter;
}

/** Rules administrators may tune (settings key `case_rules`). */
export interface CaseRules {
  /** Share of a step's time limit after which the case turns yellow. */
  yellowShare: number;
  /** A new report this close to an open case of the same category is a likely duplicate… */
  duplicateMeters: number;
  /** …when that case was reported within this many hours. */
  duplicateHours: number;
}
export const DEFAULT_CASE_RULES: CaseRules = { yellowShare: 0.8, duplicateMeters: 50, duplicateHours: 72 };
export const CASE_RULES_KEY = 'case_rules';

const CACHE_MS = 10_000;

export function caseRules(db: Db): Promise<CaseRules> {
  return cached(db, `setting:${CASE_RULES_KEY}`, CACHE_MS, async () => ({
    ...DEFAULT_CASE_RULES,
    ...(await getSetting<Partial<CaseRules>>(db, CASE_RULES_KEY)),
  }));
}

/** An active category, as every report and step reads it. */
export function categoryOf(db: Db, code: string) {
  return cached(db, `category:${code}`, CACHE_MS, () => repo.category(db, code));
}

/** A grid's name, as every report's answer shows it. */
export async function gridNameOf(db: Db, code: string): Promise<string> {
  const row = await cached(db, `grid-name:${code}`, CACHE_MS, () => repo.gridName(db, code));
  return row?.name ?? code;
}

/** The job that turns a case yellow, then red, while it waits in one step. */
export const ALARM_JOB = 'case.alarm';

export function actorOf(auth: Auth): Actor {
  return { role: auth.role, areaCode: auth.areaCode, departmentCode: auth.departmentCode };
}

export function caseView(row: CaseRow, lang: Lang = 'zh') {
  const open = !ENDED_STATES.includes(row.state);
  return {
    id: row.id,
    number: row.number,
    source: row.source,
    categoryCode: row.category_code,
    categoryName: lang === 'zh' ? row.category_zh : row.category_en,
    gridCode: row.grid_code,
    gridName: row.grid_name,
    lon: row.lon,
    lat: row.lat,
    address: row.address,
    description: row.description,
    state: row.state,
    step: row.step,
    stepStartedAt: row.step_started_at?.toISOString() ?? null,
    stepDeadline: row.step_deadline?.toISOString() ?? null,
    overdue: open && row.step_deadline !== null && row.step_deadline.getTime() < Date.now(),
    alarm: row.alarm,
    departmentCode: row.department_code,
    departmentName: row.department_code ? (lang === 'zh' ? row.department_zh : row.department_en) : null,
    keptInGrid: row.kept_in_grid,
    duplicateOf: row.duplicate_of,
    reporterName: row.reporter_name,
    reporterPhone: row.reporter_phone_mask,
    escalatedTo: row.escalated_to,
    supervised: row.supervised_at !== null,
    satisfaction: row.satisfaction,
    reopenCount: row.reopen_count,
    reportedAt: row.reported_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    orgId: row.org_id ?? null,
    version: row.version,
  };
}
export type CaseView = ReturnType<typeof caseView>;

/** When the first of these cases turns overdue with the clock alone: an answer showing them is stale then. */
export function nextOverdueAt(views: readonly Pick<CaseView, 'state' | 'overdue' | 'stepDeadline'>[]) {
  let next: number | null = null;
  for (const v of views) {
    if (v.overdue || v.stepDeadline === null || ENDED_STATES.includes(v.state)) continue;
    const at = Date.parse(v.stepDeadline);
    if (next === null || at < next) next = at;
  }
  return next;
}

export async function visibleCase(ctx: CasesContext, auth: Auth | null, id: string): Promise<CaseRow> {
  if (!auth) throw new AppError('unauthenticated');
  const row = await repo.findCase(ctx.db, id);
  if (!row || !maySeeCase(auth, row)) throw new AppError('case_not_found', { id });
  return row;
}

export type StepPlan = Awaited<ReturnType<typeof planStep>>;

/**
 * The case's columns on entering `step` at `at` (none: the loop ended), and when it turns yellow.
 * Takes the pool, not a transaction: the category, calendar and rules it reads are cached per pool.
 */
export async function planStep(db: Db, categoryCode: string, step: CaseStep | null, at: Date) {
  const ended = {
    step: null,
    step_started_at: null,
    step_deadline: null,
    alarm: 'none' as const,
    yellowAt: null,
  };
  if (!step) return ended;
  const hours = ((await categoryOf(db, categoryCode))?.time_limits as TimeLimits | undefined)?.[step];
  const values = { step, step_started_at: at, alarm: 'none' as const };
  if (hours === undefined) return { ...values, step_deadline: null, yellowAt: null };
  const [calendar, rules] = await Promise.all([loadCalendar(db), caseRules(db)]);
  return {
    ...values,
    step_deadline: calendar.addWorkingHours(at, hours),
    yellowAt: calendar.addWorkingHours(at, hours * rules.yellowShare),
  };
}

/** The step row of a planned step (none when the loop ended). */
export function stepOf(
  kase: { id: string; grid_code: string },
  plan: StepPlan,
  departmentCode: string | null,
) {
  if (!plan.step) return null;
  return {
    case_id: kase.id,
    step: plan.step,
    department_code: departmentCode,
    grid_code: kase.grid_code,
    started_at: plan.step_started_at ?? new Date(),
    deadline: plan.step_deadline,
  };
}

/** The warning job of a planned step with a time limit. */
export function alarmOf(caseId: string, plan: StepPlan): NewJob | null {
  if (!plan.yellowAt) return null;
  const at = plan.step_started_at ?? new Date();
  return {
    kind: ALARM_JOB,
    key: caseId,
    runAt: plan.yellowAt,
    payload: { caseId, stepStartedAt: at.toISOString(), level: 'yellow' },
  };
}

/** Records a planned step: ends the one before, starts it, plans its alarm. */
export async function enterStep(
  trx: Db,
  kase: { id: string; grid_code: string },
  plan: StepPlan,
  departmentCode: string | null,
) {
  await repo.endStep(trx, kase.id, plan.step_started_at ?? new Date());
  const step = stepOf(kase, plan, departmentCode);
  if (step) await repo.stepsInsert([step]).execute(trx);
  const alarm = alarmOf(kase.id, plan);
  if (alarm) await enqueue(trx, alarm);
  else await cancelJobs(trx, ALARM_JOB, kase.id);
  const { yellowAt: _, ...values } = plan;
  return values;
}

export async function getCase(ctx: CasesContext, auth: Auth | null, id: string, lang: Lang) {
  return caseDetail(await visibleCase(ctx, auth, id), auth, lang);
}

/** A case as the caller sees it, with the actions the caller may take now. */
export function caseDetail(row: CaseRow, auth: Auth | null, lang: Lang) {
  const moves = auth
    ? allowedMoves(actorOf(auth), {
        state: row.state,
        gridCode: row.grid_code,
        departmentCode: row.department_code,
        keptInGrid: row.kept_in_grid,
      })
    : [];
  const open = !ENDED_STATES.includes(row.state);
  const extra: string[] = [];
  if (auth && open && maySupervise(auth, row)) extra.push('supervise');
  if (auth && row.state === 'closed' && row.reporter_id === auth.userId && row.satisfaction === null)
    extra.push('evaluate');
  return { ...caseView(row, lang), allowedActions: [...moves, ...extra] };
}

export async function timeline(ctx: CasesContext, auth: Auth | null, id: string) {
  await visibleCase(ctx, auth, id);
  const [events, steps, files] = await Promise.all([
    repo.events(ctx.db, id),
    repo.steps(ctx.db, id),
    repo.attachments(ctx.db, id),
  ]);
  return {
    events: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actorId: e.actor_id,
      actorName: e.actor_name,
      actorRole: e.actor_role,
      action: e.action,
      fromState: e.from_state,
      toState: e.to_state,
      note: e.note,
      data: e.data,
      attachments: files
        .filter((f) => f.event_id === e.id)
        .map((f) => ({
          id: f.id,
          fileName: f.file_name,
          contentType: f.content_type,
          size: f.size,
          sha256: f.sha256,
        })),
    })),
    steps: steps.map((s) => ({
      step: s.step,
      departmentCode: s.department_code,
      startedAt: s.started_at.toISOString(),
      deadline: s.deadline?.toISOString() ?? null,
      finishedAt: s.finished_at?.toISOString() ?? null,
      late: s.late ?? (s.deadline !== null && s.finished_at === null && s.deadline.getTime() < Date.now()),
    })),
  };
}
