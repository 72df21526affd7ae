import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { idCheckChar } from './identity.ts';

let t: TestApp;
let admin: Session;
let worker: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  worker = await t.login('gw001');
});
afterAll(() => t.close());

const get = (session: Session | null, url: string) => t.as(session, { method: 'GET', url });

/** A valid ID number nobody in the demo has: a 1930s birth date in region 110105 with a fresh sequence. */
let serial = 100;
function newIdNumber(birth = '19300101', sex: 'male' | 'female' = 'female') {
  serial += 2;
  const sequence = String(serial + (sex === 'male' ? 1 : 0))
    .padStart(3, '0')
    .slice(-3);
  const first17 = `110105${birth}${sequence}`;
  return first17 + idCheckChar(first17);
}

async function aHouseOf(session: Session) {
  const houses = (await get(session, '/api/houses?pageSize=5')).json();
  expect(houses.total).toBeGreaterThan(0);
  return houses.items[0];
}

describe('people', () => {
  it('registers a person with the numbers encrypted at rest and masked in answers, and keeps history', async () => {
    const house = await aHouseOf(worker);
    const idNumber = newIdNumber('19380512', 'male');
    const created = await t.as(worker, {
      method: 'POST',
      url: '/api/people',
      payload: {
        name: '测试人',
        idNumber,
        residency: 'registered',
        phone: '13812345678',
        houseId: house.id,
        tags: ['veteran'],
      },
    });
    expect(created.statusCode).toBe(201);
    const person = created.json();
    expect(person).toMatchObject({
      name: '测试人',
      gridCode: house.gridCode,
      birthDate: '1938-05-12',
      sex: 'male',
      phone: '138****5678',
      version: 1,
      tags: [{ code: 'veteran', name: '退役军人' }],
    });
    expect(person.idNumber).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);

    const stored = await sql<{ id_number_enc: string; phone_enc: string }>`
      select id_number_enc, phone_enc from people where id = ${person.id}`.execute(t.db);
    expect(stored.rows[0].id_number_enc).not.toContain(idNumber);
    expect(stored.rows[0].phone_enc).not.toContain('13812345678');
    expect(t.app.pii.decrypt(stored.rows[0].id_number_enc)).toBe(idNumber);

    // Exact search by ID number and by phone works although both are encrypted.
    const byId = (await get(worker, `/api/people?q=${idNumber}`)).json();
    expect(byId.items.map((p: { id: string }) => p.id)).toEqual([person.id]);
    const byPhone = (await get(worker, '/api/people?q=138-1234-5678')).json();
    expect(byPhone.items.map((p: { id: string }) => p.id)).toContain(person.id);
    const byName = (await get(worker, `/api/people?q=${encodeURIComponent('试人')}`)).json();
    expect(byName.items.map((p: { id: string }) => p.id)).toContain(person.id);

    // A field-by-field change, then a stale one.
    const changed = await t.as(worker, {
      method: 'PATCH',
      url: `/api/people/${person.id}`,
      payload: { version: 1, phone: '13900001111', tags: ['veteran', 'disabled'] },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, phone: '139****1111' });
    const stale = await t.as(worker, {
      method: 'PATCH',
      url: `/api/people/${person.id}`,
      payload: { version: 1, name: '别的名字' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    expect(stale.json().current.name).toBe('测试人');

    // Moving out retires the record; nothing is deleted.
    const retired = await t.as(worker, {
      method: 'POST',
      url: `/api/people/${person.id}/retire`,
      payload: { version: 2, reason: 'moved_out', date: '2026-11-01' },
    });
    expect(retired.statusCode).toBe(200);
    expect(retired.json()).toMatchObject({
      retired: true,
      retiredReason: 'moved_out',
      moveOutDate: '2026-11-01',
    });
    expect((await get(worker, `/api/people?q=${idNumber}`)).json().total).toBe(0);
    expect((await get(worker, `/api/people?q=${idNumber}&includeRetired=true`)).json().total).toBe(1);

    const history = (await get(worker, `/api/people/${person.id}/history`)).json().items;
    expect(history.map((h: { version: number }) => h.version)).toEqual([3, 2, 1]);
    expect(history[0].changes.retired).toEqual([null, 'moved_out']);
    expect(history[1].changes).toEqual({
      phone: ['138****5678', '139****1111'],
      tags: [['veteran'], ['disabled', 'veteran']],
    });
    expect(history[2].changes.name).toEqual([null, '测试人']);
    expect(JSON.stringify(history)).not.toContain(idNumber);
  });

  it('leaves a household without a head when its head moves out, in the household history', async () => {
    const households = (await get(worker, '/api/households?pageSize=50')).json().items;
    const household = households.find((h: { headId: string | null }) => h.headId);
    expect(household).toBeDefined();
    const head = (await get(worker, `/api/people/${household.headId}`)).json();
    const retired = await t.as(worker, {
      method: 'POST',
      url: `/api/people/${head.id}/retire`,
      payload: { version: head.version, reason: 'moved_out' },
    });
    expect(retired.statusCode, retired.body).toBe(200);
    const after = (await get(worker, `/api/households/${household.id}`)).json();
    expect(after.headId).toBeNull();
    expect(after.version).toBe(household.version + 1);
    const history = (await get(worker, `/api/households/${household.id}/history`)).json().items;
    expect(history[0]).toMatchObject({ source: 'system', changes: { headId: [head.id, null] } });
  });

  it('refuses bad ID numbers and phones with the reason, in Chinese by default', async () => {
    const house = await aHouseOf(worker);
    const good = newIdNumber();
    const wrongCheck = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const cases: [string, string][] = [
      [wrongCheck, 'wrong_check_digit'],
      [good.slice(0, 17), 'wrong_length'],
      [`11010519990230123${idCheckChar('11010519990230123')}`, 'impossible_date'],
    ];
    for (const [idNumber, code] of cases) {
      const r = await t.as(worker, {
        method: 'POST',
        url: '/api/people',
        payload: { name: '某人', idNumber, residency: 'registered', houseId: house.id },
      });
      expect(r.statusCode, idNumber).toBe(422);
      expect(r.json().errors[0]).toMatchObject({ field: 'idNumber', code });
    }
    const phone = await t.as(worker, {
      method: 'POST',
      url: '/api/people',
      payload: {
        name: '某人',
        idNumber: newIdNumber(),
        residency: 'registered',
        houseId: house.id,
        phone: '12345',
      },
    });
    expect(phone.statusCode).toBe(422);
    expect(phone.json().detail).toBe('电话不正确：不是有效的手机号或固定电话');
  });

  it('accepts full-width digits and a lowercase x, and refuses a second active person with the same number', async () => {
    const house = await aHouseOf(worker);
    let id = newIdNumber('19350101');
    while (!id.endsWith('X')) id = newIdNumber('19350101');
    const fullWidth = `${[...id.slice(0, 17)].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('')}x`;
    const first = await t.as(worker, {
      method: 'POST',
      url: '/api/people',
      payload: { name: '全角', idNumber: fullWidth, residency: 'non_registered', houseId: house.id },
    });
    expect(first.statusCode).toBe(201);
    const again = await t.as(worker, {
      method: 'POST',
      url: '/api/people',
      payload: { name: '重复', idNumber: id, residency: 'registered', houseId: house.id },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('person_exists');
  });

  it('keeps people outside the caller area invisible: lists, search and by id', async () => {
    const inOtherGrid = (await get(admin, `/api/people?areaCode=${admin.user.areaCode}&pageSize=200`))
      .json()
      .items.find((p: { gridCode: string }) => p.gridCode !== worker.user.areaCode);
    expect(inOtherGrid).toBeTruthy();
    expect((await get(worker, `/api/people/${inOtherGrid.id}`)).statusCode).toBe(404);
    expect((await get(worker, `/api/people/${inOtherGrid.id}/history`)).statusCode).toBe(404);
    const list = (await get(worker, '/api/people?pageSize=500')).json();
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((p: { gridCode: string }) => p.gridCode === worker.user.areaCode)).toBe(true);
    // An area outside the caller's is answered as one that does not exist.
    const elsewhere = await get(worker, `/api/people?areaCode=${inOtherGrid.gridCode}`);
    expect([elsewhere.statusCode, elsewhere.json().code]).toEqual([404, 'area_not_found']);
    const byName = (
      await get(worker, `/api/people?q=${encodeURIComponent(inOtherGrid.name)}&pageSize=500`)
    ).json();
    expect(byName.items.map((p: { id: string }) => p.id)).not.toContain(inOtherGrid.id);
    const patch = await t.as(worker, {
      method: 'PATCH',
      url: `/api/people/${inOtherGrid.id}`,
      payload: { version: 1, name: 'x' },
    });
    expect(patch.statusCode).toBe(404);
  });

  it('hides restricted focus-group tags from roles that may not see them', async () => {
    const tagged = await sql<{ person_id: string; grid_code: string }>`
      select pt.person_id, p.grid_code from person_tags pt join people p on p.id = pt.person_id
      join tags t on t.code = pt.tag_code where t.visible_to is not null limit 1`.execute(t.db);
    expect(tagged.rows.length).toBe(1);
    const { person_id: id, grid_code: gridCode } = tagged.rows[0];
    // The grid's worker reads its register but not the restricted focus groups.
    const { username } = await t.db
      .selectFrom('users')
      .select('username')
      .where('role', '=', 'grid_worker')
      .where('area_code', '=', gridCode)
      .executeTakeFirstOrThrow();
    const ownWorker = await t.login(username);
    const seen = (await get(ownWorker, `/api/people/${id}`)).json();
    const byAdmin = (await get(admin, `/api/people/${id}`)).json();
    expect(byAdmin.tags.length).toBeGreaterThan(seen.tags.length);
    // Nor may they see the room: the building stays, the room number is hidden.
    expect(seen.address).toMatch(/ \*\*\*$/);
    expect(byAdmin.address).not.toContain('***');
    expect(byAdmin.address.startsWith(seen.address.slice(0, -4))).toBe(true);
    const visibleToWorker = (await get(ownWorker, '/api/tags'))
      .json()
      .items.map((tag: { code: string }) => tag.code);
    const visibleToAdmin = (await get(admin, '/api/tags'))
      .json()
      .items.map((tag: { code: string }) => tag.code);
    expect(visibleToAdmin.length).toBeGreaterThan(visibleToWorker.length);
    const restricted = byAdmin.tags.find(
      (tag: { code: string }) => !seen.tags.some((s: { code: string }) => s.code === tag.code),
    );
    expect((await get(ownWorker, `/api/people?tag=${restricted.code}`)).json()).toEqual({
      items: [],
      total: 0,
    });
  });
});

describe('focus-group tags', () => {
  it('lets an administrator add a tag visible to chosen roles only', async () => {
    const put = (session: Session, code: string, body: object) =>
      t.as(session, { method: 'PUT', url: `/api/tags/${code}`, payload: body });
    expect(
      (await put(worker, 'pregnant', { nameZh: '孕产妇', nameEn: 'expectant mother', visibleTo: null }))
        .statusCode,
    ).toBe(403);
    const created = await put(admin, 'pregnant', {
      nameZh: '孕产妇',
      nameEn: 'expectant mother',
      visibleTo: ['district_admin', 'grid_worker'],
    });
    expect(created.statusCode).toBe(200);
    const forWorker = (await get(worker, '/api/tags')).json().items;
    expect(forWorker).toContainEqual({ code: 'pregnant', name: '孕产妇', restricted: true });
    const leader = await t.login('community.leader');
    expect(
      (await get(leader, '/api/tags')).json().items.map((tag: { code: string }) => tag.code),
    ).not.toContain('pregnant');
    const bad = await put(admin, 'pregnant', { nameZh: '孕产妇', nameEn: 'x', visibleTo: ['nobody'] });
    expect(bad.statusCode).toBe(400);
  });
});

describe('export', () => {
  it('exports the filtered list as CSV and XLSX, masked and within the caller area', async () => {
    const csv = await get(worker, '/api/people/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(
      /attachment; filename="people-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toContain('姓名,身份证号,性别');
    const listed = (await get(worker, '/api/people?pageSize=1')).json().total;
    expect(lines.length - 1).toBe(listed);
    expect(lines.slice(1).every((l) => l.includes('**********') && l.includes(worker.user.areaCode))).toBe(
      true,
    );

    const xlsx = await t.as(worker, {
      method: 'GET',
      url: '/api/people/export?format=xlsx',
      headers: { 'accept-language': 'en' },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('places and re-placement', () => {
  it('moves a building to another grid and its houses, households and residents follow, with history', async () => {
    const building = (await get(admin, `/api/buildings?areaCode=${worker.user.areaCode}&pageSize=1`)).json()
      .items[0];
    const target = (await get(admin, `/api/areas/${worker.user.areaCode.slice(0, 12)}`))
      .json()
      .children.find((g: { code: string }) => g.code !== worker.user.areaCode);
    const located = await t.app.gridIndex.current();
    const bbox = (await get(admin, `/api/areas/${target.code}`)).json().bbox;
    let point: [number, number] | null = null;
    for (let i = 1; i < 30 && !point; i++) {
      for (let j = 1; j < 30 && !point; j++) {
        const lon = bbox[0] + ((bbox[2] - bbox[0]) * i) / 30;
        const lat = bbox[1] + ((bbox[3] - bbox[1]) * j) / 30;
        if (located.locate(lon, lat) === target.code) point = [lon, lat];
      }
    }
    expect(point).not.toBeNull();
    const residents = (await get(admin, `/api/people?buildingId=${building.id}&pageSize=500`)).json();
    expect(residents.total).toBeGreaterThan(0);

    const moved = await t.as(admin, {
      method: 'PATCH',
      url: `/api/buildings/${building.id}`,
      payload: { version: building.version, lon: point![0], lat: point![1] },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().gridCode).toBe(target.code);
    const after = (await get(admin, `/api/people?buildingId=${building.id}&pageSize=500`)).json();
    expect(after.items.every((p: { gridCode: string }) => p.gridCode === target.code)).toBe(true);
    const houses = (await get(admin, `/api/houses?buildingId=${building.id}&pageSize=500`)).json();
    expect(houses.items.every((h: { gridCode: string }) => h.gridCode === target.code)).toBe(true);
    const personHistory = (await get(admin, `/api/people/${after.items[0].id}/history`)).json().items;
    expect(personHistory[0]).toMatchObject({
      source: 'system',
      sourceRef: `building:${building.id}`,
      changes: { gridCode: [worker.user.areaCode, target.code] },
    });
    // The grid worker of the old grid no longer sees them.
    expect((await get(worker, `/api/people/${after.items[0].id}`)).statusCode).toBe(404);
  });

  it('refuses a building outside the district and retiring a house people live in', async () => {
    const outside = await t.as(admin, {
      method: 'POST',
      url: '/api/buildings',
      payload: { name: '楼', address: '某路 1 号', lon: 116.4, lat: 39.9 },
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0]).toMatchObject({ field: 'location', code: 'outside_district' });
    const house = (await get(worker, '/api/houses?pageSize=50'))
      .json()
      .items.find((h: { residents: number }) => h.residents > 0);
    const retire = await t.as(worker, {
      method: 'POST',
      url: `/api/houses/${house.id}/retire`,
      payload: { version: house.version, reason: 'demolished' },
    });
    expect(retire.statusCode).toBe(409);
    expect(retire.json().code).toBe('record_in_use');
  });
});

describe('things and organizations', () => {
  it('places a component by its location and checks credit codes', async () => {
    const house = await aHouseOf(worker);
    const building = (await get(worker, `/api/buildings/${house.buildingId}`)).json();
    const thing = await t.as(worker, {
      method: 'POST',
      url: '/api/things',
      payload: {
        category: '010301',
        name: '路灯 A-1',
        lon: building.lon,
        lat: building.lat,
        state: 'damaged',
      },
    });
    expect(thing.statusCode).toBe(201);
    expect(thing.json()).toMatchObject({ gridCode: worker.user.areaCode, state: 'damaged' });
    const badCode = await t.as(worker, {
      method: 'POST',
      url: '/api/orgs',
      payload: {
        kind: 'shop',
        name: '小店',
        creditCode: '91350100M000100Y44',
        lon: building.lon,
        lat: building.lat,
      },
    });
    expect(badCode.statusCode).toBe(422);
    expect(badCode.json().errors[0]).toMatchObject({ field: 'creditCode', code: 'wrong_check_character' });
    const good = await t.as(worker, {
      method: 'POST',
      url: '/api/orgs',
      payload: {
        kind: 'shop',
        name: '小店',
        creditCode: '91350100m000100y43',
        lon: building.lon,
        lat: building.lat,
      },
    });
    expect(good.statusCode).toBe(201);
    expect(good.json().creditCode).toBe('91350100M000100Y43');
    expect((await get(worker, '/api/orgs?q=91350100M000100Y43')).json().total).toBe(1);
  });
});
