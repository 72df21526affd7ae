import { type Expression, type SqlBool, sql } from 'kysely';
import { levelOfCode, prefixOf } from '../platform/auth/scope.ts';

/**
 * `column` holds an area code under the area `scopeCode` (or that area itself): a prefix match,
 * or plain equality for a grid, which lets an index on (grid_code, …) also give the sort order.
 */
export function inScope(column: string, scopeCode: string): Expression<SqlBool> {
  if (levelOfCode(scopeCode) === 'grid') return sql<SqlBool>`${sql.ref(column)} = ${scopeCode}`;
  return sql<SqlBool>`${sql.ref(column)} like ${`${prefixOf(scopeCode)}%`}`;
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
