import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { getSetting } from '../../db/settings.ts';
import type {
  FieldSource,
  FieldSources,
  LedgerColumn,
  LedgerEntity,
  LedgerTypesTable,
} from '../../db/types.ts';
import type { Pii } from '../../platform/pii.ts';
import type { GridIndex } from '../areas/index.ts';
import type { Changes } from '../registry/index.ts';
import { idNumberFacts, maskIdNumber, maskPhone, releaseHead } from '../registry/index.ts';
import { type Adapter, areaNames, type ExistingRow, type Prepared } from './adapters.ts';
import { type CodeTables, FIELDS, type FieldSpec, isKnownHeader } from './fields.ts';
import * as writes from './import.repository.ts';
import * as repo from './ledgers.repository.ts';
import { loadBuildings, loadOrgPlaces, orgAdapter } from './org.adapter.ts';
import { loadHouses, personAdapter } from './person.adapter.ts';
import { readLedger } from './reader.ts';
import { thingAdapter } from './thing.adapter.ts';
import { CodeTable, cleanText } from './transforms.ts';

/**
 * The import itself, for the web and the command line alike: a validation pass that reads the
 * whole file and writes nothing but the import's own problems and counts, then a commit pass that
 * reads it again and writes the valid rows in batches. See docs/ledgers.md for the guarantees.
 */

export interface LedgerContext {
  db: Db;
  pii: Pii;
  gridIndex: GridIndex;
}

export const BATCH_ROWS = 2_500;

export interface Progress {
  phase: 'validating' | 'importing';
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportRules {
  /** Which value is current when two sources disagree. */
  current: 'most_recent' | 'priority';
}

export const DEFAULT_RULES: ImportRules = { current: 'most_recent' };

/** A manual edit outranks every ledger under the priority rule: someone checked it on site. */
const MANUAL_PRIORITY = 1_000_000;

type Import = NonNullable<Awaited<ReturnType<typeof repo.findImport>>>;
type LedgerType = Pick<LedgerTypesTable, 'code' | 'entity' | 'priority'> & { priority: number };

interface RowProblem {
  column: string | null;
  code: string;
  value: string | null;
  detail?: Record<string, unknown>;
}

interface MappedRow {
  seq: number;
  sheet: string;
  row: number;
  problems: RowProblem[];
  prepared?: Prepared;
}

// ---------------------------------------------------------------------------------------------
// Reading: cells → field values → placed, keyed rows

async function codeTables(db: Db): Promise<CodeTables> {
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

const ownCopy = (text: string) => Buffer.from(text, 'utf8').toString('utf8');

/** A cell cleanText would leave empty. */
const BLANK = /^[\s\u00a0\u200b\ufeff\u3000]*$/;

const headerKey = (h: string) => cleanText(h).toLowerCase().replace(/\s+/g, '');

/** What a problem shows of the cell: ID and phone numbers masked, long text cut. */
function shownValue(field: string, raw: string): string {
  const text = cleanText(raw);
  if (field === 'idNumber') return maskIdNumber(text.replace(/\s/g, ''));
  if (field === 'phone' || field === 'contactPhone') return maskPhone(text.replace(/\s/g, ''));
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

interface BoundColumn {
  header: string;
  index: number;
  spec: FieldSpec;
}

/** A sheet's columns bound to fields, or the problem that rules the sheet out. */
function bindSheet(
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

function readValues(
  entity: LedgerEntity,
  bound: BoundColumn[],
  cells: string[],
  defaults: Record<string, unknown>,
  tables: CodeTables,
): { values: Record<string, unknown>; problems: RowProblem[] } {
  // Not `{ ...defaults }`: V8 keeps an object that gains properties after a spread as a slow dictionary.
  const values: Record<string, unknown> = Object.assign({}, defaults);
  const problems: RowProblem[] = [];
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
  return { values, problems };
}

/**
 * Every data row of the file, in order, with its problems or its prepared values. Rows of a sheet
 * whose headers lack a mapped column are reported once, on the header row.
 */
async function* mappedRows(
  imp: Import,
  entity: LedgerEntity,
  adapter: Adapter,
  tables: CodeTables,
  onBytes: (bytes: number) => void,
): AsyncGenerator<MappedRow> {
  let seq = 0;
  let bound: BoundColumn[] | null = null;
  // Where each key was first seen, as sheet index × 2³² + row: a number per row, not a string.
  const firstRowOfKey = new Map<string, number>();
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
    const { values, problems } = readValues(entity, bound, event.cells, defaults, tables);
    if (problems.length > 0) {
      yield { seq, sheet: event.sheet, row: event.row, problems };
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
      };
      continue;
    }
    const first = firstRowOfKey.get(placed.row.key);
    if (first !== undefined) {
      const sheet = sheets[Math.floor(first / 2 ** 32)];
      const firstRow = `${sheet ? `${sheet}!` : ''}${first % 2 ** 32}`;
      yield {
        seq,
        sheet: event.sheet,
        row: event.row,
        problems: [{ column: null, code: 'duplicate_row', value: null, detail: { firstRow } }],
      };
      continue;
    }
    // A copy of the key: cell text can be a slice of the chunk it was parsed from, and keeping the
    // slice for the whole file would keep every chunk of the file in memory.
    firstRowOfKey.set(ownCopy(placed.row.key), (sheets.length - 1) * 2 ** 32 + event.row);
    yield { seq, sheet: event.sheet, row: event.row, problems: [], prepared: placed.row };
  }
}

// ---------------------------------------------------------------------------------------------
// Deciding: what a row changes on the record it matches

export interface Decision {
  changes: Changes;
  set: Record<string, unknown>;
  before: Record<string, unknown>;
  sources: FieldSources;
  tagsToAdd: string[];
  conflicts: { field: string; candidates: ReturnType<typeof candidate>[]; currentIndex: number }[];
}

function candidate(
  source: FieldSource | undefined,
  value: { shown: unknown; columns: Record<string, unknown> },
) {
  return {
    source: source?.source ?? 'unknown',
    ledgerType: source?.source === 'ledger' ? source.ledgerType : null,
    importId: source?.source === 'ledger' ? source.importId : null,
    row: source?.source === 'ledger' ? source.row : null,
    at: source?.at ?? null,
    value: value.shown,
    // What restores the value if a reviewer chooses it (encrypted where the record keeps it so).
    columns: { ...value.columns },
  };
}

export function decide(
  adapter: Adapter,
  type: LedgerType,
  priorities: Map<string, number>,
  rules: ImportRules,
  existing: ExistingRow,
  row: Prepared,
  source: FieldSource,
): Decision {
  const d: Decision = { changes: {}, set: {}, before: {}, sources: {}, tagsToAdd: [], conflicts: [] };
  for (const field of adapter.fields) {
    const incoming = adapter.incoming(row, field);
    if (!incoming) continue;
    const current = adapter.current(existing, field);
    if (field === 'tags') {
      const have = current.shown as string[];
      const add = (incoming.shown as string[]).filter((t) => !have.includes(t));
      if (add.length === 0) continue;
      d.tagsToAdd = add;
      d.changes.tags = [have, [...have, ...add].sort()];
      d.before.tags = have;
      d.sources.tags = source;
      continue;
    }
    if (current.cmp === incoming.cmp) continue;
    const previous = existing.field_sources?.[field];
    const rival =
      previous !== undefined && !(previous.source === 'ledger' && previous.ledgerType === type.code);
    let apply = true;
    if (rival && current.cmp !== null) {
      if (rules.current === 'priority') {
        const theirs =
          previous.source === 'ledger' ? (priorities.get(previous.ledgerType) ?? 0) : MANUAL_PRIORITY;
        apply = type.priority >= theirs;
      }
      d.conflicts.push({
        field,
        candidates: [candidate(previous, current), candidate(source, incoming)],
        currentIndex: apply ? 1 : 0,
      });
    }
    if (!apply) continue;
    d.changes[field] = [current.shown, incoming.shown];
    Object.assign(d.before, current.columns);
    Object.assign(d.set, incoming.columns);
    d.sources[field] = source;
  }
  if (Object.keys(d.changes).length > 0) d.before.field_sources = existing.field_sources ?? {};
  return d;
}

// ---------------------------------------------------------------------------------------------
// Writing one batch

async function writeBatch(
  trx: Db,
  imp: Import,
  type: LedgerType,
  adapter: Adapter,
  priorities: Map<string, number>,
  rules: ImportRules,
  rows: MappedRow[],
  lastSeq: number,
  /** Settles when the batch before has committed (or failed, which fails this one). */
  earlier: Promise<void>,
) {
  const prepared = rows.map((r) => r.prepared as Prepared);
  const existing = await adapter.findExisting(trx, prepared, true);
  const at = new Date().toISOString();
  const inserts: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  const history: { record_id: string; version: number; row: number; changes: Changes }[] = [];
  const undo: { record_id: string; version_after: number; before: Record<string, unknown> | null }[] = [];
  const tags: { person_id: string; tag_code: string }[] = [];
  const conflicts: { record_id: string; field: string; candidates: unknown[]; current_index: number }[] = [];
  let unchanged = 0;
  const leftHousehold: string[] = [];

  for (const r of rows) {
    const row = r.prepared as Prepared;
    const source: FieldSource = { source: 'ledger', ledgerType: type.code, importId: imp.id, row: r.row, at };
    const match = existing.get(row.key);
    if (!match) {
      const id = randomUUID();
      const columns = adapter.insertColumns(row);
      const sources: FieldSources = {};
      const changes: Changes = {};
      for (const field of adapter.fields) {
        const value = adapter.incoming(row, field);
        if (!value || value.shown === null || value.shown === undefined) continue;
        sources[field] = source;
        changes[field] = [null, value.shown];
      }
      changes.gridCode = [null, columns.grid_code];
      if (columns.id_number_mask) changes.idNumber = [null, columns.id_number_mask];
      inserts.push({ ...columns, id, field_sources: sources });
      for (const tag of (row.values.tags as string[] | undefined) ?? [])
        tags.push({ person_id: id, tag_code: tag });
      history.push({ record_id: id, version: 1, row: r.row, changes });
      undo.push({ record_id: id, version_after: 1, before: null });
      continue;
    }
    const d = decide(adapter, type, priorities, rules, match, row, source);
    for (const c of d.conflicts)
      conflicts.push({
        record_id: match.id,
        field: c.field,
        candidates: c.candidates,
        current_index: c.currentIndex,
      });
    if (Object.keys(d.changes).length === 0) {
      unchanged++;
      continue;
    }
    const version = match.version + 1;
    if (d.set.household_id === null && match.household_id) leftHousehold.push(match.id);
    updates.push({ ...d.set, id: match.id, version, field_sources: d.sources, _keys: Object.keys(d.set) });
    for (const tag of d.tagsToAdd) tags.push({ person_id: match.id, tag_code: tag });
    history.push({ record_id: match.id, version, row: r.row, changes: d.changes });
    undo.push({ record_id: match.id, version_after: version, before: d.before });
  }

  if (inserts.length > 0) await writes.insertRecords(trx, adapter.table, adapter.columnTypes, inserts);
  // Rows that set the same columns are updated together; each keeps the record's other columns.
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const u of updates) {
    const key = (u._keys as string[]).sort().join(',');
    delete u._keys;
    const group = groups.get(key);
    if (group) group.push(u);
    else groups.set(key, [u]);
  }
  for (const [key, group] of groups)
    await writes.updateRecords(trx, adapter.table, adapter.columnTypes, key ? key.split(',') : [], group);
  for (const personId of leftHousehold) await releaseHead(trx, personId, imp.started_by);
  if (tags.length > 0) await writes.addPersonTags(trx, tags);
  if (history.length > 0) await writes.recordImportChanges(trx, imp, adapter.entity, history, undo);
  for (const c of conflicts) await repo.recordConflict(trx, adapter.entity, c);
  // The batch before commits first: the import's progress only ever covers whole, earlier batches.
  await earlier;
  await repo.recordBatch(trx, imp.id, {
    committedRows: lastSeq,
    created: inserts.length,
    updated: updates.length,
    unchanged,
  });
}

// ---------------------------------------------------------------------------------------------
// The two passes

async function ledgerTypes(db: Db) {
  const types = await writes.ledgerTypePriorities(db);
  return {
    types: new Map(types.map((t) => [t.code, t])),
    priorities: new Map(types.map((t) => [t.code, t.priority])),
  };
}

export async function importRules(db: Db): Promise<ImportRules> {
  return { ...DEFAULT_RULES, ...((await getSetting<ImportRules>(db, 'ledger_rules')) ?? {}) };
}

/** Reports progress at most every 250 ms (and the final figures when `done`). */
function throttle(onProgress: ((p: Progress) => void) | undefined) {
  let last = 0;
  return (p: Progress, done = false) => {
    const now = Date.now();
    if (!onProgress || (!done && now - last < 250)) return;
    last = now;
    onProgress(p);
  };
}

/**
 * Reads the whole file, keeps every problem, and counts what the valid rows would do (new,
 * updated, unchanged). Writes nothing to the registry.
 */
export async function validateImport(
  ctx: LedgerContext,
  importId: string,
  onProgress?: (p: Progress) => void,
) {
  const imp = await repo.findImport(ctx.db, importId);
  if (!imp) throw new Error(`no import ${importId}`);
  const { types, priorities } = await ledgerTypes(ctx.db);
  const type = types.get(imp.ledger_type) as LedgerType;
  const adapter = await adapterFor(ctx, type.entity, imp.area_code);
  const rules = await importRules(ctx.db);
  await repo.restartValidation(ctx.db, imp.id);

  const progress: Progress = { phase: 'validating', rowsRead: 0, bytesRead: 0, totalBytes: imp.file_size };
  const report = throttle(onProgress);
  const counts = { valid: 0, rejected: 0, created: 0, updated: 0, unchanged: 0 };
  let problems: repo.NewProblem[] = [];
  let batch: MappedRow[] = [];
  let lastSaved = Date.now();

  const classify = async () => {
    const existing = await adapter.findExisting(
      ctx.db,
      batch.map((r) => r.prepared as Prepared),
      false,
    );
    const source: FieldSource = { source: 'ledger', ledgerType: type.code, importId: imp.id, row: 0, at: '' };
    for (const r of batch) {
      const match = existing.get((r.prepared as Prepared).key);
      if (!match) counts.created++;
      else if (
        Object.keys(decide(adapter, type, priorities, rules, match, r.prepared as Prepared, source).changes)
          .length
      )
        counts.updated++;
      else counts.unchanged++;
    }
    batch = [];
  };

  for await (const r of mappedRows(imp, type.entity, adapter, await codeTables(ctx.db), (bytes) => {
    progress.bytesRead = bytes;
  })) {
    progress.rowsRead++;
    if (r.problems.length > 0) {
      counts.rejected++;
      for (const p of r.problems) problems.push({ sheet: r.sheet, row: r.row, ...p });
      if (problems.length >= 1_000) {
        await repo.insertProblems(ctx.db, imp.id, problems);
        problems = [];
      }
    } else {
      counts.valid++;
      batch.push(r);
      if (batch.length >= BATCH_ROWS) await classify();
    }
    report(progress);
    if (Date.now() - lastSaved > 1_000) {
      lastSaved = Date.now();
      await repo.saveProgress(ctx.db, imp.id, progress.rowsRead, progress.bytesRead);
    }
  }
  if (batch.length > 0) await classify();
  await repo.insertProblems(ctx.db, imp.id, problems);
  progress.bytesRead = imp.file_size;
  report(progress, true);
  await repo.finishValidation(ctx.db, imp.id, progress.rowsRead, counts);
  return counts;
}

/**
 * Writes the valid rows, 2,500 per transaction, each recording how far it got; after a crash it
 * starts again after the last committed batch. Rows validation rejected are skipped.
 */
export async function commitImport(ctx: LedgerContext, importId: string, onProgress?: (p: Progress) => void) {
  const imp = await repo.findImport(ctx.db, importId);
  if (!imp) throw new Error(`no import ${importId}`);
  const { types, priorities } = await ledgerTypes(ctx.db);
  const type = types.get(imp.ledger_type) as LedgerType;
  const adapter = await adapterFor(ctx, type.entity, imp.area_code);
  const rules = await importRules(ctx.db);
  const rejected = await repo.rejectedRows(ctx.db, imp.id);
  const resumeAfter = imp.committed_rows;
  await repo.startCommit(ctx.db, imp.id);

  const progress: Progress = { phase: 'importing', rowsRead: 0, bytesRead: 0, totalBytes: imp.file_size };
  const report = throttle(onProgress);
  let batch: MappedRow[] = [];
  let lastSeq = resumeAfter;
  // Batches are written while the next are read, and for people two at once, each in its own
  // transaction: PostgreSQL's inserts are the bottleneck, and two use both cores. A batch commits
  // only after the one before it, so committed_rows always covers exactly the committed batches.
  // Organizations and components go one at a time: a row may match the record the batch before
  // it creates (by name, or within 5 m), which it must see.
  const parallel = type.entity === 'person' ? 2 : 1;
  const writing: Promise<void>[] = [];
  let previous: Promise<void> = Promise.resolve();
  const flush = async () => {
    const rows = batch;
    const upTo = lastSeq;
    const read = { ...progress };
    batch = [];
    while (writing.length >= parallel) await writing.shift();
    const earlier = previous;
    const written = ctx.db
      .transaction()
      .execute((trx) => writeBatch(trx, imp, type, adapter, priorities, rules, rows, upTo, earlier))
      .then(() => repo.saveProgress(ctx.db, imp.id, read.rowsRead, read.bytesRead))
      .then(() => undefined);
    // Observed when awaited; not an unhandled rejection meanwhile.
    written.catch(() => {});
    writing.push(written);
    previous = written;
  };

  for await (const r of mappedRows(imp, type.entity, adapter, await codeTables(ctx.db), (bytes) => {
    progress.bytesRead = bytes;
  })) {
    progress.rowsRead++;
    report(progress);
    if (r.seq <= resumeAfter) continue;
    lastSeq = r.seq;
    if (rejected.has(`${r.sheet}\u0000${r.row}`)) continue;
    // A row valid at validation that is not any more (its house retired meanwhile…) is reported now.
    if (r.problems.length > 0) {
      await repo.insertProblems(
        ctx.db,
        imp.id,
        r.problems.map((p) => ({ sheet: r.sheet, row: r.row, ...p })),
      );
      await repo.countLateRejection(ctx.db, imp.id);
      continue;
    }
    batch.push(r);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  for (const written of writing) await written;
  progress.bytesRead = imp.file_size;
  report(progress, true);
  await repo.finishCommit(ctx.db, imp.id);
}
