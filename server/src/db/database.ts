import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './types.ts';

export type Db = Kysely<Database>;

// Return bigint/numeric counts as numbers: every count CivicGrid deals with fits in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
// Calendar dates stay 'YYYY-MM-DD' strings: a Date would shift them by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export function createDb(url: string, max = 10): Db {
  // Requests read a page of rows; starting parallel workers costs more than it saves (~20 ms),
  // and the connections themselves already keep every core busy. Reports can turn it back on.
  const pool = new pg.Pool({ connectionString: url, max, options: '-c max_parallel_workers_per_gather=0' });
  // An idle connection closed by the server (restart, failover, drop database) is dropped from the
  // pool and replaced on next use; unhandled, this event would bring the whole process down.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

const pools = new WeakMap<Db, pg.Pool>();

/** The pool under a Kysely instance, for the few things Kysely cannot do (COPY). */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('This Kysely instance was not made by createDb');
  return pool;
}
