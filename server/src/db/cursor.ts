import { type Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.ts';

/**
 * The rows of `query` in batches of `size`, read through a cursor in the caller's transaction
 * (`trx` must be one: the cursor lives until it ends). For reading a whole result that is too big
 * to hold: PostgreSQL plans it for all its rows (a sort over a sequential scan, as `COPY` would),
 * not for the first few, and sends each batch when it is asked for.
 */
export async function* inBatches<R>(trx: Db, query: Compilable<R>, size: number): AsyncGenerator<R[]> {
  const compiled = query.compile();
  await trx.executeQuery(CompiledQuery.raw('set local cursor_tuple_fraction = 1'));
  // One name: a transaction reads one cursor at a time, and the statement's text stays the same.
  await trx.executeQuery(
    CompiledQuery.raw(`declare batches no scroll cursor for ${compiled.sql}`, [...compiled.parameters]),
  );
  for (;;) {
    const { rows } = await trx.executeQuery<R>(CompiledQuery.raw(`fetch forward ${size} from batches`));
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
  }
}
