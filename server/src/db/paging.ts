import { type Expression, type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from './database.ts';

export interface Page {
  page: number;
  pageSize: number;
}

/**
 * One page of a list: LIMIT and OFFSET written into the statement as numbers, not parameters.
 * Statements are prepared once per connection (see `database.ts`), and PostgreSQL keeps one
 * plan for a prepared statement only when that plan is as cheap as planning for the values. A
 * parameter LIMIT hides the page size from that plan, so every page was planned again
 * (half a millisecond for a page of people). Since the numbers are written into the SQL, anything
 * but a non-negative safe integer is refused here (a page like `1e999` gets past the schemas).
 */
export function pageOf<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: Page,
): SelectQueryBuilder<DB, TB, O> {
  return rowsOf(query, page.pageSize, (page.page - 1) * page.pageSize);
}

/** The caller's mistake, answered 400 `validation_failed` (the errors plugin reads `statusCode`). */
class PageOutOfRange extends Error {
  readonly statusCode = 400;
  constructor() {
    super('the page is out of range');
  }
}

/** `pageOf` for a list that counts in rows rather than pages. */
export function rowsOf<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  limit: number,
  offset: number,
): SelectQueryBuilder<DB, TB, O> {
  for (const n of [limit, offset]) if (!Number.isSafeInteger(n) || n < 0) throw new PageOutOfRange();
  return query.limit(sql.lit(limit)).offset(sql.lit(offset));
}

/**
 * A page of a list and the list's total, read in one statement. Sent as two statements they cost
 * two round trips, each a write to a socket and a wakeup of a server process: under load that
 * was more of a fresh list's time than either query. The page comes from `rows` (paged with
 * `pageOf`), the total from `total`, a query that answers one row with one column.
 */
export async function pageAndTotal<O>(
  db: Db,
  // biome-ignore lint/suspicious/noExplicitAny: any list, from any tables
  rows: SelectQueryBuilder<any, any, O>,
  total: Expression<unknown>,
): Promise<{ rows: O[]; total: number }> {
  // The page is joined to the single row of the total on true, a nested loop over that one row,
  // so it keeps its own order; an empty page is one row without `cg_row`.
  const { rows: joined } = await sql<O & { cg_row: true | null; cg_total: string | number }>`
    select p.*, t.cg_total from (${total}) as t(cg_total)
    left join (select true as cg_row, r.* from (${rows}) as r) as p on true`.execute(db);
  const page: O[] = [];
  for (const row of joined) {
    if (row.cg_row === null) continue;
    const { cg_row: _, cg_total: __, ...item } = row;
    page.push(item as O);
  }
  return { rows: page, total: Number(joined[0]?.cg_total ?? 0) };
}
