import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../platform/auth/permissions.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { addDays, cstDay, periodOf } from './periods.ts';

let t: TestApp;
let grid: string;
let otherGrid: string;
let community: string;
const s = {} as Record<'admin' | 'leader' | 'worker' | 'otherWorker' | 'head', Session>;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex').toString('base64');

async function user(role: Role, areaCode: string) {
  const u = await buildUser(t.db, role, areaCode);
  return t.login(u.username);
}

/** Grids with elderly people living alone, in two communities. */
beforeAll(async () => {
  t = await createTestApp();
  const rows = await t.db
    .selectFrom('people as p')
    .innerJoin('person_tags as g', 'g.person_id', 'p.id')
    .select('p.grid_code')
    .distinct()
    .where('g.tag_code', '=', 'elderly_alone')
    .where('p.retired_at', 'is', null)
    .orderBy('p.grid_code')
    .execute();
  grid = rows[0].grid_code;
  community = grid.slice(0, 12);
  otherGrid = rows.find((r) => r.grid_code.slice(0, 12) !== community)!.grid_code;
  s.admin = await t.login('admin');
  s.leader = await user('area_leader', community);
  s.worker = await user('grid_worker', grid);
  s.otherWorker = await user('grid_worker', otherGrid);
  // The demo's grid head of `grid` (gw…), to whom its tasks are assigned.
  const head = await t.db
    .selectFrom('team_member_grids as g')
    .innerJoin('team_members as m', 'm.id', 'g.member_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.username')
    .where('g.grid_code', '=', grid)
    .where('g.is_head', '=', true)
    .executeTakeFirstOrThrow();
  s.head = await t.login(head.username);
}, 60_000);

afterAll(() => t?.close());

async function plan(body: Record<string, unknown>, session = s.leader) {
  const res = await t.as(session, {
    method: 'POST',
    url: '/api/visit-plans',
    payload: {
      name: '测试计划',
      targetType: 'person',
      filter: { tag: 'elderly_alone' },
      frequency: 'daily',
      ...body,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function generate(date: string, areaCode = community) {
  const res = await t.as(s.leader, {
    method: 'POST',
    url: '/api/visit-plans/generate',
    payload: { areaCode, date },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function tasksOf(planId: string, session = s.leader, query: Record<string, string> = {}) {
  const res = await t.as(session, {
    method: 'GET',
    url: '/api/visit-tasks',
    query: { pageSize: '500', planId, ...query },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.filter((x: { planId: string }) => x.planId === planId);
}

describe('periods', () => {
  it('reckons weeks from Monday, months and quarters, due at the next midnight in China', () => {
    expect(periodOf('weekly', '2026-11-27')).toMatchObject({ start: '2026-11-23', end: '2026-11-29' });
    expect(periodOf('monthly', '2026-02-10')).toMatchObject({ start: '2026-02-01', end: '2026-02-28' });
    const q = periodOf('quarterly', '2026-12-31');
    expect(q).toMatchObject({ start: '2026-10-01', end: '2026-12-31' });
    expect(q.dueAt.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});

describe('visit tasks from plans', () => {
  it('makes one task per target and period, assigned to the grid head; a second run adds nothing', async () => {
    const p = await plan({ name: '独居老人每日探访' });
    const today = cstDay(new Date());
    const first = await generate(today);
    const expected = await t.db
      .selectFrom('people as p')
      .innerJoin('person_tags as g', 'g.person_id', 'p.id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('g.tag_code', '=', 'elderly_alone')
      .where('p.retired_at', 'is', null)
      .where('p.grid_code', 'like', `${community}%`)
      .executeTakeFirstOrThrow();
    expect(first).toEqual({ plans: 1, created: expected.n });
    expect(await generate(today)).toEqual({ plans: 1, created: 0 });
    const mine = await tasksOf(p.id, s.head, { mine: 'true' });
    expect(mine.length).toBeGreaterThan(0);
    expect(
      mine.every((x: { gridCode: string; state: string }) => x.gridCode === grid && x.state === 'open'),
    ).toBe(true);
    // On today's list, not yet on yesterday's.
    expect(await tasksOf(p.id, s.head, { mine: 'true', due: today })).toHaveLength(mine.length);
    expect(await tasksOf(p.id, s.head, { mine: 'true', due: addDays(today, -1) })).toHaveLength(0);
    // The job does the same for every plan of the district, and schedules its next run.
    await t.db
      .updateTable('jobs')
      .set({ run_at: new Date() })
      .where('kind', '=', 'patrols.generate')
      .execute();
    const { scheduleGenerate } = await import('./patrols.service.ts');
    await scheduleGenerate(t.db);
    await t.app.jobs.runOnce();
    const count = await t.db
      .selectFrom('visit_tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('plan_id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(expected.n);
    const next = await t.db
      .selectFrom('jobs')
      .select('run_at')
      .where('kind', '=', 'patrols.generate')
      .where('done_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(next.run_at.getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses a filter that does not fit the target type', async () => {
    const res = await t.as(s.leader, {
      method: 'POST',
      url: '/api/visit-plans',
      payload: { name: '错误', targetType: 'house', filter: { tag: 'elderly_alone' }, frequency: 'monthly' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'filter', code: 'bad_filter' });
  });

  it('flags tasks past due as overdue, per worker and community; a late visit closes one as late', async () => {
    const p = await plan({ name: '过期测试', targetType: 'grid', filter: {}, frequency: 'daily' });
    const past = addDays(cstDay(new Date()), -3);
    await generate(past);
    const tasks = await tasksOf(p.id);
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((x: { state: string }) => x.state === 'overdue')).toBe(true);
    const overdueOnly = await tasksOf(p.id, s.leader, { state: 'overdue' });
    expect(overdueOnly).toHaveLength(tasks.length);
    const counts = (await t.as(s.leader, { method: 'GET', url: '/api/visit-tasks/overdue' })).json();
    expect(
      counts.byCommunity.find((c: { areaCode: string }) => c.areaCode === community).overdue,
    ).toBeGreaterThanOrEqual(tasks.length);
    expect(counts.byWorker.length).toBeGreaterThan(0);

    const task = tasks.find((x: { gridCode: string }) => x.gridCode === grid);
    const visit = await t.as(s.worker, {
      method: 'POST',
      url: '/api/visits',
      payload: { taskId: task.id, kind: 'patrol', visitedAt: new Date().toISOString(), result: 'normal' },
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const done = (await t.as(s.worker, { method: 'GET', url: `/api/visit-tasks/${task.id}` })).json();
    expect(done).toMatchObject({ state: 'done', late: true, visitId: visit.json().id });
    const again = await t.as(s.worker, {
      method: 'POST',
      url: '/api/visits',
      payload: { taskId: task.id, kind: 'patrol', visitedAt: new Date().toISOString(), result: 'normal' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('visit_task_done');

    const coverage = await t.as(s.leader, {
      method: 'GET',
      url: '/api/patrols/coverage',
      query: { from: past, to: past },
    });
    expect(coverage.statusCode, coverage.body).toBe(200);
    const row = coverage.json().grids.find((g: { areaCode: string }) => g.areaCode === grid);
    expect(row).toMatchObject({ done: 1, onTime: 0, pending: 0, coverage: 0 });
    expect(row.planned).toBeGreaterThanOrEqual(1);

    // Today's tasks wait outside the share until done (on time here) or late.
    const today = cstDay(new Date());
    await generate(today);
    const todays = (await tasksOf(p.id, s.leader, { due: today, state: 'open' })).find(
      (x: { gridCode: string }) => x.gridCode === grid,
    );
    const onTime = await t.as(s.worker, {
      method: 'POST',
      url: '/api/visits',
      payload: { taskId: todays.id, kind: 'patrol', visitedAt: new Date().toISOString(), result: 'normal' },
    });
    expect(onTime.statusCode, onTime.body).toBe(201);
    const now = (
      await t.as(s.leader, { method: 'GET', url: '/api/patrols/coverage', query: { from: today, to: today } })
    ).json();
    const mine = now.grids.find((g: { areaCode: string }) => g.areaCode === grid);
    expect(mine).toMatchObject({ onTime: 1, coverage: 1 });
    expect(mine.planned - mine.pending).toBe(1);
    const waiting = now.grids.find((g: { areaCode: string }) => g.areaCode !== grid);
    expect(waiting.coverage).toBeNull();
    expect(waiting.pending).toBe(waiting.planned);
  });
});

describe('visits', () => {
  it('records a visit with a track and a photo; the finding becomes a case in one step', async () => {
    const building = await t.db
      .selectFrom('buildings')
      .select(['lon', 'lat'])
      .where('grid_code', '=', grid)
      .executeTakeFirstOrThrow();
    const res = await t.as(s.worker, {
      method: 'POST',
      url: '/api/visits',
      payload: {
        kind: 'patrol',
        visitedAt: new Date(Date.now() - 60_000).toISOString(),
        lon: building.lon,
        lat: building.lat,
        track: {
          type: 'LineString',
          coordinates: [
            [building.lon, building.lat],
            [building.lon + 0.0001, building.lat],
          ],
        },
        findings: '楼道堆放杂物，堵塞消防通道',
        result: 'problem',
        photos: [{ fileName: 'site.png', contentType: 'image/png', data: PNG }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const visit = res.json();
    expect(visit.gridCode).toBe(grid);
    expect(visit.photos).toHaveLength(1);
    const file = await t.as(s.worker, {
      method: 'GET',
      url: `/api/visits/${visit.id}/photos/${visit.photos[0].id}`,
    });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.toString('base64')).toBe(PNG);

    const made = await t.as(s.worker, {
      method: 'POST',
      url: `/api/visits/${visit.id}/case`,
      payload: { categoryCode: 'exposed_garbage' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const { case: kase, visit: linked } = made.json();
    expect(linked.caseId).toBe(kase.id);
    expect(kase).toMatchObject({
      description: '楼道堆放杂物，堵塞消防通道',
      gridCode: grid,
      state: 'reported',
    });
    const seen = await t.as(s.worker, { method: 'GET', url: `/api/cases/${kase.id}` });
    expect(seen.statusCode).toBe(200);
    const twice = await t.as(s.worker, {
      method: 'POST',
      url: `/api/visits/${visit.id}/case`,
      payload: { categoryCode: 'exposed_garbage' },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('visit_has_case');

    const tracks = await t.as(s.leader, { method: 'GET', url: '/api/visits/tracks' });
    expect(tracks.statusCode).toBe(200);
    const feature = tracks.json().features.find((f: { id: string }) => f.id === visit.id);
    expect(feature.geometry.type).toBe('LineString');
  });

  it('refuses a photo whose bytes are not what it claims, and a visit in the future', async () => {
    const bad = await t.as(s.worker, {
      method: 'POST',
      url: '/api/visits',
      payload: {
        kind: 'visit',
        gridCode: grid,
        visitedAt: new Date().toISOString(),
        result: 'normal',
        photos: [{ fileName: 'x.jpg', contentType: 'image/jpeg', data: PNG }],
      },
    });
    expect(bad.statusCode).toBe(415);
    const future = await t.as(s.worker, {
      method: 'POST',
      url: '/api/visits',
      payload: {
        kind: 'visit',
        gridCode: grid,
        visitedAt: new Date(Date.now() + 86_400_000).toISOString(),
        result: 'normal',
      },
    });
    expect(future.statusCode).toBe(422);
  });

  it('records a visit once when the field app sends it again with the same Idempotency-Key', async () => {
    const findings = `重复提交测试 ${Date.now()}`;
    const key = randomUUID();
    const visitedAt = new Date(Date.now() - 5_000).toISOString();
    const send = () =>
      t.as(s.worker, {
        method: 'POST',
        url: '/api/visits',
        headers: { 'idempotency-key': key },
        payload: {
          kind: 'visit',
          gridCode: grid,
          visitedAt,
          findings,
          result: 'normal',
        },
      });
    const first = await send();
    expect(first.statusCode, first.body).toBe(201);
    const again = await send();
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    const rows = await t.db.selectFrom('visits').select('id').where('findings', '=', findings).execute();
    expect(rows).toHaveLength(1);
  });

  it('keeps a grid worker to their own grid', async () => {
    const p = await plan({ name: '范围测试', targetType: 'grid', filter: {}, frequency: 'weekly' });
    await generate(cstDay(new Date()));
    const all = await tasksOf(p.id, s.leader);
    const theirs = all.find((x: { gridCode: string }) => x.gridCode !== grid);
    expect(theirs).toBeDefined();
    const mine = await tasksOf(p.id, s.worker);
    expect(mine.map((x: { gridCode: string }) => x.gridCode)).toEqual([grid]);
    const other = await t.as(s.worker, { method: 'GET', url: `/api/visit-tasks/${theirs.id}` });
    expect(other.statusCode).toBe(404);
    const record = await t.as(s.worker, {
      method: 'POST',
      url: '/api/visits',
      payload: { taskId: theirs.id, kind: 'patrol', visitedAt: new Date().toISOString(), result: 'normal' },
    });
    expect(record.statusCode).toBe(404);
    const visits = await t.as(s.otherWorker, {
      method: 'GET',
      url: '/api/visits',
      query: { pageSize: '500' },
    });
    expect(visits.json().items.every((v: { gridCode: string }) => v.gridCode === otherGrid)).toBe(true);
    const coverage = (await t.as(s.worker, { method: 'GET', url: '/api/patrols/coverage' })).json();
    expect(coverage.grids.every((g: { areaCode: string }) => g.areaCode === grid)).toBe(true);
  });
});
