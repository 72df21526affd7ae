import { type SelectQueryBuilder, sql } from 'kysely';
import { AppError } from '../platform/errors.ts';

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

/** `pageOf` for a list that counts in rows rather than pages. */
export function rowsOf<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  limit: number,
  offset: number,
): SelectQueryBuilder<DB, TB, O> {
  for (const n of [limit, offset])
    if (!Number.isSafeInteger(n) || n < 0)
      throw new AppError('validation_failed', { summary: 'the page is out of range' });
  return query.limit(sql.lit(limit)).offset(sql.lit(offset));
}
