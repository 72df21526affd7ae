import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseState } from '../../db/types.ts';
import { ROLES, type Role } from '../../platform/auth/permissions.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { type Actor, allowedMoves, MOVES, type Move, refusalOf, TRANSITIONS } from './cases.machine.ts';
import { loadCaseCatalog } from './catalog.ts';

let t: TestApp;
let grid: string;
let otherGrid: string;
let point: { lon: number; lat: number };
let otherPoint: { lon: number; lat: number };
const s = {} as Record<
  'operator' | 'handler' | 'otherHandler' | 'worker' | 'otherWorker' | 'leader' | 'resident',
  Session
>;

async function user(role: Role, areaCode: string, departmentCode: string | null = null) {
  const u = await buildUser(t.db, role, areaCode);
  if (departmentCode)
    await t.db.updateTable('users').set({ department_code: departmentCode }).where('id', '=', u.id).execute();
  return t.login(u.username);
}

beforeAll(async () => {
  t = await createTestApp();
  await loadCaseCatalog(t.db);
  const buildings = await t.db
    .selectFrom('buildings')
    .select(['grid_code', 'lon', 'lat'])
    .distinctOn('grid_code')
    .orderBy('grid_code')
    .limit(2)
    .execute();
  grid = buildings[0].grid_code;
  otherGrid = buildings[1].grid_code;
  point = { lon: buildings[0].lon, lat: buildings[0].lat };
  otherPoint = { lon: buildings[1].lon, lat: buildings[1].lat };
  const district = `${grid.slice(0, 6)}000000`;
  s.operator = await user('command_operator', district);
  s.handler = await user('dept_handler', district, 'urban_management');
  s.otherHandler = await user('dept_handler', district, 'water');
  s.worker = await user('grid_worker', grid);
  s.otherWorker = await user('grid_worker', otherGrid);
  s.leader = await user('area_leader', grid.slice(0, 12));
  s.resident = await user('resident', grid.slice(0, 12));
}, 60_000);

afterAll(() => t?.close());

async function report(session: Session = s.worker, body: Record<string, unknown> = {}) {
  const res = await t.as(session, {
    method: 'POST',
    url: '/api/cases',
    payload: { categoryCode: 'exposed_garbage', description: '楼下垃圾堆放未清运', ...point, ...body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function move(session: Session, id: string, name: string, body: Record<string, unknown> = {}) {
  const current = (await t.as(s.operator, { method: 'GET', url: `/api/cases/${id}` })).json();
  return t.as(session, {
    method: 'POST',
    url: `/api/cases/${id}/${name}`,
    payload: { version: current.version, ...body },
  });
}

async function moveOk(session: Session, id: string, name: string, body: Record<string, unknown> = {}) {
  const res = await move(session, id, name, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('state machine', () => {
  const actor = (role: Role, extra: Partial<Actor> = {}): Actor => ({
    role,
    areaCode: '110101000000',
    departmentCode: null,
    ...extra,
  });
  const kase = (state: CaseState, extra = {}) => ({
    state,
    gridCode: '110101001001001',
    departmentCode: 'water',
    keptInGrid: false,
    ...extra,
  });

  // The loop as docs/cases.md draws it, written out here rather than read from cases.machine.ts, so
  // that a wrong entry in the production table fails this test instead of becoming its expectation.
  const EXPECTED: Record<Move, { from: CaseState[]; by: 'centre' | 'handler' | 'site'; to: CaseState }> = {
    register: { from: ['reported'], by: 'centre', to: 'registered' },
    reject: { from: ['reported'], by: 'centre', to: 'rejected' },
    merge: { from: ['reported', 'registered'], by: 'centre', to: 'merged' },
    dispatch: { from: ['registered', 'returned'], by: 'centre', to: 'dispatched' },
    accept: { from: ['dispatched'], by: 'handler', to: 'handling' },
    send_back: { from: ['dispatched', 'handling'], by: 'handler', to: 'returned' },
    feedback: { from: ['handling', 'reopened'], by: 'handler', to: 'fed_back' },
    verify: { from: ['fed_back'], by: 'site', to: 'verified' },
    reopen: { from: ['fed_back'], by: 'site', to: 'reopened' },
    close: { from: ['verified'], by: 'centre', to: 'closed' },
  };
  const ALL_STATES: CaseState[] = [
    'reported',
    'registered',
    'dispatched',
    'handling',
    'returned',
    'fed_back',
    'reopened',
    'verified',
    'closed',
    'rejected',
    'merged',
  ];

  it('allows each move from its states only, and only to its party', () => {
    const parties: Record<string, Actor> = {
      centre: actor('command_operator'),
      handler: actor('dept_handler', { departmentCode: 'water' }),
      site: actor('grid_worker', { areaCode: '110101001001001' }),
    };
    expect([...MOVES].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const move of MOVES) {
      const t = EXPECTED[move];
      expect(TRANSITIONS[move].to, `${move} leads to`).toBe(t.to);
      for (const state of ALL_STATES) {
        for (const [party, who] of Object.entries(parties)) {
          const expected = !t.from.includes(state) ? 'wrong_state' : t.by === party ? null : 'not_yours';
          expect(refusalOf(move, who, kase(state)), `${move} from ${state} by ${party}`).toBe(expected);
        }
        // Roles that are never a party: leaders, deputies, residents.
        for (const role of ['area_leader', 'deputy', 'resident'] as Role[])
          if (t.from.includes(state)) expect(refusalOf(move, actor(role), kase(state))).toBe('not_yours');
      }
    }
  });

  it('refuses actors outside the case’s area, and handlers of another department', () => {
    expect(
      refusalOf('register', actor('command_operator', { areaCode: '110102000000' }), kase('reported')),
    ).toBe('not_yours');
    expect(refusalOf('accept', actor('dept_handler', { departmentCode: 'police' }), kase('dispatched'))).toBe(
      'not_yours',
    );
    expect(refusalOf('verify', actor('grid_worker', { areaCode: '110101001001002' }), kase('fed_back'))).toBe(
      'not_yours',
    );
  });

  it('lets the grid handle a case it kept', () => {
    const worker = actor('grid_worker', { areaCode: '110101001001001' });
    expect(allowedMoves(worker, kase('dispatched', { keptInGrid: true, departmentCode: null }))).toEqual([
      'accept',
      'send_back',
    ]);
    expect(allowedMoves(worker, kase('dispatched'))).toEqual([]);
  });

  it('every role is covered: only the listed roles ever get a move', () => {
    const movers = new Set<Role>();
    for (const role of ROLES)
      for (const state of ALL_STATES)
        if (
          allowedMoves(actor(role, { departmentCode: 'water', areaCode: '110101001001001' }), kase(state))
            .length
        )
          movers.add(role);
    expect([...movers].sort()).toEqual(['command_operator', 'dept_handler', 'district_admin', 'grid_worker']);
  });
});

describe('the loop over HTTP', () => {
  it('goes from report to evaluation, each step on the timeline with its deadline', async () => {
    const created = await report(s.resident, { description: '小区门口垃圾桶满溢，气味很大' });
    expect(created).toMatchObject({
      state: 'reported',
      source: 'resident',
      gridCode: grid,
      step: 'register',
    });
    expect(created.stepDeadline).not.toBeNull();
    const id = created.id;

    expect((await moveOk(s.operator, id, 'register')).state).toBe('registered');
    const dispatched = await moveOk(s.operator, id, 'dispatch');
    expect(dispatched).toMatchObject({
      state: 'dispatched',
      departmentCode: 'urban_management',
      step: 'handle',
    });
    expect((await moveOk(s.handler, id, 'accept')).state).toBe('handling');
    expect((await moveOk(s.handler, id, 'feedback', { note: '已清运' })).state).toBe('fed_back');
    const reopened = await moveOk(s.worker, id, 'reopen', { note: '现场仍有垃圾' });
    expect(reopened).toMatchObject({ state: 'reopened', reopenCount: 1 });
    expect((await moveOk(s.handler, id, 'feedback', { note: '已彻底清运' })).state).toBe('fed_back');
    expect((await moveOk(s.worker, id, 'verify')).state).toBe('verified');
    const closed = await moveOk(s.operator, id, 'close');
    expect(closed).toMatchObject({ state: 'closed', step: null, stepDeadline: null });
    expect(closed.closedAt).not.toBeNull();

    // The resident sees their own case and rates it once.
    const mine = await t.as(s.resident, { method: 'GET', url: `/api/cases/${id}` });
    expect(mine.json().allowedActions).toEqual(['evaluate']);
    const rated = await t.as(s.resident, {
      method: 'POST',
      url: `/api/cases/${id}/evaluate`,
      payload: { satisfaction: 4, comment: '处理及时' },
    });
    expect(rated.json().satisfaction).toBe(4);
    const again = await t.as(s.resident, {
      method: 'POST',
      url: `/api/cases/${id}/evaluate`,
      payload: { satisfaction: 1 },
    });
    expect(again.statusCode).toBe(409);

    const timeline = (await t.as(s.operator, { method: 'GET', url: `/api/cases/${id}/timeline` })).json();
    expect(timeline.events.map((e: { action: string }) => e.action)).toEqual([
      'report',
      'register',
      'dispatch',
      'accept',
      'feedback',
      'reopen',
      'feedback',
      'verify',
      'close',
      'evaluate',
    ]);
    expect(timeline.events[5]).toMatchObject({
      fromState: 'fed_back',
      toState: 'reopened',
      note: '现场仍有垃圾',
    });
    expect(timeline.steps.map((x: { step: string }) => x.step)).toEqual([
      'register',
      'dispatch',
      'handle',
      'verify',
      'handle',
      'verify',
      'close',
    ]);
    for (const step of timeline.steps) {
      expect(step.finishedAt).not.toBeNull();
      expect(new Date(step.deadline).getTime()).toBeGreaterThan(new Date(step.startedAt).getTime());
    }
    // The timeline is append-only.
    await expect(
      sql`update case_events set note = 'x' where case_id = ${id}`.execute(t.db),
    ).rejects.toThrow();
  });

  it('answers a move from the wrong state with 409, another party’s move with 403, a stale version with 409', async () => {
    const { id, version } = await report();
    const wrongState = await move(s.operator, id, 'close');
    expect(wrongState.statusCode).toBe(409);
    expect(wrongState.json()).toMatchObject({ code: 'case_wrong_state', state: 'reported' });
    const notYours = await move(s.worker, id, 'register');
    expect(notYours.statusCode).toBe(403);
    expect(notYours.json().code).toBe('case_not_yours');
    expect((await move(s.leader, id, 'register')).statusCode).toBe(403);
    await moveOk(s.operator, id, 'register');
    const stale = await t.as(s.operator, {
      method: 'POST',
      url: `/api/cases/${id}/dispatch`,
      payload: { version },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: version + 1 });
    // A handler of another department, and a grid worker elsewhere, cannot even see it.
    await moveOk(s.operator, id, 'dispatch');
    expect((await t.as(s.otherHandler, { method: 'GET', url: `/api/cases/${id}` })).statusCode).toBe(404);
    expect((await t.as(s.otherWorker, { method: 'GET', url: `/api/cases/${id}` })).statusCode).toBe(404);
    // Reasons are required where the machine says so.
    const noReason = await move(s.handler, id, 'send_back');
    expect(noReason.statusCode).toBe(422);
    expect((await moveOk(s.handler, id, 'send_back', { note: '不属于本部门职责' })).state).toBe('returned');
  });

  it('gives exactly one winner to two simultaneous moves', async () => {
    const { id, version } = await report();
    const [a, b] = await Promise.all([
      t.as(s.operator, { method: 'POST', url: `/api/cases/${id}/register`, payload: { version } }),
      t.as(s.operator, {
        method: 'POST',
        url: `/api/cases/${id}/reject`,
        payload: { version, note: '重复上报' },
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const events = await t.db.selectFrom('case_events').select('action').where('case_id', '=', id).execute();
    expect(events).toHaveLength(2);
  });

  it('routes by rules, lets the dispatcher override with a reason, and lets the grid keep a case', async () => {
    const { id } = await report();
    await moveOk(s.operator, id, 'register');
    // A rule for this grid's community beats the category's default.
    await t.db
      .insertInto('routing_rules')
      .values({
        category_code: 'exposed_garbage',
        area_code: grid.slice(0, 12),
        department_code: 'environment',
      })
      .execute();
    const noReason = await move(s.operator, id, 'dispatch', { departmentCode: 'water' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().field).toBe('overrideReason');
    const suggested = await moveOk(s.operator, id, 'dispatch');
    expect(suggested.departmentCode).toBe('environment');
    const timeline = (await t.as(s.operator, { method: 'GET', url: `/api/cases/${id}/timeline` })).json();
    expect(timeline.events.at(-1).data).toMatchObject({
      departmentCode: 'environment',
      suggested: 'environment',
    });
    await t.db.deleteFrom('routing_rules').execute();

    const other = await report();
    await moveOk(s.operator, other.id, 'register');
    expect(
      (
        await moveOk(s.operator, other.id, 'dispatch', {
          departmentCode: 'water',
          overrideReason: '涉及管线',
        })
      ).departmentCode,
    ).toBe('water');

    const kept = await report();
    await moveOk(s.operator, kept.id, 'register');
    const dispatched = await moveOk(s.operator, kept.id, 'dispatch', { keepInGrid: true });
    expect(dispatched).toMatchObject({ keptInGrid: true, departmentCode: null });
    const inbox = (await t.as(s.worker, { method: 'GET', url: '/api/cases/inbox?pageSize=100' })).json();
    expect(inbox.items.map((c: { id: string }) => c.id)).toContain(kept.id);
    expect((await moveOk(s.worker, kept.id, 'accept')).state).toBe('handling');
  });

  it('offers likely duplicates when reporting, and merges one into the other', async () => {
    const first = await report(s.operator, { categoryCode: 'illegal_ad', description: '墙面小广告' });
    const second = await report(s.operator, {
      categoryCode: 'illegal_ad',
      description: '墙上贴满小广告',
      lon: point.lon + 0.0001,
    });
    expect(second.likelyDuplicates.map((c: { id: string }) => c.id)).toContain(first.id);
    const far = await report(s.operator, {
      categoryCode: 'illegal_ad',
      description: '另一网格的小广告',
      ...otherPoint,
    });
    expect(far.likelyDuplicates.map((c: { id: string }) => c.id)).not.toContain(first.id);
    const merged = await moveOk(s.operator, second.id, 'merge', { duplicateOf: first.id });
    expect(merged).toMatchObject({ state: 'merged', duplicateOf: first.id });
  });

  it('refuses bad reports with clear errors', async () => {
    const unknown = await t.as(s.worker, {
      method: 'POST',
      url: '/api/cases',
      payload: { categoryCode: 'nope', description: 'x', ...point },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('category_not_found');
    const nowhere = await t.as(s.worker, {
      method: 'POST',
      url: '/api/cases',
      payload: { categoryCode: 'road_dirt', description: 'x' },
    });
    expect(nowhere.json().code).toBe('case_location_required');
    const outside = await t.as(s.otherWorker, {
      method: 'POST',
      url: '/api/cases',
      payload: { categoryCode: 'road_dirt', description: 'x', ...point },
    });
    expect(outside.statusCode).toBe(422);
    const badPhone = await t.as(s.operator, {
      method: 'POST',
      url: '/api/cases',
      payload: {
        categoryCode: 'road_dirt',
        description: '热线来电',
        ...point,
        reporterName: '王先生',
        reporterPhone: '12345',
      },
    });
    expect(badPhone.statusCode).toBe(422);
    const hotline = await report(s.operator, { reporterName: '王先生', reporterPhone: '13812345678' });
    expect(hotline).toMatchObject({
      source: 'hotline',
      reporterName: '王先生',
      reporterPhone: '138****5678',
    });
    const stored = await t.db
      .selectFrom('cases')
      .select('reporter_phone_enc')
      .where('id', '=', hotline.id)
      .executeTakeFirstOrThrow();
    expect(stored.reporter_phone_enc).not.toContain('13812345678');
  });
});

describe('group commit of reports', () => {
  const concurrently = (n: number, body: (i: number) => Record<string, unknown>) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        t.as(s.worker, {
          method: 'POST',
          url: '/api/cases',
          payload: { categoryCode: 'road_dirt', ...point, ...body(i) },
        }),
      ),
    );

  it('writes reports arriving together in shared transactions, each whole and with its own answer', async () => {
    const answers = await concurrently(30, (i) => ({ description: `路面污渍 ${i}` }));
    for (const a of answers) expect(a.statusCode, a.body).toBe(201);
    const created = answers.map((a) => a.json());
    const ids = created.map((c) => c.id as string);
    expect(created.map((c) => c.description)).toEqual(answers.map((_, i) => `路面污渍 ${i}`));
    expect(new Set(ids).size).toBe(30);
    expect(new Set(created.map((c) => c.number)).size).toBe(30);
    for (const c of created) {
      expect(c).toMatchObject({ state: 'reported', step: 'register', source: 'grid_worker' });
      expect(c.likelyDuplicates.map((d: { id: string }) => d.id)).not.toContain(c.id);
    }
    // Each is offered the others written before it or with it (only a first report alone sees none).
    expect(created.filter((c) => c.likelyDuplicates.length > 0).length).toBeGreaterThanOrEqual(29);
    const count = async (table: 'case_events' | 'case_steps', column: 'case_id') =>
      (await t.db.selectFrom(table).select(column).where(column, 'in', ids).execute()).length;
    expect(await count('case_events', 'case_id')).toBe(30);
    expect(await count('case_steps', 'case_id')).toBe(30);
    const alarms = await t.db
      .selectFrom('jobs')
      .select('key')
      .where('kind', '=', 'case.alarm')
      .where('key', 'in', ids)
      .execute();
    expect(alarms).toHaveLength(30);
    const audited = await t.db
      .selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', 'case.report')
      .where('target_id', 'in', ids)
      .execute();
    expect(audited).toHaveLength(30);
    // Fewer transactions than reports: the rows of several reports share a transaction id.
    const { rows } = await sql<{ n: number }>`
      select count(distinct xmin::text)::int as n from cases where id = any(${ids}::uuid[])`.execute(t.db);
    expect(rows[0]!.n).toBeLessThan(30);
  });

  it('fails a report the database refuses alone, and writes the others of its group', async () => {
    // A NUL character passes the request schema; PostgreSQL refuses it in text.
    const answers = await concurrently(12, (i) => ({
      description: i === 6 ? '坏\u0000数据' : `井盖缺失 ${i}`,
    }));
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map((_, i) => (i === 6 ? 400 : 201)));
    expect(answers[6]!.json().code).toBe('validation_failed');
    const ids = answers.filter((_, i) => i !== 6).map((a) => a.json().id as string);
    const events = await t.db
      .selectFrom('case_events')
      .select('case_id')
      .where('case_id', 'in', ids)
      .execute();
    expect(events).toHaveLength(11);
  });
});

describe('lists and inboxes', () => {
  it('shows each user their own part: area, department, own reports', async () => {
    const list = async (session: Session, query = '') =>
      (await t.as(session, { method: 'GET', url: `/api/cases?pageSize=500${query}` })).json();
    const all = await list(s.operator);
    expect(all.total).toBeGreaterThan(0);
    expect(all.items.every((c: { gridCode: string }) => c.gridCode.startsWith(grid.slice(0, 6)))).toBe(true);
    const worker = await list(s.otherWorker);
    expect(worker.items.every((c: { gridCode: string }) => c.gridCode === otherGrid)).toBe(true);
    const handler = await list(s.handler);
    expect(
      handler.items.every((c: { departmentCode: string }) => c.departmentCode === 'urban_management'),
    ).toBe(true);
    const resident = await list(s.resident);
    expect(resident.total).toBeGreaterThan(0);
    const ids = new Set(
      (
        await t.db.selectFrom('cases').select('id').where('reporter_id', '=', s.resident.user.id).execute()
      ).map((r) => r.id),
    );
    expect(resident.items.every((c: { id: string }) => ids.has(c.id))).toBe(true);
    // Filters.
    const reported = await list(s.operator, '&state=reported');
    expect(reported.items.every((c: { state: string }) => c.state === 'reported')).toBe(true);
    const parent = await list(s.operator, '&category=appearance');
    expect(parent.items.length).toBeGreaterThan(0);
    expect(
      parent.items.every((c: { categoryCode: string }) =>
        ['exposed_garbage', 'overflowing_bin', 'illegal_ad', 'road_dirt', 'construction_waste'].includes(
          c.categoryCode,
        ),
      ),
    ).toBe(true);
    const outside = await list(s.worker, `&areaCode=${otherGrid}`);
    expect(outside.code).toBe('area_not_found');
  });

  it('counts lists of areas, departments and states from the rollup exactly as row by row', async () => {
    // Moves in flight: contributions not folded into the rollup yet count too.
    const { id } = await report();
    await moveOk(s.operator, id, 'register');
    const direct = async (where: (q: ReturnType<typeof casesOf>) => ReturnType<typeof casesOf>) =>
      Number(
        (
          await where(casesOf())
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const casesOf = () => t.db.selectFrom('cases').where('grid_code', 'like', `${grid.slice(0, 6)}%`);
    const total = async (session: Session, query: string) =>
      (await t.as(session, { method: 'GET', url: `/api/cases?pageSize=1${query}` })).json().total;
    expect(await total(s.operator, '&open=true')).toBe(await direct((q) => q.where('closed_at', 'is', null)));
    expect(await total(s.operator, '&open=false')).toBe(
      await direct((q) => q.where('closed_at', 'is not', null)),
    );
    expect(await total(s.operator, '&state=registered&state=reported')).toBe(
      await direct((q) => q.where('state', 'in', ['registered', 'reported'])),
    );
    expect(await total(s.operator, `&open=true&areaCode=${grid}`)).toBe(
      await direct((q) => q.where('closed_at', 'is', null).where('grid_code', '=', grid)),
    );
    expect(await total(s.handler, '&open=true')).toBe(
      await direct((q) => q.where('closed_at', 'is', null).where('department_code', '=', 'urban_management')),
    );
    expect(await total(s.operator, '&departmentCode=water')).toBe(
      await direct((q) => q.where('department_code', '=', 'water')),
    );
  });

  it('puts in each inbox what waits for that user', async () => {
    const { id } = await report();
    const inboxOf = async (session: Session) =>
      (await t.as(session, { method: 'GET', url: '/api/cases/inbox?pageSize=500' }))
        .json()
        .items.map((c: { id: string }) => c.id);
    expect(await inboxOf(s.operator)).toContain(id);
    expect(await inboxOf(s.handler)).not.toContain(id);
    await moveOk(s.operator, id, 'register');
    await moveOk(s.operator, id, 'dispatch');
    expect(await inboxOf(s.handler)).toContain(id);
    expect(await inboxOf(s.operator)).not.toContain(id);
    await moveOk(s.handler, id, 'accept');
    await moveOk(s.handler, id, 'feedback', { note: '已处理' });
    expect(await inboxOf(s.worker)).toContain(id);
    expect(await inboxOf(s.otherWorker)).not.toContain(id);
  });
});

describe('electronic supervision', () => {
  it('turns a case yellow, then red and escalated, from the job queue; a moved case is left alone', async () => {
    const { id } = await report();
    const job = await t.db
      .selectFrom('jobs')
      .select(['run_at', 'payload'])
      .where('key', '=', id)
      .where('done_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(job.payload).toMatchObject({ caseId: id, level: 'yellow' });
    // Time passes: the warning is due.
    await t.db
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000) })
      .where('key', '=', id)
      .where('done_at', 'is', null)
      .execute();
    expect(await t.app.jobs.runOnce()).toBeGreaterThanOrEqual(1);
    let kase = (await t.as(s.operator, { method: 'GET', url: `/api/cases/${id}` })).json();
    expect(kase.alarm).toBe('yellow');
    // The red job follows at the deadline.
    await t.db
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000) })
      .where('key', '=', id)
      .where('done_at', 'is', null)
      .execute();
    await t.app.jobs.runOnce();
    kase = (await t.as(s.operator, { method: 'GET', url: `/api/cases/${id}` })).json();
    expect(kase).toMatchObject({ alarm: 'red', escalatedTo: grid.slice(0, 12) });
    const notices = await t.db
      .selectFrom('case_notices')
      .select(['kind', 'area_code'])
      .where('case_id', '=', id)
      .execute();
    expect(notices).toEqual(
      expect.arrayContaining([
        { kind: 'yellow', area_code: grid },
        { kind: 'escalate', area_code: grid.slice(0, 12) },
      ]),
    );

    // Registering starts a new step: the alarm resets and the old step's jobs do nothing.
    const registered = await moveOk(s.operator, id, 'register');
    expect(registered.alarm).toBe('none');
    const pending = await t.db
      .selectFrom('jobs')
      .select('payload')
      .where('key', '=', id)
      .where('done_at', 'is', null)
      .execute();
    expect(pending).toHaveLength(1);
    expect(pending[0].payload.stepStartedAt).toBe(registered.stepStartedAt);
  });

  it('lets a leader supervise an open case in their area, with a notice', async () => {
    const { id } = await report();
    expect(
      (
        await t.as(s.worker, {
          method: 'POST',
          url: `/api/cases/${id}/supervise`,
          payload: { instruction: '尽快处理' },
        })
      ).statusCode,
    ).toBe(403);
    const res = await t.as(s.leader, {
      method: 'POST',
      url: `/api/cases/${id}/supervise`,
      payload: { instruction: '请今日内处理完毕' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().supervised).toBe(true);
    const notice = await t.db
      .selectFrom('case_notices')
      .selectAll()
      .where('case_id', '=', id)
      .where('kind', '=', 'supervise')
      .executeTakeFirstOrThrow();
    expect(notice.message).toBe('请今日内处理完毕');
    const supervised = (
      await t.as(s.leader, { method: 'GET', url: '/api/cases?supervised=true&pageSize=500' })
    ).json();
    expect(supervised.items.map((c: { id: string }) => c.id)).toContain(id);
  });
});

describe('attachments', () => {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );

  it('stores a photo with its checksum and serves it back; refuses a file that is not what it claims', async () => {
    const { id } = await report();
    const up = await t.as(s.worker, {
      method: 'POST',
      url: `/api/cases/${id}/attachments?fileName=${encodeURIComponent('现场照片.png')}`,
      headers: { 'content-type': 'image/png' },
      payload: png,
    });
    expect(up.statusCode, up.body).toBe(201);
    const { sha256, id: fileId } = up.json();
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    const down = await t.as(s.operator, { method: 'GET', url: `/api/cases/${id}/attachments/${fileId}` });
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(png)).toBe(true);
    const timeline = (await t.as(s.operator, { method: 'GET', url: `/api/cases/${id}/timeline` })).json();
    expect(timeline.events.at(-1)).toMatchObject({
      action: 'attach',
      attachments: [{ fileName: '现场照片.png', sha256 }],
    });

    const fake = await t.as(s.worker, {
      method: 'POST',
      url: `/api/cases/${id}/attachments?fileName=x.png`,
      headers: { 'content-type': 'image/png' },
      payload: Buffer.from('<script>alert(1)</script>'),
    });
    expect(fake.statusCode).toBe(415);
    const exe = await t.as(s.worker, {
      method: 'POST',
      url: `/api/cases/${id}/attachments?fileName=x.exe`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from('MZ'),
    });
    expect(exe.statusCode).toBe(415);
    // Someone who cannot see the case cannot attach to it.
    const stranger = await t.as(s.otherWorker, {
      method: 'POST',
      url: `/api/cases/${id}/attachments?fileName=y.png`,
      headers: { 'content-type': 'image/png' },
      payload: png,
    });
    expect(stranger.statusCode).toBe(404);
  });
});
