import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { excel } from '../../platform/exceljs.ts';
import { writeSampleLedgers } from '../demo/index.ts';
import { formatNumber } from './cells.ts';
import { CsvParser } from './csv.ts';
import { encodeGb18030 } from './gb18030.ts';
import {
  detectFormat,
  inspectLedger,
  type LedgerEvent,
  type LedgerRow,
  readLedger,
  type SheetInfo,
} from './reader.ts';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-reader-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

async function readAll(p: string, options: Parameters<typeof readLedger>[1] = {}) {
  const sheets: SheetInfo[] = [];
  const rows: LedgerRow[] = [];
  for await (const event of readLedger(p, options) as AsyncGenerator<LedgerEvent>) {
    if (event.kind === 'sheet') sheets.push(event.sheet);
    else rows.push({ sheet: event.sheet, row: event.row, cells: event.cells });
  }
  return { sheets, rows };
}

const KNOWN = new Set(['姓名', '身份证号', '公民身份号码', '电话', '现住址', '出生日期', '登记日期']);
const isKnownHeader = (h: string) => KNOWN.has(h);

describe('CsvParser', () => {
  const parseInChunks = (text: string, size: number) => {
    const parser = new CsvParser();
    const out: string[][] = [];
    for (let i = 0; i < text.length; i += size) out.push(...parser.push(text.slice(i, i + size)));
    out.push(...parser.push('', true));
    return out;
  };
  const text = 'a,"b ""q"", c","multi\r\nline"\r\n,,\nx,y\rlast,"",z';
  const expected = [
    ['a', 'b "q", c', 'multi\r\nline'],
    ['', '', ''],
    ['x', 'y'],
    ['last', '', 'z'],
  ];

  it('reads quotes, doubled quotes, newlines inside quotes and CRLF, LF or CR line ends', () => {
    expect(parseInChunks(text, text.length)).toEqual(expected);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    for (let size = 1; size <= 12; size++) expect(parseInChunks(text, size)).toEqual(expected);
  });

  it('keeps a final record without line end and a trailing empty field', () => {
    expect(parseInChunks('a,b\nc,', 3)).toEqual([
      ['a', 'b'],
      ['c', ''],
    ]);
  });
});

describe('formatNumber', () => {
  it('shows numbers as Excel keeps them: 15 significant digits, no exponent, no float noise', () => {
    expect(formatNumber(Number('440305199001011234'))).toBe('440305199001011000');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(1e-7)).toBe('0.0000001');
    expect(formatNumber(13800138000)).toBe('13800138000');
    expect(formatNumber(-1234.5)).toBe('-1234.5');
  });
});

describe('CSV ledgers', () => {
  it('detects UTF-8, UTF-8 with BOM and GB18030, and keeps the raw cell text', async () => {
    // Checked against Node's decoder so the test does not rely on the encoder alone: 姓名 is D0D5 C3FB in GBK.
    expect(new TextDecoder('gb18030').decode(Uint8Array.of(0xd0, 0xd5, 0xc3, 0xfb))).toBe('姓名');
    expect([...encodeGb18030('姓名')]).toEqual([0xd0, 0xd5, 0xc3, 0xfb]);
    const text =
      '姓名,身份证号,现住址\r\n张三, 440305199001011234 ,南湖区 1 栋 101\r\n,,\r\n李四,44030519900101123X,"桃源路 128 号, 3 栋"\r\n';
    const cases = [
      ['utf8.csv', Buffer.from(text), 'utf-8'],
      ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8-bom'],
      ['gbk.csv', encodeGb18030(text), 'gb18030'],
    ] as const;
    for (const [name, bytes, encoding] of cases) {
      const p = file(name, bytes);
      expect(await detectFormat(p)).toBe('csv');
      const info = await inspectLedger(p);
      expect(info).toMatchObject({ format: 'csv', encoding, delimiter: ',' });
      expect(info.sheets[0]).toMatchObject({
        name: '',
        headerRow: 1,
        headers: ['姓名', '身份证号', '现住址'],
      });
      const { rows } = await readAll(p);
      // The empty third line is skipped but counted, as a spreadsheet numbers it.
      expect(rows).toEqual([
        { sheet: '', row: 2, cells: ['张三', ' 440305199001011234 ', '南湖区 1 栋 101'] },
        { sheet: '', row: 4, cells: ['李四', '44030519900101123X', '桃源路 128 号, 3 栋'] },
      ]);
    }
  });

  it('decodes a UTF-8 file whose 64 KB sample cuts a character in two', async () => {
    const filler = 'a'.repeat(64 * 1024 - 1);
    const p = file('cut.csv', `名称\n${filler.slice(3)}姓\n`);
    expect((await inspectLedger(p)).encoding).toBe('utf-8');
  });

  it('skips a title line and finds a tab-separated header', async () => {
    const p = file('tab.csv', '南湖区户籍人口台账\n\n姓名\t公民身份号码\t出生日期\n王五\t1\t2026/3/5\n');
    const { sheets, rows } = await readAll(p, { isKnownHeader });
    expect(sheets[0]).toMatchObject({ headerRow: 3, headers: ['姓名', '公民身份号码', '出生日期'] });
    expect(rows).toEqual([{ sheet: '', row: 4, cells: ['王五', '1', '2026/3/5'] }]);
  });

  // Memory (RSS growth under 100 MB) is measured by `npm run bench -- units`: RSS in a test
  // process shared with other files' garbage says more about them than about the reader.
  it('reads 200,000 rows as a stream and reports the bytes read', async () => {
    const p = path.join(dir, 'big.csv');
    const out = fs.createWriteStream(p);
    out.write('姓名,身份证号,性别,出生日期,联系电话,现住址,户籍类别,迁入日期\n');
    for (let i = 0; i < 200_000; i += 1000) {
      let chunk = '';
      for (let j = i; j < i + 1000; j++)
        chunk += `居民${j},44030519900101${String(j % 10000).padStart(4, '0')},男,1990-01-01,138${String(j).padStart(8, '0')},"南湖区湖贝街道 桃源路 ${j % 90} 号 3 栋 ${(j % 30) + 1}01",户籍,2020-05-01\n`;
      out.write(chunk);
    }
    await new Promise((resolve) => out.end(resolve));
    const size = fs.statSync(p).size;
    let count = 0;
    let bytes = 0;
    let last: LedgerRow | null = null;
    for await (const event of readLedger(p, { onBytes: (b) => (bytes = b) })) {
      if (event.kind !== 'row') continue;
      count++;
      last = event;
    }
    expect(count).toBe(200_000);
    expect(last?.row).toBe(200_001);
    expect(last?.cells[0]).toBe('居民199999');
    expect(bytes).toBe(size);
    expect(size).toBeGreaterThan(25e6);
  });
});

describe('XLSX ledgers', () => {
  let xlsx: string;
  beforeAll(async () => {
    const workbook = new (excel().Workbook)();
    const a = workbook.addWorksheet('湖贝派出所');
    a.addRow(['湖贝派出所流动人口登记表']);
    a.addRow(['序号', '户主信息', '', '', '居住信息', '', '登记日期']);
    a.addRow(['', '姓名', '身份证号', '电话', '现住址', '房屋用途', '']);
    a.addRow([
      1,
      '张三',
      Number('440305199001011234'),
      '13800138000',
      '桃源路 1 栋 101',
      true,
      new Date(Date.UTC(2026, 2, 5)),
    ]);
    a.addRow([]);
    a.addRow([
      2,
      { richText: [{ text: '李' }, { text: '四' }] },
      '44030519900101123X',
      { formula: '13800000000+1', result: 13800000001 },
      '桃源路 2 栋 202',
      false,
      new Date(Date.UTC(2026, 2, 5, 14, 30)),
    ]);
    a.addRow([3, '王五', 44030519900101, null, '', null, 46086]);
    a.getCell('G4').numFmt = 'yyyy-mm-dd';
    a.getCell('G6').numFmt = 'yyyy-mm-dd hh:mm';
    a.mergeCells('A1:G1');
    a.mergeCells('A2:A3');
    a.mergeCells('B2:D2');
    a.mergeCells('E2:F2');
    a.mergeCells('G2:G3');
    const b = workbook.addWorksheet('说明');
    b.addRow(['姓名', '出生日期']);
    b.addRow(['赵六', { formula: 'DATE(1990,1,2)', result: 32875 }]);
    b.getCell('B2').numFmt = 'yyyy"年"m"月"d"日"';
    xlsx = path.join(dir, 'ledger.data');
    await workbook.xlsx.writeFile(xlsx);
  });

  it('is recognised by its content, not its name', async () => {
    expect(await detectFormat(xlsx)).toBe('xlsx');
    expect((await inspectLedger(xlsx)).encoding).toBeNull();
  });

  it('finds the header under a title and a two-level merged header, keeping the group labels', async () => {
    const info = await inspectLedger(xlsx, { isKnownHeader });
    expect(info.format).toBe('xlsx');
    expect(info.sheets.map((s) => s.name)).toEqual(['湖贝派出所', '说明']);
    expect(info.sheets[0]).toMatchObject({
      headerRow: 3,
      headers: ['序号', '姓名', '身份证号', '电话', '现住址', '房屋用途', '登记日期'],
      groups: ['', '户主信息', '户主信息', '户主信息', '居住信息', '居住信息', ''],
    });
    expect(info.sheets[0].preview).toHaveLength(3);
    expect(info.sheets[1]).toMatchObject({ headerRow: 1, headers: ['姓名', '出生日期'] });
    // Without known headers, the full lower row still wins over the group row.
    expect((await inspectLedger(xlsx)).sheets[0].headerRow).toBe(3);
  });

  it('renders cells as Excel shows them: 15-digit numbers, dates, booleans, formulas, rich text', async () => {
    const { rows } = await readAll(xlsx, { isKnownHeader });
    expect(rows).toEqual([
      {
        sheet: '湖贝派出所',
        row: 4,
        cells: ['1', '张三', '440305199001011000', '13800138000', '桃源路 1 栋 101', 'TRUE', '2026-03-05'],
      },
      {
        sheet: '湖贝派出所',
        row: 6,
        cells: [
          '2',
          '李四',
          '44030519900101123X',
          '13800000001',
          '桃源路 2 栋 202',
          'FALSE',
          '2026-03-05 14:30',
        ],
      },
      // A serial without a date style stays a number, as Excel shows it.
      { sheet: '湖贝派出所', row: 7, cells: ['3', '王五', '44030519900101', '', '', '', '46086'] },
      { sheet: '说明', row: 2, cells: ['赵六', '1990-01-02'] },
    ]);
  });

  it('reads one sheet, or the header row given', async () => {
    const { sheets, rows } = await readAll(xlsx, { sheet: '说明' });
    expect(sheets.map((s) => s.name)).toEqual(['说明']);
    expect(rows).toHaveLength(1);
    const forced = await readAll(xlsx, { sheet: '湖贝派出所', headerRow: 4 });
    expect(forced.sheets[0]).toMatchObject({
      headerRow: 4,
      headers: ['1', '张三', '440305199001011000', '13800138000', '桃源路 1 栋 101', 'TRUE', '2026-03-05'],
    });
    expect(forced.rows.map((r) => r.row)).toEqual([6, 7]);
    await expect(readAll(xlsx, { sheet: '没有' })).rejects.toMatchObject({ code: 'unknown_sheet' });
  });

  it('keeps every Chinese character of a long sheet, whatever the chunk a character falls across', async () => {
    // exceljs decodes each inflated chunk on its own; platform/exceljs.ts gives it a streaming decoder.
    const p = path.join(dir, 'long.xlsx');
    const writer = new (excel().stream.xlsx.WorkbookWriter)({ filename: p, useSharedStrings: false });
    const sheet = writer.addWorksheet('户籍人口');
    sheet.addRow(['姓名', '现住址']).commit();
    const expected: string[][] = [];
    for (let i = 0; i < 4000; i++) {
      const row = [
        `居民${'张王李赵'[i % 4]}${i}`,
        `南湖区荷坳街道新安社区 荔湾二路 ${i % 97} 号 ${i % 13} 栋 ${i % 31}01`,
      ];
      expected.push(row);
      sheet.addRow(row).commit();
    }
    sheet.commit();
    await writer.commit();
    const { rows } = await readAll(p, { isKnownHeader });
    expect(rows.map((r) => r.cells.slice(0, 2))).toEqual(expected);
  });
});

describe('sample ledgers', () => {
  it('are written deterministically and read back with their headers and row counts', {
    timeout: 180_000,
  }, async () => {
    const out = path.join(dir, 'samples');
    const written = await writeSampleLedgers(out, { seed: 1 });
    expect(written.map((w) => w.file).sort()).toEqual(
      [
        '公安-户籍人口.csv',
        '公安-流动人口.xlsx',
        '民政-低保户.xlsx',
        '市场监管-市场主体.csv',
        '城管-部件.csv',
      ].sort(),
    );
    const known = new Set([
      '姓名',
      '公民身份号码',
      '身份证号',
      '身份证号码',
      '性别',
      '出生日期',
      '联系电话',
      '手机号码',
      '现住址',
      '居住地址',
      '家庭住址',
      '户籍类别',
      '居住类别',
      '迁入日期',
      '统一社会信用代码',
      '单位名称',
      '类型',
      '负责人',
      '部件编码',
      '部件类型',
      '经度',
      '纬度',
      '权属单位',
      '状态',
    ]);
    for (const ledger of written) {
      const p = path.join(out, ledger.file);
      const info = await inspectLedger(p, { isKnownHeader: (h) => known.has(h) });
      expect(info.encoding).toBe(ledger.encoding);
      const { sheets, rows } = await readAll(p, { isKnownHeader: (h) => known.has(h) });
      expect(
        sheets.map((s) => ({ name: s.name, rows: rows.filter((r) => r.sheet === s.name).length })),
      ).toEqual(ledger.sheets);
      expect(ledger.rows).toBeGreaterThan(1000);
      expect(Object.values(ledger.defects).every((n) => n > 0)).toBe(true);
      const main = sheets[0];
      expect(main.headers.filter((h) => known.has(h)).length).toBeGreaterThanOrEqual(5);
    }
    const police = await readAll(path.join(out, '公安-流动人口.xlsx'), {
      isKnownHeader: (h) => known.has(h),
    });
    expect(police.sheets[0]).toMatchObject({
      headerRow: 3,
      groups: expect.arrayContaining(['基本信息', '居住信息']),
    });
    // IDs typed into number cells come back as Excel kept them, never with an exponent.
    const ids = police.rows.map((r) => r.cells[2]);
    expect(ids.some((id) => /^\d{15}000$/.test(id))).toBe(true);
    expect(ids.some((id) => /e/i.test(id))).toBe(false);
    // The same seed gives the same files.
    const again = path.join(dir, 'again');
    await writeSampleLedgers(again, { seed: 1 });
    for (const f of ['公安-户籍人口.csv', '城管-部件.csv', '市场监管-市场主体.csv'])
      expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f)))).toBe(true);
  });
});
