import { type Expression, type SqlBool, sql } from 'kysely';
import { levelOfCode, prefixOf } from '../geo/area-code.ts';

/**
 * `column` holds an area code under the area `scopeCode` (or that area itself): a prefix match,
 * or plain equality for a grid, which lets an index on (grid_code, …) also give the sort order.
 *
 * The prefix is written into the statement, not passed as a parameter. Statements are prepared
 * (see `database.ts`), and a plan made for `like $1` cannot know that the pattern is a prefix: it
 * can neither use an index range nor tell a district (every row) from a community (a fortieth).
 * Such a plan made the district overview's counts per state four times slower. The prefix is
 * digits only (`prefixOf` refuses anything else), so writing it in is safe.
 */
export function inScope(column: string, scopeCode: string): Expression<SqlBool> {
  if (levelOfCode(scopeCode) === 'grid') return sql<SqlBool>`${sql.ref(column)} = ${scopeCode}`;
  return sql<SqlBool>`${sql.ref(column)} like ${sql.lit(`${prefixOf(scopeCode)}%`)}`;
}

/**
 * `column` contains `text`. Chinese has no word boundaries, so the GIN index on the column's
 * characters narrows the rows (all characters present) before LIKE checks their order.
 */
export function containsText(column: string, text: string): Expression<SqlBool> {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql<SqlBool>`regexp_split_to_array(${sql.ref(column)}, '') @> ${sql.val([...new Set(text)])}::text[]
    and ${sql.ref(column)} like ${`%${escaped}%`}`;
}
