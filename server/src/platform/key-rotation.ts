import fs from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { type DataKey, formatDataKey, keyFile, nextDataKey, Pii, previousKeyFile, RELOAD_MS } from './pii.ts';

/**
 * Re-encryption of every `*_enc` column under a new data key, in small transactions so that the
 * system keeps running: each batch locks 1,000 rows for a moment, never a table.
 */

export interface EncryptedTable {
  table: string;
  columns: string[];
}

const BATCH = 1_000;

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

/** Re-encrypts, batch by batch, every value that `pii`'s current key did not make. */
export async function reencrypt(
  db: Db,
  pii: Pii,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<number> {
  const prefix = pii.prefix;
  const tables = await encryptedColumns(db);
  let total = await staleRows(db, prefix);
  let done = 0;
  onProgress(0, total);
  for (const t of tables) {
    for (;;) {
      const changed = await db.transaction().execute(async (trx) => {
        // ctid names the row without assuming a primary key; it is stable while the row is locked.
        const { rows } = await sql<Record<string, string | null>>`
          select ctid::text as tid, ${sql.join(t.columns.map((c) => sql.ref(c)))}
          from ${sql.table(t.table)} where ${staleWhere(t.columns, prefix)}
          limit ${BATCH} for update`.execute(trx);
        if (rows.length === 0) return 0;
        const fresh = t.columns.map((c) =>
          rows.map((r) => {
            const value = r[c];
            return value === null || value.startsWith(prefix) ? value : pii.encrypt(pii.decrypt(value));
          }),
        );
        const tids = rows.map((r) => r.tid);
        await sql`
          update ${sql.table(t.table)} as t
          set ${sql.join(t.columns.map((c) => sql`${sql.ref(c)} = u.${sql.ref(c)}`))}
          from unnest(${tids}::tid[], ${sql.join(fresh.map((values) => sql`${values}::text[]`))})
            as u(tid, ${sql.join(t.columns.map((c) => sql.ref(c)))})
          where t.ctid = any(${tids}::tid[]) and t.ctid = u.tid`.execute(trx);
        return rows.length;
      });
      if (changed === 0) break;
      done += changed;
      // The server may have written rows with the old key meanwhile: the total can grow.
      total = Math.max(total, done);
      onProgress(done, total);
    }
  }
  return done;
}

export type RotationStep =
  | { kind: 'started'; key: DataKey }
  | { kind: 'resumed'; key: DataKey }
  | { kind: 'env-key-issued'; key: DataKey; previous: DataKey }
  | { kind: 'done'; key: DataKey; rows: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function writeAtomically(file: string, text: string) {
  const temp = `${file}.tmp`;
  fs.writeFileSync(temp, `${text}\n`, { mode: 0o600 });
  fs.renameSync(temp, file);
}

/**
 * Rotates the data key of DATA_DIR: the new key becomes data-key (the old one waits in
 * data-key.previous), running servers take it up within RELOAD_MS, every value is re-encrypted,
 * and once none is left under the old key, data-key.previous is deleted. Run again after an
 * interruption, it resumes with the key it had made.
 */
export async function rotateFileKey(
  db: Db,
  dataDir: string,
  keys: { current: DataKey; previous: DataKey[] },
  report: (step: RotationStep) => void,
  options: RotationOptions = {},
): Promise<void> {
  let { current, previous } = keys;
  if (previous.length === 0) {
    assertOpens(new Pii(current), await sampleCiphertext(db));
    const next = nextDataKey(current);
    // The old key is safe on disk before the new one replaces it: at no moment is a key missing.
    writeAtomically(previousKeyFile(dataDir), formatDataKey(current));
    writeAtomically(keyFile(dataDir), formatDataKey(next));
    previous = [current];
    current = next;
    report({ kind: 'started', key: current });
  } else {
    report({ kind: 'resumed', key: current });
  }
  const rows = await reencryptUntilDone(db, new Pii(current, previous), options);
  fs.rmSync(previousKeyFile(dataDir), { force: true });
  report({ kind: 'done', key: current, rows });
}

/**
 * With CIVICGRID_DATA_KEY no file can be changed for the operator: without
 * CIVICGRID_DATA_KEY_PREVIOUS this issues the new key (to be deployed with the old one as
 * previous); with it, it re-encrypts under CIVICGRID_DATA_KEY.
 */
export async function rotateEnvKey(
  db: Db,
  keys: { current: DataKey; previous: DataKey[] },
  report: (step: RotationStep) => void,
  options: RotationOptions = {},
): Promise<void> {
  if (keys.previous.length === 0) {
    assertOpens(new Pii(keys.current), await sampleCiphertext(db));
    report({ kind: 'env-key-issued', key: nextDataKey(keys.current), previous: keys.current });
    return;
  }
  const rows = await reencryptUntilDone(db, new Pii(keys.current, keys.previous), options);
  report({ kind: 'done', key: keys.current, rows });
}

export interface RotationOptions {
  onProgress?: (done: number, total: number) => void;
  /** How long to wait for running servers to take up the new key before the last sweep. */
  settleMs?: number;
}

async function reencryptUntilDone(db: Db, pii: Pii, options: RotationOptions): Promise<number> {
  let rows = await reencrypt(db, pii, options.onProgress);
  // A request that encrypted with the old key just before its server reloaded the keys may
  // commit after the first pass: wait until every server has the new key, then sweep again.
  await sleep(options.settleMs ?? RELOAD_MS * 2 + 1_000);
  rows += await reencrypt(db, pii);
  const left = await staleRows(db, pii.prefix);
  if (left > 0) throw new Error(`${left} rows still hold values under an old key; run rotate-key again`);
  return rows;
}

export class WrongKeyError extends Error {}

/** Fails when `pii` cannot decrypt one of `samples` (data encrypted under another key). */
export function assertOpens(pii: Pii, samples: string | null | string[]): void {
  for (const sample of Array.isArray(samples) ? samples : samples === null ? [] : [samples]) {
    try {
      pii.decrypt(sample);
    } catch {
      throw new WrongKeyError(
        `The data key does not open the encrypted columns of this database (key ${sample.split(':')[0]}): wrong CIVICGRID_DATA_KEY or DATA_DIR/data-key.`,
      );
    }
  }
}
