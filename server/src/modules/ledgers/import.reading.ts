import type { Db } from '../../db/database.ts';
import type { LedgerColumn, LedgerEntity } from '../../db/types.ts';
import { idNumberFacts, maskIdNumber, maskPhone } from '../registry/index.ts';
import { type Adapter, areaNames } from './adapters.ts';
import { type CodeTables, FIELDS, type FieldSpec, isKnownHeader } from './fields.ts';
import {
  IMPORT_KEYS_MB,
  type Import,
  type LedgerContext,
  type MappedRow,
  type RowProblem,
} from './import.model.ts';
import * as writes from './import.repository.ts';
import { KeyTable } from './key-table.ts';
import { loadBuildings, loadOrgPlaces, orgAdapter } from './org.adapter.ts';
import { loadHouses, personAdapter } from './person.adapter.ts';
import { readLedger } from './reader.ts';
import { thingAdapter } from './thing.adapter.ts';
import { CodeTable, cleanText, isSummaryLine } from './transforms.ts';

// ---------------------------------------------------------------------------------------------
// Reading: cells → field values → placed, keyed rows

export async function codeTables(db: Db): Promise<CodeTables> {
  const tags = await writes.tagNames(db);
  return { tags: new CodeTable(Object.fromEntries(tags.map((t) => [t.code, [t.name_zh, t.name_en]]))) };
}

export async function adapterFor(
  ctx: LedgerContext,
  entity: LedgerEntity,
  areaCode: string,
): Promise<Adapter> {
  const names = await areaNames(ctx.db);
  if (entity === 'person') return personAdapter(ctx.pii, await loadHouses(ctx.db, areaCode), names);
  const locator = await ctx.gridIndex.current();
  if (entity === 'org')
    return orgAdapter(
      locator,
      areaCode,
      await loadBuildings(ctx.db, areaCode),
      await loadOrgPlaces(ctx.db, areaCode),
      names,
    );
  return thingAdapter(locator, areaCode);
}

/** A cell cleanText would leave empty. */
export const BLANK = /^[\s\u00a0\u200b\ufeff\u3000]*$/;

export const headerKey = (h: string) => cleanText(h).toLowerCase().replace(/\s+/g, '');

/** What a problem shows of the cell: ID and phone numbers masked, long text cut. */
export function shownValue(field: string, raw: string): string {
  const text = cleanText(raw);
  if (field === 'idNumber') return maskIdNumber(text.replace(/\s/g, ''));
  if (field === 'phone' || field === 'contactPhone') return maskPhone(text.replace(/\s/g, ''));
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

export interface BoundColumn {
  header: string;
  index: number;
  spec: FieldSpec;
}

/** A sheet's columns bound to fields, or the problem that rules the sheet out. */
export function bindSheet(
  entity: LedgerEntity,
  columns: LedgerColumn[],
  defaults: Record<string, unknown>,
  headers: string[],
) {
  const index = new Map(headers.map((h, i) => [headerKey(h), i]));
  const bound: BoundColumn[] = [];
  const missing: string[] = [];
  for (const column of columns) {
    const spec = FIELDS[entity].find((f) => f.key === column.field);
    if (!spec) continue;
    const i = index.get(headerKey(column.header));
    if (i === undefined) missing.push(column.header);
    else bound.push({ header: column.header, index: i, spec });
  }
  const unbound = FIELDS[entity].filter(
    (f) => f.required && defaults[f.key] === undefined && !bound.some((b) => b.spec.key === f.key),
  );
  return { bound, missing, unbound };
}

export function readValues(
  entity: LedgerEntity,
  bound: BoundColumn[],
  cells: string[],
  defaults: Record<string, unknown>,
  tables: CodeTables,
): { values: Record<string, unknown>; problems: RowProblem[]; notes: RowProblem[] } {
  // Not `{ ...defaults }`: V8 keeps an object that gains properties after a spread as a slow dictionary.
  const values: Record<string, unknown> = Object.assign({}, defaults);
  const problems: RowProblem[] = [];
  const notes: RowProblem[] = [];
  for (const column of bound) {
    const raw = cells[column.index] ?? '';
    if (BLANK.test(raw)) continue;
    const parsed = column.spec.parse(raw, tables);
    if (!parsed.ok) {
      problems.push({ column: column.header, code: parsed.problem, value: shownValue(column.spec.key, raw) });
    } else if (column.spec.key === 'tags') {
      values.tags = [...new Set([...((defaults.tags as string[]) ?? []), ...(parsed.value as string[])])];
    } else {
      values[column.spec.key] = parsed.value;
      if (column.spec.normalises && parsed.value !== cleanText(raw))
        notes.push({
          column: column.header,
          code: 'name_normalised',
          value: shownValue(column.spec.key, raw),
          detail: { to: parsed.value },
        });
    }
  }
  for (const spec of FIELDS[entity]) {
    if (!spec.required || values[spec.key] !== undefined) continue;
    const column = bound.find((b) => b.spec.key === spec.key);
    if (!problems.some((p) => p.column === column?.header))
      problems.push({ column: column?.header ?? spec.zh, code: 'missing_required', value: null });
  }
  if (entity === 'person' && typeof values.idNumber === 'string') {
    // The number was checked as it was read.
    const id = idNumberFacts(values.idNumber);
    const cell = (key: string) => {
      const column = bound.find((b) => b.spec.key === key);
      return {
        column: column?.header ?? null,
        value: column ? cleanText(cells[column.index] ?? '') : null,
      };
    };
    if (values.sex !== undefined && values.sex !== id.sex)
      problems.push({ ...cell('sex'), code: 'sex_mismatch' });
    if (values.birthDate !== undefined && values.birthDate !== id.birthDate)
      problems.push({ ...cell('birthDate'), code: 'birth_date_mismatch' });
    values.sex = id.sex;
    values.birthDate = id.birthDate;
  }
  return { values, problems, notes };
}

/**
 * Every data row of the file, in order, with its problems or its prepared values. Rows of a sheet
 * whose headers lack a mapped column are reported once, on the header row.
 */
export async function* mappedRows(
  imp: Import,
  entity: LedgerEntity,
  adapter: Adapter,
  tables: CodeTables,
  onBytes: (bytes: number) => void,
): AsyncGenerator<MappedRow> {
  let seq = 0;
  let bound: BoundColumn[] | null = null;
  // Where each key was first seen, as sheet index × 2³² + row: a number per row, not a string. In
  // typed arrays, not a Map: a million ID numbers as strings in a Map took ~120 MB of the heap.
  const firstRowOfKey = new KeyTable({ maxBytes: IMPORT_KEYS_MB * 2 ** 20 });
  const sheets: string[] = [];
  const { columns, defaults } = imp.mapping;
  for await (const event of readLedger(imp.file_path, {
    sheet: imp.sheet ?? undefined,
    headerRow: imp.header_row ?? undefined,
    isKnownHeader: isKnownHeader(entity),
    onBytes,
  })) {
    if (event.kind === 'sheet') {
      sheets.push(event.sheet.name);
      const sheet = bindSheet(entity, columns, defaults, event.sheet.headers);
      // A sheet that has none of the mapped columns is not part of the ledger (a notes sheet…).
      if (sheet.bound.length === 0) {
        bound = null;
        seq++;
        const note = { column: null, code: 'skipped_sheet', value: null };
        yield {
          seq,
          sheet: event.sheet.name,
          row: event.sheet.headerRow,
          problems: [],
          notes: [note],
          skipped: true,
        };
        continue;
      }
      bound = sheet.bound;
      if (sheet.unbound.length > 0) {
        seq++;
        yield {
          seq,
          sheet: event.sheet.name,
          row: event.sheet.headerRow,
          problems: sheet.unbound.map((f) => ({ column: f.zh, code: 'missing_column', value: null })),
        };
        bound = null;
      }
      continue;
    }
    if (!bound) continue;
    seq++;
    const { values, problems, notes } = readValues(entity, bound, event.cells, defaults, tables);
    if (problems.length > 0 && isSummaryLine(event.cells)) {
      const note = {
        column: null,
        code: 'skipped_summary_line',
        value: shownValue('', event.cells.join(' ')),
      };
      yield { seq, sheet: event.sheet, row: event.row, problems: [], notes: [note], skipped: true };
      continue;
    }
    if (problems.length > 0) {
      yield { seq, sheet: event.sheet, row: event.row, problems, notes };
      continue;
    }
    const placed = adapter.prepare(values);
    if (!placed.ok) {
      const column = bound.find((b) => b.spec.key === placed.column)?.header ?? placed.column;
      const cell = bound.find((b) => b.spec.key === placed.column);
      yield {
        seq,
        sheet: event.sheet,
        row: event.row,
        problems: [
          {
            column,
            code: placed.code,
            value: cell ? shownValue(placed.column, event.cells[cell.index] ?? '') : null,
          },
        ],
        notes,
      };
      continue;
    }
    // Added here when absent: the key's bytes are copied into the table, which keeps no string (cell
    // text can be a slice of the chunk it was parsed from, and would keep every chunk in memory).
    const first = firstRowOfKey.addIfAbsent(placed.row.key, (sheets.length - 1) * 2 ** 32 + event.row);
    if (first !== undefined) {
      const sheet = sheets[Math.floor(first / 2 ** 32)];
      const firstRow = `${sheet ? `${sheet}!` : ''}${first % 2 ** 32}`;
      yield {
        seq,
        sheet: event.sheet,
        row: event.row,
        problems: [{ column: null, code: 'duplicate_row', value: null, detail: { firstRow } }],
        notes,
      };
      continue;
    }
    yield { seq, sheet: event.sheet, row: event.row, problems: [], notes, prepared: placed.row };
  }
}
