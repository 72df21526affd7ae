import { excel } from '../../platform/exceljs.ts';
import type { Lang } from '../../platform/i18n.ts';
import { CATEGORIES, categoryNamed, categoryOf, fenOf, yuan } from './disclosure.catalog.ts';
import { importMessage } from './disclosure.messages.ts';

/**
 * The statement workbook: the template a committee fills in, what an import reads and what an
 * export writes (an export imports again unchanged). Sheet 1 holds the lines, one a row under a
 * header row; sheet "余额" the opening and closing balances; sheet "类别" the category catalogue.
 * Sums are in yuan with at most two decimals and become integer fen exactly.
 */
const COLUMNS = [
  { key: 'date', header: '日期 Date', names: ['日期', 'date'] },
  { key: 'direction', header: '收支 Direction', names: ['收支', 'direction'] },
  { key: 'category', header: '类别 Category', names: ['类别', 'category'] },
  { key: 'amount', header: '金额（元） Amount (yuan)', names: ['金额', 'amount'] },
  { key: 'counterparty', header: '收付对象 Counterparty', names: ['收付对象', 'counterparty'] },
  { key: 'description', header: '摘要 Description', names: ['摘要', 'description'] },
] as const;
type Column = (typeof COLUMNS)[number]['key'];

export interface SheetLine {
  direction: 'income' | 'expense';
  category: string;
  amount: number;
  counterparty: string;
  occurredOn: string;
  description: string | null;
}

export interface SheetStatement {
  openingBalance: number;
  closingBalance: number;
  lines: SheetLine[];
}

export interface WorkbookMeta {
  estateName: string;
  period: string;
  revision: number;
  state: string;
  correctionReason: string | null;
}

export async function writeWorkbook(
  statement: SheetStatement | null,
  meta: WorkbookMeta | null,
): Promise<Buffer> {
  const workbook = new (excel().Workbook)();
  workbook.creator = 'CivicGrid';
  const sheet = workbook.addWorksheet('账目 Statement');
  sheet.columns = COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.key === 'description' || c.key === 'counterparty' ? 30 : 18,
  }));
  sheet.getRow(1).font = { bold: true };
  const lines = statement?.lines ?? [
    {
      occurredOn: '2026-07-15',
      direction: 'income' as const,
      category: 'parking',
      amount: 1_280_000,
      counterparty: '某某停车管理有限公司',
      description: '7月地面停车位收益',
    },
  ];
  for (const l of lines)
    sheet.addRow({
      date: l.occurredOn,
      direction: l.direction === 'income' ? '收入' : '支出',
      category: categoryOf(l.category)?.zh ?? l.category,
      amount: yuan(l.amount),
      counterparty: l.counterparty,
      description: l.description ?? '',
    });
  const balances = workbook.addWorksheet('余额');
  balances.columns = [
    { header: '项目 Item', key: 'item', width: 28 },
    { header: '金额（元） Amount (yuan)', key: 'amount', width: 20 },
  ];
  balances.addRow({ item: '期初余额 Opening balance', amount: yuan(statement?.openingBalance ?? 5_000_000) });
  balances.addRow({ item: '期末余额 Closing balance', amount: yuan(statement?.closingBalance ?? 6_280_000) });
  const categories = workbook.addWorksheet('类别');
  categories.columns = [
    { header: '类别 Category', key: 'zh', width: 20 },
    { header: 'English', key: 'en', width: 28 },
    { header: '代码 Code', key: 'code', width: 22 },
    { header: '收支 Direction', key: 'dir', width: 14 },
  ];
  for (const c of CATEGORIES)
    categories.addRow({
      zh: c.zh,
      en: c.en,
      code: c.code,
      dir: c.directions.map((d) => (d === 'income' ? '收入' : '支出')).join('/'),
    });
  if (meta) {
    const about = workbook.addWorksheet('说明');
    about.addRow(['小区 Estate', meta.estateName]);
    about.addRow(['期间 Period', meta.period]);
    about.addRow(['版本 Revision', meta.revision]);
    about.addRow(['状态 State', meta.state]);
    if (meta.correctionReason) about.addRow(['更正原因 Correction', meta.correctionReason]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface ImportProblem {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (v.richText)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if (v.result !== undefined) return cellText(v.result);
    if (v.text !== undefined) return String(v.text).trim();
    return '';
  }
  return String(value).trim();
}

function dayOf(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!m) return null;
  const day = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day ? null : day;
}

/**
 * Reads a filled-in template. All or nothing: either the statement, or every problem found, each
 * with its row and column; null when the file is no workbook at all.
 */
export async function readWorkbook(
  bytes: Buffer,
  range: { start: string; end: string },
  lang: Lang,
): Promise<{ statement: SheetStatement | null; problems: ImportProblem[] } | null> {
  const workbook = new (excel().Workbook)();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return null;
  const problems: ImportProblem[] = [];
  const problem = (row: number, column: string | null, code: string, params: Record<string, string> = {}) =>
    problems.push({ row, column, code, message: importMessage(code, params, lang) });
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, i) => {
    header[i] = cellText(cell.value).toLowerCase();
  });
  const index = {} as Record<Column, number>;
  const missing: string[] = [];
  for (const c of COLUMNS) {
    const at = header.findIndex((h) => h && c.names.some((n) => h.startsWith(n.toLowerCase())));
    if (at > 0) index[c.key] = at;
    else if (c.key !== 'description') missing.push(c.header);
  }
  if (missing.length > 0) {
    problem(1, null, 'missing_columns', { columns: missing.join(', ') });
    return { statement: null, problems };
  }
  const lines: SheetLine[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    if (r === 1) return;
    const get = (key: Column) => (index[key] ? cellText(row.getCell(index[key]).value) : '');
    const values = COLUMNS.map((c) => get(c.key));
    if (values.every((v) => v === '')) return;
    const dirText = get('direction').toLowerCase();
    const direction = ['收入', 'income', '收'].includes(dirText)
      ? 'income'
      : ['支出', 'expense', '支'].includes(dirText)
        ? 'expense'
        : null;
    if (!direction) problem(r, '收支 Direction', 'bad_direction');
    const category = categoryNamed(get('category'));
    if (!category) problem(r, '类别 Category', 'bad_category', { value: get('category') });
    else if (direction && !category.directions.includes(direction))
      problem(r, '类别 Category', 'wrong_direction');
    const amount = fenOf(get('amount'));
    if (amount === null || amount <= 0) problem(r, '金额 Amount', 'bad_amount', { value: get('amount') });
    const day = dayOf(get('date'));
    if (!day) problem(r, '日期 Date', 'bad_date', { value: get('date') });
    else if (day < range.start || day > range.end) problem(r, '日期 Date', 'outside_period', { value: day });
    const counterparty = get('counterparty');
    if (!counterparty) problem(r, '收付对象 Counterparty', 'no_counterparty');
    if (direction && category && amount !== null && amount > 0 && day && counterparty)
      lines.push({
        direction,
        category: category.code,
        amount,
        counterparty: counterparty.slice(0, 200),
        occurredOn: day,
        description: get('description').slice(0, 500) || null,
      });
  });
  if (lines.length === 0 && problems.length === 0) problem(2, null, 'no_lines');
  const balances = workbook.getWorksheet('余额');
  const balanceOf = (r: number, label: string) => {
    const text = balances ? cellText(balances.getRow(r).getCell(2).value) : '';
    const fen = fenOf(text);
    if (fen === null) problem(r, `余额!B${r}`, 'bad_balance', { value: label });
    return fen ?? 0;
  };
  const openingBalance = balanceOf(2, lang === 'zh' ? '期初余额' : 'Opening balance');
  const closingBalance = balanceOf(3, lang === 'zh' ? '期末余额' : 'Closing balance');
  if (problems.length > 0) return { statement: null, problems };
  return { statement: { openingBalance, closingBalance, lines }, problems };
}
