import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CaseCategoriesTable, DepartmentsTable, TimeLimits } from '../../db/types.ts';

/** Categories in use, parents first (their `sort` puts each parent before its children). */
export function categories(db: Db) {
  return db
    .selectFrom('case_categories')
    .select(['code', 'parent_code', 'name_zh', 'name_en', 'department_code', 'time_limits', 'version'])
    .where('retired_at', 'is', null)
    .orderBy('sort')
    .orderBy('code')
    .execute();
}

// ---- the default catalogue ----

export async function anyCategory(db: Db): Promise<boolean> {
  const existing = await db.selectFrom('case_categories').select('code').limit(1).execute();
  return existing.length > 0;
}

/** Adds the departments whose code is not taken yet; returns how many it added. */
export async function insertMissingDepartments(
  db: Db,
  rows: Insertable<DepartmentsTable>[],
): Promise<number> {
  const result = await db
    .insertInto('departments')
    .values(rows)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  return Number(result[0]?.numInsertedOrUpdatedRows ?? 0);
}

export async function insertCategories(db: Db, rows: Insertable<CaseCategoriesTable>[]) {
  await db.insertInto('case_categories').values(rows).execute();
}

// ---- administration ----

export function activeDepartment(db: Db, code: string) {
  return db
    .selectFrom('departments')
    .select('code')
    .where('code', '=', code)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

export function activeCategory(db: Db, code: string) {
  return db
    .selectFrom('case_categories')
    .select(['code', 'parent_code'])
    .where('code', '=', code)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

export interface CategoryValues {
  parent_code: string | null;
  name_zh: string;
  name_en: string;
  department_code: string | null;
  time_limits: TimeLimits;
}

export function lockCategory(trx: Db, code: string) {
  return trx
    .selectFrom('case_categories')
    .select(['version', 'parent_code'])
    .where('code', '=', code)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertCategory(trx: Db, code: string, values: CategoryValues) {
  await trx
    .insertInto('case_categories')
    .values({ code, ...values })
    .execute();
}

export async function updateCategory(trx: Db, code: string, values: CategoryValues, version: number) {
  await trx
    .updateTable('case_categories')
    .set({ ...values, version })
    .where('code', '=', code)
    .execute();
}

export async function hasChildren(trx: Db, code: string): Promise<boolean> {
  const children = await trx
    .selectFrom('case_categories')
    .select('code')
    .where('parent_code', '=', code)
    .limit(1)
    .execute();
  return children.length > 0;
}

export function routingRules(db: Db) {
  return db
    .selectFrom('routing_rules')
    .select(['id', 'category_code', 'area_code', 'department_code'])
    .orderBy('created_at')
    .execute();
}

export function insertRoutingRule(
  trx: Db,
  rule: { category_code: string | null; area_code: string | null; department_code: string },
) {
  return trx.insertInto('routing_rules').values(rule).returning('id').executeTakeFirstOrThrow();
}

export function findRoutingRule(trx: Db, id: string) {
  return trx.selectFrom('routing_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteRoutingRule(trx: Db, id: string) {
  await trx.deleteFrom('routing_rules').where('id', '=', id).execute();
}
