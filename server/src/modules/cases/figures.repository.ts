import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import type { CaseState, CaseStep } from '../../db/types.ts';
import { levelOfCode } from '../../geo/area-code.ts';
import { OPEN_STATES } from './cases.machine.ts';

/** Whose cases: an area's, and (a department handler) one department's in it. */
export interface FiguresScope {
  areaCode: string;
  departmentCode?: string;
}

export type FiguresGroup = 'grid' | 'community' | 'street' | 'department' | 'category' | 'day';

const GROUP_KEYS: Record<FiguresGroup, string> = {
  grid: 'c.grid_code',
  community: 'left(c.grid_code, 12)',
  street: `left(c.grid_code, 9) || '000'`,
  department: `coalesce(c.department_code, '')`,
  category: 'c.category_code',
  day: `to_char(c.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`,
};

function scoped(scope: FiguresScope, column = 'c.grid_code', departmentColumn = 'c.department_code') {
  const area = inScope(column, scope.areaCode);
  return scope.departmentCode === undefined
    ? area
    : sql<SqlBool>`${area} and ${sql.ref(departmentColumn)} = ${scope.departmentCode}`;
}

/** Midnight in Beijing time of a 'YYYY-MM-DD' day. */
const dayStart = (day: string): RawBuilder<Date> =>
  sql<Date>`(${day}::date)::timestamp at time zone 'Asia/Shanghai'`;

export interface FiguresRow {
  key: string;
  reported: number;
  closed: number;
  open: number;
  dropped: number;
  avg_hours: number | null;
  p90_hours: number | null;
  reopened: number;
  satisfaction: number | null;
  satisfaction_count: number;
  kept_in_grid: number;
  dispatched: number;
  by_state: Record<string, number>;
  steps: Partial<Record<CaseStep, { finished: number; onTime: number }>> | null;
}

/**
 * The figures of the cases reported from `from` to `to` (days, inclusive, Beijing time), one row per
 * group. Handling time is report to close, of closed cases.
 */
export async function figures(
  db: Db,
  scope: FiguresScope,
  period: { from: string; to: string },
  groupBy: FiguresGroup,
): Promise<FiguresRow[]> {
  const key = sql.raw(GROUP_KEYS[groupBy]);
  const { rows } = await sql<FiguresRow>`
    with c as (
      select ${key} as key, c.* from cases c
      where ${scoped(scope)}
        and c.reported_at >= ${dayStart(period.from)}
        and c.reported_at < ${dayStart(period.to)} + interval '1 day'
    ),
    base as (
      select key,
        count(*) as reported,
        count(*) filter (where state = 'closed') as closed,
        count(*) filter (where state not in ('closed', 'rejected', 'merged')) as open,
        count(*) filter (where state in ('rejected', 'merged')) as dropped,
        avg(extract(epoch from closed_at - reported_at) / 3600) filter (where state = 'closed') as avg_hours,
        percentile_cont(0.9) within group (order by extract(epoch from closed_at - reported_at) / 3600)
          filter (where state = 'closed') as p90_hours,
        count(*) filter (where state = 'closed' and reopen_count > 0) as reopened,
        avg(satisfaction)::float8 as satisfaction,
        count(satisfaction) as satisfaction_count,
        count(*) filter (where kept_in_grid) as kept_in_grid,
        count(*) filter (where kept_in_grid or department_code is not null) as dispatched
      from c group by key
    ),
    states as (
      select key, jsonb_object_agg(state, n) as by_state
      from (select key, state, count(*) as n from c group by 1, 2) s group by key
    ),
    steps as (
      select key, jsonb_object_agg(step, jsonb_build_object('finished', finished, 'onTime', on_time)) as steps
      from (
        select c.key, s.step,
          count(*) filter (where s.finished_at is not null and s.deadline is not null) as finished,
          count(*) filter (where s.finished_at <= s.deadline) as on_time
        from c join case_steps s on s.case_id = c.id
        group by 1, 2
      ) x group by key
    )
    select base.*, states.by_state, steps.steps
    from base join states using (key) left join steps using (key)
    order by key`.execute(db);
  return rows;
}

export type CohortGroup = 'grid' | 'community' | 'street' | 'department';

export interface CohortRow {
  key: string;
  reported: number;
  closed: number;
  dropped: number;
  reopened: number;
  satisfaction: number | null;
  handle_finished: number;
  handle_on_time: number;
}

/**
 * What `figures` says of reported, closed, dropped, reopened, satisfaction and the handle step's
 * deadlines, from the cohort rollups (migration 0039), so the cost does not grow with the cases:
 * grid, community and street groups from `case_rollup_cohorts`; departments from
 * `case_rollup_cohort_departments` for a street or district, from `cases` for a community or grid
 * (whose cases are few; that table has no grids). Folds the delta first. Whole area only (no
 * department scope): the command centre's rankings.
 */
export async function cohortFigures(
  db: Db,
  areaCode: string,
  period: { from: string; to: string },
  groupBy: CohortGroup,
): Promise<CohortRow[]> {
  await foldRollup(db);
  const level = levelOfCode(areaCode);
  const fromCases = groupBy === 'department' && (level === 'community' || level === 'grid');
  const source = fromCases
    ? sql`
      select coalesce(c.department_code, '') as department_code, c.grid_code, 1 as reported,
        (c.state = 'closed')::int as closed, (c.state in ('rejected', 'merged'))::int as dropped,
        (c.state = 'closed' and c.reopen_count > 0)::int as reopened,
        coalesce(c.satisfaction, 0) as satisfaction_sum, (c.satisfaction is not null)::int as satisfaction_n,
        c.handle_finished, c.handle_on_time
      from cases c
      where ${inScope('c.grid_code', areaCode)}
        and c.reported_at >= ${dayStart(period.from)}
        and c.reported_at < ${dayStart(period.to)} + interval '1 day'`
    : groupBy === 'department'
      ? sql`select * from case_rollup_cohort_departments c
        where c.day between ${period.from}::date and ${period.to}::date and ${inScope('c.street_code', areaCode)}`
      : sql`select * from case_rollup_cohorts c
        where c.day between ${period.from}::date and ${period.to}::date and ${inScope('c.grid_code', areaCode)}`;
  const key = sql.raw(groupBy === 'department' ? 'c.department_code' : GROUP_KEYS[groupBy]);
  const { rows } = await sql<CohortRow>`
    select ${key} as key, sum(c.reported)::int8 as reported, sum(c.closed)::int8 as closed,
      sum(c.dropped)::int8 as dropped, sum(c.reopened)::int8 as reopened,
      (sum(c.satisfaction_sum)::numeric / nullif(sum(c.satisfaction_n), 0))::float8 as satisfaction,
      sum(c.handle_finished)::int8 as handle_finished, sum(c.handle_on_time)::int8 as handle_on_time
    from (${source}) c
    group by 1 having sum(c.reported) > 0
    order by 1`.execute(db);
  return rows;
}

/** Display names of the groups' keys. */
export async function groupNames(db: Db, groupBy: FiguresGroup, keys: string[]) {
  if (keys.length === 0) return [];
  if (groupBy === 'day') return [];
  const table =
    groupBy === 'department'
      ? sql`select code, name_zh, name_en from departments`
      : groupBy === 'category'
        ? sql`select code, name_zh, name_en from case_categories`
        : sql`select code, name as name_zh, name as name_en from areas`;
  const { rows } = await sql<{ code: string; name_zh: string; name_en: string }>`
    select * from (${table}) t where code = any(${keys})`.execute(db);
  return rows;
}

// ---- the overview, from the rollup tables only (plus today's deadlines) ----

/** Cases now per state, with the yellow and red among them. */
export async function countsNow(db: Db, scope: FiguresScope) {
  const { rows } = await sql<{ state: CaseState; n: number; yellow: number; red: number }>`
    select state, sum(n)::int8 as n, sum(yellow)::int8 as yellow, sum(red)::int8 as red
    from case_rollup_now c
    where ${scoped(scope, 'c.grid_code', 'c.department_code')}
    group by state having sum(n) > 0`.execute(db);
  return rows;
}

interface Recent {
  key: string;
  reported: number;
  closed: number;
}

/**
 * Reported and closed per day and per grid from `since` (a day) on. A department's cases are not
 * counted per grid (that would multiply the grid rows by the departments): their days come from
 * the category table and they get no grids.
 */
export async function recentByDayAndGrid(db: Db, scope: FiguresScope, since: string) {
  if (scope.departmentCode !== undefined) {
    const byDay = await recentByCategory(db, scope, since, 'day');
    return { byDay, byGrid: [] as Recent[] };
  }
  const { rows } = await sql<{
    day: string | null;
    grid_code: string | null;
    reported: number;
    closed: number;
  }>`
    select day::text, grid_code, sum(reported)::int8 as reported, sum(closed)::int8 as closed
    from case_rollup_daily c
    where c.day >= ${since}::date and ${inScope('c.grid_code', scope.areaCode)}
    group by grouping sets ((day), (grid_code))`.execute(db);
  const pick = (column: 'day' | 'grid_code') =>
    rows
      .filter((r) => r[column] !== null)
      .map((r) => ({ key: r[column]!, reported: r.reported, closed: r.closed }));
  return { byDay: pick('day'), byGrid: pick('grid_code') };
}

/**
 * Reported and closed per category (or day) from `since` on: from the street-level table for a
 * district or street, from `cases` for a community or grid, whose cases are few.
 */
export async function recentByCategory(
  db: Db,
  scope: FiguresScope,
  since: string,
  by: 'category' | 'day' = 'category',
): Promise<Recent[]> {
  const level = levelOfCode(scope.areaCode);
  if (level === 'community' || level === 'grid') {
    const key = sql.raw(
      by === 'category' ? 'category_code' : `(reported_at at time zone 'Asia/Shanghai')::date::text`,
    );
    const start = dayStart(since);
    const { rows } = await sql<Recent>`
      select ${key} as key, count(*) filter (where reported_at >= ${start})::int8 as reported,
        count(*) filter (where state = 'closed' and closed_at >= ${start})::int8 as closed
      from cases c
      where ${scoped(scope)} and (c.reported_at >= ${start} or c.closed_at >= ${start})
      group by 1`.execute(db);
    if (by === 'category') return rows;
    // Closed counts by the day of closing, like the rollup.
    const closed = await sql<{ key: string; n: number }>`
      select (closed_at at time zone 'Asia/Shanghai')::date::text as key, count(*)::int8 as n
      from cases c where ${scoped(scope)} and c.state = 'closed' and c.closed_at >= ${start} group by 1`.execute(
      db,
    );
    const byDay = new Map(rows.map((r) => [r.key, { ...r, closed: 0 }]));
    for (const c of closed.rows) {
      const day = byDay.get(c.key) ?? { key: c.key, reported: 0, closed: 0 };
      day.closed = c.n;
      byDay.set(c.key, day);
    }
    return [...byDay.values()];
  }
  const key = sql.raw(by === 'category' ? 'category_code' : 'day::text');
  const { rows } = await sql<Recent>`
    select ${key} as key, sum(reported)::int8 as reported, sum(closed)::int8 as closed
    from case_rollup_categories c
    where c.day >= ${since}::date and ${scoped(scope, 'c.street_code', 'c.department_code')}
    group by 1`.execute(db);
  return rows;
}

/** Open cases past their step's deadline: whole days from the rollup, today's from `cases`. */
export async function overdueCount(db: Db, scope: FiguresScope, today: string) {
  const { rows } = await sql<{ n: number }>`
    select (
      select coalesce(sum(n), 0) from case_rollup_deadlines c
      where c.deadline_day < ${today}::date and ${scoped(scope, 'c.grid_code', 'c.department_code')}
    ) + (
      select count(*) from cases c
      where c.state = any(${OPEN_STATES})
        and c.step_deadline >= ${dayStart(today)} and c.step_deadline < now()
        and ${scoped(scope)}
    ) as n`.execute(db);
  return Number(rows[0].n);
}

/**
 * Moves what writers appended to `case_rollup_delta` into the rollup tables (migration 0014):
 * every second in the server, and before the overview is read. Answers false when another fold was
 * running, which leaves at most that fold's rows to come.
 */
export async function foldRollup(db: Db): Promise<boolean> {
  const { rows } = await sql<{ folded: boolean }>`select cg_case_rollup_fold() as folded`.execute(db);
  return rows[0]!.folded;
}

/**
 * Rebuilds the rollup tables from `cases` (the database's `cg_case_rollup_rebuild`, from migration
 * 0005): after a load that bypassed the triggers, or to check them.
 */
export async function refreshRollup(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Writes wait meanwhile, so none is counted twice or lost.
    await sql`lock table cases in share mode`.execute(trx);
    await sql`select cg_case_rollup_rebuild()`.execute(trx);
  });
}
