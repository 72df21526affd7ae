import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { containsText, inScope } from '../../db/scope.ts';

const SORTS = {
  name: ['name', 'asc'],
  '-name': ['name', 'desc'],
  updatedAt: ['updated_at', 'asc'],
  '-updatedAt': ['updated_at', 'desc'],
} as const;

export async function listOrgs(
  db: Db,
  scopeCode: string,
  filter: {
    name?: string;
    creditCode?: string;
    kind?: string;
    includeRetired?: boolean;
  },
  page: { page: number; pageSize: number },
  sort: keyof typeof SORTS = 'name',
) {
  const base = db
    .selectFrom('orgs')
    .where(inScope('grid_code', scopeCode))
    .$if(!filter.includeRetired, (q) => q.where('retired_at', 'is', null))
    .$if(filter.name !== undefined, (q) => q.where(containsText('name', filter.name!)))
    .$if(filter.creditCode !== undefined, (q) => q.where('credit_code', '=', filter.creditCode!))
    .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind!));
  const [column, direction] = SORTS[sort];
  return pageAndTotal(
    db,
    base
      .selectAll()
      .orderBy(column, direction)
      .orderBy('id')
      .$call((q) => pageOf(q, page)),
    base.select(sql<number>`count(*)`.as('count')),
  );
}

export function findActiveByCreditCode(db: Db, creditCode: string) {
  return db
    .selectFrom('orgs')
    .select('id')
    .where('credit_code', '=', creditCode)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

/** The tables organizations are read from. */
export const ORG_READS = ['orgs'] as const;
