import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** How many migrations the database has run; fails when the database cannot be reached. */
export async function migrationCount(db: Db): Promise<number> {
  const { rows } = await sql<{ count: number }>`select count(*)::int as count from kysely_migration`.execute(
    db,
  );
  return rows[0]?.count ?? 0;
}
