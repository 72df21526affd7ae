import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { permissionsOf, type Role } from '../../platform/auth/permissions.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { cohortFiguresOf, figuresOf, loadCaseCatalog } from '../cases/index.ts';
import * as command from './command.service.ts';

// The rankings of the wall come from the cohort rollups (migration 0039); the monthly report's
// figures from the base tables. Both must say the same, whatever happened to the cases.

let t: TestApp;
let grid: string;
let community: string;
let district: string;
let point: { lon: number; lat: number };
const s = {} as Record<'operator' | 'handler' | 'worker' | 'resident', Session>;

function auth(role: Role, areaCode: string): Auth {
  return {
    userId: '00000000-0000-4000-8000-000000000001',
    username: role,
    displayName: role,
    role,
    areaCode,
    areaName: null,
    departmentCode: null,
    permissions: permissionsOf(role),
    sessionId: 's',
    csrfToken: 'c',
    mustChangePassword: false,
    totpEnabled: false,
  } as Auth;
}

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
  community = grid.slice(0, 12);
  district = `${grid.slice(0, 6)}000000`;
  point = { lon: building.lon, lat: building.lat };
  s.operator = await user('command_operator', district);
  s.handler = await user('dept_handler', district, 'urban_management');
  s.worker = await user('grid_worker', grid);
  s.resident = await user('resident', community);
}, 60_000);

afterAll(() => t?.close());

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

type Group = 'grid' | 'community' | 'department';

/** The rankings' figures, from the rollups (through the wall's own function) and from the base tables. */
async function rankingsAndTruth(area: string, groupBy: Group) {
  const byKey = <T extends { key: string }>(rows: T[]) =>
    [...rows].sort((a, b) => a.key.localeCompare(b.key));
  const rollup = await command.rankings(
    t.db,
    auth('district_admin', district),
    { areaCode: area, groupBy, indicator: 'onTimeRate' },
    'zh',
  );
  const truth = await figuresOf(
    t.db,
    { areaCode: area },
    { from: rollup.from, to: rollup.to, groupBy },
    'zh',
  );
  return {
    rollup: byKey(
      rollup.rows.map((r) => ({
        key: r.key,
        name: r.name,
        reported: r.reported,
        onTimeRate: r.onTimeRate,
        closureRate: r.closureRate,
        satisfaction: r.satisfaction,
        reworkRate: r.reworkRate,
      })),
    ),
    truth: byKey(
      truth.rows.map((r) => ({
        key: r.key,
        name: r.name,
        reported: r.reported,
        onTimeRate: r.onTimeRate.handle,
        closureRate: r.closureRate,
        satisfaction: r.satisfaction,
        reworkRate: r.reopenRate,
      })),
    ),
  };
}

async function expectSame() {
  const cases: [string, Group][] = [
    [district, 'community'],
    [district, 'grid'],
    [district, 'department'],
    [community, 'grid'],
    [community, 'department'],
    [grid, 'department'],
  ];
  for (const [area, groupBy] of cases) {
    const { rollup, truth } = await rankingsAndTruth(area, groupBy);
    expect(rollup.length, `${area} ${groupBy}`).toBeGreaterThan(0);
    expect(rollup, `${area} ${groupBy}`).toEqual(truth);
    // Not only empty figures: on-time rates and satisfaction are there to compare.
    if (area === district && groupBy === 'community') {
      expect(rollup.some((r) => r.onTimeRate !== null && r.onTimeRate > 0 && r.onTimeRate < 1)).toBe(true);
      expect(rollup.some((r) => r.satisfaction !== null && r.reworkRate !== null)).toBe(true);
    }
  }
  // Streets too (the report could use them), straight from the cases module.
  const streets = await cohortFiguresOf(t.db, district, { groupBy: 'street' }, 'zh');
  const truth = await figuresOf(
    t.db,
    { areaCode: district },
    { from: streets.from, to: streets.to, groupBy: 'street' },
    'zh',
  );
  expect(streets.rows.map((r) => [r.key, r.reported, r.handleOnTimeRate, r.satisfaction])).toEqual(
    truth.rows.map((r) => [r.key, r.reported, r.onTimeRate.handle, r.satisfaction]),
  );
  // Each case's count of its handle steps is what `case_steps` says.
  const { rows } = await sql<{ n: number }>`
    select count(*)::int8 as n from cases c
    left join (
      select case_id, count(*) filter (where finished_at is not null and deadline is not null) as finished,
        count(*) filter (where finished_at <= deadline) as on_time
      from case_steps where step = 'handle' group by case_id
    ) s on s.case_id = c.id
    where c.handle_finished <> coalesce(s.finished, 0) or c.handle_on_time <> coalesce(s.on_time, 0)`.execute(
    t.db,
  );
  expect(Number(rows[0]!.n)).toBe(0);
}

describe('the rankings from the cohort rollups', () => {
  it('equal the base tables’ figures through reports, moves, ratings and steps, and after a rebuild', async () => {
    // The demo's cases (loaded in bulk, with their steps) are there already.
    await expectSame();

    const [a, b, c, d, e, f] = [
      await report(s.resident),
      await report(),
      await report(s.resident),
      await report(),
      await report(),
      await report(),
    ];
    // a: dispatched, handled on time, reopened, handled late, closed, rated by its reporter.
    await move(s.operator, a, 'register');
    await move(s.operator, a, 'dispatch');
    await move(s.handler, a, 'accept');
    await move(s.handler, a, 'feedback', { note: '已清运' });
    await move(s.worker, a, 'reopen', { note: '仍有垃圾' });
    await sql`update case_steps set deadline = now() - interval '1 hour'
      where case_id = ${a} and step = 'handle' and finished_at is null`.execute(t.db);
    await move(s.handler, a, 'feedback', { note: '已清运' });
    await move(s.worker, a, 'verify');
    await move(s.operator, a, 'close');
    const rate = await t.as(s.resident, {
      method: 'POST',
      url: `/api/cases/${a}/evaluate`,
      payload: { satisfaction: 4 },
    });
    expect(rate.statusCode, rate.body).toBe(200);
    // b rejected, d merged into c; c kept in the grid and handled there.
    await move(s.operator, b, 'reject', { note: '重复' });
    await move(s.operator, c, 'register');
    await move(s.operator, c, 'dispatch', { keepInGrid: true });
    await move(s.operator, d, 'merge', { duplicateOf: c });
    // e dispatched and still being handled; f only registered.
    await move(s.operator, e, 'register');
    await move(s.operator, e, 'dispatch');
    await move(s.handler, e, 'accept');
    await move(s.operator, f, 'register');
    await expectSame();

    // A finished step's deadline corrected, and a step deleted: the counts follow.
    await sql`update case_steps set deadline = finished_at - interval '1 minute'
      where case_id = ${a} and step = 'handle' and finished_at is not null
        and id = (select min(id) from case_steps where case_id = ${a} and step = 'handle')`.execute(t.db);
    await expectSame();
    await sql`delete from case_steps where case_id = ${a} and step = 'handle'
      and id = (select max(id) from case_steps where case_id = ${a} and step = 'handle')`.execute(t.db);
    // A case moving to another department takes its steps' counts with it.
    await sql`update cases set department_code = 'water' where id = ${a}`.execute(t.db);
    await expectSame();

    // Rebuilt from scratch (also after counts put wrong by a load that bypassed the triggers).
    await sql`update cases set handle_finished = 7 where id = ${b}`.execute(t.db);
    await t.db.transaction().execute(async (trx) => {
      await sql`lock table cases in share mode`.execute(trx);
      await sql`select cg_case_rollup_rebuild()`.execute(trx);
    });
    await expectSame();
    const cohorts = await sql<{ n: number }>`select count(*)::int8 as n from case_rollup_cohorts`.execute(
      t.db,
    );
    expect(Number(cohorts.rows[0]!.n)).toBeGreaterThan(0);
  }, 60_000);
});
