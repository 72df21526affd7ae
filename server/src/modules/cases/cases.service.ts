import { randomUUID } from 'node:crypto';
import { cached } from '../../db/cache.ts';
import type { Db } from '../../db/database.ts';
import { getSetting } from '../../db/settings.ts';
import type { CaseState, CaseStep, TimeLimits } from '../../db/types.ts';
import { ancestorCodesOf, isWithin } from '../../geo/area-code.ts';
import { audit, auditValues } from '../../platform/audit.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { cancelJobs, enqueue, type NewJob } from '../../platform/jobs.ts';
import type { Pii } from '../../platform/pii.ts';
import type { GridIndex } from '../areas/index.ts';
import { checkPhone, fieldError, maskPhone } from '../registry/index.ts';
import { loadCalendar } from './calendar.ts';
import type { CaseBus } from './cases.bus.ts';
import {
  type Actor,
  allowedMoves,
  ENDED_STATES,
  type Move,
  REPORTING_ROLES,
  refusalOf,
  SUPERVISING_ROLES,
  TRANSITIONS,
} from './cases.machine.ts';
import { moveName, stateName } from './cases.messages.ts';
import { listScope, maySeeCase, maySupervise } from './cases.policy.ts';
import * as repo from './cases.repository.ts';
import type { CaseRow, PreparedReport, ReportWriter } from './report-writer.ts';

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

/** The job that turns a case yellow, then red, while it waits in one step. */
export const ALARM_JOB = 'case.alarm';

function actorOf(auth: Auth): Actor {
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

async function visibleCase(ctx: CasesContext, auth: Auth | null, id: string): Promise<CaseRow> {
  if (!auth) throw new AppError('unauthenticated');
  const row = await repo.findCase(ctx.db, id);
  if (!row || !maySeeCase(auth, row)) throw new AppError('case_not_found', { id });
  return row;
}

type StepPlan = Awaited<ReturnType<typeof planStep>>;

/**
 * The case's columns on entering `step` at `at` (none: the loop ended), and when it turns yellow.
 * Takes the pool, not a transaction: the category, calendar and rules it reads are cached per pool.
 */
async function planStep(db: Db, categoryCode: string, step: CaseStep | null, at: Date) {
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
function stepOf(kase: { id: string; grid_code: string }, plan: StepPlan, departmentCode: string | null) {
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
function alarmOf(caseId: string, plan: StepPlan): NewJob | null {
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
async function enterStep(
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

export interface ReportInput {
  categoryCode: string;
  description: string;
  lon?: number;
  lat?: number;
  address?: string;
  gridCode?: string;
  reporterName?: string;
  reporterPhone?: string;
}

/** Where a report lies: the grid of its point, or the grid named when there is no point. */
async function placeReport(ctx: CasesContext, auth: Auth | { areaCode: string }, input: ReportInput) {
  // Residents and machines report anywhere in the district; staff within their area.
  const scope = 'role' in auth && auth.role !== 'resident' ? auth.areaCode : null;
  if (input.lon !== undefined && input.lat !== undefined) {
    const grid = (await ctx.gridIndex.current()).locate(input.lon, input.lat);
    if (!grid || (scope && !isWithin(grid, scope))) throw fieldError('location', 'outside_district');
    return grid;
  }
  if (!input.gridCode) throw new AppError('case_location_required');
  const grid = await ctx.db
    .selectFrom('areas')
    .select('code')
    .where('code', '=', input.gridCode)
    .where('level', '=', 'grid')
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  if (!grid || (scope && !isWithin(grid.code, scope)))
    throw new AppError('area_not_found', { code: input.gridCode });
  return grid.code;
}

/** How near and how recent an open case must be to be a likely duplicate of a report now. */
export async function duplicateWindow(db: Db) {
  const rules = await caseRules(db);
  return { meters: rules.duplicateMeters, since: new Date(Date.now() - rules.duplicateHours * 3600_000) };
}

function likelyDuplicates(auth: Auth, rows: Awaited<ReturnType<typeof repo.nearbyOpenCases>>, lang: Lang) {
  return rows.filter((r) => maySeeCase(auth, r)).map((r) => ({ ...caseView(r, lang), distance: r.distance }));
}

export async function similarCases(
  ctx: CasesContext,
  auth: Auth | null,
  where: { categoryCode: string; lon: number; lat: number; excludeId?: string },
  lang: Lang,
) {
  if (!auth) throw new AppError('unauthenticated');
  return likelyDuplicates(
    auth,
    await repo.nearbyOpenCases(ctx.db, [where], await duplicateWindow(ctx.db)),
    lang,
  );
}

/** Who reports: a signed-in user, or a machine (Open311 client, camera platform) through an API key. */
export type Reporter =
  | { kind: 'user'; auth: Auth }
  | { kind: 'client'; name: string; source: 'open311' | 'camera'; areaCode: string; externalId?: string };

export async function reportCase(ctx: CasesContext, reporter: Reporter, input: ReportInput, lang: Lang) {
  let source: (typeof REPORTING_ROLES)[keyof typeof REPORTING_ROLES] | 'open311' | 'camera';
  if (reporter.kind === 'user') {
    const s = REPORTING_ROLES[reporter.auth.role];
    if (!s) throw new AppError('forbidden');
    source = s;
  } else source = reporter.source;
  const category = await categoryOf(ctx.db, input.categoryCode);
  if (!category || category.parent_code === null)
    throw new AppError('category_not_found', { code: input.categoryCode });
  const gridCode = await placeReport(ctx, reporter.kind === 'user' ? reporter.auth : reporter, input);
  let phone: string | null = null;
  if (input.reporterPhone) {
    const checked = checkPhone(input.reporterPhone);
    if (!checked.ok) throw fieldError('reporterPhone', checked.problem);
    phone = checked.phone;
  }
  const now = new Date();
  const auth = reporter.kind === 'user' ? reporter.auth : null;
  const actorId = auth?.userId ?? null;
  const actorName = auth?.displayName ?? (reporter.kind === 'client' ? reporter.name : null);
  const plan = await planStep(ctx.db, category.code, 'register', now);
  const { yellowAt: _, ...stepValues } = plan;
  const id = randomUUID();
  const description = input.description.trim();
  const detail = { source, categoryCode: category.code, gridCode };
  const report: PreparedReport = {
    kase: {
      id,
      ...stepValues,
      source,
      category_code: category.code,
      grid_code: gridCode,
      lon: input.lon ?? null,
      lat: input.lat ?? null,
      address: input.address?.trim() || null,
      description,
      state: 'reported',
      reporter_id: actorId,
      reporter_name: input.reporterName?.trim() || (auth?.displayName ?? null),
      reporter_phone_enc: phone ? ctx.pii.encrypt(phone) : null,
      reporter_phone_hash: phone ? ctx.pii.hash(phone) : null,
      reporter_phone_mask: phone ? maskPhone(phone) : null,
      department_code: null,
      duplicate_of: null,
      escalated_to: null,
      supervised_at: null,
      satisfaction: null,
      api_client: reporter.kind === 'client' ? reporter.name : null,
      external_id: reporter.kind === 'client' ? (reporter.externalId ?? null) : null,
      reported_at: now,
      closed_at: null,
    },
    event: {
      case_id: id,
      actor_id: actorId,
      actor_name: actorName,
      action: 'report',
      to_state: 'reported',
      note: description,
      data: detail,
    },
    step: stepOf({ id, grid_code: gridCode }, plan, null),
    alarm: alarmOf(id, plan),
    audit: auditValues(
      {
        userId: actorId,
        username: auth?.username ?? (reporter.kind === 'client' ? reporter.name : ''),
        role: auth?.role ?? null,
      },
      { action: 'case.report', targetType: 'case', targetId: id, detail },
    ),
    change: { caseId: id, gridCode, departmentCode: null, state: 'reported' },
    // Staff and residents reporting see the likely duplicates; machines do not.
    probe:
      auth && input.lon !== undefined && input.lat !== undefined
        ? { categoryCode: category.code, lon: input.lon, lat: input.lat, excludeId: id }
        : null,
  };
  const { row, nearby } = await ctx.reports.write(report);
  return {
    ...caseDetail(row, auth, lang),
    likelyDuplicates: auth ? likelyDuplicates(auth, nearby, lang) : [],
  };
}

export async function getCase(ctx: CasesContext, auth: Auth | null, id: string, lang: Lang) {
  return caseDetail(await visibleCase(ctx, auth, id), auth, lang);
}

/** A case as the caller sees it, with the actions the caller may take now. */
function caseDetail(row: CaseRow, auth: Auth | null, lang: Lang) {
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

export interface MoveInput {
  version: number;
  note?: string;
  departmentCode?: string;
  keepInGrid?: boolean;
  overrideReason?: string;
  duplicateOf?: string;
}

/** The department routing suggests for a category in a grid: a rule, else the category's own. */
export async function suggestedDepartment(
  db: Db,
  categoryCode: string,
  gridCode: string,
): Promise<string | null> {
  const category = await repo.category(db, categoryCode);
  if (!category) return null;
  const codes = [category.code, ...(category.parent_code ? [category.parent_code] : [])];
  const rule = await repo.routingRule(db, codes, gridCode);
  return rule?.department_code ?? category.department_code;
}

/** One move of the state machine, by one person, on the version they saw. */
export async function moveCase(
  ctx: CasesContext,
  auth: Auth | null,
  id: string,
  move: Move,
  input: MoveInput,
  lang: Lang,
) {
  if (!auth) throw new AppError('unauthenticated');
  const t = TRANSITIONS[move];
  const note = input.note?.trim() || null;
  if (t.needsReason && !note) throw fieldError('note', 'required');
  const now = new Date();
  const after = await ctx.db.transaction().execute(async (trx) => {
    const kase = await repo.lockCase(trx, id);
    if (!kase || !maySeeCase(auth, kase)) throw new AppError('case_not_found', { id });
    if (kase.version !== input.version)
      throw new AppError(
        'version_conflict',
        { currentVersion: kase.version },
        { currentVersion: kase.version },
      );
    const refusal = refusalOf(move, actorOf(auth), {
      state: kase.state,
      gridCode: kase.grid_code,
      departmentCode: kase.department_code,
      keptInGrid: kase.kept_in_grid,
    });
    const names = (l: Lang) => ({ stateName: stateName(kase.state, l), moveName: moveName(move, l) });
    if (refusal === 'wrong_state') throw new AppError('case_wrong_state', names, { state: kase.state });
    if (refusal === 'not_yours')
      throw new AppError('case_not_yours', (l) => ({ ...names(l), reason: notYoursReason(move, l) }));

    const values: Parameters<typeof repo.updateCase>[2] = { state: t.to };
    const data: Record<string, unknown> = {};
    let departmentCode = kase.department_code;
    if (move === 'dispatch') {
      const suggested = await suggestedDepartment(trx, kase.category_code, kase.grid_code);
      if (input.keepInGrid) {
        departmentCode = null;
        values.kept_in_grid = true;
      } else {
        const chosen = input.departmentCode ?? suggested;
        if (!chosen) throw fieldError('departmentCode', 'required');
        if (!(await repo.department(trx, chosen)))
          throw new AppError('department_not_found', { code: chosen });
        if (chosen !== suggested && !input.overrideReason?.trim())
          throw fieldError('overrideReason', 'required');
        departmentCode = chosen;
        values.kept_in_grid = false;
      }
      values.department_code = departmentCode;
      Object.assign(data, {
        departmentCode,
        keptInGrid: Boolean(input.keepInGrid),
        suggested,
        ...(input.overrideReason?.trim() ? { overrideReason: input.overrideReason.trim() } : {}),
      });
    }
    if (move === 'merge') {
      if (!input.duplicateOf || input.duplicateOf === id) throw fieldError('duplicateOf', 'required');
      const original = await repo.findCase(trx, input.duplicateOf);
      if (!original || !maySeeCase(auth, original) || ENDED_STATES.includes(original.state))
        throw new AppError('case_not_found', { id: input.duplicateOf });
      values.duplicate_of = original.id;
      data.duplicateOf = original.number;
    }
    if (move === 'reopen') values.reopen_count = kase.reopen_count + 1;
    if (t.to === 'closed' || t.to === 'rejected' || t.to === 'merged') values.closed_at = now;
    // Accepting keeps the handle step's clock running; every other move starts its step afresh.
    const stepValues =
      move === 'accept'
        ? {}
        : await enterStep(
            trx,
            kase,
            await planStep(ctx.db, kase.category_code, t.step, now),
            t.step === 'handle' ? departmentCode : null,
          );
    const { version } = await repo.updateCase(trx, id, { ...values, ...stepValues });
    await repo.insertEvent(trx, {
      case_id: id,
      actor_id: auth.userId,
      actor_name: auth.displayName,
      action: move,
      from_state: kase.state,
      to_state: t.to,
      note,
      data,
    });
    await audit(trx, auth, {
      action: `case.${move}`,
      targetType: 'case',
      targetId: id,
      detail: { from: kase.state, to: t.to, ...data },
    });
    return { version, gridCode: kase.grid_code, departmentCode, state: t.to };
  });
  ctx.bus.publish({
    caseId: id,
    gridCode: after.gridCode,
    departmentCode: after.departmentCode,
    state: after.state,
  });
  return getCase(ctx, auth, id, lang);
}

function notYoursReason(move: Move, lang: Lang): string {
  const by = TRANSITIONS[move].by;
  const zh = { centre: '由指挥中心办理', handler: '由承办部门办理', site: '由所在网格的网格员现场核查' };
  const en = {
    centre: 'the command centre does it',
    handler: 'the handling unit does it',
    site: "the grid's worker verifies on site",
  };
  return (lang === 'zh' ? zh : en)[by];
}

/** A leader's push on an open case (督办): an instruction the handler is notified of. */
export async function superviseCase(
  ctx: CasesContext,
  auth: Auth | null,
  id: string,
  instruction: string,
  lang: Lang,
) {
  if (!auth) throw new AppError('unauthenticated');
  const text = instruction.trim();
  if (!text) throw fieldError('instruction', 'required');
  await ctx.db.transaction().execute(async (trx) => {
    const kase = await repo.lockCase(trx, id);
    if (!kase || !maySeeCase(auth, kase)) throw new AppError('case_not_found', { id });
    if (!SUPERVISING_ROLES.includes(auth.role)) throw new AppError('forbidden');
    if (ENDED_STATES.includes(kase.state))
      throw new AppError('case_wrong_state', (l) => ({
        stateName: stateName(kase.state, l),
        moveName: l === 'zh' ? '督办' : 'supervise',
      }));
    await repo.updateCase(trx, id, { supervised_at: new Date() });
    await repo.insertEvent(trx, {
      case_id: id,
      actor_id: auth.userId,
      actor_name: auth.displayName,
      action: 'supervise',
      note: text,
      data: {},
    });
    await repo.insertNotice(trx, {
      case_id: id,
      kind: 'supervise',
      area_code: kase.grid_code,
      department_code: kase.department_code,
      message: text,
    });
    await audit(trx, auth, { action: 'case.supervise', targetType: 'case', targetId: id });
  });
  const row = await repo.findCase(ctx.db, id);
  if (row)
    ctx.bus.publish({
      caseId: id,
      gridCode: row.grid_code,
      departmentCode: row.department_code,
      state: row.state,
      notice: 'supervise',
    });
  return getCase(ctx, auth, id, lang);
}

/** The reporter rates a closed case (1–5); staff above may add their own evaluation. */
export async function evaluateCase(
  ctx: CasesContext,
  auth: Auth | null,
  id: string,
  input: { satisfaction: number; comment?: string },
  lang: Lang,
) {
  if (!auth) throw new AppError('unauthenticated');
  await ctx.db.transaction().execute(async (trx) => {
    const kase = await repo.lockCase(trx, id);
    if (!kase || !maySeeCase(auth, kase)) throw new AppError('case_not_found', { id });
    if (kase.state !== 'closed')
      throw new AppError('case_wrong_state', (l) => ({
        stateName: stateName(kase.state, l),
        moveName: l === 'zh' ? '评价' : 'evaluate',
      }));
    const byReporter = kase.reporter_id === auth.userId;
    const byStaff = ['command_operator', 'district_admin', 'area_leader'].includes(auth.role);
    if (!byReporter && !byStaff) throw new AppError('forbidden');
    if (byReporter) {
      if (kase.satisfaction !== null)
        throw new AppError('case_wrong_state', (l) => ({
          stateName: stateName(kase.state, l),
          moveName: l === 'zh' ? '重复评价' : 'evaluate again',
        }));
      await repo.updateCase(trx, id, { satisfaction: input.satisfaction });
    }
    await repo.insertEvent(trx, {
      case_id: id,
      actor_id: auth.userId,
      actor_name: auth.displayName,
      action: 'evaluate',
      note: input.comment?.trim() || null,
      data: { satisfaction: input.satisfaction, by: byReporter ? 'reporter' : 'staff' },
    });
    await audit(trx, auth, {
      action: 'case.evaluate',
      targetType: 'case',
      targetId: id,
      detail: { satisfaction: input.satisfaction, by: byReporter ? 'reporter' : 'staff' },
    });
  });
  return getCase(ctx, auth, id, lang);
}

/** The alarm job: yellow at the configured share of the step's limit, red (and escalated) when overdue. */
export async function raiseAlarm(
  ctx: CasesContext,
  payload: { caseId: string; stepStartedAt: string; level: 'yellow' | 'red' },
) {
  const published = await ctx.db.transaction().execute(async (trx) => {
    const kase = await repo.lockCase(trx, payload.caseId);
    // The case moved on since this job was planned: nothing to do.
    if (!kase?.step_started_at || kase.step_started_at.toISOString() !== payload.stepStartedAt) return null;
    if (payload.level === 'yellow') {
      await repo.updateCase(trx, kase.id, { alarm: 'yellow' });
      await repo.insertEvent(trx, {
        case_id: kase.id,
        actor_id: null,
        actor_name: null,
        action: 'alarm',
        data: { level: 'yellow', step: kase.step },
      });
      await repo.insertNotice(trx, {
        case_id: kase.id,
        kind: 'yellow',
        area_code: kase.grid_code,
        department_code: kase.department_code,
        message: `${kase.number} ${kase.step}`,
      });
      if (kase.step_deadline)
        await enqueue(trx, {
          kind: ALARM_JOB,
          key: kase.id,
          runAt: kase.step_deadline,
          payload: { ...payload, level: 'red' },
        });
    } else {
      // Overdue: red, and escalated to the level above the grid (its community).
      const above = ancestorCodesOf(kase.grid_code).at(-1) ?? kase.grid_code;
      await repo.updateCase(trx, kase.id, { alarm: 'red', escalated_to: above });
      await repo.insertEvent(trx, {
        case_id: kase.id,
        actor_id: null,
        actor_name: null,
        action: 'alarm',
        data: { level: 'red', step: kase.step },
      });
      await repo.insertEvent(trx, {
        case_id: kase.id,
        actor_id: null,
        actor_name: null,
        action: 'escalate',
        data: { to: above },
      });
      await repo.insertNotice(trx, {
        case_id: kase.id,
        kind: 'escalate',
        area_code: above,
        department_code: kase.department_code,
        message: `${kase.number} ${kase.step}`,
      });
    }
    return kase;
  });
  if (published)
    ctx.bus.publish({
      caseId: published.id,
      gridCode: published.grid_code,
      departmentCode: published.department_code,
      state: published.state,
      notice: payload.level,
    });
}

// ---- lists ----

export interface ListInput {
  state?: CaseState[];
  category?: string;
  areaCode?: string;
  open?: boolean;
  overdue?: boolean;
  alarm?: 'yellow' | 'red';
  supervised?: boolean;
  source?: string;
  departmentCode?: string;
  mine?: boolean;
  q?: string;
  page: number;
  pageSize: number;
  sort: repo.CaseSort;
}

export async function listCases(ctx: CasesContext, auth: Auth | null, input: ListInput, lang: Lang) {
  if (!auth) throw new AppError('unauthenticated');
  const mine = input.mine || auth.role === 'resident';
  if (!mine && !auth.permissions.includes('cases.read')) throw new AppError('forbidden');
  const areaCode = input.areaCode === undefined ? undefined : resolveScope(auth, input.areaCode);
  let categoryCodes: string[] | undefined;
  if (input.category)
    categoryCodes = (await repo.childCategoryCodes(ctx.db, input.category)).map((c) => c.code);
  const { items, total } = await repo.listCases(
    ctx.db,
    {
      scope: listScope(auth, mine),
      states: input.state,
      categoryCodes,
      areaCode,
      open: input.open,
      overdue: input.overdue,
      alarm: input.alarm,
      supervised: input.supervised,
      source: input.source,
      departmentCode: input.departmentCode,
      q: input.q?.trim() || undefined,
    },
    { limit: input.pageSize, offset: (input.page - 1) * input.pageSize, sort: input.sort },
  );
  return { items: items.map((r) => caseView(r, lang)), total };
}

/** What waits for the caller now, soonest deadline first: the cases where they have a move to make. */
export async function inbox(
  ctx: CasesContext,
  auth: Auth | null,
  page: { page: number; pageSize: number },
  lang: Lang,
) {
  if (!auth) throw new AppError('unauthenticated');
  const waiting = waitingFor(auth);
  if (waiting.length === 0) return { items: [], total: 0 };
  const { items, total } = await repo.listCases(
    ctx.db,
    { scope: listScope(auth, false), waiting },
    { limit: page.pageSize, offset: (page.page - 1) * page.pageSize, sort: 'deadline' },
  );
  return { items: items.map((r) => caseView(r, lang)), total };
}

/** The states in which cases wait for this user (from TRANSITIONS): what their inbox holds. */
export function waitingFor(auth: Auth): repo.Waiting[] {
  const statesFor = (party: 'centre' | 'handler' | 'site') => [
    ...new Set(
      Object.values(TRANSITIONS)
        .filter((t) => t.by === party)
        .flatMap((t) => t.from),
    ),
  ];
  switch (auth.role) {
    case 'command_operator':
    case 'district_admin':
      return [{ states: statesFor('centre') }];
    case 'dept_handler':
      return auth.departmentCode ? [{ states: statesFor('handler') }] : [];
    case 'grid_worker':
      // On site they verify; a case their grid kept they also handle.
      return [{ states: statesFor('site') }, { states: statesFor('handler'), keptInGrid: true }];
    default:
      return [];
  }
}
