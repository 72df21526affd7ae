import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './types.ts';

export type Db = Kysely<Database>;

// Return bigint/numeric counts as numbers: every count CivicGrid deals with fits in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
// Calendar dates stay 'YYYY-MM-DD' strings: a Date would shift them by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** How many statements one connection keeps prepared; beyond, the least recently used is dropped. */
const PREPARED_PER_CONNECTION = 500;
const statementNames = new Map<string, string>();

/** A statement's name is a digest of its text: the same text has the same name on every connection. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    if (statementNames.size >= 10_000) statementNames.clear();
    name = `cg_${createHash('sha1').update(text).digest('base64url')}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A connection that prepares each parameterised statement once and then only binds and runs it.
 * Kysely sends every query as text with parameters, which PostgreSQL parses, analyses and plans
 * afresh each time: for a page of people that was 0.85 ms of its 1.8 ms. A prepared statement
 * skips the parse, and PostgreSQL keeps its plan when a generic plan costs no more than planning
 * for each set of values. Prepared statements live as long as the connection, outside
 * transactions, and PostgreSQL re-plans them itself when a table they read changes.
 */
class PreparingClient extends pg.Client {
  /** The names prepared on this connection, least recently used first. */
  readonly #prepared = new Set<string>();
  readonly #capacity: number;
  /** Set when a table changed shape under a prepared `select *`: this connection stops preparing. */
  #unprepared = false;

  constructor(config?: pg.ClientConfig & { preparedPerConnection?: number }) {
    super(config);
    this.#capacity = config?.preparedPerConnection ?? PREPARED_PER_CONNECTION;
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; this forwards them all.
  override query(config: any, values?: any, callback?: any): any {
    if (
      !this.#unprepared &&
      typeof config === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      callback === undefined
    ) {
      const name = statementName(config);
      if (!this.#prepared.delete(name) && this.#prepared.size >= this.#capacity) this.#dropOldest();
      this.#prepared.add(name);
      return super.query({ name, text: config, values }).catch((error: unknown) => {
        // Another instance migrated the schema while this one runs: PostgreSQL refuses a
        // prepared statement whose columns changed. That query fails; the next ones are sent
        // unprepared, as they would have been without this class.
        if ((error as { message?: string }).message === 'cached plan must not change result type')
          this.#unprepared = true;
        throw error;
      });
    }
    return super.query(config, values, callback);
  }

  /**
   * Frees the least recently used statement (a server with many areas and lists would otherwise
   * fill the connection once and then plan every new statement each time). DEALLOCATE is queued
   * before the query that needs the room and names only a statement the server has parsed. Its
   * callback runs before the next query is sent, so pg parses the statement again when it comes
   * back. In a transaction already failed DEALLOCATE fails too: the statement then stays, and pg
   * still knows it as parsed.
   */
  #dropOldest() {
    const oldest = this.#prepared.values().next().value as string;
    this.#prepared.delete(oldest);
    const connection = (this as unknown as { connection: PgConnection }).connection;
    if (connection.parsedStatements[oldest] === undefined) return;
    super.query(`deallocate "${oldest}"`, (error: Error | null) => {
      if (!error) delete connection.parsedStatements[oldest];
    });
  }
}

/** What pg's connection remembers of the statements it has parsed (not in its typings). */
interface PgConnection {
  parsedStatements: Record<string, string>;
}

export function createDb(url: string, max = 10, preparedPerConnection = PREPARED_PER_CONNECTION): Db {
  // Requests read a page of rows; starting parallel workers costs more than it saves (~20 ms),
  // and the connections themselves already keep every core busy. Reports can turn it back on.
  const options: pg.PoolConfig & { preparedPerConnection: number } = {
    connectionString: url,
    max,
    options: '-c max_parallel_workers_per_gather=0',
    Client: PreparingClient,
    preparedPerConnection,
    // A new connection is a new server process with cold catalogue caches and no prepared
    // statements: its first few hundred queries cost about twice as much. The pool's default
    // closed connections idle for 10 s, so every pause in traffic paid that again.
    idleTimeoutMillis: 10 * 60_000,
  };
  const pool = new pg.Pool(options);
  // An idle connection closed by the server (restart, failover, drop database) is dropped from the
  // pool and replaced on next use; unhandled, this event would bring the whole process down.
  pool.on('error', () => {});
  const db = new PoolOwningKysely(pool);
  pools.set(db, pool);
  return db;
}

/**
 * Kysely ends the pool only if it ran a query itself. A command that used the pool alone (backup
 * and restore COPY through `poolOf`) kept its idle connection after `destroy()`, and the process
 * waited for the idle timeout (ten minutes) before it could exit.
 */
class PoolOwningKysely extends Kysely<Database> {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    super({ dialect: new PostgresDialect({ pool }) });
    this.#pool = pool;
  }

  override async destroy(): Promise<void> {
    await super.destroy();
    if (!this.#pool.ended) await this.#pool.end();
  }
}

const pools = new WeakMap<Db, pg.Pool>();

/** The pool under a Kysely instance, for the few things Kysely cannot do (COPY). */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('This Kysely instance was not made by createDb');
  return pool;
}
