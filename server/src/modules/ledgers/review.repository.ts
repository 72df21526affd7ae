import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { inScope } from '../../db/scope.ts';
import type { FieldSources, LedgerEntity } from '../../db/types.ts';
import { COLUMN_TYPES, TABLES } from './adapters.ts';

// ---------------------------------------------------------------------------------------------
// Rollback

export function lockImport(trx: Db, id: string) {
  return trx
    .selectFrom('ledger_imports')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/**
 * What the import wrote, one row per record: the records it changed (`ledger_undo`, with their
 * columns before) and the records it created, whose first history entry is the import's (a new
 * record's undo is to retire it, so it needs no row of its own).
 */
function written(entity: LedgerEntity, id: string) {
  return sql`(
    select record_id, version_after, before from ledger_undo
    where import_id = ${id} and entity = ${entity} and before is not null
    union all
    select record_id, 1, null from registry_history
    where source = 'ledger' and source_ref = ${id} and entity = ${entity} and version = 1
  )`;
}

/** Locks the records the import wrote, and counts them and those a later change depends on. */
export async function lockImported(trx: Db, entity: LedgerEntity, id: string) {
  const table = sql.table(TABLES[entity]);
  const { rows } = await sql<{ n: number; changed: number }>`
    select count(*)::int as n, count(*) filter (where t.version <> u.version_after)::int as changed
    from ${written(entity, id)} u join ${table} t on t.id = u.record_id`.execute(trx);
  await sql`select t.id from ${written(entity, id)} u join ${table} t on t.id = u.record_id for update of t`.execute(
    trx,
  );
  return rows[0];
}

/** Retires the records the import created; returns how many. */
export async function retireCreated(trx: Db, entity: LedgerEntity, id: string): Promise<number> {
  const retired = await sql`
    update ${sql.table(TABLES[entity])} t set retired_at = now(), retired_reason = 'import_rolled_back', version = t.version + 1, updated_at = now()
    from ${written(entity, id)} u where u.before is null and t.id = u.record_id`.execute(trx);
  return Number(retired.numAffectedRows ?? 0);
}

/** Each record's history says what the rollback did: the import's changes reversed, or retired. */
export async function recordRollbackHistory(trx: Db, entity: LedgerEntity, id: string, userId: string) {
  await sql`
    insert into registry_history (entity, record_id, version, changed_by, source, source_ref, changes)
    select h.entity, h.record_id, u.version_after + 1, ${userId}::uuid, 'system', ${`rollback:${id}`},
      case when u.before is null then jsonb_build_object('retired', jsonb_build_array(null, 'import_rolled_back'))
      else (select jsonb_object_agg(e.key, jsonb_build_array(e.value -> 1, e.value -> 0)) from jsonb_each(h.changes) e) end
    from ${written(entity, id)} u
    join registry_history h on h.source = 'ledger' and h.source_ref = ${id} and h.record_id = u.record_id`.execute(
    trx,
  );
}

export async function markRolledBack(trx: Db, id: string, userId: string) {
  await trx
    .updateTable('ledger_imports')
    .set({ state: 'rolled_back', rolled_back_at: new Date(), rolled_back_by: userId })
    .where('id', '=', id)
    .execute();
}

/** Puts back the columns each changed record had, grouped by the set of columns to restore. */
export async function restoreChanged(trx: Db, entity: LedgerEntity, importId: string) {
  const rows = await trx
    .selectFrom('ledger_undo')
    .select(['record_id', 'before'])
    .where('import_id', '=', importId)
    .where('before', 'is not', null)
    .execute();
  const table = sql.table(TABLES[entity]);
  const types = { ...COLUMN_TYPES[entity], version: 'int' };
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const { tags, ...columns } = row.before as Record<string, unknown>;
    if (Array.isArray(tags)) {
      await trx
        .deleteFrom('person_tags')
        .where('person_id', '=', row.record_id)
        .where('tag_code', 'not in', tags.length ? (tags as string[]) : ['\u0000'])
        .execute();
    }
    const key = Object.keys(columns).sort().join(',');
    const restore = { ...columns, id: row.record_id };
    const group = groups.get(key);
    if (group) group.push(restore);
    else groups.set(key, [restore]);
  }
  for (const [key, group] of groups) {
    const columns = key ? key.split(',') : [];
    const assignments = columns.map((c) => `${c} = x.${c}`).join(', ');
    await sql`update ${table} t set ${sql.raw(assignments ? `${assignments}, ` : '')} version = t.version + 1, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(group)}::jsonb)
        as x(${sql.raw(['id', ...columns].map((c) => `${c} ${types[c as keyof typeof types]}`).join(', '))})
      where t.id = x.id`.execute(trx);
  }
}

// ---------------------------------------------------------------------------------------------
// Conflicts

function recordNames(db: Db) {
  return db
    .selectFrom('people')
    .select([sql<LedgerEntity>`'person'`.as('entity'), 'id', 'name', 'grid_code'])
    .unionAll(
      db.selectFrom('orgs').select([sql<LedgerEntity>`'org'`.as('entity'), 'id', 'name', 'grid_code']),
    )
    .unionAll(
      db.selectFrom('things').select([sql<LedgerEntity>`'thing'`.as('entity'), 'id', 'name', 'grid_code']),
    );
}

export function listConflicts(
  db: Db,
  scopeCode: string,
  query: { state?: 'open' | 'resolved'; entity?: LedgerEntity; page: number; pageSize: number },
) {
  let q = db
    .selectFrom('ledger_conflicts as c')
    .innerJoin(recordNames(db).as('r'), (join) =>
      join.onRef('r.id', '=', 'c.record_id').onRef('r.entity', '=', 'c.entity'),
    )
    .leftJoin('users as u', 'u.id', 'c.resolved_by')
    .where('c.state', '=', query.state ?? 'open')
    .where(inScope('r.grid_code', scopeCode));
  if (query.entity) q = q.where('c.entity', '=', query.entity);
  return pageAndTotal(
    db,
    q
      .select([
        'c.id',
        'c.entity',
        'c.record_id',
        'r.name',
        'r.grid_code',
        'c.field',
        'c.state',
        'c.candidates',
        'c.current_index',
        'c.created_at',
        'c.resolved_at',
        'u.display_name',
      ])
      .orderBy('c.id', 'desc')
      .$call((q) => pageOf(q, query)),
    q.select(sql<number>`count(*)`.as('n')),
  );
}

export function lockConflict(trx: Db, id: number) {
  return trx.selectFrom('ledger_conflicts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function lockRecord(trx: Db, entity: LedgerEntity, id: string) {
  const { rows } = await sql<{
    id: string;
    grid_code: string;
    version: number;
    field_sources: FieldSources;
  }>`
    select id, grid_code, version, field_sources from ${sql.table(TABLES[entity])} where id = ${id} for update`.execute(
    trx,
  );
  return rows[0];
}

/** Sets the record's columns to the chosen candidate's, the field now coming from a manual choice. */
export async function applyChoice(
  trx: Db,
  entity: LedgerEntity,
  recordId: string,
  columns: Record<string, unknown>,
  version: number,
  stamp: FieldSources,
) {
  const types = COLUMN_TYPES[entity];
  const names = Object.keys(columns).filter((c) => c in types);
  await sql`update ${sql.table(TABLES[entity])} t set
      ${sql.raw(names.map((c) => `${c} = x.${c}, `).join(''))}
      version = ${version}, updated_at = now(), field_sources = t.field_sources || ${JSON.stringify(stamp)}::jsonb
    from jsonb_to_recordset(${JSON.stringify([columns])}::jsonb)
      as x(${sql.raw(names.length ? names.map((c) => `${c} ${types[c]}`).join(', ') : 'unused text')})
    where t.id = ${recordId}`.execute(trx);
}

export async function closeConflict(trx: Db, id: number, choice: number, userId: string) {
  await trx
    .updateTable('ledger_conflicts')
    .set({
      state: 'resolved',
      current_index: choice,
      resolved_by: userId,
      resolved_at: new Date(),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Provenance

export async function fieldSources(db: Db, entity: LedgerEntity, id: string) {
  const { rows } = await sql<{ grid_code: string; field_sources: FieldSources }>`
    select grid_code, field_sources from ${sql.table(TABLES[entity])} where id = ${id}`.execute(db);
  return rows[0];
}

export function importFileNames(db: Db, ids: string[]) {
  return db.selectFrom('ledger_imports').select(['id', 'file_name']).where('id', 'in', ids).execute();
}
