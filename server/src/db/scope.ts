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
