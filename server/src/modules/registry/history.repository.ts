import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { FieldSources } from '../../db/types.ts';
import type { ChangeSource, Changes, HistoryEntry } from './history.ts';

export function insertHistory(db: Db, entries: HistoryEntry[], source: ChangeSource) {
  if (entries.length === 0) return Promise.resolve();
  return db
    .insertInto('registry_history')
    .values(
      entries.map((e) => ({
        entity: e.entity,
        record_id: e.recordId,
        version: e.version,
        changed_by: e.changedBy,
        source: source.source,
        source_ref: source.ref ?? null,
        changes: JSON.stringify(e.changes),
      })),
    )
    .execute();
}

export async function historyOf(db: Db, recordId: string) {
  const rows = await db
    .selectFrom('registry_history as h')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .select([
      'h.version',
      'h.changed_at as changedAt',
      'u.display_name as changedBy',
      'h.source',
      'h.source_ref as sourceRef',
      'h.source_row as sourceRow',
      'h.changes',
    ])
    .where('h.record_id', '=', recordId)
    .orderBy('h.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, changedAt: r.changedAt.toISOString() }));
}

/**
 * The `field_sources` update for a change made outside a ledger: each changed field now comes
 * from this source (a moved point counts as the field `location`), so a later ledger that
 * disagrees is seen as a conflict rather than silently taken.
 */
export function stampSources(
  changes: Changes,
  source: ChangeSource,
  userId: string | null,
): RawBuilder<FieldSources> {
  const at = new Date().toISOString();
  const stamp: FieldSources = {};
  for (const key of Object.keys(changes)) {
    const field = key === 'lon' || key === 'lat' ? 'location' : key;
    stamp[field] =
      source.source === 'ledger'
        ? { source: 'manual', at, by: userId }
        : { source: source.source, at, by: userId };
  }
  return sql<FieldSources>`field_sources || ${JSON.stringify(stamp)}::jsonb`;
}
