import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/types.ts';

export interface EncryptedTable {
  table: string;
  columns: string[];
}

/** Every text column named `*_enc` in the public schema, so tables added later are covered too. */
export async function encryptedColumns(db: Db): Promise<EncryptedTable[]> {
  const { rows } = await sql<{ table: string; columns: string[] }>`
    select c.table_name as table, array_agg(c.column_name::text order by c.ordinal_position) as columns
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and c.column_name like '%\\_enc' and c.data_type = 'text'
    group by c.table_name order by c.table_name`.execute(db);
  return rows;
}

/** Not null and not made with the key `prefix` names. */
const staleWhere = (columns: string[], prefix: string) =>
  sql.join(
    columns.map((c) => sql`(${sql.ref(c)} is not null and ${sql.ref(c)} not like ${`${prefix}%`})`),
    sql` or `,
  );

/** How many rows still hold a value not made with the current key. */
export async function staleRows(db: Db, prefix: string): Promise<number> {
  let total = 0;
  for (const t of await encryptedColumns(db)) {
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from ${sql.table(t.table)} where ${staleWhere(t.columns, prefix)}`.execute(db);
    total += Number(rows[0].n);
  }
  return total;
}

/** One encrypted value, to check that a key opens this database's data. */
export async function sampleCiphertext(db: Db): Promise<string | null> {
  for (const t of await encryptedColumns(db)) {
    for (const c of t.columns) {
      const { rows } = await sql<{ v: string }>`
        select ${sql.ref(c)} as v from ${sql.table(t.table)} where ${sql.ref(c)} is not null limit 1`.execute(
        db,
      );
      if (rows[0]) return rows[0].v;
    }
  }
  return null;
}

/**
 * Up to `limit` rows of `t` holding a value not made with the key `prefix` names, locked until the
 * transaction ends, each with its ctid (`tid`) and its encrypted columns.
 */
export async function lockStaleBatch(
  trx: Transaction<Database>,
  t: EncryptedTable,
  prefix: string,
  limit: number,
) {
  // ctid names the row without assuming a primary key; it is stable while the row is locked.
  const { rows } = await sql<Record<string, string | null>>`
    select ctid::text as tid, ${sql.join(t.columns.map((c) => sql.ref(c)))}
    from ${sql.table(t.table)} where ${staleWhere(t.columns, prefix)}
    limit ${limit} for update`.execute(trx);
  return rows;
}

/** Writes `fresh[i]` (the values of column i, one per row) into the rows `tids` names. */
export async function writeBatch(
  trx: Transaction<Database>,
  t: EncryptedTable,
  tids: (string | null)[],
  fresh: (string | null)[][],
) {
  await sql`
    update ${sql.table(t.table)} as t
    set ${sql.join(t.columns.map((c) => sql`${sql.ref(c)} = u.${sql.ref(c)}`))}
    from unnest(${tids}::tid[], ${sql.join(fresh.map((values) => sql`${values}::text[]`))})
      as u(tid, ${sql.join(t.columns.map((c) => sql.ref(c)))})
    where t.ctid = any(${tids}::tid[]) and t.ctid = u.tid`.execute(trx);
}
