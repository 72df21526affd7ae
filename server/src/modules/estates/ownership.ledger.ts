import { AppError } from '../../platform/errors.ts';
import { cleanText, isSummaryLine, LedgerReadError, readLedger } from '../ledgers/index.ts';

/**
 * The housing department's ownership ledger (房屋产权台账) as a spreadsheet: one row per house with
 * its building, unit, room, exclusive floor area and owner, and its co-owners. Headers are matched
 * after clean-up (half-width, no spaces, units in brackets dropped), so "专有部分面积（㎡）" and
 * "专有部分面积" are one column. This file only reads text; matching to houses and people is the
 * service's.
 */
export const OWNERSHIP_COLUMNS = [
  {
    field: 'building',
    header: '楼栋',
    aliases: ['楼号', '楼栋号', '栋号', '幢号', '楼幢', '楼宇', '楼栋名称'],
  },
  { field: 'unit', header: '单元', aliases: ['单元号'] },
  { field: 'room', header: '房号', aliases: ['室号', '房间号', '房屋号', '户号', '门牌号', '房号(室号)'] },
  // The first name wins when a file has both (专有部分面积 over 建筑面积).
  {
    field: 'area',
    header: '专有部分面积(㎡)',
    aliases: ['专有部分面积', '专有面积', '套内建筑面积', '套内面积', '建筑面积', '产权面积', '面积'],
  },
  {
    field: 'ownerName',
    header: '产权人姓名',
    aliases: ['产权人', '权利人', '权利人姓名', '业主姓名', '所有权人'],
  },
  {
    field: 'ownerIdNumber',
    header: '产权人身份证号',
    aliases: [
      '产权人身份证号码',
      '产权人证件号码',
      '权利人身份证号',
      '权利人证件号码',
      '身份证号',
      '身份证号码',
      '证件号码',
    ],
  },
  { field: 'coOwnerNames', header: '共有人姓名', aliases: ['共有人', '共有权人', '共有权人姓名'] },
  {
    field: 'coOwnerIdNumbers',
    header: '共有人身份证号',
    aliases: ['共有人身份证号码', '共有人证件号码', '共有权人身份证号', '共有权人证件号码'],
  },
] as const;
export type OwnershipField = (typeof OWNERSHIP_COLUMNS)[number]['field'];
export const REQUIRED_COLUMNS: OwnershipField[] = ['building', 'room', 'area', 'ownerName', 'ownerIdNumber'];

const headerKey = (header: string) =>
  cleanText(header)
    .replace(/\s+/g, '')
    .replace(/\((㎡|m²|m2|平方米|平米)\)$/i, '');
/** Header → field and rank (lower wins when two columns name one field). */
const byHeader = new Map<string, { field: OwnershipField; rank: number }>();
for (const c of OWNERSHIP_COLUMNS)
  [c.header, ...c.aliases].forEach((h, rank) => {
    const key = headerKey(h);
    if (!byHeader.has(key)) byHeader.set(key, { field: c.field, rank });
  });

export const isOwnershipHeader = (header: string) => byHeader.has(headerKey(header));

/** The column index of each field in a sheet's header row (the best-ranked name per field). */
export function columnsOf(headers: string[]): Partial<Record<OwnershipField, number>> {
  const found: Partial<Record<OwnershipField, { index: number; rank: number }>> = {};
  headers.forEach((h, index) => {
    const hit = byHeader.get(headerKey(h));
    if (!hit) return;
    const seen = found[hit.field];
    if (!seen || hit.rank < seen.rank) found[hit.field] = { index, rank: hit.rank };
  });
  const out: Partial<Record<OwnershipField, number>> = {};
  for (const [field, v] of Object.entries(found)) out[field as OwnershipField] = v.index;
  return out;
}

/** The largest exclusive area a house may have in the ledger: 10 000 m² (a typo beyond that). */
export const MAX_AREA = 10_000_00;

/**
 * "89.5", "89.50㎡", "１２０．３" → hundredths of m², through the digits only (never a float); null
 * when not above 0, more than two decimals, or above `MAX_AREA`.
 */
export function ledgerArea(text: string): number | null {
  const t = cleanText(text)
    .replace(/\s+/g, '')
    .replace(/(㎡|m²|m2|平方米|平米)$/i, '');
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const value = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return value > 0 && value <= MAX_AREA ? value : null;
}

const stripZeros = (digits: string) => digits.replace(/^0+(?=\d)/, '');

/**
 * A building's key for matching: what is left after the estate's name, as "prefix|number" when it
 * ends in a number ("3栋", "3号楼", "3幢", "3座", "3#", "A3栋" → "|3", "|3", "|3", "|3", "|3",
 * "a|3"), else the whole text. The registry's "桃源小区3栋" and the ledger's "3号楼" meet at "|3".
 */
export function buildingKey(name: string, estateName: string): string {
  let t = cleanText(name).replace(/\s+/g, '').toLowerCase();
  const estate = cleanText(estateName).replace(/\s+/g, '').toLowerCase();
  if (estate && t.startsWith(estate) && t.length > estate.length) t = t.slice(estate.length);
  const m = /^(.*?)(\d+)(号楼|号栋|栋|幢|座|号|楼|#)?$/.exec(t);
  if (!m) return t;
  return `${m[1].replace(/[-_]$/, '')}|${stripZeros(m[2])}`;
}

/**
 * A room as unit and number: "1单元502", "1-502", "502室", with a unit column "1单元"/"1" → unit
 * "1", room "502"; letters kept ("502A"). The registry's rooms are read the same way.
 */
export function roomKey(roomText: string, unitText = ''): { unit: string | null; room: string } {
  let room = cleanText(roomText).replace(/\s+/g, '').toUpperCase();
  room = room.replace(/(室|房|号|户)$/, '');
  let unit: string | null = null;
  const m = /^(\d+)(?:单元|-|－|_)(.+)$/.exec(room);
  if (m) {
    unit = stripZeros(m[1]);
    room = m[2];
  }
  const u = cleanText(unitText).replace(/\s+/g, '').replace(/单元$/, '');
  if (u) unit = /^\d+$/.test(u) ? stripZeros(u) : u;
  return { unit, room: /^\d+[A-Z]?$/.test(room) ? stripZeros(room) : room };
}

/** "张三、李四" / "张三;李四" / "张三 / 李四" → ["张三", "李四"]. */
export function splitList(text: string): string[] {
  return cleanText(text)
    .split(/[、,;，；/|\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const PAIR = /([^\s,;、，；/|()（）:：0-9]+)\s*[(（:：]?\s*(\d{17}[\dXx])\s*[)）]?/g;

/**
 * Co-owners from their columns: names and ID numbers paired by position; or, with only a names
 * column, "李四（110101…）；王五（…）" read as pairs. `null` when they do not pair up.
 */
export function coOwnersOf(namesText: string, idsText: string): { name: string; idNumber: string }[] | null {
  const none = (t: string) => /^(无|没有|\/|-|—|－)?$/.test(cleanText(t).replace(/\s+/g, ''));
  if (none(namesText) && none(idsText)) return [];
  const ids = splitList(idsText);
  if (ids.length === 0) {
    const text = cleanText(namesText);
    if (!/\d/.test(text)) return text === '' ? [] : null;
    const pairs = [...text.matchAll(PAIR)].map((m) => ({ name: m[1], idNumber: m[2] }));
    return pairs.length > 0 ? pairs : null;
  }
  const names = splitList(namesText);
  if (names.length !== ids.length) return null;
  return names.map((name, i) => ({ name, idNumber: ids[i] }));
}

export interface ReadRow {
  row: number;
  sheet: string;
  values: Partial<Record<OwnershipField, string>>;
}

/** The rows of every sheet that has the required columns; refused when no sheet has them. */
export async function readRows(file: string): Promise<ReadRow[]> {
  const rows: ReadRow[] = [];
  let columns: Partial<Record<OwnershipField, number>> | null = null;
  let missing: OwnershipField[] | null = null;
  try {
    for await (const event of readLedger(file, { isKnownHeader: isOwnershipHeader })) {
      if (event.kind === 'sheet') {
        // A sheet without the required columns (a note, a summary) is passed over.
        const found = columnsOf(event.sheet.headers);
        const lacking = REQUIRED_COLUMNS.filter((f) => found[f] === undefined);
        columns = lacking.length === 0 ? found : null;
        if (lacking.length > 0 && (missing === null || lacking.length < missing.length)) missing = lacking;
        continue;
      }
      if (!columns) continue;
      const values: Partial<Record<OwnershipField, string>> = {};
      for (const [field, index] of Object.entries(columns))
        values[field as OwnershipField] = cleanText(event.cells[index] ?? '');
      if (Object.values(values).every((v) => v === '')) continue;
      // "合计：120户", "制表人：王五" under the data: not a house.
      if (!values.room && !values.ownerIdNumber && isSummaryLine(event.cells)) continue;
      rows.push({ row: event.row, sheet: event.sheet, values });
    }
  } catch (error) {
    if (error instanceof LedgerReadError)
      throw new AppError('ownership_import_unreadable', { reason: error.message });
    throw error;
  }
  if (rows.length === 0 && missing)
    throw new AppError('ownership_import_columns', { columns: missing.join(', ') });
  return rows;
}
