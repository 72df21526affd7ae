import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationNames } from '../../db/migrate.ts';
import { fromWgs84 } from '../../geo/coordinates.ts';
import { buildDistrict, buildUser, feature, square } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const get = (session: Session | null, url: string) => t.as(session, { method: 'GET', url });

/** A point well inside an area: the middle of the first edge of its bbox diagonal that lands inside. */
async function pointInside(code: string): Promise<[number, number]> {
  const area = (await get(admin, `/api/areas/${code}`)).json();
  const [minLon, minLat, maxLon, maxLat] = area.bbox;
  for (let i = 1; i < 40; i++) {
    for (let j = 1; j < 40; j++) {
      const lon = minLon + ((maxLon - minLon) * i) / 40;
      const lat = minLat + ((maxLat - minLat) * j) / 40;
      const r = await get(admin, `/api/areas/locate?lon=${lon}&lat=${lat}`);
      if (r.statusCode === 200 && r.json().grid.code === code) return [lon, lat];
    }
  }
  throw new Error(`no inside point found for ${code}`);
}

describe('reading the tree', () => {
  it('gives the district admin the whole demo district: 7 streets, 38 communities, ~300 grids', async () => {
    const tree = (await get(admin, '/api/areas/tree?depth=grid')).json().items;
    expect(tree).toHaveLength(1);
    expect(tree[0].level).toBe('district');
    const communities = tree[0].children.flatMap((s: { children: unknown[] }) => s.children);
    const grids = communities.flatMap((c: { children: unknown[] }) => c.children);
    expect(tree[0].children).toHaveLength(7);
    expect(communities).toHaveLength(38);
    expect(grids.length).toBeGreaterThanOrEqual(290);
    expect(grids.length).toBeLessThanOrEqual(310);
  });

  it('shows one area with ancestors, children and grid totals', async () => {
    const street = (await get(admin, '/api/areas?level=street&pageSize=1')).json().items[0];
    const detail = (await get(admin, `/api/areas/${street.code}`)).json();
    expect(detail.ancestors.map((a: { level: string }) => a.level)).toEqual(['district']);
    expect(detail.children.length).toBeGreaterThan(2);
    expect(detail.children.every((c: { level: string }) => c.level === 'community')).toBe(true);
    expect(detail.stats.grids).toBeGreaterThan(10);
    expect(detail.stats.households).toBeGreaterThan(detail.stats.grids * 100);
    expect(['Polygon', 'MultiPolygon']).toContain(detail.boundary.type);
  });

  it('finds areas by part of the name and by code prefix', async () => {
    const community = (await get(admin, '/api/areas?level=community&pageSize=1')).json().items[0];
    const part = community.name.slice(0, 2);
    const byName = (await get(admin, `/api/areas?q=${encodeURIComponent(part)}`)).json();
    expect(byName.items.map((a: { code: string }) => a.code)).toContain(community.code);
    const byCode = (await get(admin, `/api/areas?q=${community.code}&pageSize=100`)).json();
    expect(byCode.total).toBeGreaterThan(1);
    expect(byCode.items.every((a: { code: string }) => a.code.startsWith(community.code))).toBe(true);
  });

  it('answers a missing area with a 404 problem in the caller language', async () => {
    const r = await t.as(admin, {
      method: 'GET',
      url: '/api/areas/440305999999',
      headers: { 'accept-language': 'en' },
    });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({
      code: 'area_not_found',
      detail: 'Area 440305999999 does not exist or is outside your area',
    });
  });

  it('exports all boundaries as a GeoJSON FeatureCollection', async () => {
    const r = await get(admin, '/api/areas.geojson?level=grid');
    expect(r.headers['content-type']).toContain('application/geo+json');
    const fc = r.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThanOrEqual(290);
    expect(Object.keys(fc.features[0].properties)).toEqual(
      expect.arrayContaining(['code', 'name', 'level', 'parentCode']),
    );
  });
});

describe('area scope', () => {
  it('lets a grid worker read their grid and nothing beside it', async () => {
    const worker = await t.login('gw001');
    const own = worker.user.areaCode;
    expect((await get(worker, `/api/areas/${own}`)).statusCode).toBe(200);

    const siblings = (await get(admin, `/api/areas/${own.slice(0, 12)}`)).json().children;
    const neighbour = siblings.find((g: { code: string }) => g.code !== own).code;
    const r = await get(worker, `/api/areas/${neighbour}`);
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('area_not_found');
    expect((await get(worker, `/api/areas/${neighbour}/history`)).statusCode).toBe(404);

    const list = (await get(worker, '/api/areas?pageSize=500')).json();
    expect(list.items.map((a: { code: string }) => a.code)).toEqual([own]);
    const geojson = (await get(worker, '/api/areas.geojson')).json();
    expect(geojson.features.map((f: { id: string }) => f.id)).toEqual([own]);
    expect((await get(worker, `/api/areas.geojson?within=${neighbour}`)).statusCode).toBe(404);
    const tree = (await get(worker, '/api/areas/tree')).json().items;
    expect(tree).toEqual([{ code: own, name: expect.any(String), level: 'grid', children: [] }]);

    const [lon, lat] = await pointInside(neighbour);
    const located = await get(worker, `/api/areas/locate?lon=${lon}&lat=${lat}`);
    expect(located.statusCode).toBe(404);
    expect(located.json().code).toBe('point_outside_scope');
  });

  it('lets a street leader see their street only, and not write', async () => {
    const leader = await t.login('street.leader');
    const streets = (await get(admin, '/api/areas?level=street&pageSize=10')).json().items;
    const other = streets.find((s: { code: string }) => s.code !== leader.user.areaCode);
    expect((await get(leader, `/api/areas/${leader.user.areaCode}`)).statusCode).toBe(200);
    expect((await get(leader, `/api/areas/${other.code}`)).statusCode).toBe(404);
    const patch = await t.as(leader, {
      method: 'PATCH',
      url: `/api/areas/${leader.user.areaCode}`,
      payload: { version: 1, name: '改名' },
    });
    expect(patch.statusCode).toBe(403);
    expect(patch.json().code).toBe('forbidden');
  });

  it('refuses anonymous reads', async () => {
    const r = await get(null, '/api/areas/tree');
    expect(r.statusCode).toBe(401);
  });
});

describe('locating points', () => {
  it('places a point in its grid with ancestors, in WGS84, GCJ-02 and BD-09', async () => {
    const grid = (await get(admin, '/api/areas?level=grid&pageSize=1')).json().items[0];
    const [lon, lat] = await pointInside(grid.code);
    const wgs = (await get(admin, `/api/areas/locate?lon=${lon}&lat=${lat}`)).json();
    expect(wgs.grid.code).toBe(grid.code);
    expect(wgs.ancestors.map((a: { level: string }) => a.level)).toEqual(['district', 'street', 'community']);

    for (const crs of ['gcj02', 'bd09'] as const) {
      const [x, y] = fromWgs84(lon, lat, crs);
      expect(Math.abs(x - lon) + Math.abs(y - lat)).toBeGreaterThan(0.001);
      const r = (await get(admin, `/api/areas/locate?lon=${x}&lat=${y}&crs=${crs}`)).json();
      expect(r.grid.code).toBe(grid.code);
      expect(r.point.lon).toBeCloseTo(lon, 5);
    }
  });

  it('answers 404 for a point outside the district', async () => {
    const r = await get(admin, '/api/areas/locate?lon=116.4&lat=39.9');
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('point_outside_district');
  });

  it('validates the query', async () => {
    const r = await get(admin, '/api/areas/locate?lon=abc&lat=22.5');
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('validation_failed');
  });
});

describe('writing areas', () => {
  it('creates grids, checks boundaries on every write, and keeps history of renames', async () => {
    const d = await buildDistrict(t.db, '450101');
    const writer = await buildUser(t.db, 'district_admin', d.district);
    const session = await t.login(writer.username);
    const create = (code: string, geometry: unknown) =>
      t.as(session, {
        method: 'POST',
        url: '/api/areas',
        payload: {
          code,
          name: `网格${code.slice(-3)}`,
          level: 'grid',
          parentCode: d.community,
          boundary: geometry,
        },
      });

    const ok = await create(`${d.community}001`, square(d.lon, d.lat, 0.5));
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ level: 'grid', version: 1, parentCode: d.community });
    // A second grid sharing an edge is fine.
    expect((await create(`${d.community}002`, square(d.lon + 0.5, d.lat, 0.5))).statusCode).toBe(201);

    const overlapping = await create(`${d.community}003`, square(d.lon + 0.25, d.lat + 0.25, 0.5));
    expect(overlapping.statusCode).toBe(422);
    expect(overlapping.json().code).toBe('invalid_boundary');
    expect(overlapping.json().errors[0]).toMatchObject({ code: 'overlaps_sibling' });
    // It overlaps both existing grids; each is named.
    const messages = overlapping
      .json()
      .errors.map((e: { message: string }) => e.message)
      .join(' ');
    expect(messages).toContain(`${d.community}001`);
    expect(messages).toContain(`${d.community}002`);

    const outside = await create(`${d.community}004`, square(d.lon + 0.9, d.lat + 0.6, 0.5));
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0]).toMatchObject({ code: 'outside_parent', polygon: 0, ring: 0 });
    expect(outside.json().errors[0].vertex).toBeTypeOf('number');

    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [d.lon + 0.1, d.lat + 0.6],
          [d.lon + 0.3, d.lat + 0.8],
          [d.lon + 0.3, d.lat + 0.6],
          [d.lon + 0.1, d.lat + 0.8],
          [d.lon + 0.1, d.lat + 0.6],
        ],
      ],
    };
    const selfIntersecting = await create(`${d.community}005`, bowtie);
    expect(selfIntersecting.statusCode).toBe(422);
    expect(selfIntersecting.json().errors[0]).toMatchObject({ code: 'self_intersection', ring: 0 });

    const open = square(d.lon, d.lat + 0.6, 0.2);
    open.coordinates[0].pop();
    const notClosed = await create(`${d.community}006`, open);
    expect(notClosed.statusCode).toBe(422);
    expect(notClosed.json().errors[0]).toMatchObject({ code: 'ring_not_closed', ring: 0 });

    const wrongCode = await t.as(session, {
      method: 'POST',
      url: '/api/areas',
      payload: {
        code: `${d.street.slice(0, 9)}002`,
        name: 'x',
        level: 'grid',
        parentCode: d.community,
        boundary: square(d.lon, d.lat + 0.6, 0.2),
      },
    });
    expect(wrongCode.statusCode).toBe(422);
    expect(wrongCode.json().code).toBe('invalid_area_code');

    // Rename, then a stale edit is refused with the current version.
    const code = `${d.community}001`;
    const renamed = await t.as(session, {
      method: 'PATCH',
      url: `/api/areas/${code}`,
      payload: { version: 1, name: '新名字' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '新名字', version: 2 });
    const stale = await t.as(session, {
      method: 'PATCH',
      url: `/api/areas/${code}`,
      payload: { version: 1, name: '旧的编辑' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    expect(stale.json().current.name).toBe('新名字');

    const history = (await get(session, `/api/areas/${code}/history`)).json().items;
    expect(history[0]).toMatchObject({
      version: 2,
      changes: { name: ['网格001', '新名字'] },
      source: 'manual',
    });
    expect(history[1].version).toBe(1);

    // The locator follows the change at once.
    const located = await get(session, `/api/areas/locate?lon=${d.lon + 0.75}&lat=${d.lat + 0.25}`);
    expect(located.json().grid.code).toBe(`${d.community}002`);

    // Retire: a community with grids cannot go, a grid can; nothing is deleted.
    const community = (await get(session, `/api/areas/${d.community}`)).json();
    const refused = await t.as(session, {
      method: 'POST',
      url: `/api/areas/${d.community}/retire`,
      payload: { version: community.version },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('area_has_children');
    const retired = await t.as(session, {
      method: 'POST',
      url: `/api/areas/${d.community}002/retire`,
      payload: { version: 1 },
    });
    expect(retired.statusCode).toBe(200);
    expect(retired.json().retired).toBe(true);
    const gone = await get(session, `/api/areas/locate?lon=${d.lon + 0.75}&lat=${d.lat + 0.25}`);
    expect(gone.statusCode).toBe(404);
  });

  it('imports GeoJSON all or nothing, with a report per feature', async () => {
    const d = await buildDistrict(t.db, '450102', 102, 31);
    const writer = await buildUser(t.db, 'district_admin', d.district);
    const session = await t.login(writer.username);
    const good = feature(`${d.community}001`, '一格', 'grid', d.community, square(d.lon, d.lat, 0.5));
    const bad = feature(`${d.community}002`, '二格', 'grid', d.community, square(d.lon + 0.25, d.lat, 0.5));
    const noName = feature(`${d.community}003`, '', 'grid', d.community, square(d.lon, d.lat + 0.5, 0.5));
    const refused = await t.as(session, {
      method: 'POST',
      url: '/api/areas/import',
      headers: { 'content-type': 'application/geo+json' },
      payload: JSON.stringify({ type: 'FeatureCollection', features: [good, bad, noName] }),
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('import_invalid');
    const errors = refused.json().errors;
    expect(errors.map((e: { index: number }) => e.index)).toEqual([0, 1, 2]);
    expect(errors[1].problems[0]).toMatchObject({ code: 'overlaps_sibling' });
    expect(errors[1].problems[0].message).toContain(`${d.community}001`);
    expect(errors[2].problems[0]).toMatchObject({ code: 'missing_property', message: '缺少属性 name' });
    expect((await get(session, `/api/areas/${d.community}001`)).statusCode).toBe(404);

    const fixed = { ...bad, geometry: square(d.lon + 0.5, d.lat, 0.5) };
    const accepted = await t.as(session, {
      method: 'POST',
      url: '/api/areas/import',
      payload: { type: 'FeatureCollection', features: [good, fixed] },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ created: 2, updated: 0, unchanged: 0 });

    // Exporting and importing back changes nothing.
    const exported = (await get(session, `/api/areas.geojson?within=${d.district}`)).json();
    const again = await t.as(session, { method: 'POST', url: '/api/areas/import', payload: exported });
    expect(again.json()).toEqual({ created: 0, updated: 0, unchanged: 5 });
  });

  it('refuses writes outside the writer scope as not found', async () => {
    const d = await buildDistrict(t.db, '450103', 104, 32);
    const r = await t.as(admin, {
      method: 'POST',
      url: '/api/areas',
      payload: {
        code: `${d.community}001`,
        name: 'x',
        level: 'grid',
        parentCode: d.community,
        boundary: square(d.lon, d.lat, 0.1),
      },
    });
    expect(r.statusCode).toBe(404);
  });
});

describe('several instances', () => {
  it('rebuild their locator when another instance changes the grids (LISTEN/NOTIFY)', async () => {
    const { buildApp } = await import('../../app.ts');
    const other = await buildApp({ config: t.app.config, db: t.db, pii: t.app.pii, databaseUrl: t.url });
    try {
      const d = await buildDistrict(t.db, '450104', 106, 33);
      const writer = await buildUser(t.db, 'district_admin', d.district);
      const session = await t.login(writer.username);
      const locateOnOther = () =>
        other.inject({
          method: 'GET',
          url: `/api/areas/locate?lon=${d.lon + 0.5}&lat=${d.lat + 0.5}`,
          headers: { cookie: session.cookie },
        });
      expect((await locateOnOther()).statusCode).toBe(404);
      const created = await t.as(session, {
        method: 'POST',
        url: '/api/areas',
        payload: {
          code: `${d.community}001`,
          name: '新格',
          level: 'grid',
          parentCode: d.community,
          boundary: square(d.lon, d.lat, 1),
        },
      });
      expect(created.statusCode).toBe(201);
      await expect.poll(async () => (await locateOnOther()).statusCode, { timeout: 5000 }).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('health and OpenAPI', () => {
  it('reports the database state', async () => {
    const r = await get(null, '/api/health');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'ok',
      database: { status: 'up', migrations: migrationNames.length },
    });
  });

  it('documents every route in OpenAPI', async () => {
    const doc = (await get(null, '/api/docs/json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/areas/{code}',
        '/api/areas/locate',
        '/api/areas.geojson',
        '/api/auth/login',
      ]),
    );
  });
});
