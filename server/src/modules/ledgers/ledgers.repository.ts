import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { LedgerEntity, LedgerImportState } from '../../db/types.ts';

/** SQL of the data centre: ledger types, imports, their problems, undo records and conflicts. */

export function findImport(db: Db, id: string) {
  return db.selectFrom('ledger_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function restartValidation(db: Db, id: string) {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('ledger_problems').where('import_id', '=', id).execute();
    await trx
      .updateTable('ledger_imports')
      .set({
        state: 'validating',
        error: null,
        rows_read: 0,
        bytes_read: 0,
        rows_valid: 0,
        rows_rejected: 0,
        rows_new: 0,
        rows_updated: 0,
        rows_unchanged: 0,
      })
      .where('id', '=', id)
      .execute();
  });
}

export interface NewProblem {
  sheet: string;
  row: number;
  column: string | null;
  code: string;
  value: string | null;
  detail?: Record<string, unknown>;
}

export async function insertProblems(db: Db, importId: string, problems: NewProblem[]) {
  if (problems.length === 0) return;
  await db
    .insertInto('ledger_problems')
    .values(
      problems.map((p) => ({
        import_id: importId,
        sheet: p.sheet,
        row_number: p.row,
        column_name: p.column,
        code: p.code,
        value: p.value,
        detail: p.detail ? JSON.stringify(p.detail) : null,
      })),
    )
    .execute();
}

export function saveProgress(db: Db, id: string, rowsRead: number, bytesRead: number) {
  return db
    .updateTable('ledger_imports')
    .set({ rows_read: rowsRead, bytes_read: bytesRead })
    .where('id', '=', id)
    .execute();
}

export function finishValidation(
  db: Db,
  id: string,
  rowsRead: number,
  counts: { valid: number; rejected: number; created: number; updated: number; unchanged: number },
) {
  return db
    .updateTable('ledger_imports')
    .set({
      state: 'validated',
      rows_read: rowsRead,
      bytes_read: sql`file_size`,
      rows_valid: counts.valid,
      rows_rejected: counts.rejected,
      rows_new: counts.created,
      rows_updated: counts.updated,
      rows_unchanged: counts.unchanged,
      validated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** `sheet \0 row` of every row validation rejected. */
export async function rejectedRows(db: Db, importId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('ledger_problems')
    .select(['sheet', 'row_number'])
    .distinct()
    .where('import_id', '=', importId)
    .execute();
  return new Set(rows.map((r) => `${r.sheet}\u0000${r.row_number}`));
}

/** The counts become what was written; a resumed commit keeps what its committed batches wrote. */
export function startCommit(db: Db, id: string) {
  return db
    .updateTable('ledger_imports')
    .set((eb) => ({
      state: 'importing',
      error: null,
      commit_started_at: eb.fn.coalesce('commit_started_at', sql<Date>`now()`),
      rows_new: sql`case when committed_rows = 0 then 0 else rows_new end`,
      rows_updated: sql`case when committed_rows = 0 then 0 else rows_updated end`,
      rows_unchanged: sql`case when committed_rows = 0 then 0 else rows_unchanged end`,
    }))
    .where('id', '=', id)
    .execute();
}

export function recordBatch(
  db: Db,
  id: string,
  batch: { committedRows: number; created: number; updated: number; unchanged: number },
) {
  return db
    .updateTable('ledger_imports')
    .set((eb) => ({
      committed_rows: batch.committedRows,
      rows_new: eb('rows_new', '+', batch.created),
      rows_updated: eb('rows_updated', '+', batch.updated),
      rows_unchanged: eb('rows_unchanged', '+', batch.unchanged),
    }))
    .where('id', '=', id)
    .execute();
}

export function finishCommit(db: Db, id: string) {
  return db
    .updateTable('ledger_imports')
    .set({ state: 'done', finished_at: new Date(), bytes_read: sql`file_size` })
    .where('id', '=', id)
    .execute();
}

export function setState(db: Db, id: string, state: LedgerImportState, error: string | null = null) {
  return db
    .updateTable('ledger_imports')
    .set({
      state,
      error,
      ...(state === 'failed' || state === 'cancelled' ? { finished_at: new Date() } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Adds a disagreement to the field's open conflict, or opens one. */
export async function recordConflict(
  db: Db,
  entity: LedgerEntity,
  c: { record_id: string; field: string; candidates: unknown[]; current_index: number },
) {
  const open = await db
    .selectFrom('ledger_conflicts')
    .select(['id', 'candidates'])
    .where('entity', '=', entity)
    .where('record_id', '=', c.record_id)
    .where('field', '=', c.field)
    .where('state', '=', 'open')
    .forUpdate()
    .executeTakeFirst();
  if (!open) {
    await db
      .insertInto('ledger_conflicts')
      .values({
        entity,
        record_id: c.record_id,
        field: c.field,
        candidates: JSON.stringify(c.candidates),
        current_index: c.current_index,
      })
      .execute();
    return;
  }
  // The open conflict already holds the current value; the newcomer is appended.
  const candidates = [...open.candidates, c.candidates[1]];
  await db
    .updateTable('ledger_conflicts')
    .set({
      candidates: JSON.stringify(candidates),
      current_index: c.current_index === 1 ? candidates.length - 1 : sql`current_index`,
      updated_at: new Date(),
    })
    .where('id', '=', open.id)
    .execute();
}

export function countLateRejection(db: Db, id: string) {
  return db
    .updateTable('ledger_imports')
    .set((eb) => ({ rows_valid: eb('rows_valid', '-', 1), rows_rejected: eb('rows_rejected', '+', 1) }))
    .where('id', '=', id)
    .execute();
}
