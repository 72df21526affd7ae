import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { excel } from '../../platform/exceljs.ts';
import { createTestApp, type Session, type TestApp, testPii } from '../../test/harness.ts';
import { GridIndex } from '../areas/grid-index.ts';
import { idCheckChar } from '../registry/identity.ts';
import { actingAs } from './ledgers.cli.ts';
import * as ledgers from './ledgers.service.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

interface Resident {
  id: string;
  name: string;
  idNumber: string;
  phone: string;
  sex: string;
  birthDate: string;
  address: string;
  moveIn: string;
}

/** Registered residents with a phone, with their numbers decrypted as a department's ledger has them. */
async function residents(count: number, offset = 0, withoutTags: string[] = []): Promise<Resident[]> {
  let query = t.db
    .selectFrom('people as p')
    .innerJoin('houses as h', 'h.id', 'p.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select([
      'p.id',
      'p.name',
      'p.id_number_enc',
      'p.phone_enc',
      'p.sex',
      'p.birth_date',
      'p.move_in_date',
      'b.address',
      'h.room',
    ])
    .where('p.retired_at', 'is', null)
    .where('p.phone_enc', 'is not', null)
    .where('p.residency', '=', 'registered');
  if (withoutTags.length > 0) {
    query = query.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('person_tags as pt')
            .select('pt.person_id')
            .whereRef('pt.person_id', '=', 'p.id')
            .where('pt.tag_code', 'in', withoutTags),
        ),
      ),
    );
  }
  const rows = await query.orderBy('p.id').offset(offset).limit(count).execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    idNumber: testPii.decrypt(r.id_number_enc),
    phone: testPii.decrypt(r.phone_enc as string),
    sex: r.sex === 'male' ? '男' : '女',
    birthDate: r.birth_date,
    address: `${r.address} ${r.room}`,
    moveIn: r.move_in_date ?? '',
  }));
}

let serial = 500;
function newIdNumber(birth = '19850101') {
  serial += 1;
  const first17 = `440305${birth}${String(serial).slice(-3)}`;
  return first17 + idCheckChar(first17);
}

const HEADER = ['姓名', '公民身份号码', '性别', '出生日期', '联系电话', '现住址', '户籍类别', '迁入日期'];
const csv = (rows: string[][]) =>
  Buffer.from(
    `${[HEADER, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n')}\r\n`,
  );
const line = (r: Resident, changes: Partial<Record<string, string>> = {}) => [
  changes.name ?? r.name,
  changes.idNumber ?? r.idNumber,
  changes.sex ?? r.sex,
  changes.birthDate ?? r.birthDate,
  changes.phone ?? r.phone,
  changes.address ?? r.address,
  changes.residency ?? '户籍',
  changes.moveIn ?? r.moveIn,
];

async function upload(body: Buffer, name = 'ledger.csv') {
  const response = await t.as(admin, {
    method: 'POST',
    url: `/api/ledger-files?name=${encodeURIComponent(name)}`,
    headers: { 'content-type': 'text/csv' },
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

// Generous: on a loaded two-core machine one validate-and-commit can take many seconds.
async function settle(id: string) {
  for (let i = 0; i < 1_200; i++) {
    const imp = (await t.as(admin, { method: 'GET', url: `/api/ledger-imports/${id}` })).json();
    if (imp.state !== 'validating' && imp.state !== 'importing') return imp;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not settle');
}

async function validate(body: Buffer, ledgerType = 'ps_registered_population') {
  const file = await upload(body);
  const created = await t.as(admin, {
    method: 'POST',
    url: '/api/ledger-imports',
    payload: { fileId: file.fileId, fileName: 'ledger.csv', ledgerType },
  });
  expect(created.statusCode, created.body).toBe(202);
  return settle(created.json().id);
}

async function commit(id: string) {
  const response = await t.as(admin, { method: 'POST', url: `/api/ledger-imports/${id}/commit` });
  expect(response.statusCode, response.body).toBe(202);
  return settle(id);
}

describe('ledger import', () => {
  let people: Resident[];
  let newcomer: string;
  let firstImport: string;
  beforeAll(async () => {
    people = await residents(4);
    newcomer = newIdNumber();
  });

  it('validates every row before writing: each problem at its row and column, counts of what would change', async () => {
    const [a, b, , d] = people;
    const badCheck = `${d.idNumber.slice(0, 17)}${d.idNumber[17] === '0' ? '1' : '0'}`;
    const fullWidth = d.idNumber.replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const body = csv([
      line(a), // 2: unchanged
      line(b, { phone: '13900001111' }), // 3: updated
      ['新居民', newcomer, '男', '', '13700002222', a.address, '户籍', '2026/3/5'], // 4: new
      line(d, { idNumber: badCheck }), // 5
      line(b, { phone: '13900001111' }), // 6: duplicate of 3
      line(d, { address: '北京市东城区不存在路 1 号 1 栋 101' }), // 7
      line(d, { birthDate: '1990-02-30' }), // 8
      line(d, { idNumber: ` ${fullWidth}\u3000` }), // 9: unchanged once normalised
    ]);
    const before = await t.db
      .selectFrom('registry_history')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    const imp = await validate(body);
    expect(imp.state, imp.error).toBe('validated');
    expect(imp.counts).toMatchObject({ valid: 4, rejected: 4, new: 1, updated: 1, unchanged: 2 });
    const after = await t.db
      .selectFrom('registry_history')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    const problems = (
      await t.as(admin, { method: 'GET', url: `/api/ledger-imports/${imp.id}/problems?pageSize=50` })
    ).json();
    const at = (row: number) => problems.items.filter((p: { row: number }) => p.row === row);
    expect(at(5)).toMatchObject([{ column: '公民身份号码', code: 'wrong_check_digit' }]);
    expect(at(5)[0].value).toMatch(/^\d{4}\*+/);
    expect(at(6)).toMatchObject([{ column: null, code: 'duplicate_row', detail: { firstRow: '3' } }]);
    expect(at(7)).toMatchObject([{ column: '现住址', code: 'unknown_address' }]);
    expect(at(8).map((p: { code: string }) => p.code)).toContain('impossible_date');
    expect(at(8)[0].column).toBe('出生日期');
    expect(problems.total).toBe(4);
    firstImport = imp.id;
  });

  it('commits the valid rows with history, provenance and nothing else', async () => {
    const imp = await commit(firstImport);
    expect(imp.state, imp.error).toBe('done');
    expect(imp.counts).toMatchObject({ new: 1, updated: 1, unchanged: 2 });

    const b = await t.db
      .selectFrom('people')
      .selectAll()
      .where('id', '=', people[1].id)
      .executeTakeFirstOrThrow();
    expect(testPii.decrypt(b.phone_enc as string)).toBe('13900001111');
    expect(b.field_sources.phone).toMatchObject({ source: 'ledger', importId: firstImport, row: 3 });
    const history = (await t.as(admin, { method: 'GET', url: `/api/people/${b.id}/history` })).json().items;
    expect(history[0]).toMatchObject({ source: 'ledger', sourceRef: firstImport, sourceRow: 3 });
    expect(history[0].changes.phone[1]).toBe('139****1111');

    const created = await t.db
      .selectFrom('people')
      .selectAll()
      .where('id_number_hash', '=', testPii.hash(newcomer))
      .executeTakeFirstOrThrow();
    expect(created).toMatchObject({
      name: '新居民',
      sex: 'male',
      move_in_date: '2026-03-05',
      residency: 'registered',
    });
    const d = await t.db
      .selectFrom('people')
      .select('version')
      .where('id', '=', people[3].id)
      .executeTakeFirstOrThrow();
    expect(d.version).toBe(1);
  });

  it('changes nothing when the same file is imported again', async () => {
    const [a, b, , d] = people;
    const body = csv([
      line(a),
      line(b, { phone: '13900001111' }),
      ['新居民', newcomer, '男', '', '13700002222', a.address, '户籍', '2026/3/5'],
      line(d),
    ]);
    const history = async () =>
      (
        await t.db
          .selectFrom('registry_history')
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await history();
    const imp = await commit((await validate(body)).id);
    expect(imp.counts).toMatchObject({ new: 0, updated: 0, unchanged: 4, rejected: 0 });
    expect(await history()).toBe(before);
  });
});

describe('conflicts, provenance and rollback', () => {
  let person: Resident;
  beforeAll(async () => {
    // The ledgers below add these tags: a resident the seed already tagged would show no update.
    [person] = await residents(1, 10, ['low_income', 'elderly_alone']);
  });
  const ledger = (phone: string) => csv([line(person, { phone })]);
  const phoneOf = async () =>
    testPii.decrypt(
      (
        await t.db
          .selectFrom('people')
          .select('phone_enc')
          .where('id', '=', person.id)
          .executeTakeFirstOrThrow()
      ).phone_enc as string,
    );
  const setRule = async (current: string) => {
    const response = await t.as(admin, { method: 'PUT', url: '/api/ledger-rules', payload: { current } });
    expect(response.statusCode, response.body).toBe(200);
  };
  const openConflict = async () => {
    const list = (
      await t.as(admin, { method: 'GET', url: '/api/ledger-conflicts?state=open&pageSize=100' })
    ).json();
    return list.items.find((c: { recordId: string }) => c.recordId === person.id);
  };

  it('keeps two ledgers’ disagreement as a conflict; the rule decides which value is current', async () => {
    await setRule('most_recent');
    await commit((await validate(ledger('13911110001'))).id);
    // The civil affairs ledger (priority 60) disagrees: under "most recent" it wins, and it is a conflict.
    await commit((await validate(ledger('13911110002'), 'ca_elderly_alone')).id);
    expect(await phoneOf()).toBe('13911110002');
    let conflict = await openConflict();
    expect(conflict).toMatchObject({ field: 'phone', currentIndex: 1, recordName: person.name });
    expect(conflict.candidates.map((c: { value: string }) => c.value)).toEqual([
      '139****0001',
      '139****0002',
    ]);
    expect(conflict.candidates[0].sourceName).toBe('公安—户籍人口');
    expect(JSON.stringify(conflict)).not.toMatch(/13911110001/);

    // Under "priority" the police register (90) beats civil affairs (60): a lower ledger cannot take over.
    await setRule('priority');
    await commit((await validate(ledger('13911110001'))).id);
    expect(await phoneOf()).toBe('13911110001');
    const lower = await commit((await validate(ledger('13911110003'), 'ca_low_income')).id);
    // The low-income ledger still adds its tag; only the phone stays as the higher ledger has it.
    expect(lower.counts).toMatchObject({ valid: 1, updated: 1 });
    expect(await phoneOf()).toBe('13911110001');
    conflict = await openConflict();
    expect(conflict.candidates.at(-1).value).toBe('139****0003');
    expect(conflict.candidates[conflict.currentIndex].value).toBe('139****0001');

    // A reviewer keeps the civil affairs number: it becomes current, as a manual change.
    const choice = conflict.candidates.findIndex((c: { value: string }) => c.value === '139****0003');
    const resolved = await t.as(admin, {
      method: 'POST',
      url: `/api/ledger-conflicts/${conflict.id}/resolve`,
      payload: { choice },
    });
    expect(resolved.statusCode, resolved.body).toBe(204);
    expect(await phoneOf()).toBe('13911110003');
    expect(await openConflict()).toBeUndefined();
    const again = await t.as(admin, {
      method: 'POST',
      url: `/api/ledger-conflicts/${conflict.id}/resolve`,
      payload: { choice },
    });
    expect(again.json().code).toBe('conflict_resolved');
    await setRule('most_recent');
  }, 180_000);

  it('tells where each field came from', async () => {
    const imp = await commit((await validate(ledger('13911110004'))).id);
    const sources = (
      await t.as(admin, { method: 'GET', url: `/api/ledger-sources/person/${person.id}` })
    ).json();
    const phone = sources.fields.find((f: { field: string }) => f.field === 'phone');
    expect(phone).toMatchObject({
      source: 'ledger',
      importId: imp.id,
      fileName: 'ledger.csv',
      row: 2,
      ledgerName: '公安—户籍人口',
    });
  }, 120_000);

  it('rolls an import back as a whole, and refuses when a record changed since', async () => {
    const newId = newIdNumber('19770707');
    const body = csv([
      line(person, { phone: '13911110005' }),
      ['回滚测试', newId, '女', '', '', person.address, '户籍', ''],
    ]);
    const imp = await commit((await validate(body)).id);
    expect(imp.counts).toMatchObject({ new: 1, updated: 1 });
    const rolled = await t.as(admin, { method: 'POST', url: `/api/ledger-imports/${imp.id}/rollback` });
    expect(rolled.statusCode, rolled.body).toBe(200);
    expect(rolled.json()).toEqual({ restored: 1, retired: 1 });
    expect(await phoneOf()).toBe('13911110004');
    const created = await t.db
      .selectFrom('people')
      .select(['retired_reason'])
      .where('id_number_hash', '=', testPii.hash(newId))
      .executeTakeFirstOrThrow();
    expect(created.retired_reason).toBe('import_rolled_back');
    const history = (await t.as(admin, { method: 'GET', url: `/api/people/${person.id}/history` })).json()
      .items;
    expect(history[0]).toMatchObject({ source: 'system', sourceRef: `rollback:${imp.id}` });
    expect(history[0].changes.phone).toEqual(['139****0005', '139****0004']);

    // Another import, then a manual edit of the same person: the import cannot be undone any more.
    const second = await commit((await validate(ledger('13911110006'))).id);
    const current = (await t.as(admin, { method: 'GET', url: `/api/people/${person.id}` })).json();
    const edited = await t.as(admin, {
      method: 'PATCH',
      url: `/api/people/${person.id}`,
      payload: { version: current.version, name: `${person.name}乙` },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const refused = await t.as(admin, { method: 'POST', url: `/api/ledger-imports/${second.id}/rollback` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'import_has_dependents', count: 1 });
    expect(await phoneOf()).toBe('13911110006');
  }, 120_000);
});

describe('the worker thread of a pass', () => {
  it('reports a pass that fails in it as the import’s failure, with the reason', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-ledger-'));
    const file = path.join(dir, 'ledger.csv');
    fs.writeFileSync(file, csv([line((await residents(1))[0])]));
    const ctx = { db: t.db, pii: testPii, gridIndex: new GridIndex(t.db), dataDir: dir };
    const auth = await actingAs(t.db, 'admin');
    const id = await ledgers.createImport(ctx, auth, {
      ledgerType: 'ps_registered_population',
      fileName: 'ledger.csv',
      filePath: file,
    });
    // The file is gone by the time the worker reads it.
    fs.rmSync(dir, { recursive: true });
    await expect(ledgers.runValidation(ctx, id)).rejects.toThrow(/ENOENT/);
    const imp = await ledgers.getImport(ctx, auth, id, 'en');
    expect(imp.state).toBe('failed');
    expect(imp.error).toMatch(/ENOENT/);
  });
});

describe('files', () => {
  it('gives the rejected rows back as an XLSX with the bad cells marked', async () => {
    const [a] = await residents(1, 20);
    const imp = await validate(csv([line(a), line(a, { idNumber: '12345', phone: 'abc' })]));
    const response = await t.as(admin, { method: 'GET', url: `/api/ledger-imports/${imp.id}/report.xlsx` });
    expect(response.statusCode).toBe(200);
    const workbook = new (excel().Workbook)();
    await workbook.xlsx.load(response.rawPayload as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toContain('问题');
    expect(sheet.rowCount).toBe(2);
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe(3);
    const idCell = row.getCell(3);
    expect(idCell.value).toBe('12345');
    expect(JSON.stringify(idCell.fill)).toContain('FFFFC7CE');
    expect(String(row.getCell(HEADER.length + 2).value)).toMatch(/身份证号位数不对.*电话号码格式不对/);
  });

  it('exports the registry in a ledger’s own columns, numbers masked', async () => {
    const response = await t.as(admin, {
      method: 'GET',
      url: '/api/ledger-types/ps_registered_population/export?format=csv',
    });
    expect(response.statusCode, response.body).toBe(200);
    const lines = response.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(lines[0].trim()).toBe(HEADER.join(','));
    expect(lines.length).toBeGreaterThan(100);
    expect(lines[1]).toMatch(/,\d{4}\*{10}[\dX]{4},/);
  });
});
