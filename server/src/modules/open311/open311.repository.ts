import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import type { CaseState } from '../../db/types.ts';

/** Leaf categories (the services), with their group and the department that handles them. */
function selectServices(db: Db) {
  return db
    .selectFrom('case_categories as c')
    .innerJoin('case_categories as p', 'p.code', 'c.parent_code')
    .leftJoin('departments as d', (join) =>
      join.on((eb) => eb('d.code', '=', eb.fn.coalesce('c.department_code', 'p.department_code'))),
    )
    .select([
      'c.code',
      'c.name_zh',
      'c.name_en',
      'p.name_zh as group_zh',
      'p.name_en as group_en',
      'd.name_zh as department_zh',
      'd.name_en as department_en',
    ])
    .where('c.retired_at', 'is', null)
    .where('p.retired_at', 'is', null);
}

export type ServiceRow = Awaited<ReturnType<typeof listServices>>[number];

export function listServices(db: Db) {
  return selectServices(db).orderBy('c.sort').orderBy('c.code').execute();
}

export function findService(db: Db, code: string) {
  return selectServices(db).where('c.code', '=', code).executeTakeFirst();
}

/**
 * Only what Open311 shows of a case: never the reporter, the API client or internal notes, so a
 * mistake in the mapping cannot leak them.
 */
function selectRequests(db: Db) {
  return db
    .selectFrom('cases as c')
    .innerJoin('case_categories as cat', 'cat.code', 'c.category_code')
    .leftJoin('departments as d', 'd.code', 'c.department_code')
    .select([
      'c.id',
      'c.number',
      'c.state',
      'c.category_code',
      'cat.name_zh as category_zh',
      'cat.name_en as category_en',
      'c.description',
      'd.name_zh as department_zh',
      'd.name_en as department_en',
      'c.step',
      'c.step_deadline',
      'c.reported_at',
      'c.updated_at',
      'c.address',
      'c.lon',
      'c.lat',
    ]);
}

export type RequestRow = Awaited<ReturnType<typeof listRequests>>[number];

/** Which requests a caller may read: those reported through Open311, or all in a key's area. */
export type RequestScope = { source: 'open311' } | { areaCode: string };

export interface RequestFilter {
  numbers?: string[];
  serviceCodes?: string[];
  states?: readonly CaseState[];
  from?: Date;
  to?: Date;
}

function visible(scope: RequestScope): Expression<SqlBool> {
  return 'source' in scope
    ? sql<SqlBool>`c.source = ${scope.source}`
    : inScope('c.grid_code', scope.areaCode);
}

export function listRequests(db: Db, scope: RequestScope, filter: RequestFilter, limit: number) {
  return selectRequests(db)
    .where(visible(scope))
    .$if(filter.numbers !== undefined, (qb) => qb.where('c.number', 'in', filter.numbers!))
    .$if(filter.serviceCodes !== undefined, (qb) => qb.where('c.category_code', 'in', filter.serviceCodes!))
    .$if(filter.states !== undefined, (qb) => qb.where('c.state', 'in', filter.states!))
    .$if(filter.from !== undefined, (qb) => qb.where('c.reported_at', '>=', filter.from!))
    .$if(filter.to !== undefined, (qb) => qb.where('c.reported_at', '<=', filter.to!))
    .orderBy('c.reported_at', 'desc')
    .orderBy('c.number', 'desc')
    .limit(limit)
    .execute();
}

export function findRequestById(db: Db, scope: RequestScope, id: string) {
  return selectRequests(db).where(visible(scope)).where('c.id', '=', id).executeTakeFirst();
}

/** A case this client already reported under its own id: a repeated create answers with it. */
export function findByExternalId(db: Db, apiClient: string, externalId: string) {
  return db
    .selectFrom('cases')
    .select(['id', 'number'])
    .where('api_client', '=', apiClient)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}
