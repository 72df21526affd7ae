import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { loadCaseCatalog } from '../cases/catalog.ts';

let t: TestApp;
let admin: Session;
let operator: Session;
let worker: Session;

beforeAll(async () => {
  t = await createTestApp();
  await loadCaseCatalog(t.db);
  admin = await t.login('admin');
  operator = await t.login('operator');
  const grid = await t.db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'grid')
    .orderBy('code')
    .executeTakeFirstOrThrow();
  worker = await t.login((await buildUser(t.db, 'grid_worker', grid.code)).username);
}, 60_000);

afterAll(() => t?.close());

const list = async (session: Session, query = '') =>
  (await t.as(session, { method: 'GET', url: `/api/departments${query}` })).json().items as {
    code: string;
    name: string;
    retired: boolean;
    version: number;
  }[];

describe('departments and professional forces', () => {
  it('are listed to everyone signed in, the retired ones only to those who manage them', async () => {
    const items = await list(worker);
    expect(items).toContainEqual(
      expect.objectContaining({ code: 'police', name: '社区民警', kind: 'force', retired: false }),
    );
    expect((await t.as(null, { method: 'GET', url: '/api/departments' })).statusCode).toBe(401);
    const retired = await t.as(worker, { method: 'GET', url: '/api/departments?includeRetired=true' });
    expect(retired.statusCode).toBe(403);
  });

  it('are added by a district administrator, once per code, and usable by categories at once', async () => {
    const body = { code: 'sanitation', nameZh: '环卫所', nameEn: 'Sanitation office', kind: 'department' };
    const created = await t.as(admin, { method: 'POST', url: '/api/departments', payload: body });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: 'sanitation', name: '环卫所', version: 1, retired: false });
    const again = await t.as(admin, { method: 'POST', url: '/api/departments', payload: body });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('department_exists');
    for (const session of [operator, worker]) {
      const denied = await t.as(session, {
        method: 'POST',
        url: '/api/departments',
        payload: { ...body, code: 'other_unit' },
      });
      expect(denied.statusCode).toBe(403);
    }
    // The case catalogue sends a category to it like to any default department.
    const category = await t.as(admin, {
      method: 'PUT',
      url: '/api/case-categories/road_dirt',
      payload: {
        parentCode: 'appearance',
        nameZh: '道路不洁',
        nameEn: 'Dirty road',
        departmentCode: 'sanitation',
        timeLimits: { handle: 4 },
        version: 1,
      },
    });
    expect(category.statusCode, category.body).toBe(200);
  });

  it('are renamed on the version read: a stale version gets 409', async () => {
    await t.as(admin, {
      method: 'POST',
      url: '/api/departments',
      payload: {
        code: 'volunteer_fire',
        nameZh: '志愿消防队',
        nameEn: 'Volunteer fire brigade',
        kind: 'force',
      },
    });
    const rename = (version: number) =>
      t.as(admin, {
        method: 'PATCH',
        url: '/api/departments/volunteer_fire',
        payload: { nameZh: '微型消防站', nameEn: 'Mini fire station', version },
      });
    const renamed = await rename(1);
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '微型消防站', nameEn: 'Mini fire station', version: 2 });
    const stale = await rename(1);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    const missing = await t.as(admin, {
      method: 'PATCH',
      url: '/api/departments/no_such_unit',
      payload: { nameZh: '某', version: 1 },
    });
    expect(missing.statusCode).toBe(404);
    const denied = await t.as(operator, {
      method: 'PATCH',
      url: '/api/departments/volunteer_fire',
      payload: { nameZh: '某', version: 2 },
    });
    expect(denied.statusCode).toBe(403);
    const audited = await t.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('target_type', '=', 'department')
      .where('target_id', '=', 'volunteer_fire')
      .orderBy('id')
      .execute();
    expect(audited.map((a) => a.action)).toEqual(['departments.create', 'departments.update']);
    expect(audited[1]!.detail).toMatchObject({ changes: { name_zh: ['志愿消防队', '微型消防站'] } });
  });

  it('are retired when nothing sends cases to them; a retired unit takes no new rules or changes', async () => {
    const [police] = (await list(admin)).filter((d) => d.code === 'urban_management');
    const inUse = await t.as(admin, {
      method: 'POST',
      url: '/api/departments/urban_management/retire',
      payload: { version: police!.version },
    });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().code).toBe('department_in_use');

    await t.as(admin, {
      method: 'POST',
      url: '/api/departments',
      payload: { code: 'old_bureau', nameZh: '旧局', nameEn: 'Old bureau', kind: 'department' },
    });
    const stale = await t.as(admin, {
      method: 'POST',
      url: '/api/departments/old_bureau/retire',
      payload: { version: 5 },
    });
    expect(stale.statusCode).toBe(409);
    const retired = await t.as(admin, {
      method: 'POST',
      url: '/api/departments/old_bureau/retire',
      payload: { version: 1 },
    });
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json()).toMatchObject({ retired: true, version: 2 });

    expect((await list(worker)).map((d) => d.code)).not.toContain('old_bureau');
    expect(await list(admin, '?includeRetired=true')).toContainEqual(
      expect.objectContaining({ code: 'old_bureau', retired: true }),
    );
    const rule = await t.as(admin, {
      method: 'POST',
      url: '/api/routing-rules',
      payload: { categoryCode: 'noise', areaCode: null, departmentCode: 'old_bureau' },
    });
    expect(rule.statusCode).toBe(422);
    expect(rule.json().code).toBe('department_not_found');
    const rename = await t.as(admin, {
      method: 'PATCH',
      url: '/api/departments/old_bureau',
      payload: { nameZh: '新局', version: 2 },
    });
    expect(rename.statusCode).toBe(409);
    expect(rename.json().code).toBe('department_retired');
  });
});
