import { type Expression, type SqlBool, sql } from 'kysely';
import { prefixOf } from '../platform/auth/scope.ts';

/** `column` holds an area code under the area `scopeCode` (or that area itself): a prefix match. */
export function inScope(column: string, scopeCode: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${`${prefixOf(scopeCode)}%`}`;
}
