import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextOverdueAt } from '../modules/cases/cases.service.ts';
import { loadCaseCatalog } from '../modules/cases/catalog.ts';
import { buildUser } from '../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../test/harness.ts';
import { AnswerCache, ChangeClock, type ReadCacheRule } from './read-cache.ts';

const GRID = '440305001001001';
const SIBLING = '440305001001002';
const COMMUNITY = '440305001001';
const DISTRICT = '440305000000';

describe('ChangeClock', () => {
  it('dates a change in a grid in that grid, every area above it and "somewhere", not beside it', () => {
    const clock = new ChangeClock();
    const before = clock.now();
    clock.changed('people', [GRID]);
    for (const area of [GRID, COMMUNITY, '440305001000', DISTRICT, ''])
      expect(clock.changedSince(['people'], area, before)).toBe(true);
    expect(clock.changedSince(['people'], SIBLING, before)).toBe(false);
    expect(clock.changedSince(['houses'], GRID, before)).toBe(false);
    expect(clock.changedSince(['people'], GRID, clock.now())).toBe(false);
  });

  it('reads notification payloads: grids, "*" (anywhere) and the reconnection (everything)', () => {
    const clock = new ChangeClock();
    let since = clock.now();
    clock.apply(`people ${SIBLING},${GRID}`);
    expect(clock.changedSince(['people'], GRID, since)).toBe(true);
    since = clock.now();
    clock.apply('tags *');
    expect(clock.changedSince(['people', 'tags'], SIBLING, since)).toBe(true);
    expect(clock.changedSince(['people'], SIBLING, since)).toBe(false);
    since = clock.now();
    clock.everythingChanged();
    expect(clock.changedSince(['things'], GRID, since)).toBe(true);
  });
});

describe('AnswerCache', () => {
  const text = (body: Buffer | null) => body?.toString() ?? null;
  const rule: ReadCacheRule = { reads: ['people'], area: 'scope', ttlMs: 1_000 };

  it('answers until the area changes or the time runs out', () => {
    const clock = new ChangeClock();
    const cache = new AnswerCache(clock);
    cache.set('a', '{"n":1}', rule, GRID, clock.now(), 0);
    expect(text(cache.get('a', 10))).toBe('{"n":1}');
    expect(cache.get('a', 1_000)).toBeNull();
    cache.set('a', '{"n":1}', rule, GRID, clock.now(), 0);
    clock.changed('people', [SIBLING]);
    expect(text(cache.get('a', 10))).toBe('{"n":1}');
    clock.changed('people', [GRID]);
    expect(cache.get('a', 10)).toBeNull();
  });

  it('does not keep what changed while it was being read', () => {
    const clock = new ChangeClock();
    const cache = new AnswerCache(clock);
    const since = clock.now();
    clock.changed('people', [GRID]);
    cache.set('a', '{}', rule, COMMUNITY, since, 0);
    expect(cache.get('a', 10)).toBeNull();
  });

  it('keeps at most so many answers and bytes, dropping the oldest', () => {
    const clock = new ChangeClock();
    const cache = new AnswerCache(clock, 2, 1_000);
    for (const key of ['a', 'b', 'c']) cache.set(key, '{}', rule, GRID, clock.now(), 0);
    expect(['a', 'b', 'c'].map((k) => text(cache.get(k, 1)))).toEqual([null, '{}', '{}']);
    cache.set('soon', '{}', rule, GRID, clock.now(), 0, 5);
    expect(text(cache.get('soon', 4))).toBe('{}');
    expect(cache.get('soon', 5)).toBeNull();
    cache.set('big', 'x'.repeat(60), rule, GRID, clock.now(), 0);
    cache.set('big2', 'x'.repeat(60), rule, GRID, clock.now(), 0);
    expect(cache.size).toBeLessThanOrEqual(2);
  });
});

describe('nextOverdueAt', () => {
  it('is the first deadline still ahead of an open case: then "overdue" turns', () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const later = new Date(Date.now() + 120_000).toISOString();
    const past = new Date(Date.now() - 60_000).toISOString();
    expect(
      nextOverdueAt([
        { state: 'dispatched', overdue: false, stepDeadline: later },
        { state: 'dispatched', overdue: false, stepDeadline: soon },
        { state: 'dispatched', overdue: true, stepDeadline: past },
        { state: 'closed', overdue: false, stepDeadline: past },
      ]),
    ).toBe(Date.parse(soon));
    expect(nextOverdueAt([{ state: 'closed', overdue: false, stepDeadline: null }])).toBeNull();
  });
});

describe('read cache in a served app (real PostgreSQL, NOTIFY from triggers)', () => {
  let t: TestApp;
  let worker: Session;
  let siblingWorker: Session;
  let leader: Session;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    await loadCaseCatalog(t.db);
    worker = await t.login((await buildUser(t.db, 'grid_worker', GRID)).username);
    siblingWorker = await t.login((await buildUser(t.db, 'grid_worker', SIBLING)).username);
    leader = await t.login((await buildUser(t.db, 'area_leader', COMMUNITY)).username);
    // The listener connects in the background: wait until answers are kept.
    for (let i = 0; i < 100 && !(await get(worker, '/api/things?pageSize=1')).headers['x-cache']; i++)
      await new Promise((r) => setTimeout(r, 50));
  }, 60_000);
  afterAll(() => t?.close());

  const get = (session: Session, url: string, headers: Record<string, string> = {}) =>
    t.as(session, { method: 'GET', url, headers });

  /** Polls until `check` holds: changes made behind the app's back arrive by notification. */
  async function eventually(check: () => Promise<boolean>) {
    const until = Date.now() + 5_000;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('the change never showed');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('answers a repeated list from the cache, the same as computed', async () => {
    const first = await get(worker, '/api/people?pageSize=5');
    const second = await get(worker, '/api/people?pageSize=5');
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-cache']).toBeUndefined();
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.json()).toEqual(first.json());
    expect(second.json().items.every((p: { gridCode: string }) => p.gridCode === GRID)).toBe(true);
    // Cache-Control: no-cache computes afresh.
    expect(
      (await get(worker, '/api/people?pageSize=5', { 'cache-control': 'no-cache' })).headers['x-cache'],
    ).toBeUndefined();
  });

  it('keeps answers per user: another grid, another role see only their own', async () => {
    await get(worker, '/api/people?pageSize=5');
    const sibling = await get(siblingWorker, '/api/people?pageSize=5');
    expect(sibling.headers['x-cache']).toBeUndefined();
    expect(sibling.json().items.every((p: { gridCode: string }) => p.gridCode === SIBLING)).toBe(true);
    const community = await get(leader, '/api/people?pageSize=5');
    expect(community.headers['x-cache']).toBeUndefined();
    expect(community.json().total).toBeGreaterThan(
      (await get(worker, '/api/people?pageSize=5')).json().total,
    );
  });

  it('shows a change made through the app at once, to its author and to others', async () => {
    const list = (await get(worker, '/api/people?pageSize=5')).json();
    const person = list.items[0];
    const changed = await t.as(worker, {
      method: 'PATCH',
      url: `/api/people/${person.id}`,
      payload: { version: person.version, phone: '13912345678' },
    });
    expect(changed.statusCode).toBe(200);
    const after = await get(worker, '/api/people?pageSize=5');
    expect(after.headers['x-cache']).toBeUndefined();
    expect(after.json().items[0]).toMatchObject({
      id: person.id,
      phone: '139****5678',
      version: person.version + 1,
    });
    const byLeader = (await get(leader, `/api/people/${person.id}`)).json();
    expect(byLeader.phone).toBe('139****5678');
  });

  it('drops what a change behind the app (another instance, the command line) touches, and only that', async () => {
    const person = (await get(worker, '/api/people?pageSize=1')).json().items[0];
    await get(worker, `/api/people/${person.id}`);
    await get(siblingWorker, '/api/people?pageSize=1');
    expect((await get(worker, `/api/people/${person.id}`)).headers['x-cache']).toBe('hit');
    await sql`update people set name = '改名测试' where id = ${person.id}`.execute(t.db);
    await eventually(async () => (await get(worker, `/api/people/${person.id}`)).json().name === '改名测试');
    // The sibling grid did not change: its list is still answered from the cache.
    expect((await get(siblingWorker, '/api/people?pageSize=1')).headers['x-cache']).toBe('hit');
    // A tag renamed may show in any list: everything reading tags is dropped.
    await sql`update tags set name_zh = name_zh`.execute(t.db);
    await eventually(async () => !(await get(siblingWorker, '/api/people?pageSize=1')).headers['x-cache']);
  });

  it('lists a reported case at once', async () => {
    const building = await t.db
      .selectFrom('buildings')
      .select(['lon', 'lat'])
      .where('grid_code', '=', GRID)
      .limit(1)
      .executeTakeFirstOrThrow();
    const before = (await get(worker, '/api/cases?open=true&pageSize=5')).json().total;
    expect((await get(worker, '/api/cases?open=true&pageSize=5')).headers['x-cache']).toBe('hit');
    const reported = await t.as(worker, {
      method: 'POST',
      url: '/api/cases',
      payload: {
        categoryCode: 'exposed_garbage',
        description: '缓存测试',
        lon: building.lon,
        lat: building.lat,
      },
    });
    expect(reported.statusCode).toBe(201);
    const after = await get(worker, '/api/cases?open=true&pageSize=5');
    expect(after.headers['x-cache']).toBeUndefined();
    expect(after.json().total).toBe(before + 1);
  });

  it('keeps public answers for everybody without a key, until what they read changes', async () => {
    const anonymous = (url: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url, headers });
    const answered = `/api/public/questions?communityCode=${COMMUNITY}&pageSize=5`;
    const elsewhere = '/api/public/questions?communityCode=440305001002&pageSize=5';
    await anonymous(answered);
    await anonymous(elsewhere);
    const again = await anonymous(answered);
    expect(again.headers['x-cache']).toBe('hit');
    const before = again.json().total as number;
    // A question answered in the community shows at once; another community's list stays kept.
    const asker = await buildUser(t.db, 'resident', GRID);
    const deputy = await buildUser(t.db, 'deputy', COMMUNITY);
    await sql`insert into questions (number, asker_id, community_code, grid_code, answerer_kind, answerer_id,
        is_public, text, state, asked_at, answer_text, answerer_name, answered_at, answered_on_time)
      values ('Q-CACHE-1', ${asker.id}, ${COMMUNITY}, ${GRID}, 'deputy', ${deputy.id}, true, '楼道灯坏了',
        'answered', now(), '已报修', '代表', now(), true)`.execute(t.db);
    await eventually(async () => (await anonymous(answered)).json().total === before + 1);
    expect((await anonymous(elsewhere)).headers['x-cache']).toBe('hit');
    // CKAN: keyless reads are kept; a partner's key (counted against its quota) is never answered from it.
    await anonymous('/api/3/action/package_list');
    expect((await anonymous('/api/3/action/package_list')).headers['x-cache']).toBe('hit');
    const keyed = await anonymous('/api/3/action/package_list', { 'x-ckan-api-key': 'not-a-key' });
    expect(keyed.headers['x-cache']).toBeUndefined();
    for (const header of ['authorization', 'x-api-key'])
      expect(
        (await anonymous('/api/3/action/package_list', { [header]: 'not-a-key' })).headers['x-cache'],
      ).toBeUndefined();
    await sql`update opendata_datasets set name = name`.execute(t.db);
    await eventually(async () => !(await anonymous('/api/3/action/package_list')).headers['x-cache']);
  });
});
