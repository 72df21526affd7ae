/**
 * How a spreadsheet cell becomes a value: the clean-ups every ledger needs (trim, full-width to
 * half-width, the five ways people type a date, code tables). Each returns the value or a problem
 * code from docs/ledgers.md.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Full-width ASCII (U+FF01–FF5E) to half-width, the ideographic space to a plain one. */
export function halfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** Half-width, trimmed, inner runs of white space (incl. no-break spaces) made one space. */
export function cleanText(raw: string): string {
  return halfWidth(raw)
    .replace(/[\s\u00a0\u200b\ufeff]+/g, ' ')
    .trim();
}

/**
 * A long number Excel showed in scientific notation and saved that way (4.40305E+17): the digits
 * after the sixth are gone, so the value cannot be repaired here, only exported again as text.
 */
export function excelMangled(raw: string): boolean {
  return /^[+-]?\d+(\.\d+)?e\+?\d+$/i.test(cleanText(raw).replace(/\s/g, ''));
}

// What departments write under the data: totals, who prepared and checked the sheet, when.
const SUMMARY_WORDS =
  /^(合计|总计|小计|共计|累计|制表人|制表|填表人|填报人|审核人|审核|负责人|单位负责人|统计人|经办人|报送日期|填报日期|制表日期|共\d+)/;

/**
 * A line under the data rather than a row of it: its first filled cell starts with a summary word
 * ("合计：8人", "制表人：王五"), or its only filled cell is a date. The import skips such a line only
 * when it would otherwise be rejected, so a real row is never taken for one.
 */
export function isSummaryLine(cells: string[]): boolean {
  const filled = cells.map((c) => cleanText(c).replace(/\s/g, '')).filter((c) => c !== '');
  if (filled.length === 0) return false;
  if (SUMMARY_WORDS.test(filled[0])) return true;
  return (
    filled.length === 1 &&
    (/^\d{4}[-/.年]/.test(filled[0]) || /^\d{8}$/.test(filled[0])) &&
    parseDate(filled[0].replace(/^(日期|时间)[:：]/, '')).ok
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

function realDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  if (year < 1900 || year > 2100) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Days since 1899-12-30, Excel's day 0 (which counts the 1900 leap-year bug in). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A calendar date typed any of the ways ledgers hold them: 2026-03-05, 2026/3/5, 2026.3.5,
 * 2026年3月5日, 20260305, 5/3/2026 (day first, as Chinese offices that copy European forms do — a
 * month above 12 is then impossible, not swapped), an Excel serial (45356), and a date-time whose
 * time is dropped. `bad_date` when the text is no date; `impossible_date` when it names none (2月30日).
 */
export function parseDate(raw: string): Parsed<string> {
  const text = cleanText(raw).replace(/\s+\d{1,2}:\d{2}(:\d{2})?$/, '');
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) {
    const date = realDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return date ? { ok: true, value: date } : { ok: false, problem: 'impossible_date' };
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (m) {
    const date = realDate(Number(m[3]), Number(m[2]), Number(m[1]));
    return date ? { ok: true, value: date } : { ok: false, problem: 'impossible_date' };
  }
  if (/^\d{5}(\.0+)?$/.test(text)) {
    const serial = Number(text);
    if (serial >= 1 && serial < 73_051) {
      const d = new Date(EXCEL_EPOCH + serial * 86_400_000);
      return { ok: true, value: d.toISOString().slice(0, 10) };
    }
  }
  return { ok: false, problem: 'bad_date' };
}

export function parseNumber(raw: string): Parsed<number> {
  const text = cleanText(raw).replace(/,/g, '');
  if (!/^[-+]?\d+(\.\d+)?$/.test(text)) return { ok: false, problem: 'bad_number' };
  return { ok: true, value: Number(text) };
}

/** A code table: the words people type for a value, matched after clean-up and ignoring case. */
export class CodeTable {
  private readonly byWord = new Map<string, string>();

  constructor(entries: Record<string, string[]>) {
    for (const [code, words] of Object.entries(entries)) {
      for (const word of [code, ...words]) this.byWord.set(CodeTable.key(word), code);
    }
  }

  private static key(word: string) {
    return cleanText(word).toLowerCase().replace(/\s+/g, '');
  }

  parse(raw: string): Parsed<string> {
    const code = this.byWord.get(CodeTable.key(raw));
    return code ? { ok: true, value: code } : { ok: false, problem: 'unknown_code' };
  }

  /** Several codes in one cell, separated by 、，,;；/ or spaces. */
  parseList(raw: string): Parsed<string[]> {
    const codes: string[] = [];
    for (const part of cleanText(raw).split(/[、，,;；/\s]+/)) {
      if (!part) continue;
      const parsed = this.parse(part);
      if (!parsed.ok) return parsed;
      if (!codes.includes(parsed.value)) codes.push(parsed.value);
    }
    return { ok: true, value: codes };
  }
}

/**
 * The key an address is matched on: half-width, no spaces or punctuation, and the words people use
 * interchangeably made one (号楼/栋/幢/座 → 栋; 室/房/号房 dropped at the end).
 */
export function addressKey(raw: string): string {
  return cleanText(raw)
    .replace(/[\s,，.。、·\-—_()（）#]/g, '')
    .replace(/(号楼|幢|座|楼栋)/g, '栋')
    .replace(/(号房|房|室)$/g, '')
    .toUpperCase();
}
