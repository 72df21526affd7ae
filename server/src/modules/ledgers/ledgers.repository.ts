import { type Insertable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { inScope } from '../../db/scope.ts';
import type { LedgerEntity, LedgerImportState, LedgerImportsTable } from '../../db/types.ts';
import { TABLES } from './adapters.ts';
import { NOTE_CODES } from './ledgers.messages.ts';

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
    .where('code', 'not in', NOTE_CODES)
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

// ---- starting and locking an import ----

export function insertImport(db: Db, values: Insertable<LedgerImportsTable>) {
  return db.insertInto('ledger_imports').values(values).returning('id').executeTakeFirstOrThrow();
}

/**
 * Runs `work` holding the import's advisory lock (on one connection, which the lock belongs to);
 * `locked: false`, without running it, when another session holds it.
 */
export function withImportLock<T>(
  db: Db,
  importId: string,
  work: () => Promise<T>,
): Promise<{ locked: false } | { locked: true; result: T }> {
  return db.connection().execute(async (conn) => {
    const key = `ledger_import:${importId}`;
    const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(hashtext(${key})) as ok`.execute(
      conn,
    );
    if (!rows[0].ok) return { locked: false as const };
    try {
      return { locked: true as const, result: await work() };
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(conn);
    }
  });
}

/** The latest import of this file into this type whose commit was cut short (to resume it). */
export function interruptedImport(db: Db, sha256: string, ledgerType: string) {
  return db
    .selectFrom('ledger_imports')
    .select(['id', 'committed_rows'])
    .where('file_sha256', '=', sha256)
    .where('ledger_type', '=', ledgerType)
    .where((eb) =>
      eb.or([
        eb('state', '=', 'importing'),
        eb.and([eb('state', '=', 'failed'), eb('commit_started_at', 'is not', null)]),
      ]),
    )
    .orderBy('started_at', 'desc')
    .executeTakeFirst();
}

// ---- imports as shown ----

const importColumns = [
  'i.id',
  'i.ledger_type',
  't.name_zh',
  't.name_en',
  't.entity',
  'i.file_name',
  'i.file_sha256',
  'i.file_size',
  'i.format',
  'i.encoding',
  'i.sheet',
  'i.header_row',
  'i.mapping',
  'i.area_code',
  'i.state',
  'i.error',
  'i.rows_read',
  'i.bytes_read',
  'i.rows_valid',
  'i.rows_rejected',
  'i.rows_new',
  'i.rows_updated',
  'i.rows_unchanged',
  'i.committed_rows',
  'u.display_name as started_by_name',
  'i.started_at',
  'i.validated_at',
  'i.commit_started_at',
  'i.finished_at',
  'i.rolled_back_at',
] as const;

function importQuery(db: Db) {
  return db
    .selectFrom('ledger_imports as i')
    .innerJoin('ledger_types as t', 't.code', 'i.ledger_type')
    .leftJoin('users as u', 'u.id', 'i.started_by')
    .select(importColumns);
}

export type ImportRow = Awaited<ReturnType<ReturnType<typeof importQuery>['executeTakeFirstOrThrow']>>;

export function findImportView(db: Db, id: string) {
  return importQuery(db).where('i.id', '=', id).executeTakeFirstOrThrow();
}

export function listImportViews(
  db: Db,
  scopeCode: string,
  query: { ledgerType?: string; page: number; pageSize: number },
) {
  let q = importQuery(db).where(inScope('i.area_code', scopeCode));
  if (query.ledgerType) q = q.where('i.ledger_type', '=', query.ledgerType);
  return pageAndTotal(
    db,
    q.orderBy('i.started_at', 'desc').$call((q) => pageOf(q, query)),
    q.clearSelect().select(sql<number>`count(*)`.as('n')),
  );
}

/** How many problems of each code the import has, the most frequent first. */
export function problemCounts(db: Db, importId: string) {
  return db
    .selectFrom('ledger_problems')
    .select(['code', sql<number>`count(*)::int`.as('count')])
    .where('import_id', '=', importId)
    .groupBy('code')
    .orderBy('count', 'desc')
    .execute();
}

export function listProblems(
  db: Db,
  importId: string,
  query: { page: number; pageSize: number; code?: string },
) {
  let q = db.selectFrom('ledger_problems').where('import_id', '=', importId);
  if (query.code) q = q.where('code', '=', query.code);
  return pageAndTotal(
    db,
    q
      .select(['sheet', 'row_number', 'column_name', 'code', 'value', 'detail'])
      .orderBy('id')
      .$call((q) => pageOf(q, query)),
    q.select(sql<number>`count(*)`.as('n')),
  );
}

/** The first `limit` problems of the import, in the order they were found. */
export function firstProblems(db: Db, importId: string, limit: number) {
  return db
    .selectFrom('ledger_problems')
    .select(['sheet', 'row_number', 'column_name', 'code', 'detail'])
    .where('import_id', '=', importId)
    .where('code', 'not in', NOTE_CODES)
    .orderBy('id')
    .limit(limit)
    .execute();
}

// ---- export ----

type Row = Record<string, unknown>;

/** Up to `limit` active records of the area after the id `after`, in id order (people with address and tags). */
export async function recordPage(
  db: Db,
  entity: LedgerEntity,
  scope: string,
  after: string | null,
  limit: number,
) {
  const from = after ?? '00000000-0000-0000-0000-000000000000';
  if (entity === 'person') {
    return sql<Row>`
      select p.id, p.name, p.id_number_enc, p.id_number_mask, p.sex, p.birth_date, p.phone_enc, p.phone_mask,
        b.address || ' ' || h.room as address, p.residency, p.move_in_date,
        array(select t.name_zh from person_tags pt join tags t on t.code = pt.tag_code where pt.person_id = p.id order by t.sort) as tags
      from people p left join houses h on h.id = p.house_id left join buildings b on b.id = h.building_id
      where p.retired_at is null and ${inScope('p.grid_code', scope)} and p.id > ${from}::uuid
      order by p.id limit ${limit}`.execute(db);
  }
  return sql<Row>`select * from ${sql.table(TABLES[entity])}
    where retired_at is null and ${inScope('grid_code', scope)} and id > ${from}::uuid order by id limit ${limit}`.execute(
    db,
  );
}
