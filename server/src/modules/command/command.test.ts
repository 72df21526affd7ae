import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { permissionsOf, type Role } from '../../platform/auth/permissions.ts';
import { excel } from '../../platform/exceljs.ts';
import { buildUser, feature, square } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { GridIndex, importAreas } from '../areas/index.ts';
import { casesWallSource, loadCaseCatalog } from '../cases/index.ts';
import { visitsWallSource } from '../patrols/index.ts';
import * as command from './command.service.ts';
import { monthFigures, reportFile, runMonthlyJob } from './report.service.ts';

// A district of its own (no demo cases in it): two communities with one grid each.
const D = '440399';
const DISTRICT = `${D}000000`;
const STREET = `${D}001000`;
const C1 = `${D}001001`;
const C2 = `${D}001002`;
const G1 = `${C1}001`;
const G2 = `${C2}001`;
// 12:00 in Beijing on Tuesday 2026-03-10; "same day last week" is 2026-03-03.
const NOW = new Date('2026-03-10T04:00:00Z');
const CATEGORY = 'exposed_garbage';
const OTHER = 'road_dirt';

let t: TestApp;
const sessions = {} as Record<'admin' | 'operator' | 'leader' | 'worker', Session>;

function auth(role: Role, areaCode: string, userId = '00000000-0000-4000-8000-000000000001'): Auth {
  return {
    userId,
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

let serial = 0;
async function kase(values: {
  grid: string;
  at: string;
  lon?: number;
  lat?: number;
  category?: string;
  state?: 'reported' | 'handling' | 'closed';
  closedAt?: string;
  deadline?: string;
}) {
  const { id } = await t.db
    .insertInto('cases')
    .values({
      number: `CMD-${++serial}`,
      source: 'grid_worker',
      category_code: values.category ?? CATEGORY,
      grid_code: values.grid,
      lon: values.lon ?? null,
      lat: values.lat ?? null,
      description: '指挥中心测试',
      state: values.state ?? 'reported',
      reported_at: new Date(values.at),
      closed_at: values.closedAt ? new Date(values.closedAt) : null,
      step_deadline: values.deadline ? new Date(values.deadline) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function event(caseId: string, action: string, at: string, data: Record<string, unknown> = {}) {
  await t.db
    .insertInto('case_events')
    .values({ case_id: caseId, at: new Date(at), actor_id: null, actor_name: null, action, data })
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  await loadCaseCatalog(t.db);
  await importAreas(
    t.db,
    new GridIndex(t.db),
    'system',
    [
      feature(DISTRICT, '测试区', 'district', null, square(100, 30, 1)),
      feature(STREET, '测试街道', 'street', DISTRICT, square(100, 30, 1)),
      feature(C1, '甲社区', 'community', STREET, square(100, 30, 0.4)),
      feature(C2, '乙社区', 'community', STREET, square(100.5, 30, 0.4)),
      feature(G1, '甲一网格', 'grid', C1, square(100, 30, 0.4)),
      feature(G2, '乙一网格', 'grid', C2, square(100.5, 30, 0.4)),
    ],
    'demo',
  );
  await t.db.updateTable('areas').set({ households: 200 }).where('code', '=', G1).execute();
  await t.db.updateTable('areas').set({ households: 100 }).where('code', '=', G2).execute();
  const login = async (role: Role, area: string) => t.login((await buildUser(t.db, role, area)).username);
  sessions.admin = await login('district_admin', DISTRICT);
  sessions.operator = await login('command_operator', DISTRICT);
  sessions.leader = await login('area_leader', C1);
  sessions.worker = await login('grid_worker', G1);

  // Today in C1: three reports, one registered, one closed, one yellow; in C2: one report.
  const a = await kase({ grid: G1, at: '2026-03-10T01:00:00Z' });
  await kase({ grid: G1, at: '2026-03-10T02:00:00Z', state: 'closed', closedAt: '2026-03-10T03:30:00Z' });
  const c = await kase({ grid: G1, at: '2026-03-10T03:00:00Z' });
  await event(a, 'register', '2026-03-10T02:00:00Z');
  await event(c, 'alarm', '2026-03-10T03:10:00Z', { level: 'yellow' });
  await kase({ grid: G2, at: '2026-03-10T01:30:00Z' });
  // Last week: one report in C1 before noon, one after (not counted against today's morning).
  await kase({ grid: G1, at: '2026-03-03T03:00:00Z' });
  await kase({ grid: G1, at: '2026-03-03T06:00:00Z' });
  // Open and past its deadline (yesterday).
  await kase({ grid: G1, at: '2026-02-20T03:00:00Z', state: 'handling', deadline: '2026-03-09T03:00:00Z' });

  // Visits: a plan for C1 with three tasks this week, two done by now; last week two of two.
  const plan = await t.db
    .insertInto('visit_plans')
    .values({
      area_code: C1,
      name: '测试',
      target_type: 'grid',
      filter: JSON.stringify({}),
      frequency: 'weekly',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const task = (n: number, start: string, end: string, done: string | null) => ({
    plan_id: plan.id,
    target_type: 'grid' as const,
    target_id: `${G1}-${n}`,
    target_label: `任务${n}`,
    grid_code: G1,
    period_start: start,
    period_end: end,
    due_at: new Date(`${end}T16:00:00Z`),
    state: done ? ('done' as const) : ('open' as const),
    done_at: done ? new Date(done) : null,
  });
  await t.db
    .insertInto('visit_tasks')
    .values([
      task(1, '2026-03-09', '2026-03-15', '2026-03-09T05:00:00Z'),
      task(2, '2026-03-09', '2026-03-15', '2026-03-10T02:00:00Z'),
      task(3, '2026-03-09', '2026-03-15', null),
      task(4, '2026-03-02', '2026-03-08', '2026-03-02T05:00:00Z'),
      task(5, '2026-03-02', '2026-03-08', '2026-03-03T01:00:00Z'),
    ])
    .execute();
}, 120_000);

afterAll(() => t?.close());

const SOURCES = [casesWallSource, visitsWallSource];
const stringy = (query: Record<string, string | number>) =>
  Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)]));
const figureOf = (figures: { key: string; value: number; lastWeek: number | null }[], key: string) => {
  const f = figures.find((x) => x.key === key)!;
  return [f.value, f.lastWeek];
};

describe("the wall's figures", () => {
  it('count today against the same day last week until the same time', async () => {
    const { figures, computedAt, refreshSeconds } = await command.wallFigures(
      t.db,
      SOURCES,
      auth('district_admin', DISTRICT),
      C1,
      NOW,
    );
    expect(computedAt).toBe(NOW.toISOString());
    expect(refreshSeconds).toBe(60);
    expect(figureOf(figures, 'cases.reported')).toEqual([3, 1]);
    expect(figureOf(figures, 'cases.registered')).toEqual([1, 0]);
    expect(figureOf(figures, 'cases.closed')).toEqual([1, 0]);
    expect(figureOf(figures, 'cases.overdue')).toEqual([1, null]);
    expect(figureOf(figures, 'cases.yellow')).toEqual([1, 0]);
    expect(figureOf(figures, 'cases.red')).toEqual([0, 0]);
    expect(figureOf(figures, 'visits.done')).toEqual([2, 2]);
    expect(figureOf(figures, 'visits.due')).toEqual([3, 2]);
    expect(figures.find((f) => f.key === 'cases.overdue')!.href).toBe(`/cases?area=${C1}&overdue=true`);
  });

  it('follow the area chosen: the district counts both communities', async () => {
    const district = await command.wallFigures(
      t.db,
      SOURCES,
      auth('district_admin', DISTRICT),
      DISTRICT,
      NOW,
    );
    const c2 = await command.wallFigures(t.db, SOURCES, auth('district_admin', DISTRICT), C2, NOW);
    expect(figureOf(district.figures, 'cases.reported')).toEqual([4, 1]);
    expect(figureOf(c2.figures, 'cases.reported')).toEqual([1, 0]);
    expect(figureOf(c2.figures, 'visits.due')).toEqual([0, 0]);
  });

  it('show only the sources the viewer may see, inside their scope', async () => {
    const cases = auth('command_operator', DISTRICT);
    const noVisits = { ...cases, permissions: cases.permissions.filter((p) => p !== 'visits.read') } as Auth;
    const { figures } = await command.wallFigures(t.db, SOURCES, noVisits, C1, NOW);
    expect(figures.every((f) => f.module === 'cases')).toBe(true);
    const outside = await t.as(sessions.leader, {
      method: 'GET',
      url: `/api/command/figures?areaCode=${C2}`,
    });
    expect(outside.statusCode).toBe(404);
    const worker = await t.as(sessions.worker, { method: 'GET', url: '/api/command/figures' });
    expect(worker.statusCode).toBe(403);
    const mine = await t.as(sessions.leader, { method: 'GET', url: '/api/command/figures' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().areaCode).toBe(C1);
  });
});

describe('hot spots', () => {
  // A planted cluster of 6 within ~50 m and 3 days in G1 (rising); 4 more of another category there (too
  // few); and 8 of the same category spread over the grid and the month (noise).
  const base = { lon: 100.2, lat: 30.2 };
  beforeAll(async () => {
    for (let i = 0; i < 6; i++)
      await kase({
        grid: G1,
        category: CATEGORY,
        lon: base.lon + i * 0.0001,
        lat: base.lat + (i % 2) * 0.0001,
        // One three days ago, five yesterday: rising.
        at: i === 0 ? '2026-03-07T02:00:00Z' : `2026-03-09T0${i}:00:00Z`,
      });
    for (let i = 0; i < 4; i++)
      await kase({ grid: G1, category: OTHER, lon: base.lon, lat: base.lat, at: '2026-03-08T02:00:00Z' });
    for (let i = 0; i < 8; i++)
      await kase({
        grid: G1,
        category: CATEGORY,
        lon: 100.02 + i * 0.04,
        lat: 30.05 + (i % 3) * 0.1,
        at: new Date(Date.parse('2026-02-12T02:00:00Z') + i * 3 * 86_400_000).toISOString(),
      });
  });

  const settings = { days: 30, meters: 200, spanDays: 7, minCases: 5 };

  it('find the planted cluster with its size, grid and trend, and leave the noise', async () => {
    const { hotspots } = await command.hotspots(t.db, auth('district_admin', DISTRICT), settings, 'zh', NOW);
    expect(hotspots).toHaveLength(1);
    const [h] = hotspots;
    expect(h!.size).toBe(6);
    expect(h!.categoryCode).toBe(CATEGORY);
    expect(h!.gridCode).toBe(G1);
    expect(h!.gridName).toBe('甲一网格');
    expect(h!.radius).toBeLessThan(60);
    expect(h!.trend).toBe('up');
    expect(h!.href).toBe(
      `/cases?hotspot=${h!.id}&area=${DISTRICT}&days=30&meters=200&spanDays=7&minCases=5&at=${encodeURIComponent(NOW.toISOString())}`,
    );
  });

  it('open exactly their cases, found again as of when the list was computed', async () => {
    const { hotspots } = await command.hotspots(t.db, auth('district_admin', DISTRICT), settings, 'zh', NOW);
    const [h] = hotspots;
    const query = { ...settings, at: NOW.toISOString(), pageSize: 50 };
    const url = `/api/command/hotspots/${h!.id}/cases`;
    const opened = await t.as(sessions.operator, { method: 'GET', url, query: stringy(query) });
    expect(opened.statusCode, opened.body).toBe(200);
    const body = opened.json() as {
      hotspot: { id: string; size: number };
      items: { id: string }[];
      total: number;
    };
    expect(body.hotspot.id).toBe(h!.id);
    expect(body.total).toBe(6);
    // Exactly the cluster: not the grid's other cases of the category (the spread ones), nor others.
    expect(body.items.map((c) => c.id).sort()).toEqual([...h!.caseIds].sort());
    // Paged like the case list.
    const page2 = await t.as(sessions.operator, {
      method: 'GET',
      url,
      query: stringy({ ...query, pageSize: 4, page: 2 }),
    });
    expect(page2.json().items).toHaveLength(2);
    // The community's leader sees it too; another community's area does not have it.
    const leader = await t.as(sessions.leader, { method: 'GET', url, query: stringy(query) });
    expect(leader.json().total).toBe(6);
    const elsewhere = await t.as(sessions.operator, {
      method: 'GET',
      url,
      query: stringy({ ...query, areaCode: C2 }),
    });
    expect([elsewhere.statusCode, elsewhere.json().code]).toEqual([409, 'hotspot_gone']);
    const outside = await t.as(sessions.leader, {
      method: 'GET',
      url,
      query: stringy({ ...query, areaCode: C2 }),
    });
    expect([outside.statusCode, outside.json().code]).toEqual([404, 'area_not_found']);
    const worker = await t.as(sessions.worker, { method: 'GET', url, query: stringy(query) });
    expect(worker.statusCode).toBe(403);
  });

  it('are filtered by area, and smaller settings find none', async () => {
    const c2 = await command.hotspots(
      t.db,
      auth('district_admin', DISTRICT),
      { ...settings, areaCode: C2 },
      'zh',
      NOW,
    );
    expect(c2.hotspots).toHaveLength(0);
    const tight = await command.hotspots(
      t.db,
      auth('district_admin', DISTRICT),
      { ...settings, meters: 10 },
      'zh',
      NOW,
    );
    expect(tight.hotspots).toHaveLength(0);
    const others = await command.hotspots(
      t.db,
      auth('district_admin', DISTRICT),
      { ...settings, minCases: 4, categoryCode: OTHER },
      'zh',
      NOW,
    );
    expect(others.hotspots.map((h) => h.size)).toEqual([4]);
  });
  it('sends one to the command centre as a supervised case (district administrator only)', async () => {
    // A fresh cluster: the route clusters the days before now.
    for (let i = 0; i < 5; i++)
      await kase({
        grid: G1,
        category: OTHER,
        lon: 100.3 + i * 0.0001,
        lat: 30.3,
        at: new Date(Date.now() - (i + 1) * 3600_000).toISOString(),
      });
    const { hotspots } = await command.hotspots(t.db, auth('district_admin', DISTRICT), settings, 'zh');
    expect(hotspots.map((h) => [h.categoryCode, h.size])).toEqual([[OTHER, 5]]);
    const body = {
      ...settings,
      categoryCode: OTHER,
      hotspotId: hotspots[0]!.id,
      instruction: '请集中整治',
    };
    const refused = await t.as(sessions.operator, {
      method: 'POST',
      url: '/api/command/hotspots/send',
      payload: body,
    });
    expect(refused.statusCode).toBe(403);
    const gone = await t.as(sessions.admin, {
      method: 'POST',
      url: '/api/command/hotspots/send',
      payload: { ...body, hotspotId: 'no-such-hot-spot' },
    });
    expect(gone.statusCode).toBe(409);
    const sent = await t.as(sessions.admin, {
      method: 'POST',
      url: '/api/command/hotspots/send',
      payload: body,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const row = await t.db
      .selectFrom('cases')
      .select(['grid_code', 'category_code', 'supervised_at', 'description'])
      .where('id', '=', sent.json().caseId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ grid_code: G1, category_code: OTHER });
    expect(row.supervised_at).not.toBeNull();
    expect(row.description).toContain('热点');
  });
});

describe('the camera layer', () => {
  it('lists the area’s cameras with their state and incidents waiting for a decision', async () => {
    const camera = (grid: string, n: number, status: 'online' | 'offline') =>
      t.db
        .insertInto('cameras')
        .values({
          device_id: `4403990000132000${String(n).padStart(4, '0')}`,
          name: `测试摄像机${n}`,
          grid_code: grid,
          lon: 100.1 + n * 0.001,
          lat: 30.1,
          status,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const a = await camera(G1, 1, 'online');
    const b = await camera(G1, 2, 'offline');
    const c = await camera(G2, 3, 'online');
    const incident = (cameraId: string, grid: string, type: string, decision: 'pending' | 'case') =>
      t.db
        .insertInto('camera_incidents')
        .values({
          camera_id: cameraId,
          alarm_type: type,
          grid_code: grid,
          decision,
          mode: 'confirm',
          started_at: NOW,
          last_alarm_at: NOW,
          ...(decision === 'pending' ? {} : { state: 'ended' as const, ended_at: NOW }),
        })
        .execute();
    await incident(a.id, G1, 'garbage', 'pending');
    await incident(a.id, G1, 'parking', 'pending');
    await incident(a.id, G1, 'stall', 'case');
    await incident(c.id, G2, 'garbage', 'pending');

    const all = await t.as(sessions.operator, { method: 'GET', url: '/api/command/cameras' });
    expect(all.statusCode, all.body).toBe(200);
    const byId = new Map(
      (all.json().cameras as { id: string; status: string; waiting: number }[]).map((x) => [x.id, x]),
    );
    expect(byId.get(a.id)).toMatchObject({ status: 'online', waiting: 2 });
    expect(byId.get(b.id)).toMatchObject({ status: 'offline', waiting: 0 });
    expect(byId.get(c.id)).toMatchObject({ status: 'online', waiting: 1 });
    // The leader of C1 sees C1's cameras only; a grid worker may not use the wall.
    const leader = await t.as(sessions.leader, { method: 'GET', url: '/api/command/cameras' });
    expect((leader.json().cameras as { id: string }[]).map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    const worker = await t.as(sessions.worker, { method: 'GET', url: '/api/command/cameras' });
    expect(worker.statusCode).toBe(403);
  });
});

describe('rankings', () => {
  it('rank communities by closure rate, with the period chosen', async () => {
    const result = await command.rankings(
      t.db,
      auth('district_admin', DISTRICT),
      { groupBy: 'community', indicator: 'closureRate', from: '2026-03-10', to: '2026-03-10' },
      'zh',
      NOW,
    );
    expect(result.rows.map((r) => [r.key, r.reported, r.closureRate])).toEqual([
      [C1, 3, 1 / 3],
      [C2, 1, 0],
    ]);
    expect(result.rows[0]!.rank).toBe(1);
    const one = await command.rankings(
      t.db,
      auth('district_admin', DISTRICT),
      { areaCode: C2, groupBy: 'grid', indicator: 'onTimeRate', from: '2026-03-10', to: '2026-03-10' },
      'zh',
      NOW,
    );
    expect(one.rows.map((r) => r.key)).toEqual([G2]);
  });
});

describe('layouts', () => {
  const panels = [{ kind: 'figures' as const }, { kind: 'map' as const, indicator: 'households' }];
  it('are kept per user and per role, with versions', async () => {
    const put = (s: Session, body: unknown) =>
      t.as(s, { method: 'PUT', url: '/api/command/layouts', payload: body as object });
    expect((await put(sessions.operator, { name: '大屏', panels })).statusCode).toBe(200);
    // The same name again without the version seen: a conflict, nothing overwritten.
    expect((await put(sessions.operator, { name: '大屏', panels: [{ kind: 'hotspots' }] })).statusCode).toBe(
      409,
    );
    const replaced = await put(sessions.operator, {
      name: '大屏',
      panels: [{ kind: 'hotspots' }],
      version: 1,
    });
    expect(replaced.json().version).toBe(2);
    // A role's layout needs command.manage.
    expect((await put(sessions.operator, { name: '值班', panels, forRole: true })).statusCode).toBe(403);
    expect((await put(sessions.admin, { name: '区级大屏', panels, forRole: true })).statusCode).toBe(200);
    const mine = (await t.as(sessions.operator, { method: 'GET', url: '/api/command/layouts' })).json();
    expect(mine.map((l: { name: string }) => l.name)).toEqual(['大屏']);
    const other = await t.login((await buildUser(t.db, 'district_admin', DISTRICT)).username);
    const theirs = (await t.as(other, { method: 'GET', url: '/api/command/layouts' })).json();
    expect(theirs.map((l: { name: string; owner: string }) => [l.name, l.owner])).toEqual([
      ['区级大屏', 'role'],
    ]);
    const gone = await t.as(sessions.operator, {
      method: 'DELETE',
      url: '/api/command/layouts?name=%E5%A4%A7%E5%B1%8F',
    });
    expect(gone.statusCode).toBe(204);
    expect((await t.as(sessions.operator, { method: 'GET', url: '/api/command/layouts' })).json()).toEqual(
      [],
    );
  });
});

describe('the monthly report', () => {
  beforeAll(async () => {
    const post = (url: string, payload: object) => t.as(sessions.admin, { method: 'POST', url, payload });
    expect(
      (
        await post('/api/resources/funds', {
          communityCode: C1,
          year: 2026,
          category: '办公经费',
          allocated: 60000,
          spent: 15000,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await post('/api/resources/funds', {
          communityCode: C2,
          year: 2026,
          category: '办公经费',
          allocated: 10000,
        })
      ).statusCode,
    ).toBe(201);
  });

  it('has the month’s figures, hot spots, overdue cases and resources, in DOCX and XLSX', async () => {
    const figures = await monthFigures(t.db, DISTRICT, '2026-03');
    expect(figures.totals.reported).toBeGreaterThanOrEqual(14);
    const response = await t.as(sessions.admin, {
      method: 'POST',
      url: '/api/command/reports',
      payload: { areaCode: DISTRICT, month: '2026-03' },
    });
    expect(response.statusCode, response.body).toBe(201);
    const { id } = response.json();
    const docx = await t.as(sessions.admin, { method: 'GET', url: `/api/command/reports/${id}/docx` });
    expect(docx.statusCode).toBe(200);
    const { value: text } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    expect(text).toContain('测试区 2026-03 月度报告');
    expect(text).toContain(`本月上报 ${figures.totals.reported} 件，结案 ${figures.totals.closed} 件`);
    expect(text).toContain('甲一网格');
    expect(text).toContain('超期未办');
    expect(text).toContain('60000');
    const xlsx = await t.as(sessions.admin, { method: 'GET', url: `/api/command/reports/${id}/xlsx` });
    const workbook = new (excel().Workbook)();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('资源下沉')!;
    const total = sheet.getRow(sheet.rowCount).values as unknown[];
    expect(total.slice(1, 4)).toEqual(['合计', 70000, 15000]);
    const list = await t.as(sessions.leader, { method: 'GET', url: '/api/command/reports' });
    expect(list.json()).toEqual([]);
    const hidden = await reportFile(t.db, auth('area_leader', C2), id, 'docx').catch((e) => e.code);
    expect(hidden).toBe('not_found');
  });

  it('is written by the job on the first working day of the month', async () => {
    // 2026-03-02 is a Monday: March's first working day. The job runs for the district and street.
    await runMonthlyJob(t.db, new Date('2026-03-02T01:00:00Z'));
    const rows = await t.db
      .selectFrom('command_reports')
      .select(['area_code', 'month'])
      .where('month', '=', '2026-02')
      .execute();
    expect(rows.map((r) => r.area_code)).toEqual(expect.arrayContaining([DISTRICT, STREET]));
    const before = await t.db
      .selectFrom('command_reports')
      .select('id')
      .where('month', '=', '2026-03')
      .execute();
    await runMonthlyJob(t.db, new Date('2026-03-03T01:00:00Z'));
    const after = await t.db
      .selectFrom('command_reports')
      .select('id')
      .where('month', '=', '2026-02')
      .execute();
    expect(after.length).toBe(rows.length);
    expect(before.length).toBe(1);
  }, 120_000);
});
