import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type OperationNodeSource, type RawBuilder, sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from './database.ts';
import { poolOf } from './database.ts';

const SPECIAL = /[\\\n\r\t]/;

/** One value in COPY's text format: \N for null, backslash escapes for the rest. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (!SPECIAL.test(text)) return text;
  return text.replace(/[\\\n\r\t]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t',
  );
}

export interface Copier {
  /** Streams the rows into `table` with COPY: the fastest way into PostgreSQL. */
  copy(table: string, columns: string[], rows: Record<string, unknown>[]): Promise<void>;
  /** The same, for rows given as values in the order of `columns`, e.g. from a generator. */
  copyValues(table: string, columns: string[], rows: Iterable<readonly unknown[]>): Promise<void>;
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  /**
   * Runs `work` with the foreign keys of `tables` dropped, then adds them back as they were, each
   * checked in one pass: for hundreds of thousands of rows, row-by-row checks cost more than
   * the rows themselves. The transaction holds the tables exclusively meanwhile.
   */
  withoutForeignKeys<T>(tables: string[], work: () => Promise<T>): Promise<T>;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Runs `work` in one transaction on a connection of `db`'s pool that can COPY, which Kysely
 * cannot. All or nothing: an error rolls everything back.
 */
export async function withCopy<T>(db: Db, work: (copier: Copier) => Promise<T>): Promise<T> {
  const client = await poolOf(db).connect();
  const copier: Copier = {
    async copy(table, columns, rows) {
      if (rows.length === 0) return;
      await copier.copyValues(
        table,
        columns,
        rows.map((row) => columns.map((c) => row[c])),
      );
    },
    async copyValues(table, columns, rows) {
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      // Lines go out in chunks of about 64 kB: one stream write per row costs more than the row.
      const chunks = (function* () {
        let chunk = '';
        for (const row of rows) {
          let line = copyText(row[0]);
          for (let i = 1; i < row.length; i++) line += `\t${copyText(row[i])}`;
          chunk += `${line}\n`;
          if (chunk.length >= 65_536) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      })();
      await pipeline(Readable.from(chunks), stream);
    },
    query: (text, values) => client.query(text, values),
    async withoutForeignKeys(tables, work) {
      const { rows: keys } = await client.query<{ table: string; name: string; definition: string }>(
        `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as definition
         from pg_constraint where contype = 'f' and conrelid = any($1::regclass[]) order by conrelid, conname`,
        [tables],
      );
      for (const key of keys)
        await client.query(`alter table ${key.table} drop constraint ${quoteIdent(key.name)}`);
      const result = await work();
      for (const key of keys)
        await client.query(
          `alter table ${key.table} add constraint ${quoteIdent(key.name)} ${key.definition}`,
        );
      return result;
    },
  };
  try {
    await client.query('begin');
    const result = await work(copier);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * A statement inserting `rows` into `table` from one array per column, for the columns `types`
 * names (with their PostgreSQL types; a value missing from a row is null). Its text is the same
 * however many rows, so PostgreSQL parses and plans it in a moment, where a VALUES list of
 * rows × columns parameters took milliseconds for a few dozen rows. `computed` adds columns
 * computed from the others (as `u.<column>`).
 */
export function unnestInsert<R extends object>(
  table: string,
  types: { [K in keyof R & string]?: string },
  rows: readonly R[],
  computed: Record<string, RawBuilder<unknown>> = {},
) {
  const names = Object.keys(types) as (keyof R & string)[];
  const extra = Object.keys(computed);
  const arrays = names.map((n) => sql`${rows.map((r) => r[n] ?? null)}::${sql.raw(types[n]!)}[]`);
  return sql`insert into ${sql.table(table)} (${sql.join([...names, ...extra].map((n) => sql.id(n)))})
    select u.*${extra.length > 0 ? sql`, ${sql.join(extra.map((n) => computed[n]!))}` : sql``}
    from unnest(${sql.join(arrays)}) as u(${sql.join(names.map((n) => sql.id(n)))})`;
}

/**
 * Runs the statements as one: each is a data-modifying CTE of a `select 1`, so they commit
 * together or not at all, in one round trip.
 */
export async function executeTogether(db: Db, parts: OperationNodeSource[]): Promise<void> {
  await sql`with ${sql.join(parts.map((part, i) => sql`${sql.id(`part${i}`)} as (${part})`))} select 1`.execute(
    db,
  );
}

/** The same, answering the rows the first statement returns (it ends with `returning …`). */
export async function executeTogetherReturning<R>(db: Db, parts: OperationNodeSource[]): Promise<R[]> {
  const { rows } =
    await sql<R>`with ${sql.join(parts.map((part, i) => sql`${sql.id(`part${i}`)} as (${part})`))} select * from "part0"`.execute(
      db,
    );
  return rows;
}
