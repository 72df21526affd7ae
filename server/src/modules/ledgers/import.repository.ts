import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { LedgerEntity } from '../../db/types.ts';
import type { Changes } from '../registry/index.ts';

/** The writes of one import batch, each a single statement over a JSON recordset. */

function recordset(types: Record<string, string>, columns: string[]) {
  return sql.raw(columns.map((c) => `${c} ${types[c]}`).join(', '));
}

export function tagNames(db: Db) {
  return db.selectFrom('tags').select(['code', 'name_zh', 'name_en']).execute();
}

export function ledgerTypePriorities(db: Db) {
  return db.selectFrom('ledger_types').select(['code', 'entity', 'priority']).execute();
}

/**
 * New records, every row with the same columns, with their history entries (version 1, the
 * import's row and what it set), written by one statement from one recordset: the rows are sent
 * and parsed once, not once per table. A new record needs no undo entry: its first history entry
 * names the import, and undoing it retires the record (review.repository.ts `written`).
 */
export async function insertRecords(
  trx: Db,
  imp: { id: string; started_by: string | null },
  entity: LedgerEntity,
  table: string,
  types: Record<string, string>,
  inserts: (Record<string, unknown> & { id: string; _row: number; _changes: Changes })[],
) {
  const columns = Object.keys(inserts[0]).filter((c) => c !== '_row' && c !== '_changes');
  const shape = recordset({ ...types, _row: 'int', _changes: 'jsonb' }, [...columns, '_row', '_changes']);
  await sql`with x as (select * from jsonb_to_recordset(${JSON.stringify(inserts)}::jsonb) as x(${shape})),
    records as (insert into ${sql.table(table)} (${sql.raw(columns.join(', '))})
      select ${sql.raw(columns.join(', '))} from x)
    insert into registry_history (entity, record_id, version, changed_by, source, source_ref, source_row, changes)
      select ${entity}, id, 1, ${imp.started_by}::uuid, 'ledger', ${imp.id}, _row, _changes from x`.execute(
    trx,
  );
}

/** Records that set the same `columns`, each with its new version and field sources; they keep their other columns. */
export async function updateRecords(
  trx: Db,
  table: string,
  types: Record<string, string>,
  columns: string[],
  group: Record<string, unknown>[],
) {
  const assignments = columns.map((c) => `${c} = x.${c}`).join(', ');
  await sql`update ${sql.table(table)} t set ${sql.raw(assignments ? `${assignments}, ` : '')}
      version = x.version, updated_at = now(), field_sources = t.field_sources || x.field_sources
    from jsonb_to_recordset(${JSON.stringify(group)}::jsonb)
      as x(${recordset({ ...types, version: 'int' }, ['id', 'version', 'field_sources', ...columns])})
    where t.id = x.id`.execute(trx);
}

export async function addPersonTags(trx: Db, tags: { person_id: string; tag_code: string }[]) {
  await sql`insert into person_tags (person_id, tag_code)
    select person_id, tag_code from jsonb_to_recordset(${JSON.stringify(tags)}::jsonb) as x(person_id uuid, tag_code text)
    on conflict do nothing`.execute(trx);
}

/** The records' history entries (source: this import, with its rows) and what undoes each. */
export async function recordImportChanges(
  trx: Db,
  imp: { id: string; started_by: string | null },
  entity: LedgerEntity,
  history: { record_id: string; version: number; row: number; changes: Changes }[],
  undo: { record_id: string; version_after: number; before: Record<string, unknown> | null }[],
) {
  await sql`insert into registry_history (entity, record_id, version, changed_by, source, source_ref, source_row, changes)
    select ${entity}, record_id, version, ${imp.started_by}::uuid, 'ledger', ${imp.id}, row, changes
    from jsonb_to_recordset(${JSON.stringify(history)}::jsonb) as x(record_id uuid, version int, row int, changes jsonb)`.execute(
    trx,
  );
  await sql`insert into ledger_undo (import_id, entity, record_id, version_after, before)
    select ${imp.id}::uuid, ${entity}, record_id, version_after, before
    from jsonb_to_recordset(${JSON.stringify(undo)}::jsonb) as x(record_id uuid, version_after int, before jsonb)`.execute(
    trx,
  );
}
