import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { FieldSource, FieldSources } from '../../db/types.ts';
import type { Changes } from '../registry/index.ts';
import { releaseHead } from '../registry/index.ts';
import type { Adapter, Prepared } from './adapters.ts';
import { decide } from './import.decide.ts';
import type { Import, ImportRules, LedgerType, MappedRow } from './import.model.ts';
import * as writes from './import.repository.ts';
import * as repo from './ledgers.repository.ts';

// ---------------------------------------------------------------------------------------------
// Writing one batch

export async function writeBatch(
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
  const inserts: (Record<string, unknown> & { id: string; _row: number; _changes: Changes })[] = [];
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
      // Its history and undo entries are written with it, by the same statement.
      inserts.push({ ...columns, id, field_sources: sources, _row: r.row, _changes: changes });
      for (const tag of (row.values.tags as string[] | undefined) ?? [])
        tags.push({ person_id: id, tag_code: tag });
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

  if (inserts.length > 0)
    await writes.insertRecords(trx, imp, adapter.entity, adapter.table, adapter.columnTypes, inserts);
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
