import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { excel } from '../../platform/exceljs.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp, testPii } from '../../test/harness.ts';
import { encodeGb18030 } from '../ledgers/index.ts';
import { idCheckChar } from '../registry/index.ts';
import { electorateOf } from './index.ts';
import { buildingKey, coOwnersOf, ledgerArea, roomKey } from './ownership.ledger.ts';

const COMMUNITY = '440305001001';
const HEADER = '楼栋,单元,房号,专有部分面积（㎡）,产权人姓名,产权人身份证号,共有人姓名,共有人身份证号';
let t: TestApp;
let leader: Session;
let worker: Session;
let otherLeader: Session;
let estateId: string;
/** Three houses of the estate: building name, its number, room. */
let houses: { id: string; building: string; number: string; room: string }[];
/** Four current people of the community with their ID numbers (decrypted for the test's ledger). */
let people: { id: string; name: string; idNumber: string }[];

beforeAll(async () => {
  t = await createTestApp();
  const estate = await t.db
    .selectFrom('estates')
    .select(['id', 'name'])
    .where('community_code', '=', COMMUNITY)
    .where('retired_at', 'is', null)
    .orderBy('name')
    .executeTakeFirstOrThrow();
  estateId = estate.id;
  const rows = await t.db
    .selectFrom('estate_houses as eh')
    .innerJoin('houses as h', 'h.id', 'eh.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['h.id', 'h.room', 'b.name'])
    .where('eh.estate_id', '=', estateId)
    .orderBy('b.name')
    .orderBy('h.room')
    .limit(3)
    .execute();
  houses = rows.map((r) => ({
    id: r.id,
    building: r.name,
    number: /(\d+)栋$/.exec(r.name)![1]!,
    room: r.room,
  }));
  const found = await t.db
    .selectFrom('people')
    .select(['id', 'name', 'id_number_enc'])
    .where('grid_code', 'like', `${COMMUNITY}%`)
    .where('retired_at', 'is', null)
    .orderBy('id')
    .limit(4)
    .execute();
  people = found.map((p) => ({ id: p.id, name: p.name, idNumber: testPii.decrypt(p.id_number_enc) }));
  leader = await t.login((await buildUser(t.db, 'area_leader', COMMUNITY)).username);
  worker = await t.login((await buildUser(t.db, 'grid_worker', `${COMMUNITY}001`)).username);
  otherLeader = await t.login((await buildUser(t.db, 'area_leader', '440305001002')).username);
}, 180_000);

afterAll(() => t?.close());

function send(session: Session, body: string | Buffer, dryRun: boolean, type = 'text/csv', id = estateId) {
  return t.as(session, {
    method: 'POST',
    url: `/api/estates/${id}/ownership-import`,
    query: { dryRun: String(dryRun), fileName: 'ledger.csv' },
    headers: { 'content-type': type },
    payload: body,
  });
}

/** The good ledger: house 0 by "N号楼" and its room, one owner; house 1 by full name, with co-owners. */
function goodLedger() {
  const [a, b] = houses as [(typeof houses)[0], (typeof houses)[0]];
  const [p0, p1, p2, p3] = people as [
    (typeof people)[0],
    (typeof people)[0],
    (typeof people)[0],
    (typeof people)[0],
  ];
  return [
    HEADER,
    `${a.number}号楼,,${a.room},89.50,${p0.name},${p0.idNumber},,`,
    `${b.building},,${b.room}室,120.3,${p1.name},${p1.idNumber},${p2.name}、${p3.name},${p2.idNumber}、${p3.idNumber}`,
  ].join('\r\n');
}

async function stateOf(ids: string[]) {
  const rows = await t.db
    .selectFrom('estate_houses')
    .select(['house_id', 'floor_area', 'version'])
    .where('house_id', 'in', ids)
    .orderBy('house_id')
    .execute();
  const owners = await t.db
    .selectFrom('house_owners')
    .select(['house_id', 'person_id'])
    .where('house_id', 'in', ids)
    .orderBy('house_id')
    .orderBy('person_id')
    .execute();
  return { rows, owners };
}

describe('reading the ledger', () => {
  it('normalises buildings, rooms, areas and co-owners', () => {
    for (const name of ['3栋', '3号楼', '3幢', '3', '桃源小区3栋', '03#'])
      expect(buildingKey(name, '桃源小区')).toBe('|3');
    expect(buildingKey('A3栋', '桃源小区')).toBe('a|3');
    expect(roomKey('1单元502')).toEqual({ unit: '1', room: '502' });
    expect(roomKey('502室', '1单元')).toEqual({ unit: '1', room: '502' });
    expect(roomKey('1-0502')).toEqual({ unit: '1', room: '502' });
    expect(roomKey('502')).toEqual({ unit: null, room: '502' });
    expect(ledgerArea('89.5')).toBe(8950);
    expect(ledgerArea('１２０．３㎡')).toBe(12030);
    for (const bad of ['89.505', '-3', '0', '0.00', 'abc', '10000.01', '1e3'])
      expect(ledgerArea(bad)).toBeNull();
    expect(coOwnersOf('李四、王五', '1;2')).toEqual([
      { name: '李四', idNumber: '1' },
      { name: '王五', idNumber: '2' },
    ]);
    expect(coOwnersOf('李四（11010119900101123X）', '')).toEqual([
      { name: '李四', idNumber: '11010119900101123X' },
    ]);
    expect(coOwnersOf('无', '')).toEqual([]);
    expect(coOwnersOf('李四、王五', '1')).toBeNull();
  });
});

describe('importing the ownership ledger', () => {
  it('a dry run reports each row with masked ID numbers and changes nothing', async () => {
    const ids = houses.map((h) => h.id);
    const before = await stateOf(ids);
    const response = await send(leader, goodLedger(), true);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ dryRun: true, applied: false, valid: true });
    expect(report.counts).toMatchObject({ rows: 2, matched: 2, invalid: 0 });
    expect(report.rows[0]).toMatchObject({ houseId: houses[0]!.id, areaTo: '89.50', problems: [] });
    expect(report.rows[1].owners.map((o: { role: string }) => o.role)).toEqual([
      'owner',
      'co_owner',
      'co_owner',
    ]);
    for (const p of people) expect(response.body).not.toContain(p.idNumber);
    expect(report.rows[1].owners[0].idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(await stateOf(ids)).toEqual(before);
  });

  it('a good file (GB18030 CSV) replaces areas and owners, co-owners included, bumps versions and audits', async () => {
    const ids = houses.slice(0, 2).map((h) => h.id);
    const before = await stateOf(ids);
    const response = await send(leader, encodeGb18030(goodLedger()), false);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ applied: true, valid: true });
    const after = await stateOf(ids);
    const row = (id: string) => after.rows.find((r) => r.house_id === id)!;
    expect(row(houses[0]!.id).floor_area).toBe(8950);
    expect(row(houses[1]!.id).floor_area).toBe(12030);
    for (const id of ids)
      expect(row(id).version).toBe(before.rows.find((r) => r.house_id === id)!.version + 1);
    const ownersOf = (id: string) =>
      after.owners
        .filter((o) => o.house_id === id)
        .map((o) => o.person_id)
        .sort();
    expect(ownersOf(houses[0]!.id)).toEqual([people[0]!.id]);
    expect(ownersOf(houses[1]!.id)).toEqual([people[1]!.id, people[2]!.id, people[3]!.id].sort());
    // The art. 278 electorate reads the same houses.
    const electorate = await electorateOf(t.db, estateId);
    const house1 = electorate.find((h) => h.houseId === houses[1]!.id)!;
    expect(house1.floorArea).toBe(12030);
    expect(house1.ownerIds.sort()).toEqual(ownersOf(houses[1]!.id));
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'estate.ownership_import')
      .where('target_id', '=', estateId)
      .executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ rows: 2, changed: 2 });
    for (const p of people) expect(JSON.stringify(audit.detail)).not.toContain(p.idNumber);
    // The same file again: nothing to change.
    const again = (await send(leader, goodLedger(), true)).json();
    expect(again.counts).toMatchObject({ unchanged: 2, changed: 0 });
  });

  it('an XLSX built on the template is read; an exact repeat of a row is ignored', async () => {
    const template = await t.as(leader, { method: 'GET', url: '/api/estates/ownership-template.xlsx' });
    expect(template.statusCode).toBe(200);
    const workbook = new (excel().Workbook)();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('产权台账')!;
    expect(sheet.getRow(1).getCell(4).text).toBe('专有部分面积（㎡）');
    const h = houses[2]!;
    const p = people[0]!;
    const line = [`${h.number}栋`, '', h.room, '66.06', p.name, p.idNumber, '', ''];
    sheet.addRow(line);
    sheet.addRow(line);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await send(
      leader,
      file,
      true,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.valid).toBe(true);
    expect(report.counts).toMatchObject({ rows: 2, ignored: 1, duplicate: 1 });
    expect(report.rows[0]).toMatchObject({ houseId: h.id, areaTo: '66.06' });
    expect(report.rows[1].status).toBe('ignored');
  });

  it("a house of the estate's buildings with no area yet is recorded for the first time", async () => {
    const building = await t.db
      .selectFrom('houses')
      .select(['building_id', 'grid_code'])
      .where('id', '=', houses[0]!.id)
      .executeTakeFirstOrThrow();
    const fresh = await t.db
      .insertInto('houses')
      .values({
        building_id: building.building_id,
        grid_code: building.grid_code,
        room: '9901',
        usage: 'vacant',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const p = people[1]!;
    const text = [HEADER, `${houses[0]!.number}栋,,9901,45.00,${p.name},${p.idNumber},,`].join('\n');
    const dry = (await send(leader, text, true)).json();
    expect(dry.rows[0]).toMatchObject({ houseId: fresh.id, status: 'new', areaFrom: null, areaTo: '45.00' });
    expect((await send(leader, text, false)).statusCode).toBe(200);
    const after = await stateOf([fresh.id]);
    expect(after.rows).toMatchObject([{ floor_area: 4500, version: 1 }]);
    expect(after.owners.map((o) => o.person_id)).toEqual([p.id]);
  });

  it('bad rows refuse the whole file, with the problems per row', async () => {
    const ids = houses.map((h) => h.id);
    const before = await stateOf(ids);
    const [a, b, c] = houses as [(typeof houses)[0], (typeof houses)[0], (typeof houses)[0]];
    const p = people[0]!;
    const first17 = '11010119000101999';
    const stranger = first17 + idCheckChar(first17);
    const text = [
      HEADER,
      `${a.number}栋,,${a.room},70.00,${p.name},${p.idNumber},,`,
      `${a.number}栋,,9999,70.00,${p.name},${p.idNumber},,`,
      `${b.number}栋,,${b.room},70.00,某某,${stranger},,`,
      `${c.number}栋,,${c.room},89.505,${p.name},${p.idNumber},,`,
      `${c.number}栋,,${c.room},-3,${p.name},${p.idNumber},,`,
      `999栋,,101,70.00,${p.name},${p.idNumber},,`,
    ].join('\n');
    const dry = (await send(leader, text, true)).json();
    expect(dry.valid).toBe(false);
    expect(dry.counts).toMatchObject({
      rows: 6,
      invalid: 5,
      unknownRoom: 1,
      unknownPerson: 1,
      badArea: 2,
      unknownBuilding: 1,
    });
    const response = await send(leader, text, false);
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.code).toBe('ownership_import_invalid');
    const codes = body.errors.map((e: { row: number; code: string }) => `${e.row}:${e.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        '3:unknown_room',
        '4:unknown_person',
        '5:bad_area',
        '6:bad_area',
        '7:unknown_building',
      ]),
    );
    expect(response.body).not.toContain(stranger);
    expect(await stateOf(ids)).toEqual(before);
  });

  it('a file without the columns, or not a spreadsheet, is refused', async () => {
    const response = await send(leader, '姓名,电话\r\n张三,1\r\n', true);
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('ownership_import_columns');
    const empty = await send(leader, `${HEADER}\r\n`, true);
    expect(empty.statusCode).toBe(422);
    expect(empty.json().code).toBe('ownership_import_unreadable');
    const json = await t.as(leader, {
      method: 'POST',
      url: `/api/estates/${estateId}/ownership-import`,
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(415);
  });

  it('only staff who write estates of the area may import', async () => {
    expect((await send(worker, goodLedger(), true)).statusCode).toBe(403);
    expect((await send(otherLeader, goodLedger(), true)).statusCode).toBe(404);
    const template = await t.as(worker, { method: 'GET', url: '/api/estates/ownership-template.xlsx' });
    expect(template.statusCode).toBe(403);
  });
});
