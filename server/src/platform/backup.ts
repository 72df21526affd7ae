import { once } from 'node:events';
import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { VERSION } from '../config.ts';
import { type Db, poolOf } from '../db/database.ts';
import { migrateTo, migrationNames } from '../db/migrate.ts';
import {
  type ArchiveHeader,
  type ArchiveTable,
  createArchive,
  FORMAT,
  FORMAT_VERSION,
  readArchive,
} from './backup.archive.ts';

/**
 * `civicgrid backup` and `civicgrid restore`: every table of the public schema, as it was at one
 * moment, in one compressed file (see backup.archive.ts). Encrypted columns are copied as they
 * are; the data key is not in the archive and must be kept apart from it.
 */

export type Progress = (done: number, total: number, table: string) => void;

/** The target database holds data, or a schema the archive does not fit: nothing was written. */
export class RestoreRefusedError extends Error {}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** Kysely's bookkeeping: present, and even holding rows, in a database that has no data yet. */
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

async function publicTables(client: pg.PoolClient): Promise<{ name: string; columns: string[] }[]> {
  // Generated columns are computed again on load and cannot be copied in.
  const { rows } = await client.query<{ name: string; columns: string[] }>(
    `select c.relname::text as name,
       array(select a.attname::text from pg_attribute a
             where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
             order by a.attnum) as columns
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r'
     order by c.relname`,
  );
  return rows;
}

async function appliedMigrations(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ exists: boolean }>(
    `select to_regclass('public.kysely_migration') is not null as exists`,
  );
  if (!rows[0].exists) return [];
  const applied = await client.query<{ name: string }>('select name from kysely_migration order by name');
  return applied.rows.map((r) => r.name);
}

async function withClient<T>(db: Db, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await poolOf(db).connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

export interface BackupReport {
  tables: number;
  rows: number;
  bytes: number;
  sha256: string;
}

/**
 * Writes every table to `file` from one snapshot (REPEATABLE READ), so the archive is consistent
 * while the server keeps running. The file appears only when complete.
 */
export async function backup(db: Db, file: string, onProgress: Progress = () => {}): Promise<BackupReport> {
  const partial = `${file}.partial`;
  return withClient(db, async (client) => {
    await client.query('begin isolation level repeatable read read only');
    try {
      const tables: ArchiveTable[] = [];
      for (const t of await publicTables(client)) {
        const { rows } = await client.query<{ n: string }>(
          `select count(*)::text as n from ${quote(t.name)}`,
        );
        tables.push({ ...t, rows: Number(rows[0].n) });
      }
      // Sequences are not transactional: a value taken now is at least what the rows used.
      const { rows: sequences } = await client.query<{ name: string; lastValue: string | null }>(
        `select sequencename::text as name, last_value::text as "lastValue"
         from pg_sequences where schemaname = 'public' order by sequencename`,
      );
      const header: ArchiveHeader = {
        format: FORMAT,
        version: FORMAT_VERSION,
        createdAt: new Date().toISOString(),
        civicgridVersion: VERSION,
        migrations: await appliedMigrations(client),
        tables,
        sequences,
      };
      const total = tables.reduce((sum, t) => sum + t.rows, 0);
      let done = 0;
      const archive = await createArchive(partial, header);
      for (const t of tables) {
        onProgress(done, total, t.name);
        const stream = client.query(
          copyTo(`copy ${quote(t.name)} (${t.columns.map(quote).join(', ')}) to stdout`),
        );
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          await archive.write(chunk);
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) done++;
          onProgress(done, total, t.name);
        }
        await archive.endSection();
      }
      const sha256 = await archive.finish();
      await client.query('commit');
      fs.renameSync(partial, file);
      return { tables: tables.length, rows: total, bytes: fs.statSync(file).size, sha256 };
    } catch (error) {
      await client.query('rollback').catch(() => {});
      fs.rmSync(partial, { force: true });
      throw error;
    }
  });
}

/** Refuses unless every table (Kysely's own aside) is empty and the schema is not ahead of the archive. */
async function assertRestorable(client: pg.PoolClient, header: ArchiveHeader): Promise<void> {
  const known = header.migrations.every((name, i) => migrationNames[i] === name);
  if (!known || header.migrations.length === 0) {
    const unknown = header.migrations.find((name) => !migrationNames.includes(name));
    throw new RestoreRefusedError(
      unknown
        ? `The backup is from a newer CivicGrid (migration ${unknown} is unknown here): upgrade CivicGrid first.`
        : 'The backup’s schema history does not match this CivicGrid’s migrations.',
    );
  }
  for (const t of await publicTables(client)) {
    if (MIGRATION_TABLES.includes(t.name)) continue;
    const { rows } = await client.query(`select 1 from ${quote(t.name)} limit 1`);
    if (rows.length > 0)
      throw new RestoreRefusedError(
        `The target database is not empty (table ${t.name} has rows). Restore only into an empty database: a new DATA_DIR, or a newly created database for DATABASE_URL.`,
      );
  }
  const applied = await appliedMigrations(client);
  if (applied.length > header.migrations.length || applied.some((name, i) => header.migrations[i] !== name))
    throw new RestoreRefusedError(
      'The target database’s schema is newer than the backup: restore into a new, unmigrated database.',
    );
}

export interface RestoreReport {
  header: ArchiveHeader;
  rows: number;
}

export interface RestoreOptions {
  onProgress?: Progress;
  /** Called inside the load transaction with encrypted values, one per key; throw to roll back. */
  checkKey?: (samples: string[]) => void;
}

/**
 * Restores `file` into the empty database `db`: checks the whole archive first, migrates to the
 * archive's schema, then loads every table in one transaction, so a failure leaves no rows.
 */
export async function restore(db: Db, file: string, options: RestoreOptions = {}): Promise<RestoreReport> {
  const onProgress = options.onProgress ?? (() => {});
  const header = await readArchive(file);
  await withClient(db, (client) => assertRestorable(client, header));
  await migrateTo(db, header.migrations[header.migrations.length - 1]);
  const total = header.tables.reduce((sum, t) => sum + t.rows, 0);
  await withClient(db, async (client) => {
    await client.query('begin');
    try {
      const present = new Map((await publicTables(client)).map((t) => [t.name, new Set(t.columns)]));
      for (const t of header.tables) {
        const columns = present.get(t.name);
        const missing = columns ? t.columns.find((c) => !columns.has(c)) : undefined;
        // Same migration names but another schema: a migration was changed after the backup was made.
        if (!columns || missing)
          throw new RestoreRefusedError(
            `The backup does not fit this CivicGrid's schema: ${columns ? `column ${t.name}.${missing}` : `table ${t.name}`} is missing here.`,
          );
      }
      const names = header.tables.map((t) => quote(t.name));
      // Rows arrive table by table, in no order the foreign keys would accept: drop them now and
      // add them back at the end, which checks every reference once. Triggers (append-only
      // guards, roll-ups) must not fire either: the archive already holds what they wrote.
      const { rows: keys } = await client.query<{ table: string; name: string; definition: string }>(
        `select conrelid::regclass::text as table, conname::text as name, pg_get_constraintdef(oid) as definition
         from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace order by 1, 2`,
      );
      for (const key of keys)
        await client.query(`alter table ${key.table} drop constraint ${quote(key.name)}`);
      for (const name of names) await client.query(`alter table ${name} disable trigger user`);
      // Kysely's tables hold what migrateTo just wrote; the archive has the same rows.
      await client.query(`truncate ${names.join(', ')}`);

      let copy: ReturnType<typeof copyFrom> | null = null;
      await readArchive(
        file,
        {
          async begin(table) {
            copy = client.query(
              copyFrom(`copy ${quote(table.name)} (${table.columns.map(quote).join(', ')}) from stdin`),
            );
          },
          async data(chunk) {
            if (!copy!.write(chunk)) await once(copy!, 'drain');
          },
          async end() {
            copy!.end();
            await finished(copy!);
          },
        },
        (rows) => onProgress(rows, total, 'loading'),
      );

      for (const s of header.sequences) {
        if (s.lastValue !== null)
          await client.query('select setval($1::regclass, $2::bigint)', [
            `public.${quote(s.name)}`,
            s.lastValue,
          ]);
      }
      for (const name of names) await client.query(`alter table ${name} enable trigger user`);
      for (const key of keys)
        await client.query(`alter table ${key.table} add constraint ${quote(key.name)} ${key.definition}`);
      options.checkKey?.(await sampleCiphertexts(client));
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    }
  });
  await withClient(db, (client) => client.query('analyze'));
  return { header, rows: total };
}

/**
 * One value per key id (`k1:`, `k2:` …) of every `*_enc` column, read on the loading connection
 * (the rows are not committed yet): an archive taken during a rotation holds values of two keys.
 */
async function sampleCiphertexts(client: pg.PoolClient): Promise<string[]> {
  const { rows: columns } = await client.query<{ table: string; column: string }>(
    `select table_name::text as table, column_name::text as column from information_schema.columns
     where table_schema = 'public' and column_name like '%\\_enc' and data_type = 'text'
     order by table_name, column_name`,
  );
  const samples: string[] = [];
  for (const c of columns) {
    const { rows } = await client.query<{ v: string }>(
      `select distinct on (substring(${quote(c.column)} from '^k[0-9]+:')) ${quote(c.column)} as v
       from ${quote(c.table)} where ${quote(c.column)} is not null`,
    );
    samples.push(...rows.map((r) => r.v));
  }
  return samples;
}
