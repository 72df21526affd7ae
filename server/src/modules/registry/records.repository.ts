import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';

/** The registry tables that share the plain record life cycle (people have their own, for PII). */
export type RecordTable = 'buildings' | 'houses' | 'households' | 'things' | 'orgs';
// Kysely types each table separately; these helpers touch only the columns all of them share.
type Any = 'things';

export interface SharedRow {
  id: string;
  grid_code: string;
  version: number;
  retired_at: Date | null;
  retired_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export function lockRecord(db: Db, table: RecordTable, id: string) {
  return db
    .selectFrom(table as Any)
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst() as Promise<(SharedRow & Record<string, unknown>) | undefined>;
}

export function findRecord(db: Db, table: RecordTable, id: string, scopeCode: string) {
  return db
    .selectFrom(table as Any)
    .selectAll()
    .where('id', '=', id)
    .where(inScope('grid_code', scopeCode))
    .executeTakeFirst() as Promise<(SharedRow & Record<string, unknown>) | undefined>;
}

export function insertRecords(db: Db, table: RecordTable, rows: Record<string, unknown>[]) {
  return db
    .insertInto(table as Any)
    .values(rows as never)
    .returning(['id'])
    .execute();
}

export function updateRecord(
  db: Db,
  table: RecordTable,
  id: string,
  version: number,
  values: Record<string, unknown>,
) {
  return db
    .updateTable(table as Any)
    .set({ ...(values as object), version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['version'])
    .executeTakeFirst();
}

export function retireRecord(db: Db, table: RecordTable, id: string, version: number, reason: string) {
  return db
    .updateTable(table as Any)
    .set({
      retired_at: new Date(),
      retired_reason: reason,
      version: sql`version + 1`,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('retired_at', 'is', null)
    .returning(['version'])
    .executeTakeFirst();
}
