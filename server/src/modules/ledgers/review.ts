import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { inScope } from '../../db/scope.ts';
import type { FieldSources, LedgerEntity } from '../../db/types.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { COLUMN_TYPES, TABLES } from './adapters.ts';
import { type LedgersContext, loadImport } from './ledgers.service.ts';

/**
 * What follows an import: undoing it as a whole, reviewing the conflicts it found, and telling
 * where each field of a record came from.
 */

// ---------------------------------------------------------------------------------------------
// Rollback

/**
 * Restores every record the import changed to its values before, and retires every record it
 * created — as long as none of them changed since (its version is still the import's); otherwise
 * nothing happens and the answer says how many records stand in the way.
 */
export async function rollbackImport(ctx: LedgersContext, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'ledgers.import');
  await loadImport(ctx, caller, id);
  const result = await ctx.db.transaction().execute(async (trx) => {
    const imp = await trx
      .selectFrom('ledger_imports')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (imp.state !== 'done') throw new AppError('import_wrong_state', { state: imp.state });
    const type = await trx
      .selectFrom('ledger_types')
      .select('entity')
      .where('code', '=', imp.ledger_type)
      .executeTakeFirstOrThrow();
    const table = sql.table(TABLES[type.entity]);
    // Lock the records, then count those a later change depends on.
    const { rows: locked } = await sql<{ n: number; changed: number }>`
      select count(*)::int as n, count(*) filter (where t.version <> u.version_after)::int as changed
      from ledger_undo u join ${table} t on t.id = u.record_id
      where u.import_id = ${id}`.execute(trx);
    await sql`select t.id from ledger_undo u join ${table} t on t.id = u.record_id where u.import_id = ${id} for update of t`.execute(
      trx,
    );
    if (locked[0].changed > 0) throw new AppError('import_has_dependents', { count: locked[0].changed });

    await restoreChanged(trx, type.entity, id);
    const retired = await sql`
      update ${table} t set retired_at = now(), retired_reason = 'import_rolled_back', version = t.version + 1, updated_at = now()
      from ledger_undo u where u.import_id = ${id} and u.before is null and t.id = u.record_id`.execute(trx);
    // Each record's history says what the rollback did: the import's changes reversed, or retired.
    await sql`
      insert into registry_history (entity, record_id, version, changed_by, source, source_ref, changes)
      select h.entity, h.record_id, u.version_after + 1, ${caller.userId}::uuid, 'system', ${`rollback:${id}`},
        case when u.before is null then jsonb_build_object('retired', jsonb_build_array(null, 'import_rolled_back'))
        else (select jsonb_object_agg(e.key, jsonb_build_array(e.value -> 1, e.value -> 0)) from jsonb_each(h.changes) e) end
      from ledger_undo u
      join registry_history h on h.source = 'ledger' and h.source_ref = ${id} and h.record_id = u.record_id
      where u.import_id = ${id}`.execute(trx);
    await trx
      .updateTable('ledger_imports')
      .set({ state: 'rolled_back', rolled_back_at: new Date(), rolled_back_by: caller.userId })
      .where('id', '=', id)
      .execute();
    const counts = {
      restored: locked[0].n - Number(retired.numAffectedRows ?? 0),
      retired: Number(retired.numAffectedRows ?? 0),
    };
    await audit(trx, caller, {
      action: 'ledgers.import.rollback',
      targetType: 'ledger_import',
      targetId: id,
      detail: counts,
    });
    return counts;
  });
  return result;
}

/** Puts back the columns each changed record had, grouped by the set of columns to restore. */
async function restoreChanged(trx: Db, entity: LedgerEntity, importId: string) {
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

const MANUAL_NAME = { zh: '手工录入', en: 'Manual edit' };

async function ledgerNames(db: Db, lang: Lang) {
  const rows = await db.selectFrom('ledger_types').select(['code', 'name_zh', 'name_en']).execute();
  return new Map(rows.map((r) => [r.code, lang === 'zh' ? r.name_zh : r.name_en]));
}

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

export async function listConflicts(
  ctx: LedgersContext,
  auth: Auth | null,
  query: { state?: 'open' | 'resolved'; entity?: LedgerEntity; page: number; pageSize: number },
  lang: Lang,
) {
  const caller = requirePermission(auth, 'ledgers.import');
  let q = ctx.db
    .selectFrom('ledger_conflicts as c')
    .innerJoin(recordNames(ctx.db).as('r'), (join) =>
      join.onRef('r.id', '=', 'c.record_id').onRef('r.entity', '=', 'c.entity'),
    )
    .leftJoin('users as u', 'u.id', 'c.resolved_by')
    .where('c.state', '=', query.state ?? 'open')
    .where(inScope('r.grid_code', caller.areaCode));
  if (query.entity) q = q.where('c.entity', '=', query.entity);
  const [{ rows, total }, names] = await Promise.all([
    pageAndTotal(
      ctx.db,
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
    ),
    ledgerNames(ctx.db, lang),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      entity: r.entity,
      recordId: r.record_id,
      recordName: r.name,
      gridCode: r.grid_code,
      field: r.field,
      state: r.state,
      // The stored columns (encrypted numbers among them) stay on the server.
      candidates: r.candidates.map(({ source, ledgerType, importId, row, at, value }) => ({
        source,
        sourceName: ledgerType ? (names.get(ledgerType) ?? ledgerType) : MANUAL_NAME[lang],
        ledgerType,
        importId,
        row,
        at,
        value,
      })),
      currentIndex: r.current_index,
      createdAt: r.created_at.toISOString(),
      resolvedAt: r.resolved_at?.toISOString() ?? null,
      resolvedBy: r.display_name,
    })),
    total,
  };
}

/** The reviewer's choice becomes the record's value (a manual change, in its history) and closes the conflict. */
export async function resolveConflict(ctx: LedgersContext, auth: Auth | null, id: number, choice: number) {
  const caller = requirePermission(auth, 'ledgers.import');
  await ctx.db.transaction().execute(async (trx) => {
    const conflict = await trx
      .selectFrom('ledger_conflicts')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!conflict) throw new AppError('record_not_found');
    const table = TABLES[conflict.entity];
    const { rows } = await sql<{
      id: string;
      grid_code: string;
      version: number;
      field_sources: FieldSources;
    }>`
      select id, grid_code, version, field_sources from ${sql.table(table)} where id = ${conflict.record_id} for update`.execute(
      trx,
    );
    const record = rows[0];
    if (!record || !isWithin(record.grid_code, caller.areaCode)) throw new AppError('record_not_found');
    if (conflict.state !== 'open') throw new AppError('conflict_resolved');
    const chosen = conflict.candidates[choice] as (typeof conflict.candidates)[number] & {
      columns?: Record<string, unknown>;
    };
    if (!chosen)
      throw new AppError('validation_failed', {
        summary: `choice must be below ${conflict.candidates.length}`,
      });
    const current = conflict.candidates[conflict.current_index];
    const version = record.version + 1;
    if (choice !== conflict.current_index) {
      const columns = chosen.columns ?? {};
      const types = COLUMN_TYPES[conflict.entity];
      const names = Object.keys(columns).filter((c) => c in types);
      const stamp = {
        [conflict.field]: { source: 'manual', at: new Date().toISOString(), by: caller.userId },
      };
      await sql`update ${sql.table(table)} t set
          ${sql.raw(names.map((c) => `${c} = x.${c}, `).join(''))}
          version = ${version}, updated_at = now(), field_sources = t.field_sources || ${JSON.stringify(stamp)}::jsonb
        from jsonb_to_recordset(${JSON.stringify([columns])}::jsonb)
          as x(${sql.raw(names.length ? names.map((c) => `${c} ${types[c]}`).join(', ') : 'unused text')})
        where t.id = ${conflict.record_id}`.execute(trx);
      await trx
        .insertInto('registry_history')
        .values({
          entity: conflict.entity,
          record_id: conflict.record_id,
          version,
          changed_by: caller.userId,
          source: 'manual',
          source_ref: `conflict:${id}`,
          changes: JSON.stringify({ [conflict.field]: [current?.value ?? null, chosen.value] }),
        })
        .execute();
    }
    await trx
      .updateTable('ledger_conflicts')
      .set({
        state: 'resolved',
        current_index: choice,
        resolved_by: caller.userId,
        resolved_at: new Date(),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await audit(trx, caller, {
      action: 'ledgers.conflict.resolve',
      targetType: conflict.entity,
      targetId: conflict.record_id,
      detail: { conflict: id, field: conflict.field, choice },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Provenance

export async function sourcesOf(
  ctx: LedgersContext,
  auth: Auth | null,
  entity: LedgerEntity,
  id: string,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'registry.read');
  const { rows } = await sql<{ grid_code: string; field_sources: FieldSources }>`
    select grid_code, field_sources from ${sql.table(TABLES[entity])} where id = ${id}`.execute(ctx.db);
  if (!rows[0] || !isWithin(rows[0].grid_code, caller.areaCode)) throw new AppError('record_not_found');
  const sources = rows[0].field_sources ?? {};
  const importIds = [
    ...new Set(Object.values(sources).flatMap((s) => (s.source === 'ledger' ? [s.importId] : []))),
  ];
  const imports = importIds.length
    ? await ctx.db
        .selectFrom('ledger_imports')
        .select(['id', 'file_name'])
        .where('id', 'in', importIds)
        .execute()
    : [];
  const files = new Map(imports.map((i) => [i.id, i.file_name]));
  const names = await ledgerNames(ctx.db, lang);
  return {
    fields: Object.entries(sources).map(([field, s]) => ({
      field,
      source: s.source,
      at: s.at ?? null,
      ledgerType: s.source === 'ledger' ? s.ledgerType : null,
      ledgerName: s.source === 'ledger' ? (names.get(s.ledgerType) ?? s.ledgerType) : null,
      importId: s.source === 'ledger' ? s.importId : null,
      fileName: s.source === 'ledger' ? (files.get(s.importId) ?? null) : null,
      row: s.source === 'ledger' ? s.row : null,
    })),
  };
}
