import { type Insertable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { inScope } from '../../db/scope.ts';
import type { VisitPlansTable } from '../../db/types.ts';
import type { Period } from './periods.ts';

export type PlanRow = Awaited<ReturnType<typeof findPlan>> & {};

export async function listPlans(db: Db, scopeCode: string, page: { page: number; pageSize: number }) {
  const base = db.selectFrom('visit_plans').where(inScope('area_code', scopeCode));
  return pageAndTotal(
    db,
    base
      .selectAll()
      .orderBy('area_code')
      .orderBy('name')
      .orderBy('id')
      .$call((q) => pageOf(q, page)),
    base.select(sql<number>`count(*)`.as('count')),
  );
}

export function findPlan(db: Db, id: string) {
  return db.selectFrom('visit_plans').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertPlan(db: Db, values: Insertable<VisitPlansTable>) {
  return db.insertInto('visit_plans').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updatePlan(db: Db, id: string, version: number, values: Updateable<VisitPlansTable>) {
  return db
    .updateTable('visit_plans')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
}

/** Active plans whose area lies within the scope (all of them for a district). */
export function activePlans(db: Db, scopeCode?: string) {
  return db
    .selectFrom('visit_plans')
    .selectAll()
    .where('active', '=', true)
    .$if(scopeCode !== undefined, (q) => q.where(inScope('area_code', scopeCode!)))
    .orderBy('created_at')
    .execute();
}

export function tagExists(db: Db, code: string) {
  return db.selectFrom('tags').select('code').where('code', '=', code).executeTakeFirst();
}

/** The plan's targets (id, label, grid) in its area. */
function targetsOf(plan: PlanRow) {
  const area = plan.area_code;
  const filter = plan.filter ?? {};
  switch (plan.target_type) {
    case 'person':
      return sql`select p.id::text as target_id, p.name as label, p.grid_code from people p
        join person_tags t on t.person_id = p.id and t.tag_code = ${filter.tag ?? ''}
        where p.retired_at is null and ${inScope('p.grid_code', area)}`;
    case 'house':
      return sql`select h.id::text as target_id, b.name || ' ' || h.room as label, h.grid_code from houses h
        join buildings b on b.id = h.building_id
        where h.retired_at is null and h.usage = ${filter.usage ?? ''} and ${inScope('h.grid_code', area)}`;
    case 'org':
      return sql`select o.id::text as target_id, o.name as label, o.grid_code from orgs o
        where o.retired_at is null and o.kind = ${filter.kind ?? ''} and ${inScope('o.grid_code', area)}`;
    case 'grid':
      return sql`select a.code as target_id, a.name as label, a.code as grid_code from areas a
        where a.level = 'grid' and a.retired_at is null and ${inScope('a.code', area)}`;
  }
}

/**
 * One task per target of the plan for the period, assigned to the head of the target's grid.
 * The unique key (plan, target, period start) makes a second run add nothing.
 */
export async function generateTasks(db: Db, plan: PlanRow, period: Period): Promise<number> {
  const result = await sql`
    insert into visit_tasks
      (plan_id, target_type, target_id, target_label, grid_code, assignee_id, period_start, period_end, due_at)
    select ${plan.id}::uuid, ${plan.target_type}, x.target_id, x.label, x.grid_code, h.member_id,
      ${period.start}::date, ${period.end}::date, ${period.dueAt}::timestamptz
    from (${targetsOf(plan)}) x
    left join team_member_grids h on h.grid_code = x.grid_code and h.is_head
    on conflict (plan_id, target_id, period_start) do nothing
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Demo data in one statement: the period's tasks with a share of them already visited (a tenth
 * of past ones late), and those visits, all before `now`.
 */
export async function generateVisitedTasks(
  db: Db,
  plan: PlanRow,
  period: Period & { startAt: Date },
  now: Date,
  doneShare: number,
): Promise<number> {
  const visitedAt = sql`case
      when ${period.dueAt}::timestamptz > ${now}::timestamptz
        then ${period.startAt}::timestamptz + x.r2 * (${now}::timestamptz - ${period.startAt}::timestamptz)
      when x.r2 < 0.1 then least(${now}::timestamptz, ${period.dueAt}::timestamptz + x.r2 * interval '30 days')
      else ${period.startAt}::timestamptz + x.r2 * (${period.dueAt}::timestamptz - ${period.startAt}::timestamptz)
    end`;
  const result = await sql`
    with added as (
      insert into visit_tasks
        (plan_id, target_type, target_id, target_label, grid_code, assignee_id, period_start, period_end,
         due_at, state, done_at)
      select ${plan.id}::uuid, ${plan.target_type}, x.target_id, x.label, x.grid_code, h.member_id,
        ${period.start}::date, ${period.end}::date, ${period.dueAt}::timestamptz,
        case when x.r < ${doneShare} then 'done' else 'open' end,
        case when x.r < ${doneShare} then ${visitedAt} end
      from (select y.*, random() as r, random() as r2 from (${targetsOf(plan)}) y) x
      left join team_member_grids h on h.grid_code = x.grid_code and h.is_head
      on conflict (plan_id, target_id, period_start) do nothing
      returning id, target_type, target_id, target_label, grid_code, assignee_id, state, done_at
    )
    insert into visits (task_id, kind, target_type, target_id, target_label, grid_code, visitor_id,
      visitor_name, visited_at, findings, result)
    select a.id, 'visit', a.target_type, a.target_id, a.target_label, a.grid_code, m.user_id,
      coalesce(u.display_name, m.name, '网格员'), a.done_at,
      case when a.r < 0.05 then '发现安全隐患，已提醒整改' else '情况正常' end,
      case when a.r < 0.05 then 'problem' else 'normal' end
    from (select added.*, random() as r from added) a
    left join team_members m on m.id = a.assignee_id
    left join users u on u.id = m.user_id
    where a.state = 'done'
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

function tasks(db: Db) {
  return db
    .selectFrom('visit_tasks as t')
    .innerJoin('visit_plans as p', 'p.id', 't.plan_id')
    .leftJoin('team_members as m', 'm.id', 't.assignee_id')
    .leftJoin('visits as v', 'v.task_id', 't.id');
}
const taskColumns = [
  't.id',
  't.plan_id',
  'p.name as plan_name',
  't.target_type',
  't.target_id',
  't.target_label',
  't.grid_code',
  't.assignee_id',
  'm.name as assignee_name',
  't.period_start',
  't.period_end',
  't.due_at',
  't.state',
  't.done_at',
  'v.id as visit_id',
] as const;
export type TaskRow = Awaited<ReturnType<typeof findTask>> & {};

export interface TaskFilter {
  scopeCode: string;
  assigneeUserId?: string;
  state?: 'open' | 'overdue' | 'done' | 'cancelled';
  /** The period has begun on or before this day. */
  startedBy?: string;
  planId?: string;
}

export async function listTasks(db: Db, filter: TaskFilter, page: { page: number; pageSize: number }) {
  const base = tasks(db)
    .where(inScope('t.grid_code', filter.scopeCode))
    .$if(filter.assigneeUserId !== undefined, (q) => q.where('m.user_id', '=', filter.assigneeUserId!))
    .$if(filter.state === 'open', (q) => q.where('t.state', '=', 'open').where('t.due_at', '>=', new Date()))
    .$if(filter.state === 'overdue', (q) =>
      q.where('t.state', '=', 'open').where('t.due_at', '<', new Date()),
    )
    .$if(filter.state === 'done' || filter.state === 'cancelled', (q) =>
      q.where('t.state', '=', filter.state as 'done'),
    )
    .$if(filter.startedBy !== undefined, (q) => q.where('t.period_start', '<=', filter.startedBy!))
    .$if(filter.planId !== undefined, (q) => q.where('t.plan_id', '=', filter.planId!));
  return pageAndTotal(
    db,
    base
      .select(taskColumns)
      .orderBy('t.due_at')
      .orderBy('t.grid_code')
      .orderBy('t.target_label')
      .orderBy('t.id')
      .$call((q) => pageOf(q, page)),
    base.select(sql<number>`count(*)`.as('count')),
  );
}

export function findTask(db: Db, id: string) {
  return tasks(db).select(taskColumns).where('t.id', '=', id).executeTakeFirst();
}

export function lockTask(db: Db, id: string) {
  return db.selectFrom('visit_tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function completeTask(db: Db, id: string, doneAt: Date) {
  return db.updateTable('visit_tasks').set({ state: 'done', done_at: doneAt }).where('id', '=', id).execute();
}

/** Open tasks past due in the scope, counted by assignee and by community. */
export async function overdueCounts(db: Db, scopeCode: string, now: Date) {
  const base = db
    .selectFrom('visit_tasks as t')
    .where(inScope('t.grid_code', scopeCode))
    .where('t.state', '=', 'open')
    .where('t.due_at', '<', now);
  const [byWorker, byCommunity] = await Promise.all([
    base
      .leftJoin('team_members as m', 'm.id', 't.assignee_id')
      .select(['t.assignee_id', 'm.name', sql<number>`count(*)`.as('overdue')])
      .groupBy(['t.assignee_id', 'm.name'])
      .orderBy(sql`count(*)`, 'desc')
      .execute(),
    base
      .leftJoin('areas as a', (join) => join.on(sql<boolean>`a.code = left(t.grid_code, 12)`))
      .select([
        sql<string>`left(t.grid_code, 12)`.as('area_code'),
        'a.name',
        sql<number>`count(*)`.as('overdue'),
      ])
      .groupBy([sql`left(t.grid_code, 12)`, 'a.name'])
      .orderBy(sql`count(*)`, 'desc')
      .execute(),
  ]);
  return { byWorker, byCommunity };
}

/**
 * Per grid: tasks due in [from, to), how many done, done on time (by their due time), still open
 * past due at `now`, and still open but not yet due.
 */
export function coverageByGrid(db: Db, scopeCode: string, from: Date, to: Date, now: Date) {
  return db
    .selectFrom('visit_tasks as t')
    .innerJoin('areas as a', 'a.code', 't.grid_code')
    .select([
      't.grid_code',
      'a.name',
      sql<number>`count(*)`.as('planned'),
      sql<number>`count(*) filter (where t.state = 'done')`.as('done'),
      sql<number>`count(*) filter (where t.state = 'done' and t.done_at <= t.due_at)`.as('on_time'),
      sql<number>`count(*) filter (where t.state = 'open' and t.due_at < ${now})`.as('overdue'),
      sql<number>`count(*) filter (where t.state = 'open' and t.due_at >= ${now})`.as('pending'),
    ])
    .where(inScope('t.grid_code', scopeCode))
    .where('t.state', '!=', 'cancelled')
    .where('t.due_at', '>', from)
    .where('t.due_at', '<=', to)
    .groupBy(['t.grid_code', 'a.name'])
    .orderBy('t.grid_code')
    .execute();
}

export function areaNames(db: Db, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('areas').select(['code', 'name']).where('code', 'in', codes).execute();
}

export function findGrid(db: Db, code: string) {
  return db
    .selectFrom('areas')
    .select(['code', 'name'])
    .where('code', '=', code)
    .where('level', '=', 'grid')
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}
