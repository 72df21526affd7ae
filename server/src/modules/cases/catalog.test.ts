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
    expect(res.json().items).toContainEqual(
      expect.objectContaining({ code: 'police', name: '社区民警', kind: 'force' }),
    );
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

describe('editing the catalogue', () => {
  it('lets an administrator add and change a category on the version read, and no one else', async () => {
    const admin = await t.login('admin');
    const body = {
      parentCode: 'facilities',
      nameZh: '健身器材损坏',
      nameEn: 'Broken fitness equipment',
      departmentCode: 'landscaping',
      timeLimits: { register: 1, dispatch: 1, handle: 24, verify: 4, close: 2 },
    };
    const refused = await t.as(worker, {
      method: 'PUT',
      url: '/api/case-categories/fitness_gear',
      payload: body,
    });
    expect(refused.statusCode).toBe(403);
    const created = await t.as(admin, {
      method: 'PUT',
      url: '/api/case-categories/fitness_gear',
      payload: body,
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toEqual({ code: 'fitness_gear', version: 1 });
    const again = await t.as(admin, {
      method: 'PUT',
      url: '/api/case-categories/fitness_gear',
      payload: body,
    });
    expect(again.json().code).toBe('version_conflict');
    const changed = await t.as(admin, {
      method: 'PUT',
      url: '/api/case-categories/fitness_gear',
      payload: { ...body, timeLimits: { ...body.timeLimits, handle: 8 }, version: 1 },
    });
    expect(changed.json().version).toBe(2);
    const listed = (await t.as(worker, { method: 'GET', url: '/api/case-categories' })).json().items;
    expect(listed.find((c: { code: string }) => c.code === 'fitness_gear').timeLimits.handle).toBe(8);
    // A report in the new category takes its limits at once (the category cache is dropped).
    const report = await t.as(worker, {
      method: 'POST',
      url: '/api/cases',
      payload: { categoryCode: 'fitness_gear', description: '单杠松动', ...point },
    });
    expect(report.statusCode, report.body).toBe(201);
    // Three levels are refused: the parent must be a top-level category.
    const deep = await t.as(admin, {
      method: 'PUT',
      url: '/api/case-categories/too_deep',
      payload: { ...body, parentCode: 'fitness_gear' },
    });
    expect(deep.json().code).toBe('category_not_found');
  });

  it('routes by the rules administrators add and remove', async () => {
    const admin = await t.login('admin');
    const community = grid.slice(0, 12);
    const rule = { categoryCode: 'road_dirt', areaCode: community, departmentCode: 'environment' };
    expect(
      (await t.as(worker, { method: 'POST', url: '/api/routing-rules', payload: rule })).statusCode,
    ).toBe(403);
    const added = await t.as(admin, { method: 'POST', url: '/api/routing-rules', payload: rule });
    expect(added.statusCode, added.body).toBe(201);
    const twice = await t.as(admin, { method: 'POST', url: '/api/routing-rules', payload: rule });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('routing_rule_exists');
    const report = (
      await t.as(worker, {
        method: 'POST',
        url: '/api/cases',
        payload: { categoryCode: 'road_dirt', description: '路面有油污', ...point },
      })
    ).json();
    const suggestion = await t.as(admin, { method: 'GET', url: `/api/cases/${report.id}/suggestion` });
    expect(suggestion.json().departmentCode).toBe('environment');
    const removed = await t.as(admin, { method: 'DELETE', url: `/api/routing-rules/${added.json().id}` });
    expect(removed.statusCode).toBe(204);
    const after = await t.as(admin, { method: 'GET', url: `/api/cases/${report.id}/suggestion` });
    expect(after.json().departmentCode).toBe('urban_management');
    const rules = (await t.as(admin, { method: 'GET', url: '/api/routing-rules' })).json().items;
    expect(rules).toEqual([]);
  });
});
