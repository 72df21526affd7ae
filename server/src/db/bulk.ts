import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from './database.ts';
import { poolOf } from './database.ts';

/** One value in COPY's text format: \N for null, backslash escapes for the rest. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/[\\\n\r\t]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t',
  );
}

export interface Copier {
  /** Streams the rows into `table` with COPY: the fastest way into PostgreSQL. */
  copy(table: string, columns: string[], rows: Record<string, unknown>[]): Promise<void>;
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
}

/**
 * Runs `work` in one transaction on a connection of `db`'s pool that can COPY, which Kysely
 * cannot. All or nothing: an error rolls everything back.
 */
export async function withCopy<T>(db: Db, work: (copier: Copier) => Promise<T>): Promise<T> {
  const client = await poolOf(db).connect();
  const copier: Copier = {
    async copy(table, columns, rows) {
      if (rows.length === 0) return;
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      const lines = (function* () {
        for (const row of rows) yield `${columns.map((c) => copyText(row[c])).join('\t')}\n`;
      })();
      await pipeline(Readable.from(lines), stream);
    },
    query: (text, values) => client.query(text, values),
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
