import type { Db } from '../../db/database.ts';
import { getSetting } from '../../db/settings.ts';
import type { FieldSource } from '../../db/types.ts';
import type { Prepared } from './adapters.ts';
import { writeBatch } from './import.batch.ts';
import { decide } from './import.decide.ts';
import {
  BATCH_ROWS,
  DEFAULT_RULES,
  type ImportRules,
  type LedgerContext,
  type LedgerType,
  type MappedRow,
  type Progress,
} from './import.model.ts';
import { adapterFor, codeTables, mappedRows } from './import.reading.ts';
import * as writes from './import.repository.ts';
import * as repo from './ledgers.repository.ts';

export type { ImportRules, LedgerContext, Progress } from './import.model.ts';

/**
 * The import itself, for the web and the command line alike: a validation pass that reads the
 * whole file and writes nothing but the import's own problems and counts, then a commit pass that
 * reads it again and writes the valid rows in batches. See docs/ledgers.md for the guarantees.
 */

// ---------------------------------------------------------------------------------------------
// The two passes

export async function ledgerTypes(db: Db) {
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
export function throttle(onProgress: ((p: Progress) => void) | undefined) {
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
    for (const p of r.notes ?? []) problems.push({ sheet: r.sheet, row: r.row, ...p });
    if (r.skipped) {
      // Neither valid nor rejected: its note says it was skipped.
    } else if (r.problems.length > 0) {
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
 * kill -9 at a known moment, for the resume test (ledgers.resume.test.ts): with NODE_ENV=test and
 * CIVICGRID_TEST_DIE_AFTER_BATCHES=n the process dies, with no clean-up, as soon as its n-th batch
 * has committed. Polling the database to kill from outside raced the import's own speed.
 */
function dieAfterBatchForTest(batches: number): void {
  if (process.env.NODE_ENV !== 'test') return;
  if (Number(process.env.CIVICGRID_TEST_DIE_AFTER_BATCHES) === batches) process.kill(process.pid, 'SIGKILL');
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
  let committedBatches = 0;
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
      .then(() => dieAfterBatchForTest(++committedBatches));
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
    if (r.skipped || rejected.has(`${r.sheet}\u0000${r.row}`)) continue;
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
