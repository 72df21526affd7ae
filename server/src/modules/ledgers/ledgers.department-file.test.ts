import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { idCheckChar } from '../registry/identity.ts';
import { normalisePersonName } from '../registry/index.ts';
import { FIELDS } from './fields.ts';
import { encodeGb18030 } from './gb18030.ts';
import { problemMessage } from './ledgers.messages.ts';
import { importedSummary, rateText } from './summary.ts';
import { excelMangled, isSummaryLine } from './transforms.ts';

/**
 * A police household register as departments really send it: GB18030, a title row and a blank row
 * above the header, 序号 and 备注 columns nobody maps, full-width digits, Excel serial dates, numbers
 * Excel turned into scientific notation, names typed with a space or a full stop, and the 合计,
 * 制表人 and date lines under the data.
 */

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

let serial = 700;
/** A valid ID number born on `birth` (YYYYMMDD), male when its 17th digit is odd. */
function idNumber(birth: string, sex: 'male' | 'female') {
  serial += 2;
  const seq = String(sex === 'male' ? serial + 1 : serial).slice(-3);
  const first17 = `440305${birth}${seq}`;
  return first17 + idCheckChar(first17);
}
const fullWidth = (text: string) => text.replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** Days since 1899-12-30, as Excel keeps a date. */
const excelSerial = (iso: string) =>
  String((Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000);

async function settle(id: string) {
  for (let i = 0; i < 400; i++) {
    const imp = (await t.as(admin, { method: 'GET', url: `/api/ledger-imports/${id}` })).json();
    if (imp.state !== 'validating' && imp.state !== 'importing') return imp;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not settle');
}

describe('a department spreadsheet as it comes', () => {
  it('skips the title, the summary lines; names number_format; normalises names with a note', async () => {
    const house = await t.db
      .selectFrom('houses as h')
      .innerJoin('buildings as b', 'b.id', 'h.building_id')
      .select(['b.address', 'h.room'])
      .where('h.retired_at', 'is', null)
      .orderBy('h.id')
      .executeTakeFirstOrThrow();
    const address = `${house.address} ${house.room}`;
    const zhang = idNumber('19850101', 'male');
    const maimaiti = idNumber('19900215', 'male');
    const li = idNumber('19770707', 'female');
    const rows = [
      ['辖区户籍人口登记表（2026年3月）'],
      [],
      [
        '序号',
        '姓名',
        '公民身份号码',
        '性别',
        '出生日期',
        '联系电话',
        '现住址',
        '户籍类别',
        '迁入日期',
        '备注',
      ],
      [
        '1',
        '张 三',
        fullWidth(zhang),
        '男',
        excelSerial('1985-01-01'),
        fullWidth('13800138000'),
        address,
        '户籍',
        excelSerial('2020-03-05'),
        '',
      ],
      ['2', '买买提.艾力', maimaiti, '男', '1990-02-15', '13800138001', address, '户籍', '', '少数民族'],
      ['3', '王五', '4.40305E+17', '男', '1980-01-01', '13800138002', address, '户籍', '', ''],
      ['4', '赵六', li.replace(/.$/, ''), '女', '1977-07-07', '1.38001E+10', address, '户籍', '', ''],
      ['5', '李\u3000四', li, '女', '1977-07-07', '', address, '户籍', '', ''],
      ['合计：5人', '', '', '', '', '', '', '', '', ''],
      ['制表人：王五', '', '审核人：李四', '', '', '', '', '', '', ''],
      ['2026年3月5日'],
    ];
    const text = `${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;
    const body = encodeGb18030(text);

    const file = await t.as(admin, {
      method: 'POST',
      url: `/api/ledger-files?name=${encodeURIComponent('户籍人口.csv')}`,
      headers: { 'content-type': 'text/csv' },
      payload: body,
    });
    expect(file.statusCode, file.body).toBe(201);
    const created = await t.as(admin, {
      method: 'POST',
      url: '/api/ledger-imports',
      payload: {
        fileId: file.json().fileId,
        fileName: '户籍人口.csv',
        ledgerType: 'ps_registered_population',
      },
    });
    expect(created.statusCode, created.body).toBe(202);
    const imp = await settle(created.json().id);
    expect(imp.state, imp.error).toBe('validated');
    expect(imp.encoding).toBe('gb18030');
    expect(imp.counts).toMatchObject({ valid: 3, rejected: 2 });

    const problems = (
      await t.as(admin, { method: 'GET', url: `/api/ledger-imports/${imp.id}/problems?pageSize=50` })
    ).json().items as { row: number; column: string | null; code: string; detail: unknown }[];
    const codes = (row: number) => problems.filter((p) => p.row === row).map((p) => p.code);
    // Data starts at line 4 (title, blank, header above it).
    expect(codes(4)).toEqual(['name_normalised']);
    expect(problems.find((p) => p.row === 4)?.detail).toEqual({ to: '张三' });
    expect(codes(5)).toEqual(['name_normalised']);
    expect(problems.find((p) => p.row === 5)?.detail).toEqual({ to: '买买提·艾力' });
    expect(problems.filter((p) => p.row === 6)).toMatchObject([
      { column: '公民身份号码', code: 'number_format' },
    ]);
    expect(codes(7)).toContain('number_format');
    expect(problems.find((p) => p.row === 7 && p.code === 'number_format')?.column).toBe('联系电话');
    expect(codes(8)).toEqual(['name_normalised']);
    expect(codes(9)).toEqual(['skipped_summary_line']);
    expect(codes(10)).toEqual(['skipped_summary_line']);
    expect(codes(11)).toEqual(['skipped_summary_line']);
    expect(problems.some((p) => p.code === 'missing_required' || p.code === 'bad_characters')).toBe(false);

    const byCode = Object.fromEntries(
      imp.problemsByCode.map((p: { code: string; count: number; note: boolean }) => [p.code, p]),
    );
    expect(byCode.skipped_summary_line).toMatchObject({ count: 3, note: true });
    expect(byCode.name_normalised).toMatchObject({ count: 3, note: true });
    expect(byCode.number_format).toMatchObject({ count: 2, note: false });

    const commit = await t.as(admin, { method: 'POST', url: `/api/ledger-imports/${imp.id}/commit` });
    expect(commit.statusCode, commit.body).toBe(202);
    const done = await settle(imp.id);
    expect(done.state, done.error).toBe('done');
    expect(done.counts).toMatchObject({ new: 3 });

    const stored = await t.db
      .selectFrom('people')
      .select(['name', 'birth_date', 'move_in_date'])
      .where('name', 'in', ['张三', '买买提·艾力', '李四'])
      .orderBy('name')
      .execute();
    expect(stored.map((p) => p.name).sort()).toEqual(['买买提·艾力', '张三', '李四'].sort());
    expect(stored.find((p) => p.name === '张三')).toMatchObject({
      birth_date: '1985-01-01',
      move_in_date: '2020-03-05',
    });

    // Search finds the name however it is typed.
    for (const q of ['张三', '张 三', '张　三']) {
      const found = await t.as(admin, { method: 'GET', url: `/api/people?q=${encodeURIComponent(q)}` });
      expect(
        found.json().items.map((p: { name: string }) => p.name),
        q,
      ).toContain('张三');
    }
    const dotted = await t.as(admin, {
      method: 'GET',
      url: `/api/people?q=${encodeURIComponent('买买提•艾力')}`,
    });
    expect(dotted.json().items.map((p: { name: string }) => p.name)).toContain('买买提·艾力');
  });

  it('normalises a name typed by hand in the registry', async () => {
    const worker = await t.login('gw001');
    const house = await t.db
      .selectFrom('houses as h')
      .innerJoin('buildings as b', 'b.id', 'h.building_id')
      .select('h.id')
      .where('h.retired_at', 'is', null)
      .where('b.grid_code', '=', worker.user.areaCode)
      .executeTakeFirstOrThrow();
    const created = await t.as(worker, {
      method: 'POST',
      url: '/api/people',
      payload: {
        name: ' 欧阳 娜娜 ',
        idNumber: idNumber('20000101', 'female'),
        residency: 'registered',
        houseId: house.id,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().name).toBe('欧阳娜娜');
    const changed = await t.as(worker, {
      method: 'PATCH',
      url: `/api/people/${created.json().id}`,
      payload: { version: created.json().version, name: '阿依古丽 • 买买提' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().name).toBe('阿依古丽·买买提');
  });
});

describe('the pieces', () => {
  it('normalises Chinese names and leaves Latin ones alone', () => {
    expect(normalisePersonName('张 三')).toBe('张三');
    expect(normalisePersonName('张\u3000三')).toBe('张三');
    expect(normalisePersonName(' 欧阳  娜娜 ')).toBe('欧阳娜娜');
    for (const dot of ['·', '•', '.', '．', '・'])
      expect(normalisePersonName(`买买提${dot}艾力`), dot).toBe('买买提·艾力');
    expect(normalisePersonName('买买提 · 艾力')).toBe('买买提·艾力');
    expect(normalisePersonName('Anna Li')).toBe('Anna Li');
    expect(normalisePersonName('J. Smith')).toBe('J. Smith');
  });

  it('tells a number Excel mangled from a wrong one, for ID numbers, phones and credit codes', () => {
    expect(excelMangled('4.40305E+17')).toBe(true);
    expect(excelMangled('１.３８００１Ｅ＋１０')).toBe(true);
    expect(excelMangled('9.14403e17')).toBe(true);
    expect(excelMangled('44030519850101001X')).toBe(false);
    const parse = (entity: 'person' | 'org', key: string, raw: string) =>
      FIELDS[entity].find((f) => f.key === key)?.parse(raw, { tags: null as never });
    expect(parse('person', 'idNumber', '4.40305E+17')).toEqual({ ok: false, problem: 'number_format' });
    expect(parse('person', 'phone', '1.38001E+10')).toEqual({ ok: false, problem: 'number_format' });
    expect(parse('org', 'creditCode', '9.14403E+17')).toEqual({ ok: false, problem: 'number_format' });
    expect(problemMessage('number_format', 'zh')).toContain('文本');
    expect(problemMessage('number_format', 'en')).toContain('Format the column as text');
  });

  it('recognises summary and signature lines, not data rows', () => {
    for (const line of [
      ['合计：8人'],
      ['', '总计', '8'],
      ['小计', '3'],
      ['制表人：王五'],
      ['审核人：李四'],
      ['2026年3月5日'],
      ['2026-03-05'],
    ])
      expect(isSummaryLine(line), line.join('|')).toBe(true);
    for (const line of [['1', '张三', '440305198501010011'], ['2026-03-05', '张三'], []])
      expect(isSummaryLine(line), line.join('|')).toBe(false);
  });

  it('prints a rate only where it means something, singular and plural right', () => {
    const one = { new: 1, updated: 0, unchanged: 0, rejected: 0 };
    expect(importedSummary('a.csv', 'x', one, 1, 0.2, 'en')).toBe(
      'Imported a.csv as x: 1 new, 0 updated, 0 unchanged, 0 rejected, 1 summary or notes line skipped in 0.2 s.',
    );
    expect(importedSummary('a.csv', 'x', one, 0, 0.2, 'zh')).toBe(
      '已导入 a.csv（x）：新增 1 条，更新 0 条，未变 0 条，拒绝 0 条；用时 0.2 秒。',
    );
    expect(importedSummary('a.csv', 'x', one, 2, 0.2, 'en')).toContain('2 summary or notes lines skipped');
    expect(rateText(1, 0.001, 'en')).toBeNull();
    expect(rateText(500, 5, 'en')).toBeNull();
    expect(rateText(100_000, 2, 'en')).toBe('50,000 rows/s');
    expect(rateText(100_000, 2, 'zh')).toBe('每秒 50,000 条');
  });
});
