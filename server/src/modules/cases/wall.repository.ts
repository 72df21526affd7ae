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

type PointsPeriod = { from: Date; until: Date };
type PointsOptions = { categoryCode?: string; limit?: number };

/** The located cases behind the points: every reading below is this one, newest first. */
function located(areaCode: string, period: PointsPeriod, options: PointsOptions) {
  return sql`
    from cases c
    where ${inScope('c.grid_code', areaCode)} and c.lon is not null and c.lat is not null
      and c.reported_at >= ${period.from} and c.reported_at < ${period.until}
      and c.state <> 'merged'
      ${options.categoryCode ? sql`and c.category_code = ${options.categoryCode}` : sql``}
    order by c.reported_at desc
    limit ${options.limit ?? 20_000}`;
}

/**
 * The located cases of an area reported in `[from, until)`, optionally of one category: the points
 * of the wall's map, its heat layer and the hot spots. At most `limit`, the newest first.
 */
export async function casePoints(
  db: Db,
  areaCode: string,
  period: PointsPeriod,
  options: PointsOptions = {},
): Promise<CasePoint[]> {
  const { rows } = await sql<CasePoint>`
    select c.id, c.number, c.category_code as "categoryCode", c.grid_code as "gridCode",
      c.lon, c.lat, c.reported_at as "reportedAt", c.state
    ${located(areaCode, period, options)}`.execute(db);
  return rows;
}

/**
 * The same cases as `casePoints` without their state, for clustering (the hot spots): each time
 * is read as its milliseconds since 1970 (cut as the driver cuts them), a number the driver parses
 * at once, where it matches a date's text against a pattern, a third of the reading's time.
 */
export async function caseClusterPoints(
  db: Db,
  areaCode: string,
  period: PointsPeriod,
  options: PointsOptions = {},
): Promise<Omit<CasePoint, 'state'>[]> {
  const { rows } = await sql<Omit<CasePoint, 'state' | 'reportedAt'> & { ms: number }>`
    select c.id, c.number, c.category_code as "categoryCode", c.grid_code as "gridCode", c.lon, c.lat,
      floor(extract(epoch from c.reported_at) * 1000)::float8 as ms
    ${located(areaCode, period, options)}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    categoryCode: r.categoryCode,
    gridCode: r.gridCode,
    lon: r.lon,
    lat: r.lat,
    reportedAt: new Date(r.ms),
  }));
}

/**
 * The same points as `casePoints`, as the JSON text of their array, built by PostgreSQL: the same
 * fields in the same order, `reportedAt` in `Date.toISOString`'s form (UTC, milliseconds cut, as
 * the driver cuts them). The wall's map sends it through as it is: 20,000 rows neither parsed by
 * the driver nor serialized again.
 */
export async function casePointsJson(
  db: Db,
  areaCode: string,
  period: PointsPeriod,
  options: PointsOptions = {},
): Promise<string> {
  // Written out with || over text (each value cast once, by a cast the plan resolves) rather than
  // by json_build_object or concat, which look up every value's output function on every row and
  // took half as long again; and json_build_object's text has spaces around every colon. These
  // are the bytes JSON.stringify gives the same objects: numbers in PostgreSQL's shortest exact
  // form, as JavaScript's (one below 1e-4 would read 1e-05 rather than 0.00001, the same number);
  // the codes and states need no escaping (their CHECK constraints allow letters, digits and _),
  // the case number is escaped by to_json. The aggregate takes the rows in the subquery's order
  // (there is no join or grouping above it).
  const { rows } = await sql<{ json: string }>`
    select '[' || coalesce(string_agg('{"id":"' || c.id::text || '","number":' || to_json(c.number)::text
        || ',"categoryCode":"' || c.category_code || '","gridCode":"' || c.grid_code
        || '","lon":' || c.lon::text || ',"lat":' || c.lat::text
        || ',"reportedAt":"' || to_char(c.reported_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        || '","state":"' || c.state || '"}', ','), '') || ']' as json
    from (
      select c.id, c.number, c.category_code, c.grid_code, c.lon, c.lat, c.reported_at, c.state
      ${located(areaCode, period, options)}
    ) c`.execute(db);
  return rows[0]!.json;
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
