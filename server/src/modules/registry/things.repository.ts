import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { inScope } from '../../db/scope.ts';

export interface ThingsFilter {
  name?: string;
  category?: string;
  state?: string;
  includeRetired?: boolean;
}

const SORTS = {
  name: ['name', 'asc'],
  '-name': ['name', 'desc'],
  updatedAt: ['updated_at', 'asc'],
  '-updatedAt': ['updated_at', 'desc'],
} as const;

export async function listThings(
  db: Db,
  scopeCode: string,
  filter: ThingsFilter,
  page: { page: number; pageSize: number },
  sort: keyof typeof SORTS = 'name',
) {
  const base = db
    .selectFrom('things')
    .where(inScope('grid_code', scopeCode))
    .$if(!filter.includeRetired, (q) => q.where('retired_at', 'is', null))
    .$if(filter.name !== undefined, (q) => q.where('name', 'like', `%${filter.name}%`))
    .$if(filter.category !== undefined, (q) => q.where('category', '=', filter.category!))
    .$if(filter.state !== undefined, (q) => q.where('state', '=', filter.state as 'normal'));
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

/** The tables things are read from. */
export const THING_READS = ['things'] as const;
