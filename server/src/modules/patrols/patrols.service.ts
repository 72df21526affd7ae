import type { Db } from '../../db/database.ts';
import type { VisitFrequency, VisitTargetType } from '../../db/types.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit, SYSTEM_ACTOR } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs.ts';
import { fieldError } from '../teams/index.ts';
import * as repo from './patrols.repository.ts';
import type { CreatePlanBody, TasksQuery, UpdatePlanBody } from './patrols.schemas.ts';
import { addDays, cstDay, cstMidnight, periodOf } from './periods.ts';

/** The job that makes each period's visit tasks; it runs daily and schedules its next run. */
export const GENERATE_JOB = 'patrols.generate';
const GENERATE_KEY = 'daily';

function planView(row: repo.PlanRow) {
  return {
    id: row.id,
    areaCode: row.area_code,
    name: row.name,
    targetType: row.target_type,
    filter: row.filter ?? {},
    frequency: row.frequency,
    active: row.active,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Only the filter that fits the target type, and it must be given. */
async function checkedFilter(db: Db, type: VisitTargetType, filter: Record<string, string | undefined> = {}) {
  const keys = Object.keys(filter).filter((k) => filter[k] !== undefined);
  const needed = { person: 'tag', house: 'usage', org: 'kind', grid: null }[type];
  if (needed === null) {
    if (keys.length > 0) throw fieldError('filter', 'bad_filter');
    return {};
  }
  if (keys.length !== 1 || keys[0] !== needed) throw fieldError('filter', 'bad_filter');
  const value = filter[needed]!.trim();
  if (type === 'person' && !(await repo.tagExists(db, value))) throw fieldError('filter', 'bad_filter');
  return { [needed]: value };
}

export async function listPlans(
  db: Db,
  auth: Auth | null,
  query: { areaCode?: string; page: number; pageSize: number },
) {
  const caller = requirePermission(auth, 'visits.read');
  const scope = resolveScope(caller, query.areaCode);
  const { rows, total } = await repo.listPlans(db, scope, query);
  return { items: rows.map(planView), total };
}

export async function createPlan(db: Db, auth: Auth | null, input: CreatePlanBody) {
  const caller = requirePermission(auth, 'visits.plan');
  const areaCode = resolveScope(caller, input.areaCode);
  const filter = await checkedFilter(db, input.targetType, input.filter);
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await repo.insertPlan(trx, {
      area_code: areaCode,
      name: input.name.trim(),
      target_type: input.targetType,
      filter: JSON.stringify(filter),
      frequency: input.frequency,
      created_by: caller.userId,
    });
    await audit(trx, caller, {
      action: 'visit_plan.create',
      targetType: 'visit_plan',
      targetId: id,
      detail: { targetType: input.targetType, frequency: input.frequency, areaCode },
    });
    return id;
  });
  return planView((await repo.findPlan(db, id))!);
}

export async function updatePlan(db: Db, auth: Auth | null, id: string, input: UpdatePlanBody) {
  const caller = requirePermission(auth, 'visits.plan');
  const current = await repo.findPlan(db, id);
  if (!current || !isWithin(current.area_code, caller.areaCode)) throw new AppError('record_not_found');
  if (current.version !== input.version)
    throw new AppError(
      'version_conflict',
      { currentVersion: current.version },
      { current: planView(current) },
    );
  const filter = input.filter ? await checkedFilter(db, current.target_type, input.filter) : undefined;
  await db.transaction().execute(async (trx) => {
    const updated = await repo.updatePlan(trx, id, input.version, {
      name: input.name?.trim(),
      filter: filter ? JSON.stringify(filter) : undefined,
      frequency: input.frequency,
      active: input.active,
    });
    if (!updated) throw new AppError('version_conflict', { currentVersion: current.version + 1 });
    await audit(trx, caller, {
      action: 'visit_plan.update',
      targetType: 'visit_plan',
      targetId: id,
      detail: { fields: Object.keys(input).filter((k) => k !== 'version') },
    });
  });
  return planView((await repo.findPlan(db, id))!);
}

/**
 * Makes the tasks of the period that contains `day` for every active plan in the area (all
 * plans when no area is given). Safe to run any number of times: existing tasks are kept.
 */
export async function generateTasks(db: Db, day: string, scopeCode?: string) {
  const plans = await repo.activePlans(db, scopeCode);
  let created = 0;
  for (const plan of plans)
    created += await repo.generateTasks(db, plan, periodOf(plan.frequency as VisitFrequency, day));
  return { plans: plans.length, created };
}

export async function generateForCaller(
  db: Db,
  auth: Auth | null,
  input: { areaCode?: string; date?: string },
) {
  const caller = requirePermission(auth, 'visits.plan');
  const scope = resolveScope(caller, input.areaCode);
  const result = await generateTasks(db, input.date ?? cstDay(new Date()), scope);
  await audit(db, caller, { action: 'visit_plan.generate', detail: { areaCode: scope, ...result } });
  return result;
}

/** The job's handler: today's periods, then again shortly after the next midnight (CST). */
export async function runGenerateJob(db: Db, now = new Date()) {
  const day = cstDay(now);
  const result = await generateTasks(db, day);
  if (result.created > 0)
    await audit(db, SYSTEM_ACTOR, { action: 'visit_plan.generate', detail: { day, ...result } });
  await scheduleGenerate(db, new Date(cstMidnight(addDays(day, 1)).getTime() + 5 * 60_000));
}

export function scheduleGenerate(db: Db, runAt = new Date()) {
  return enqueue(db, { kind: GENERATE_JOB, key: GENERATE_KEY, runAt });
}

function taskView(row: repo.TaskRow, now: Date) {
  const overdue = row.state === 'open' && row.due_at < now;
  return {
    id: row.id,
    planId: row.plan_id,
    planName: row.plan_name,
    targetType: row.target_type,
    targetId: row.target_id,
    targetLabel: row.target_label,
    gridCode: row.grid_code,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    dueAt: row.due_at.toISOString(),
    state: overdue ? ('overdue' as const) : row.state,
    doneAt: row.done_at?.toISOString() ?? null,
    late: row.done_at !== null && row.done_at > row.due_at,
    visitId: row.visit_id,
  };
}

export async function listTasks(db: Db, auth: Auth | null, query: TasksQuery) {
  const caller = requirePermission(auth, 'visits.read');
  const scope = resolveScope(caller, query.areaCode);
  const { rows, total } = await repo.listTasks(
    db,
    {
      scopeCode: scope,
      assigneeUserId: query.mine ? caller.userId : undefined,
      state: query.state,
      startedBy: query.due,
      planId: query.planId,
    },
    query,
  );
  const now = new Date();
  return { items: rows.map((r) => taskView(r, now)), total };
}

export async function getTask(db: Db, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'visits.read');
  const row = await repo.findTask(db, id);
  if (!row || !isWithin(row.grid_code, caller.areaCode)) throw new AppError('visit_not_found');
  return taskView(row, new Date());
}

export async function overdue(db: Db, auth: Auth | null, areaCode: string | undefined) {
  const caller = requirePermission(auth, 'visits.read');
  const scope = resolveScope(caller, areaCode);
  const { byWorker, byCommunity } = await repo.overdueCounts(db, scope, new Date());
  return {
    total: byWorker.reduce((s, r) => s + r.overdue, 0),
    byWorker: byWorker.map((r) => ({ assigneeId: r.assignee_id, name: r.name, overdue: r.overdue })),
    byCommunity: byCommunity.map((r) => ({ areaCode: r.area_code, name: r.name, overdue: r.overdue })),
  };
}

interface Counts {
  planned: number;
  done: number;
  onTime: number;
  overdue: number;
  pending: number;
}
// Tasks still open and not yet due are neither on time nor late: they wait outside the share.
const share = (c: Counts) => {
  const settled = c.planned - c.pending;
  return settled === 0 ? null : Math.round((c.onTime / settled) * 1000) / 1000;
};
const add = (a: Counts, b: Counts): Counts => ({
  planned: a.planned + b.planned,
  done: a.done + b.done,
  onTime: a.onTime + b.onTime,
  overdue: a.overdue + b.overdue,
  pending: a.pending + b.pending,
});
const ZERO: Counts = { planned: 0, done: 0, onTime: 0, overdue: 0, pending: 0 };

/**
 * Coverage: of the tasks due within [from, to] (CST days), the share done by their due time, per
 * grid, per community and in total; tasks still open before their due time are left out of the
 * share until they are done or late. Default period: the current month.
 */
export async function coverage(
  db: Db,
  auth: Auth | null,
  query: { areaCode?: string; from?: string; to?: string },
) {
  const caller = requirePermission(auth, 'visits.read');
  const today = cstDay(new Date());
  const month = periodOf('monthly', today);
  const from = query.from ?? month.start;
  const to = query.to ?? month.end;
  if (to < from) throw fieldError('to', 'before_from');
  const scope = resolveScope(caller, query.areaCode);
  const rows = await repo.coverageByGrid(
    db,
    scope,
    cstMidnight(from),
    cstMidnight(addDays(to, 1)),
    new Date(),
  );
  const grids = rows.map((r) => {
    const c = { planned: r.planned, done: r.done, onTime: r.on_time, overdue: r.overdue, pending: r.pending };
    return { areaCode: r.grid_code, name: r.name, ...c, coverage: share(c) };
  });
  const byCommunity = new Map<string, Counts>();
  for (const g of grids) {
    const code = g.areaCode.slice(0, 12);
    byCommunity.set(code, add(byCommunity.get(code) ?? ZERO, g));
  }
  const names = new Map((await repo.areaNames(db, [...byCommunity.keys()])).map((a) => [a.code, a.name]));
  const total = grids.reduce<Counts>((s, g) => add(s, g), ZERO);
  return {
    from,
    to,
    total: { areaCode: scope ?? caller.areaCode, name: null, ...total, coverage: share(total) },
    grids,
    communities: [...byCommunity].map(([code, c]) => ({
      areaCode: code,
      name: names.get(code) ?? null,
      ...c,
      coverage: share(c),
    })),
  };
}
