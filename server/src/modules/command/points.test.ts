import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { permissionsOf } from '../../platform/auth/permissions.ts';
import { buildUser, feature, square } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { GridIndex, importAreas } from '../areas/index.ts';
import { caseClusterPoints, casePoints, casePointsJson, loadCaseCatalog } from '../cases/index.ts';
import * as command from './command.service.ts';
import { findHotspots, type HotspotPoint } from './hotspots.ts';

// The wall's map points and hot spots read the located cases through `cases_points_idx` (migration
// 0041) and cluster them with the banded neighbourhood search. Both must give exactly what the
// plain reading of `cases` and the library's every-pair DBSCAN give, on a generated district.

const D = '440397';
const DISTRICT = `${D}000000`;
const STREET = `${D}001000`;
const C1 = `${D}001001`;
const C2 = `${D}001002`;
const GRIDS = [`${C1}001`, `${C1}002`, `${C2}001`, `${C2}002`];
const NOW = new Date('2026-03-10T04:00:00Z');
const DAY = 86_400_000;
const CASES = 4000;

let t: TestApp;
const auth = {
  userId: '00000000-0000-4000-8000-000000000001',
  username: 'operator',
  displayName: 'operator',
  role: 'command_operator',
  areaCode: DISTRICT,
  areaName: null,
  departmentCode: null,
  permissions: permissionsOf('command_operator'),
  sessionId: 's',
  csrfToken: 'c',
  mustChangePassword: false,
  totpEnabled: false,
} as Auth;

interface Row {
  id: string;
  number: string;
  categoryCode: string;
  gridCode: string;
  lon: number | null;
  lat: number | null;
  reportedAt: Date;
  state: string;
}
let all: Row[];

beforeAll(async () => {
  t = await createTestApp();
  await loadCaseCatalog(t.db);
  // Grids of 0.01° (about a kilometre) side by side.
  await importAreas(
    t.db,
    new GridIndex(t.db),
    'system',
    [
      feature(DISTRICT, '点位区', 'district', null, square(110, 30, 0.04)),
      feature(STREET, '点位街道', 'street', DISTRICT, square(110, 30, 0.04)),
      feature(C1, '点位甲社区', 'community', STREET, square(110, 30, 0.02)),
      feature(C2, '点位乙社区', 'community', STREET, square(110.02, 30, 0.02)),
      ...GRIDS.map((code, i) =>
        feature(code, `点位网格${i}`, 'grid', code.slice(0, 12), square(110 + i * 0.01, 30, 0.01)),
      ),
    ],
    'demo',
  );
  // 4,000 cases over 80 days, one every 30 minutes or so (no two at the same instant, so "newest
  // first" is one order): a tenth without a place, some merged, some closed; half of them around
  // ten spots (a few tens of metres), so hot spots form, the rest anywhere in their grid.
  await sql`select setseed(0.41)`.execute(t.db);
  await sql`
    with raw as (
      select i, floor(random() * 4)::int as gi, random() as r, random() as spot, random() as jx, random() as jy,
        (array['exposed_garbage', 'road_dirt', 'illegal_parking'])[1 + floor(random() * 3)::int] as category,
        ${NOW}::timestamptz - i * interval '30 minutes' - random() * interval '29 minutes' as reported_at
      from generate_series(1, ${CASES}) i
    )
    insert into cases (number, source, category_code, grid_code, description, state, reported_at, closed_at, lon, lat)
    select 'PT-' || i, 'grid_worker', category, (${sql.val(GRIDS)}::text[])[gi + 1], '点位测试',
      case when r < 0.05 then 'merged' when r < 0.6 then 'closed' when r < 0.65 then 'rejected' else 'handling' end,
      reported_at,
      case when r >= 0.05 and r < 0.65 then reported_at + interval '1 day' end,
      case when r > 0.9 then null
        when spot < 0.5 then 110 + gi * 0.01 + 0.002 + floor(spot * 10) * 0.0006 + (jx - 0.5) * 0.0004
        else 110 + gi * 0.01 + jx * 0.01 end,
      case when r > 0.9 then null
        when spot < 0.5 then 30.002 + floor(spot * 10) * 0.0007 + (jy - 0.5) * 0.0004
        else 30 + jy * 0.01 end
    from raw`.execute(t.db);
  // As autovacuum leaves it: the visibility map set, so the index alone answers.
  await sql`vacuum analyze cases`.execute(t.db);
  all = (
    await sql<Row>`
      select id, number, category_code as "categoryCode", grid_code as "gridCode", lon, lat,
        reported_at as "reportedAt", state
      from cases where grid_code like ${`${D}%`}`.execute(t.db)
  ).rows;
});

afterAll(async () => {
  await t?.close();
});

/** The plain answer: every case of the area from `cases`, filtered and ordered here. */
function plainPoints(
  prefix: string,
  from: Date,
  until: Date,
  options: { categoryCode?: string; limit: number },
) {
  return all
    .filter(
      (c) =>
        c.gridCode.startsWith(prefix) &&
        c.lon !== null &&
        c.lat !== null &&
        c.reportedAt >= from &&
        c.reportedAt < until &&
        c.state !== 'merged' &&
        (!options.categoryCode || c.categoryCode === options.categoryCode),
    )
    .sort((a, b) => b.reportedAt.getTime() - a.reportedAt.getTime())
    .slice(0, options.limit);
}

const AREAS = [DISTRICT, STREET, C1, GRIDS[2]!];
/** The codes under an area begin with this. */
const prefix = (area: string) => (area === DISTRICT ? D : area === STREET ? `${D}001` : area);

describe('the wall’s located cases (cases_points_idx)', () => {
  it('are answered from the index alone', async () => {
    const plan = await t.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      await sql`set local enable_bitmapscan = off`.execute(trx);
      return (
        await sql<{ 'QUERY PLAN': string }>`explain select c.id, c.number, c.category_code, c.grid_code,
            c.lon, c.lat, c.reported_at, c.state
          from cases c
          where c.grid_code like ${sql.lit(`${D}%`)} and c.lon is not null and c.lat is not null
            and c.reported_at >= ${new Date(NOW.getTime() - 30 * DAY)} and c.reported_at < ${NOW}
            and c.state <> 'merged'
          order by c.reported_at desc limit 5000`.execute(trx)
      ).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
    });
    expect(plan).toContain('Index Only Scan Backward using cases_points_idx');
  });

  it('the map’s points are the plain query’s, for every area, period, category and limit', async () => {
    let compared = 0;
    for (const area of AREAS)
      for (const days of [1, 7, 30, 90])
        for (const categoryCode of [undefined, 'road_dirt'])
          for (const limit of [20_000, 300]) {
            const from = new Date(NOW.getTime() - days * DAY);
            const fast = await casePoints(t.db, area, { from, until: NOW }, { categoryCode, limit });
            const plain = plainPoints(prefix(area), from, NOW, { categoryCode, limit });
            expect(fast).toEqual(plain);
            // The JSON text PostgreSQL builds for the wall: the very bytes JSON.stringify gives.
            const json = await casePointsJson(t.db, area, { from, until: NOW }, { categoryCode, limit });
            expect(json).toBe(
              JSON.stringify(fast.map((p) => ({ ...p, reportedAt: p.reportedAt.toISOString() }))),
            );
            // What the hot spots read: the same cases and times, without their state.
            const forClusters = await caseClusterPoints(
              t.db,
              area,
              { from, until: NOW },
              { categoryCode, limit },
            );
            expect(forClusters).toEqual(fast.map(({ state: _, ...p }) => p));
            compared += fast.length;
          }
    expect(compared).toBeGreaterThan(10_000);
    // Through the wall's service too: the answer's JSON text, as the response schema would write it.
    const wall = await command.points(t.db, auth, { areaCode: DISTRICT, days: 7 }, NOW);
    const plain = plainPoints(D, new Date(NOW.getTime() - 7 * DAY), NOW, { limit: 20_000 });
    expect(wall).toBe(
      JSON.stringify({
        computedAt: NOW.toISOString(),
        refreshSeconds: command.REFRESH_SECONDS.points,
        points: plain.map((p) => ({ ...p, reportedAt: p.reportedAt.toISOString() })),
      }),
    );
  });

  it('are sent by the route as the JSON text PostgreSQL built, answered as before', async () => {
    const operator = await t.login((await buildUser(t.db, 'command_operator', DISTRICT)).username);
    const before = Date.now();
    const response = await t.as(operator, { method: 'GET', url: '/api/command/points?days=365' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = response.json();
    const now = Date.parse(body.computedAt);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(Object.keys(body)).toEqual(['computedAt', 'refreshSeconds', 'points']);
    expect(body.refreshSeconds).toBe(command.REFRESH_SECONDS.points);
    const plain = plainPoints(D, new Date(now - 365 * DAY), new Date(now), { limit: 20_000 });
    expect(plain.length).toBeGreaterThan(1000);
    expect(body.points).toEqual(plain.map((p) => ({ ...p, reportedAt: p.reportedAt.toISOString() })));
    const worker = await t.login((await buildUser(t.db, 'grid_worker', GRIDS[0]!)).username);
    expect((await t.as(worker, { method: 'GET', url: '/api/command/points?days=7' })).statusCode).toBe(403);
  });

  it('the map’s JSON and the hot spots’ times keep each time’s milliseconds as the driver reads them (cut, not rounded)', async () => {
    const period = { from: new Date('2026-03-11T00:00:00Z'), until: new Date('2026-03-11T01:00:00Z') };
    const done = await t.db
      .transaction()
      .execute(async (trx) => {
        for (const [i, at] of ['00:00:00.999999', '00:00:01.0005', '00:00:02', '00:00:03.12'].entries())
          await sql`insert into cases (number, source, category_code, grid_code, description, state, reported_at, lon, lat)
            values (${`MS-${i}`}, 'grid_worker', 'road_dirt', ${GRIDS[0]!}, '毫秒', 'handling',
              ${`2026-03-11 ${at}+00`}::timestamptz, ${110.00001 + i * 1e-7}, ${30.5 - i / 3})`.execute(trx);
        const rows = await casePoints(trx, GRIDS[0]!, period);
        expect(rows.map((r) => r.reportedAt.toISOString())).toEqual([
          '2026-03-11T00:00:03.120Z',
          '2026-03-11T00:00:02.000Z',
          '2026-03-11T00:00:01.000Z',
          '2026-03-11T00:00:00.999Z',
        ]);
        expect((await caseClusterPoints(trx, GRIDS[0]!, period)).map((p) => p.reportedAt)).toEqual(
          rows.map((p) => p.reportedAt),
        );
        expect(await casePointsJson(trx, GRIDS[0]!, period)).toBe(
          JSON.stringify(rows.map((p) => ({ ...p, reportedAt: p.reportedAt.toISOString() }))),
        );
        throw new Error('rollback');
      })
      .catch((e: Error) => e.message);
    expect(done).toBe('rollback');
    expect(await casePointsJson(t.db, GRIDS[0]!, period)).toBe('[]');
  });

  it('the hot spots are those of the plain query clustered by comparing every pair', async () => {
    let found = 0;
    for (const area of AREAS)
      for (const input of [
        { days: 30, meters: 200, spanDays: 7, minCases: 5 },
        { days: 90, meters: 100, spanDays: 7, minCases: 5 },
        { days: 7, meters: 500, spanDays: 3, minCases: 4 },
        { days: 90, meters: 200, spanDays: 30, minCases: 5, categoryCode: 'exposed_garbage' },
      ]) {
        const fast = await command.hotspotsOf(t.db, area, input, 'zh', NOW);
        const points = plainPoints(prefix(area), new Date(NOW.getTime() - input.days * DAY), NOW, {
          categoryCode: input.categoryCode,
          limit: 5_000,
        }) as HotspotPoint[];
        const plain = findHotspots(
          points,
          { meters: input.meters, days: input.spanDays, minCases: input.minCases },
          NOW,
          'all',
        );
        expect(
          fast.hotspots.map((h) => ({
            categoryCode: h.categoryCode,
            gridCode: h.gridCode,
            size: h.size,
            lon: h.lon,
            lat: h.lat,
            radius: h.radius,
            first: h.first,
            last: h.last,
            recent: h.recent,
            earlier: h.earlier,
            trend: h.trend,
            caseIds: h.caseIds,
          })),
        ).toEqual(
          plain.map((c) => ({
            categoryCode: c.categoryCode,
            gridCode: c.gridCode,
            size: c.members.length,
            lon: c.lon,
            lat: c.lat,
            radius: Math.round(c.radius),
            first: c.first.toISOString(),
            last: c.last.toISOString(),
            recent: c.recent,
            earlier: c.earlier,
            trend: c.trend,
            caseIds: c.members.map((m) => m.id),
          })),
        );
        found += plain.length;
      }
    expect(found).toBeGreaterThan(20);
  });
});
