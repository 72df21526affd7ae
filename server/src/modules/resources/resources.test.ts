import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../platform/auth/permissions.ts';
import { excel } from '../../platform/exceljs.ts';
import { buildUser, feature, square } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { GridIndex, importAreas } from '../areas/index.ts';

const D = '440398';
const DISTRICT = `${D}000000`;
const STREET = `${D}001000`;
const C1 = `${D}001001`;
const C2 = `${D}001002`;

let t: TestApp;
let admin: Session;
let leader: Session;
let operator: Session;

beforeAll(async () => {
  t = await createTestApp();
  await importAreas(
    t.db,
    new GridIndex(t.db),
    'system',
    [
      feature(DISTRICT, '资源区', 'district', null, square(100, 30, 1)),
      feature(STREET, '资源街道', 'street', DISTRICT, square(100, 30, 1)),
      feature(C1, '甲社区', 'community', STREET, square(100, 30, 0.4)),
      feature(C2, '乙社区', 'community', STREET, square(100.5, 30, 0.4)),
      feature(`${C1}001`, '甲一', 'grid', C1, square(100, 30, 0.2)),
      feature(`${C1}002`, '甲二', 'grid', C1, square(100.2, 30, 0.2)),
      feature(`${C2}001`, '乙一', 'grid', C2, square(100.5, 30, 0.4)),
    ],
    'demo',
  );
  await t.db
    .updateTable('areas')
    .set({ households: 300 })
    .where('code', 'in', [`${C1}001`, `${C1}002`])
    .execute();
  await t.db.updateTable('areas').set({ households: 400 }).where('code', '=', `${C2}001`).execute();
  const login = async (role: Role, area: string) => t.login((await buildUser(t.db, role, area)).username);
  admin = await login('district_admin', DISTRICT);
  leader = await login('area_leader', C1);
  operator = await login('command_operator', DISTRICT);
}, 120_000);

afterAll(() => t?.close());

const post = (s: Session, url: string, payload: object) => t.as(s, { method: 'POST', url, payload });

describe('resources sunk to communities', () => {
  it('add up per community, per household and per grid, and across communities', async () => {
    for (const [community, category, allocated, spent] of [
      [C1, '办公经费', 60000, 30000],
      [C1, '服务项目', 40000, 10000],
      [C2, '办公经费', 8000, 8000],
    ] as const)
      expect(
        (
          await post(admin, '/api/resources/funds', {
            communityCode: community,
            year: 2026,
            category,
            allocated,
            spent,
          })
        ).statusCode,
      ).toBe(201);
    expect(
      (
        await post(leader, '/api/resources/people', {
          communityCode: C1,
          year: 2026,
          name: '张三',
          fromUnit: '街道办',
          since: '2026-01-05',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await post(leader, '/api/resources/rooms', {
          communityCode: C1,
          year: 2026,
          purpose: '党群服务站',
          areaM2: 120.5,
        })
      ).statusCode,
    ).toBe(201);
    const summary = (await t.as(operator, { method: 'GET', url: '/api/resources/summary?year=2026' })).json();
    const [a, b] = summary.communities;
    expect(a).toMatchObject({
      code: C1,
      allocated: 100000,
      spent: 40000,
      spentShare: 0.4,
      households: 600,
      grids: 2,
      allocatedPerHousehold: 166.67,
      spentPerHousehold: 66.67,
      allocatedPerGrid: 50000,
      people: 1,
      roomsM2: 120.5,
    });
    expect(b).toMatchObject({
      code: C2,
      allocated: 8000,
      spent: 8000,
      spentShare: 1,
      allocatedPerHousehold: 20,
      people: 0,
    });
    expect(summary.total).toMatchObject({
      allocated: 108000,
      spent: 48000,
      households: 1000,
      grids: 3,
      allocatedPerHousehold: 108,
    });
    expect(summary.byCategory).toEqual([
      { category: '办公经费', allocated: 68000, spent: 38000 },
      { category: '服务项目', allocated: 40000, spent: 10000 },
    ]);
    // The same category again replaces the line.
    await post(admin, '/api/resources/funds', {
      communityCode: C2,
      year: 2026,
      category: '办公经费',
      allocated: 9000,
      spent: 0,
    });
    const again = (
      await t.as(admin, { method: 'GET', url: `/api/resources/summary?year=2026&areaCode=${C2}` })
    ).json();
    expect(again.total).toMatchObject({ allocated: 9000, spent: 0 });
  });

  it('are written inside the writer’s area only, and edited with the version seen', async () => {
    const outside = await post(leader, '/api/resources/funds', {
      communityCode: C2,
      year: 2026,
      category: 'x',
      allocated: 1,
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0].field).toBe('communityCode');
    expect(
      (
        await post(operator, '/api/resources/funds', {
          communityCode: C1,
          year: 2026,
          category: 'x',
          allocated: 1,
        })
      ).statusCode,
    ).toBe(403);
    const room = (
      await post(leader, '/api/resources/rooms', {
        communityCode: C1,
        year: 2026,
        purpose: '活动室',
        areaM2: 50,
      })
    ).json();
    const put = (version: number) =>
      t.as(leader, {
        method: 'PUT',
        url: `/api/resources/rooms/${room.id}`,
        payload: { communityCode: C1, year: 2026, purpose: '活动室', areaM2: 60, version },
      });
    const first = await put(1);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ areaM2: 60, version: 2 });
    expect((await put(1)).statusCode).toBe(409);
    expect(
      (await t.as(leader, { method: 'DELETE', url: `/api/resources/rooms/${room.id}?version=2` })).statusCode,
    ).toBe(204);
  });

  it('are imported from an XLSX ledger, all or nothing', async () => {
    const workbook = new (excel().Workbook)();
    workbook.addWorksheet('经费').addRows([
      ['社区', '类别', '下拨', '支出'],
      [C1, '设备', 5000, 1000],
    ]);
    workbook.addWorksheet('人员').addRows([
      ['社区', '姓名', '来自', '下沉日期', '职务'],
      [C1, '李四', '城管局', '2026-02-01', '联络员'],
    ]);
    workbook.addWorksheet('场所').addRows([
      ['社区', '用途', '面积', '地址'],
      [C1, '调解室', 30, ''],
    ]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const imported = await post(admin, '/api/resources/import', { year: 2027, file });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toEqual({ funds: 1, people: 1, rooms: 1 });
    const entries = (
      await t.as(admin, { method: 'GET', url: `/api/resources/entries?communityCode=${C1}&year=2027` })
    ).json();
    expect(entries.people[0]).toMatchObject({ name: '李四', fromUnit: '城管局', since: '2026-02-01' });
    // A row outside the importer's area: nothing is written.
    workbook.getWorksheet('经费')!.addRow([C2, '设备', 1, 0]);
    const bad = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const refused = await post(leader, '/api/resources/import', { year: 2028, file: bad });
    expect(refused.statusCode).toBe(422);
    const none = (await t.as(admin, { method: 'GET', url: `/api/resources/summary?year=2028` })).json();
    expect(none.total.allocated).toBe(0);
  });
});
