import {
  type Expression,
  type Insertable,
  type Selectable,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import { unnestInsert } from '../../db/bulk.ts';
import { builtOnce, compiledOnce } from '../../db/compiled.ts';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, rowsOf } from '../../db/paging.ts';
import { inScope } from '../../db/scope.ts';
import { CASE_STATES, type CaseState, type CaseStepsTable, type CasesTable } from '../../db/types.ts';
import { ENDED_STATES } from './cases.machine.ts';

export const caseColumns = [
  'c.id',
  'c.number',
  'c.source',
  'c.category_code',
  'c.grid_code',
  'c.lon',
  'c.lat',
  'c.address',
  'c.description',
  'c.state',
  'c.reporter_id',
  'c.reporter_name',
  'c.reporter_phone_mask',
  'c.department_code',
  'c.kept_in_grid',
  'c.duplicate_of',
  'c.step',
  'c.step_started_at',
  'c.step_deadline',
  'c.alarm',
  'c.escalated_to',
  'c.supervised_at',
  'c.satisfaction',
  'c.reopen_count',
  'c.reported_at',
  'c.closed_at',
  'c.org_id',
  'c.version',
  'c.updated_at',
  'cat.name_zh as category_zh',
  'cat.name_en as category_en',
  'a.name as grid_name',
  'd.name_zh as department_zh',
  'd.name_en as department_en',
] as const;

/** The tables a case and the case lists are read from (the read cache drops answers when they change). */
export const CASE_READS = ['cases', 'case_categories', 'areas', 'departments'] as const;

/**
 * Cases with the names of their category, grid and department. Left joins on unique keys, though
 * every case has a category and a grid: PostgreSQL drops a left join whose columns are not used, so
 * counting a list reads the cases alone.
 */
const selectCases = builtOnce((db) =>
  db
    .selectFrom('cases as c')
    .leftJoin('case_categories as cat', 'cat.code', 'c.category_code')
    .leftJoin('areas as a', 'a.code', 'c.grid_code')
    .leftJoin('departments as d', 'd.code', 'c.department_code')
    .select(caseColumns)
    .$narrowType<{ category_zh: string; category_en: string; grid_name: string }>(),
);

export type CaseRow = Awaited<ReturnType<typeof findCase>> & {};

const caseById = compiledOnce((db, values: { id: string }) => selectCases(db).where('c.id', '=', values.id));

/** One case; the hottest read of all, so its statement is compiled once. */
export async function findCase(db: Db, id: string) {
  return (await caseById(db, { id }))[0];
}

/** One statement however many ids: its text does not change with their number, so it is prepared once. */
export function findCases(db: Db, ids: string[]) {
  return selectCases(db).where('c.id', '=', sql<string>`any(${ids}::uuid[])`).execute();
}

/** The case row locked for a move: two moves on one case queue here and the second sees the first's result. */
export function lockCase(trx: Db, id: string) {
  return trx.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Whose cases: a reporter's own, or an area's (a department handler: their department's in it). */
export type CaseScope = { reporterId: string } | { areaCode: string; departmentCode?: string };

/** Cases in one of these states (and, when set, kept in their grid or not). */
export interface Waiting {
  states: CaseState[];
  keptInGrid?: boolean;
}

export interface CaseFilter {
  scope: CaseScope;
  waiting?: Waiting[];
  states?: CaseState[];
  categoryCodes?: string[];
  areaCode?: string;
  open?: boolean;
  overdue?: boolean;
  alarm?: 'yellow' | 'red';
  supervised?: boolean;
  source?: string;
  departmentCode?: string;
  q?: string;
  /** Only these cases (e.g. a hot spot's members), still within the scope. */
  ids?: string[];
  from?: Date;
  to?: Date;
}

function filtered(db: Db, filter: CaseFilter) {
  return selectCases(db).where((eb) => {
    const conditions: Expression<SqlBool>[] = [];
    const { scope } = filter;
    if ('reporterId' in scope) conditions.push(eb('c.reporter_id', '=', scope.reporterId));
    else {
      conditions.push(inScope('c.grid_code', scope.areaCode));
      if (scope.departmentCode !== undefined)
        conditions.push(eb('c.department_code', '=', scope.departmentCode));
    }
    if (filter.waiting)
      conditions.push(
        eb.or(
          filter.waiting.map((w) =>
            eb.and([
              eb('c.state', 'in', w.states),
              ...(w.keptInGrid === undefined ? [] : [eb('c.kept_in_grid', '=', w.keptInGrid)]),
            ]),
          ),
        ),
      );
    if (filter.states?.length) conditions.push(eb('c.state', 'in', filter.states));
    if (filter.categoryCodes?.length) conditions.push(eb('c.category_code', 'in', filter.categoryCodes));
    if (filter.areaCode) conditions.push(inScope('c.grid_code', filter.areaCode));
    if (filter.open !== undefined) conditions.push(eb('c.closed_at', filter.open ? 'is' : 'is not', null));
    if (filter.overdue !== undefined)
      conditions.push(
        filter.overdue
          ? sql<SqlBool>`c.closed_at is null and c.step_deadline < now()`
          : sql<SqlBool>`not (c.closed_at is null and c.step_deadline < now())`,
      );
    if (filter.alarm) conditions.push(eb('c.alarm', '=', filter.alarm));
    if (filter.supervised !== undefined)
      conditions.push(
        filter.supervised ? eb('c.supervised_at', 'is not', null) : eb('c.supervised_at', 'is', null),
      );
    if (filter.source) conditions.push(eb('c.source', '=', filter.source as CasesTable['source']));
    if (filter.departmentCode) conditions.push(eb('c.department_code', '=', filter.departmentCode));
    if (filter.ids) conditions.push(eb('c.id', '=', sql<string>`any(${filter.ids}::uuid[])`));
    if (filter.from) conditions.push(eb('c.reported_at', '>=', filter.from));
    if (filter.to) conditions.push(eb('c.reported_at', '<', filter.to));
    if (filter.q) {
      const escaped = filter.q.replace(/[\\%_]/g, (c) => `\\${c}`);
      conditions.push(
        eb.or([
          eb('c.number', '=', filter.q),
          eb('c.description', 'like', `%${escaped}%`),
          eb('c.address', 'like', `%${escaped}%`),
        ]),
      );
    }
    return eb.and(conditions);
  });
}

export type CaseSort = 'deadline' | '-reportedAt' | 'reportedAt' | 'number';

const SORTS: Record<CaseSort, [string, 'asc' | 'desc']> = {
  deadline: ['c.step_deadline', 'asc'],
  reportedAt: ['c.reported_at', 'asc'],
  '-reportedAt': ['c.reported_at', 'desc'],
  number: ['c.number', 'asc'],
};

export async function listCases(
  db: Db,
  filter: CaseFilter,
  page: { limit: number; offset: number; sort: CaseSort },
) {
  const [column, direction] = SORTS[page.sort];
  const states = countableStates(filter);
  const { rows, total } = await pageAndTotal(
    db,
    filtered(db, filter)
      // Open cases with a deadline first when sorting by deadline; ties by number for a stable order.
      .orderBy(sql.ref(column), (ob) => (direction === 'asc' ? ob.asc() : ob.desc()).nullsLast())
      .orderBy('c.number', 'desc')
      .$call((q) => rowsOf(q, page.limit, page.offset)),
    states && 'areaCode' in filter.scope
      ? countFromRollup(filter.scope, filter, states)
      : filtered(db, filter)
          .clearSelect()
          .select((eb) => eb.fn.countAll<string>().as('n')),
  );
  return { items: rows, total };
}

/**
 * The states a list counts when nothing but areas, departments and states narrow it (as a list
 * of open cases or an inbox without "kept in grid"), or null. Such a list is counted from the
 * rollup instead of row by row.
 */
function countableStates(filter: CaseFilter): CaseState[] | null {
  const { scope, states, open, areaCode, departmentCode, waiting, ...rest } = filter;
  const narrowed = Object.values(rest).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0));
  if ('reporterId' in scope || narrowed || waiting?.some((w) => w.keptInGrid !== undefined)) return null;
  return CASE_STATES.filter(
    (state) =>
      (!states?.length || states.includes(state)) &&
      (open === undefined || ENDED_STATES.includes(state) !== open) &&
      (!waiting || waiting.some((w) => w.states.includes(state))),
  );
}

/**
 * How many cases of the areas and departments are in `states`: the rollup's count
 * (`case_rollup_now`) plus the contributions not folded into it yet, read in one snapshot. A
 * millisecond where counting a district's open cases row by row took tens.
 */
function countFromRollup(
  scope: { areaCode: string; departmentCode?: string },
  filter: CaseFilter,
  states: CaseState[],
) {
  const where = (table: string) => {
    const conditions = [
      inScope(`${table}.grid_code`, scope.areaCode),
      sql<SqlBool>`${sql.ref(`${table}.state`)} = any(${states}::text[])`,
    ];
    if (filter.areaCode) conditions.push(inScope(`${table}.grid_code`, filter.areaCode));
    for (const department of [scope.departmentCode, filter.departmentCode])
      if (department !== undefined)
        conditions.push(sql<SqlBool>`${sql.ref(`${table}.department_code`)} = ${department}`);
    return sql.join(conditions, sql` and `);
  };
  return sql<{ n: string }>`
    select coalesce(sum(x.n), 0) as n from (
      select r.n from case_rollup_now r where ${where('r')}
      union all
      select d.sign from case_rollup_delta d where ${where('d')}
    ) x`;
}

export type NewCase = Omit<Insertable<CasesTable>, 'number'> & { id: string };

/** The columns a new case is given (the others take their defaults), with their types. */
const NEW_CASE_COLUMNS = {
  id: 'uuid',
  source: 'text',
  category_code: 'text',
  grid_code: 'text',
  lon: 'float8',
  lat: 'float8',
  address: 'text',
  description: 'text',
  state: 'text',
  reporter_id: 'uuid',
  reporter_name: 'text',
  reporter_phone_enc: 'text',
  reporter_phone_hash: 'text',
  reporter_phone_mask: 'text',
  department_code: 'text',
  duplicate_of: 'uuid',
  step: 'text',
  step_started_at: 'timestamptz',
  step_deadline: 'timestamptz',
  alarm: 'text',
  escalated_to: 'text',
  supervised_at: 'timestamptz',
  satisfaction: 'int2',
  api_client: 'text',
  external_id: 'text',
  reported_at: 'timestamptz',
  closed_at: 'timestamptz',
} as const satisfies { [K in keyof NewCase]?: string };

/** The statement adding new cases, each numbered in its year of report. */
export function casesInsert(cases: NewCase[]) {
  return unnestInsert('cases', NEW_CASE_COLUMNS, cases, {
    number: sql`to_char(u.reported_at at time zone 'Asia/Shanghai', 'YYYY') || '-' || lpad(nextval('case_number_seq')::text, 7, '0')`,
  });
}

/** The same, returning the rows written (numbers and defaults filled in): a report needs no read-back. */
export function casesInsertReturning(cases: NewCase[]) {
  return sql<Selectable<CasesTable>>`${casesInsert(cases)} returning *`;
}

/** A grid's name (the answer to a report names its grid). */
export function gridName(db: Db, code: string) {
  return db.selectFrom('areas').select('name').where('code', '=', code).executeTakeFirst();
}

export function updateCase(trx: Db, id: string, values: Updateable<CasesTable>) {
  return trx
    .updateTable('cases')
    .set({ ...values, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
}

export interface NewEvent {
  case_id: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  from_state?: CaseState | null;
  to_state?: CaseState | null;
  note?: string | null;
  data?: Record<string, unknown>;
}

export function insertEvent(trx: Db, event: NewEvent) {
  return trx
    .insertInto('case_events')
    .values({ ...event, data: JSON.stringify(event.data ?? {}) as unknown as Record<string, unknown> })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function eventsInsert(events: NewEvent[]) {
  return unnestInsert(
    'case_events',
    {
      case_id: 'uuid',
      actor_id: 'uuid',
      actor_name: 'text',
      action: 'text',
      from_state: 'text',
      to_state: 'text',
      note: 'text',
      data: 'jsonb',
    },
    events.map((e) => ({ ...e, data: JSON.stringify(e.data ?? {}) })),
  );
}

export function events(db: Db, caseId: string) {
  return db
    .selectFrom('case_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select([
      'e.id',
      'e.at',
      'e.actor_id',
      'e.actor_name',
      'u.role as actor_role',
      'e.action',
      'e.from_state',
      'e.to_state',
      'e.note',
      'e.data',
    ])
    .where('e.case_id', '=', caseId)
    .orderBy('e.id')
    .execute();
}

/** Ends the step the case is in, if any. */
export function endStep(trx: Db, caseId: string, at: Date) {
  return trx
    .updateTable('case_steps')
    .set({ finished_at: at })
    .where('case_id', '=', caseId)
    .where('finished_at', 'is', null)
    .execute();
}

export function stepsInsert(steps: Insertable<CaseStepsTable>[]) {
  return unnestInsert(
    'case_steps',
    {
      case_id: 'uuid',
      step: 'text',
      department_code: 'text',
      grid_code: 'text',
      started_at: 'timestamptz',
      deadline: 'timestamptz',
    },
    steps,
  );
}

export function steps(db: Db, caseId: string) {
  return db
    .selectFrom('case_steps')
    .select(['step', 'department_code', 'started_at', 'deadline', 'finished_at', 'late'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

export function insertNotice(
  trx: Db,
  notice: {
    case_id: string;
    kind: 'supervise' | 'escalate' | 'yellow' | 'red';
    area_code: string;
    department_code: string | null;
    message: string;
  },
) {
  return trx.insertInto('case_notices').values(notice).execute();
}

export function category(db: Db, code: string) {
  return db
    .selectFrom('case_categories')
    .select(['code', 'parent_code', 'name_zh', 'name_en', 'department_code', 'time_limits'])
    .where('code', '=', code)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

export function childCategoryCodes(db: Db, code: string) {
  return db
    .selectFrom('case_categories')
    .select('code')
    .where((eb) => eb.or([eb('code', '=', code), eb('parent_code', '=', code)]))
    .execute();
}

/** An active department named by its code or by its Chinese or English name. */
export function departmentNamed(db: Db, name: string) {
  return db
    .selectFrom('departments')
    .select(['code', 'name_zh', 'name_en'])
    .where((eb) => eb.or([eb('code', '=', name), eb('name_zh', '=', name), eb('name_en', '=', name)]))
    .where('retired_at', 'is', null)
    .orderBy('sort')
    .executeTakeFirst();
}

export function department(db: Db, code: string) {
  return db
    .selectFrom('departments')
    .select(['code', 'name_zh', 'name_en'])
    .where('code', '=', code)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

/** The most specific routing rule for a category (and its parent) in a grid. */
export function routingRule(db: Db, categoryCodes: string[], gridCode: string) {
  return db
    .selectFrom('routing_rules')
    .select(['department_code', 'category_code', 'area_code'])
    .where((eb) =>
      eb.and([
        eb.or([eb('category_code', 'is', null), eb('category_code', 'in', categoryCodes)]),
        eb.or([eb('area_code', 'is', null), sql<SqlBool>`${gridCode} like rtrim(area_code, '0') || '%'`]),
      ]),
    )
    .orderBy(sql`category_code = ${categoryCodes[0]}`, (ob) => ob.desc().nullsLast())
    .orderBy(sql`category_code is not null`, 'desc')
    .orderBy(sql`length(rtrim(coalesce(area_code, ''), '0'))`, 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Where to look for likely duplicates of a report: its category and point (and not itself). */
export interface Probe {
  categoryCode: string;
  lon: number;
  lat: number;
  excludeId?: string;
}

/**
 * For each probe, the five nearest open cases of its category within `meters`, reported since
 * `since`: likely duplicates. One statement for any number of probes (a group of reports).
 * cg_nearest_open_cases (migration 0018) hands out the 20 nearest from the point index within a
 * box; they are ranked in metres (equirectangular: exact enough at tens of metres) and only the
 * five are joined.
 */
export function nearbyOpenCases(db: Db, probes: Probe[], within: { meters: number; since: Date }) {
  const near = sql<{ probe: number; id: string; distance: number }>`(
    select probe, id, distance from (
      select p.probe, n.id, d.distance,
        row_number() over (partition by p.probe order by d.distance, n.id) as rank
      from unnest(
        ${probes.map((_, i) => i)}::int[], ${probes.map((p) => p.categoryCode)}::text[],
        ${probes.map((p) => p.lon)}::float8[], ${probes.map((p) => p.lat)}::float8[],
        ${probes.map((p) => p.excludeId ?? null)}::uuid[]
      ) as p(probe, category, lon, lat, exclude)
      cross join lateral (
        select 111320 * cos(radians(p.lat)) as per_lon, ${within.meters}::float8 / 111320 as dlat,
          ${within.meters}::float8 / (111320 * cos(radians(p.lat))) as dlon
      ) m
      cross join lateral cg_nearest_open_cases(
        p.category, p.lon, p.lat, box(point(p.lon - m.dlon, p.lat - m.dlat), point(p.lon + m.dlon, p.lat + m.dlat)),
        ${within.since}::timestamptz, p.exclude, 20
      ) n
      cross join lateral (
        select round(sqrt(power((n.lon - p.lon) * m.per_lon, 2) + power((n.lat - p.lat) * 111320, 2))) as distance
      ) d
      where d.distance <= ${within.meters}
    ) ranked
    where rank <= 5
  )`;
  // The short form the forms show, and what `maySeeCase` needs: no names, so no joins.
  return db
    .selectFrom('cases as c')
    .innerJoin(near.as('near'), 'near.id', 'c.id')
    .select([
      'c.id',
      'c.number',
      'c.state',
      'c.description',
      'c.grid_code',
      'c.reporter_id',
      'c.department_code',
      'near.probe',
      'near.distance',
    ])
    .orderBy('near.probe')
    .orderBy('near.distance')
    .orderBy('c.id')
    .execute();
}

export function insertAttachment(
  trx: Db,
  values: {
    case_id: string;
    event_id: number;
    file_name: string;
    content_type: string;
    size: number;
    sha256: string;
    uploaded_by: string | null;
  },
) {
  return trx
    .insertInto('case_attachments')
    .values(values)
    .returning(['id', 'uploaded_at'])
    .executeTakeFirstOrThrow();
}

export function attachments(db: Db, caseId: string) {
  return db
    .selectFrom('case_attachments')
    .select(['id', 'event_id', 'file_name', 'content_type', 'size', 'sha256', 'uploaded_at'])
    .where('case_id', '=', caseId)
    .orderBy('uploaded_at')
    .execute();
}

export function attachment(db: Db, caseId: string, id: string) {
  return db
    .selectFrom('case_attachments')
    .select(['id', 'file_name', 'content_type', 'size', 'sha256'])
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The grid of this code, if it is one and in use. */
export function activeGrid(db: Db, code: string) {
  return db
    .selectFrom('areas')
    .select('code')
    .where('code', '=', code)
    .where('level', '=', 'grid')
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

/** Number, state and grid of cases by id, for other modules linking to cases (meetings' decisions). */
export function caseBriefs(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('cases')
    .select(['id', 'number', 'state', 'grid_code'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
}
