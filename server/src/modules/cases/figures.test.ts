import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../platform/auth/permissions.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { loadCaseCatalog } from './catalog.ts';
import { foldRollup, refreshRollup } from './figures.repository.ts';
import { beijingDay } from './figures.service.ts';

let t: TestApp;
let grid: string;
let point: { lon: number; lat: number };
let district: string;
const s = {} as Record<'operator' | 'handler' | 'otherHandler' | 'worker' | 'leader' | 'resident', Session>;

async function user(role: Role, areaCode: string, departmentCode: string | null = null) {
  const u = await buildUser(t.db, role, areaCode);
  if (departmentCode)
    await t.db.updateTable('users').set({ department_code: departmentCode }).where('id', '=', u.id).execute();
  return t.login(u.username);
}

beforeAll(async () => {
  t = await createTestApp();
  await loadCaseCatalog(t.db);
  const building = await t.db
    .selectFrom('buildings')
    .select(['grid_code', 'lon', 'lat'])
    .orderBy('grid_code')
    .limit(1)
    .executeTakeFirstOrThrow();
  grid = building.grid_code;
  point = { lon: building.lon, lat: building.lat };
  district = `${grid.slice(0, 6)}000000`;
  s.operator = await user('command_operator', district);
  s.handler = await user('dept_handler', district, 'urban_management');
  s.otherHandler = await user('dept_handler', district, 'water');
  s.worker = await user('grid_worker', grid);
  s.leader = await user('area_leader', grid.slice(0, 12));
  s.resident = await user('resident', grid.slice(0, 12));
}, 60_000);

afterAll(() => t?.close());

const at = (iso: string) => new Date(iso);
let serial = 0;

/** A case written straight into the tables, with known times, and its steps. */
async function fixtureCase(
  values: {
    state: 'closed' | 'handling' | 'rejected' | 'reported';
    reportedAt: string;
    closedAt?: string;
    departmentCode?: string | null;
    keptInGrid?: boolean;
    satisfaction?: number;
    reopenCount?: number;
  },
  steps: {
    step: 'register' | 'dispatch' | 'handle';
    deadline: string | null;
    finished: string | null;
  }[] = [],
) {
  const { id } = await t.db
    .insertInto('cases')
    .values({
      number: `FX-${++serial}`,
      source: 'grid_worker',
      category_code: 'exposed_garbage',
      grid_code: grid,
      description: '测试',
      state: values.state,
      department_code: values.departmentCode ?? null,
      kept_in_grid: values.keptInGrid ?? false,
      satisfaction: values.satisfaction ?? null,
      reopen_count: values.reopenCount ?? 0,
      reported_at: at(values.reportedAt),
      closed_at: values.closedAt ? at(values.closedAt) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const step of steps)
    await t.db
      .insertInto('case_steps')
      .values({
        case_id: id,
        step: step.step,
        department_code: null,
        grid_code: grid,
        started_at: at(values.reportedAt),
        deadline: step.deadline ? at(step.deadline) : null,
        finished_at: step.finished ? at(step.finished) : null,
      })
      .execute();
  return id;
}

describe('case figures', () => {
  beforeAll(async () => {
    // 2020-03-01 in Beijing; the demo's cases are all from the last year.
    await fixtureCase(
      {
        state: 'closed',
        reportedAt: '2020-03-01T02:00:00Z',
        closedAt: '2020-03-01T12:00:00Z',
        departmentCode: 'urban_management',
        satisfaction: 5,
        reopenCount: 1,
      },
      [
        { step: 'register', deadline: '2020-03-01T03:00:00Z', finished: '2020-03-01T02:30:00Z' },
        { step: 'handle', deadline: '2020-03-01T08:00:00Z', finished: '2020-03-01T09:00:00Z' },
      ],
    );
    await fixtureCase(
      {
        state: 'closed',
        reportedAt: '2020-03-01T02:00:00Z',
        closedAt: '2020-03-02T00:00:00Z',
        keptInGrid: true,
        satisfaction: 3,
      },
      [{ step: 'register', deadline: '2020-03-01T03:00:00Z', finished: '2020-03-01T04:00:00Z' }],
    );
    await fixtureCase(
      { state: 'handling', reportedAt: '2020-03-01T04:00:00Z', departmentCode: 'urban_management' },
      [
        { step: 'register', deadline: null, finished: '2020-03-01T04:10:00Z' },
        { step: 'handle', deadline: '2020-03-01T08:00:00Z', finished: null },
      ],
    );
    await fixtureCase({
      state: 'rejected',
      reportedAt: '2020-03-01T05:00:00Z',
      closedAt: '2020-03-01T06:00:00Z',
    });
    // Outside the period (2020-03-03 00:30 Beijing).
    await fixtureCase({ state: 'reported', reportedAt: '2020-03-02T16:30:00Z' });
  });

  const get = (session: Session, query: string) =>
    t.as(session, { method: 'GET', url: `/api/cases/figures?${query}` });

  it('computes every figure of a known set of cases exactly', async () => {
    const res = await get(s.operator, `areaCode=${grid}&from=2020-03-01&to=2020-03-02&groupBy=grid`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ from: '2020-03-01', to: '2020-03-02', groupBy: 'grid' });
    expect(body.rows).toHaveLength(1);
    const row = body.rows[0];
    expect(row).toMatchObject({
      key: grid,
      reported: 4,
      closed: 2,
      open: 1,
      byState: { closed: 2, handling: 1, rejected: 1 },
      onTimeRate: { register: 0.5, dispatch: null, handle: 0, verify: null, close: null },
      reopenRate: 0.5,
      satisfaction: 4,
      satisfactionCount: 2,
      rank: 1,
    });
    // Closed over taken on (4 reported − 1 rejected); report-to-close hours 10 and 22.
    expect(row.closureRate).toBeCloseTo(2 / 3, 10);
    expect(row.avgHandlingHours).toBeCloseTo(16, 10);
    expect(row.p90HandlingHours).toBeCloseTo(10 + 0.9 * 12, 10);
    // One kept in the grid of three dispatched (two to a department).
    expect(row.selfSolvedShare).toBeCloseTo(1 / 3, 10);
    expect(row.name).not.toBe(grid);
  });

  it('groups by department and day, and ranks', async () => {
    const byDepartment = (
      await get(s.operator, `areaCode=${grid}&from=2020-03-01&to=2020-03-02&groupBy=department`)
    ).json();
    expect(
      byDepartment.rows.map((r: { key: string; reported: number; rank: number }) => [r.key, r.reported]),
    ).toEqual([
      ['', 2],
      ['urban_management', 2],
    ]);
    expect(byDepartment.rows.map((r: { rank: number }) => r.rank).sort()).toEqual([1, 2]);
    expect(byDepartment.rows[0].name).toBe('未派至部门');
    const byDay = (
      await get(s.operator, `areaCode=${grid}&from=2020-03-01&to=2020-03-03&groupBy=day`)
    ).json();
    expect(byDay.rows.map((r: { key: string; reported: number }) => [r.key, r.reported])).toEqual([
      ['2020-03-01', 4],
      ['2020-03-03', 1],
    ]);
  });

  it('shows a department handler only their department’s cases, and nothing outside the caller’s area', async () => {
    const mine = (await get(s.handler, `areaCode=${grid}&from=2020-03-01&to=2020-03-02&groupBy=grid`)).json();
    expect(mine.rows[0]).toMatchObject({ reported: 2, closed: 1, open: 1 });
    const other = (
      await get(s.otherHandler, `areaCode=${grid}&from=2020-03-01&to=2020-03-02&groupBy=grid`)
    ).json();
    expect(other.rows).toEqual([]);
    const elsewhere = `${grid.slice(0, 12)}999`;
    const outside = await get(s.worker, `areaCode=${elsewhere}&from=2020-03-01&to=2020-03-02`);
    expect([outside.statusCode, outside.json().code]).toEqual([404, 'area_not_found']);
    expect((await get(s.resident, 'groupBy=grid')).statusCode).toBe(403);
    expect((await get(s.operator, 'groupBy=grid&from=2020-03-02&to=2020-03-01')).statusCode).toBe(400);
    expect((await get(s.operator, 'groupBy=planet')).statusCode).toBe(400);
  });
});

/** Each case counted on the day it was reported, and (if closed) on the day it was closed. */
const DAYS = `
  select (reported_at at time zone 'Asia/Shanghai')::date as day, grid_code, category_code,
    coalesce(department_code, '') as department_code, 1 as reported, 0 as closed from cases
  union all
  select (closed_at at time zone 'Asia/Shanghai')::date, grid_code, category_code,
    coalesce(department_code, ''), 0, 1 from cases where state = 'closed'`;

/** The rollup tables, and what a fresh GROUP BY over `cases` says they should hold. */
async function rollupAndTruth() {
  await foldRollup(t.db);
  const q = async (text: string) => (await sql.raw(text).execute(t.db)).rows;
  return {
    rollup: {
      now: await q(`select grid_code, department_code, state, n, yellow, red from case_rollup_now
        where n <> 0 or yellow <> 0 or red <> 0 order by 1, 2, 3`),
      daily: await q(`select day::text, grid_code, reported, closed
        from case_rollup_daily where reported <> 0 or closed <> 0 order by 1, 2`),
      categories: await q(`select day::text, street_code, category_code, department_code, reported, closed
        from case_rollup_categories where reported <> 0 or closed <> 0 order by 1, 2, 3, 4`),
      deadlines: await q(`select deadline_day::text, grid_code, department_code, n from case_rollup_deadlines
        where n <> 0 order by 1, 2, 3`),
    },
    truth: {
      now: await q(`select grid_code, coalesce(department_code, '') as department_code, state, count(*)::int8 as n,
          count(*) filter (where alarm = 'yellow')::int8 as yellow, count(*) filter (where alarm = 'red')::int8 as red
        from cases group by 1, 2, 3 order by 1, 2, 3`),
      daily:
        await q(`select day::text, grid_code, sum(reported)::int8 as reported, sum(closed)::int8 as closed
        from (${DAYS}) x group by 1, 2 order by 1, 2`),
      categories:
        await q(`select day::text, left(grid_code, 9) || '000' as street_code, category_code, department_code,
          sum(reported)::int8 as reported, sum(closed)::int8 as closed
        from (${DAYS}) x group by 1, 2, 3, 4 order by 1, 2, 3, 4`),
      deadlines:
        await q(`select (step_deadline at time zone 'Asia/Shanghai')::date::text as deadline_day, grid_code,
          coalesce(department_code, '') as department_code, count(*)::int8 as n
        from cases where step_deadline is not null and state not in ('closed', 'rejected', 'merged')
        group by 1, 2, 3 order by 1, 2, 3`),
    },
  };
}

describe('the rollup and the overview', () => {
  async function report(session: Session = s.worker) {
    const res = await t.as(session, {
      method: 'POST',
      url: '/api/cases',
      payload: { categoryCode: 'exposed_garbage', description: '楼下垃圾堆放未清运', ...point },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }
  async function move(session: Session, id: string, name: string, body: Record<string, unknown> = {}) {
    const current = (await t.as(s.operator, { method: 'GET', url: `/api/cases/${id}` })).json();
    const res = await t.as(session, {
      method: 'POST',
      url: `/api/cases/${id}/${name}`,
      payload: { version: current.version, ...body },
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  it('stays equal to a fresh GROUP BY through reports and moves, and after a rebuild', async () => {
    const [a, b, c, d] = [await report(), await report(), await report(s.resident), await report()];
    await move(s.operator, a, 'register');
    await move(s.operator, a, 'dispatch');
    await move(s.handler, a, 'accept');
    await move(s.handler, a, 'feedback', { note: '已清运' });
    await move(s.worker, a, 'reopen', { note: '仍有垃圾' });
    await move(s.handler, a, 'feedback', { note: '已清运' });
    await move(s.worker, a, 'verify');
    await move(s.operator, a, 'close');
    await move(s.operator, b, 'reject', { note: '重复' });
    await move(s.operator, c, 'register');
    await move(s.operator, c, 'dispatch', { keepInGrid: true });
    await move(s.operator, d, 'merge', { duplicateOf: c });
    // Alarms and a deadline passed, as the alarm job would leave them.
    await sql`update cases set alarm = 'yellow' where id = ${c}`.execute(t.db);
    const e = await report();
    await sql`update cases set alarm = 'red', step_deadline = now() - interval '3 days' where id = ${e}`.execute(
      t.db,
    );

    const before = await rollupAndTruth();
    expect(before.rollup).toEqual(before.truth);
    await refreshRollup(t.db);
    const after = await rollupAndTruth();
    expect(after.rollup).toEqual(before.truth);
  });

  it('lets two reports in one grid and day commit without waiting for each other, a bulk insert too', async () => {
    const copy = (n: number) => sql`
      insert into cases (number, source, category_code, grid_code, lon, lat, address, description, state,
        reporter_id, department_code, kept_in_grid, satisfaction, reopen_count, reported_at, closed_at)
      select 'T-' || md5(random()::text), source, category_code, grid_code, lon, lat, address, description,
        state, reporter_id, department_code, kept_in_grid, satisfaction, reopen_count, now(), closed_at
      from (select * from cases where grid_code = ${grid} and state = 'reported' limit 1) c
      cross join generate_series(1, ${n})`;
    // Both add to the same rollup keys (grid, day, category, state): once a shared row, locked by the first.
    await t.db.transaction().execute(async (first) => {
      await copy(1).execute(first);
      await t.db.transaction().execute(async (second) => {
        await sql`set local lock_timeout = '2s'`.execute(second);
        await copy(1).execute(second);
      });
    });
    await copy(150).execute(t.db);
    const now = await rollupAndTruth();
    expect(now.rollup).toEqual(now.truth);
  });

  it('answers the overview from the rollup with the same numbers as the cases table', async () => {
    const res = await t.as(s.operator, { method: 'GET', url: `/api/cases/overview?areaCode=${grid}` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const today = beijingDay(new Date());
    const truth = (
      await sql<{
        total: number;
        open: number;
        overdue: number;
        yellow: number;
        red: number;
        recent: number;
        today_reported: number;
      }>`
        select count(*)::int8 as total,
          count(*) filter (where state not in ('closed', 'rejected', 'merged'))::int8 as open,
          count(*) filter (where state not in ('closed', 'rejected', 'merged') and step_deadline < now())::int8 as overdue,
          count(*) filter (where alarm = 'yellow')::int8 as yellow,
          count(*) filter (where alarm = 'red')::int8 as red,
          count(*) filter (where reported_at >= (${today}::date - 29)::timestamp at time zone 'Asia/Shanghai')::int8 as recent,
          count(*) filter (where reported_at >= (${today}::date)::timestamp at time zone 'Asia/Shanghai')::int8 as today_reported
        from cases where grid_code = ${grid}`.execute(t.db)
    ).rows[0];
    expect(body).toMatchObject({
      today,
      total: truth.total,
      open: truth.open,
      overdue: truth.overdue,
      yellow: truth.yellow,
      red: truth.red,
    });
    expect(truth.overdue).toBeGreaterThan(0);
    expect(body.byDay).toHaveLength(30);
    expect(body.byDay.at(-1)).toMatchObject({ day: today, reported: truth.today_reported });
    const sum = (rows: { reported: number }[]) => rows.reduce((n, r) => n + r.reported, 0);
    expect(sum(body.byDay)).toBe(truth.recent);
    expect(sum(body.byCategory)).toBe(truth.recent);
    expect(body.byGrid).toEqual([expect.objectContaining({ code: grid, reported: truth.recent })]);
    expect(body.byState.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(truth.total);

    // The district's categories come from the street-level table; a grid's from its cases.
    const district = (await t.as(s.operator, { method: 'GET', url: '/api/cases/overview' })).json();
    const districtRecent = (
      await sql<{ n: number }>`select count(*)::int8 as n from cases
        where reported_at >= (${today}::date - 29)::timestamp at time zone 'Asia/Shanghai'`.execute(t.db)
    ).rows[0].n;
    expect(sum(district.byCategory)).toBe(districtRecent);
    expect(sum(district.byDay)).toBe(districtRecent);
    expect(district.byGrid).toHaveLength(10);

    // A department handler's overview counts their department's cases only.
    const handler = (
      await t.as(s.handler, { method: 'GET', url: `/api/cases/overview?areaCode=${grid}` })
    ).json();
    const theirs = await t.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('grid_code', '=', grid)
      .where('department_code', '=', 'urban_management')
      .executeTakeFirstOrThrow();
    expect(handler.total).toBe(Number(theirs.n));
    expect((await t.as(s.resident, { method: 'GET', url: '/api/cases/overview' })).statusCode).toBe(403);
  });
});
