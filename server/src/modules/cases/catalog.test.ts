import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { loadCaseCatalog } from './catalog.ts';

let t: TestApp;
let grid: string;
let point: { lon: number; lat: number };
let worker: Session;
let resident: Session;
let otherWorker: Session;

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
  point = { lon: buildings[0].lon, lat: buildings[0].lat };
  worker = await t.login((await buildUser(t.db, 'grid_worker', grid)).username);
  otherWorker = await t.login((await buildUser(t.db, 'grid_worker', buildings[1].grid_code)).username);
  resident = await t.login((await buildUser(t.db, 'resident', grid.slice(0, 12))).username);
}, 60_000);

afterAll(() => t?.close());

describe('case catalog', () => {
  it('lists the categories as a two-level tree in the caller’s language, to residents too', async () => {
    const zh = await t.as(resident, { method: 'GET', url: '/api/case-categories' });
    expect(zh.statusCode, zh.body).toBe(200);
    const items = zh.json().items as { code: string; parentCode: string | null; name: string }[];
    const garbage = items.find((c) => c.code === 'exposed_garbage');
    expect(garbage).toMatchObject({
      parentCode: 'appearance',
      name: '暴露垃圾',
      departmentCode: 'urban_management',
      timeLimits: { handle: 4 },
    });
    // Parents come before their children.
    const parentIndex = items.findIndex((c) => c.code === 'appearance');
    expect(parentIndex).toBeLessThan(items.indexOf(garbage!));

    const en = await t.as(resident, {
      method: 'GET',
      url: '/api/case-categories',
      headers: { 'accept-language': 'en' },
    });
    expect(en.json().items.find((c: { code: string }) => c.code === 'exposed_garbage').name).toBe(
      'Exposed garbage',
    );
  });

  it('lists departments and forces', async () => {
    const res = await t.as(worker, { method: 'GET', url: '/api/departments' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toContainEqual({ code: 'police', name: '社区民警', kind: 'force' });
  });

  it('refuses anonymous callers', async () => {
    expect((await t.as(null, { method: 'GET', url: '/api/case-categories' })).statusCode).toBe(401);
    expect((await t.as(null, { method: 'GET', url: '/api/departments' })).statusCode).toBe(401);
  });

  it('suggests the category’s department for a case, only to those who may see it', async () => {
    const created = await t.as(worker, {
      method: 'POST',
      url: '/api/cases',
      payload: { categoryCode: 'construction_waste', description: '渣土遗撒', ...point },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const res = await t.as(worker, { method: 'GET', url: `/api/cases/${id}/suggestion` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ departmentCode: 'housing' });
    const other = await t.as(otherWorker, { method: 'GET', url: `/api/cases/${id}/suggestion` });
    expect(other.statusCode).toBe(404);
  });
});
