import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import { OPEN_STATES } from './cases.machine.ts';

export interface DayCounts {
  reported: number;
  registered: number;
  closed: number;
  yellow: number;
  red: number;
}

/**
 * Cases reported, registered and closed in an area from `start` (a day's midnight) until `until`:
 * today until now, or the same day last week until the same time of day, so the two compare.
 */
export async function dayCounts(db: Db, areaCode: string, start: Date, until: Date): Promise<DayCounts> {
  const { rows } = await sql<DayCounts>`
    select
      (select count(*) from cases c
        where ${inScope('c.grid_code', areaCode)} and c.reported_at >= ${start} and c.reported_at < ${until}
      )::int8 as reported,
      (select count(*) from case_events e join cases c on c.id = e.case_id
        where ${inScope('c.grid_code', areaCode)} and e.action = 'register' and e.at >= ${start} and e.at < ${until}
      )::int8 as registered,
      (select count(*) from cases c
        where ${inScope('c.grid_code', areaCode)} and c.state = 'closed'
          and c.closed_at >= ${start} and c.closed_at < ${until}
      )::int8 as closed,
      (select count(*) from case_events e join cases c on c.id = e.case_id
        where ${inScope('c.grid_code', areaCode)} and e.action = 'alarm' and e.data->>'level' = 'yellow'
          and e.at >= ${start} and e.at < ${until}
      )::int8 as yellow,
      (select count(*) from case_events e join cases c on c.id = e.case_id
        where ${inScope('c.grid_code', areaCode)} and e.action = 'alarm' and e.data->>'level' = 'red'
          and e.at >= ${start} and e.at < ${until}
      )::int8 as red`.execute(db);
  return rows[0]!;
}

/** Open cases now past their step's deadline. */
export async function overdueNow(db: Db, areaCode: string, at: Date) {
  const { rows } = await sql<{ overdue: number }>`
    select count(*)::int8 as overdue from cases c
    where c.step_deadline < ${at} and
      c.state = any(${OPEN_STATES}) and ${inScope('c.grid_code', areaCode)}`.execute(db);
  return rows[0]!.overdue;
}

export interface CasePoint {
  id: string;
  number: string;
  categoryCode: string;
  gridCode: string;
  lon: number;
  lat: number;
  reportedAt: Date;
  state: string;
}

/**
 * The located cases of an area reported in `[from, until)`, optionally of one category: the points
 * of the wall's map, its heat layer and the hot spots. At most `limit`, the newest first.
 */
export async function casePoints(
  db: Db,
  areaCode: string,
  period: { from: Date; until: Date },
  options: { categoryCode?: string; limit?: number } = {},
): Promise<CasePoint[]> {
  const { rows } = await sql<CasePoint>`
    select c.id, c.number, c.category_code as "categoryCode", c.grid_code as "gridCode",
      c.lon, c.lat, c.reported_at as "reportedAt", c.state
    from cases c
    where ${inScope('c.grid_code', areaCode)} and c.lon is not null and c.lat is not null
      and c.reported_at >= ${period.from} and c.reported_at < ${period.until}
      and c.state <> 'merged'
      ${options.categoryCode ? sql`and c.category_code = ${options.categoryCode}` : sql``}
    order by c.reported_at desc
    limit ${options.limit ?? 20_000}`.execute(db);
  return rows;
}

/** Open cases past their step's deadline, the longest overdue first: the monthly report's list. */
export async function overdueList(db: Db, areaCode: string, at: Date, limit = 50) {
  const { rows } = await sql<{
    number: string;
    categoryCode: string;
    gridCode: string;
    state: string;
    deadline: Date;
    departmentCode: string | null;
  }>`
    select c.number, c.category_code as "categoryCode", c.grid_code as "gridCode", c.state,
      c.step_deadline as deadline, c.department_code as "departmentCode"
    from cases c
    where c.step_deadline < ${at} and c.state = any(${OPEN_STATES}) and ${inScope('c.grid_code', areaCode)}
    order by c.step_deadline
    limit ${limit}`.execute(db);
  return rows;
}
