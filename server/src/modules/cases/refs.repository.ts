import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';

/** Cases as other modules point to them, and the residents' ratings of cases. */

/** A case, by id; with `scope`, only one whose grid lies inside it. */
export function caseRef(db: Db, id: string, scope?: string) {
  return db
    .selectFrom('cases')
    .select(['id', 'number', 'grid_code'])
    .where('id', '=', id)
    .$if(scope !== undefined, (q) => q.where(inScope('grid_code', scope!)))
    .executeTakeFirst();
}

export async function caseCategoryExists(db: Db, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('case_categories')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Adds a category under `parent` (sorted last) unless the code exists: what another module reports
 * its own cases under (the cameras' fault category).
 */
export async function ensureCaseCategory(db: Db, code: string, parent: string, zh: string, en: string) {
  await db
    .insertInto('case_categories')
    .columns(['code', 'parent_code', 'name_zh', 'name_en', 'sort'])
    .expression((eb) =>
      eb
        .selectFrom('case_categories')
        .select([
          sql.val(code).as('code'),
          'code as parent_code',
          sql.val(zh).as('name_zh'),
          sql.val(en).as('name_en'),
          sql.lit(99).as('sort'),
        ])
        .where('code', '=', parent),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

/**
 * Reporters' satisfaction with cases closed since `since` inside the scope: per community (the
 * grid's parent), and the latest 100 comments left with an evaluation.
 */
export async function caseSatisfaction(db: Db, scope: string, since: Date) {
  const byArea = db
    .selectFrom('cases as c')
    .innerJoin('areas as g', 'g.code', 'c.grid_code')
    .innerJoin('areas as a', 'a.code', 'g.parent_code')
    .select([
      'a.code as area_code',
      'a.name as area_name',
      sql<number>`count(*)::int`.as('rated'),
      sql<number>`round(avg(c.satisfaction)::numeric, 2)::float8`.as('average'),
      sql<number>`count(*) filter (where c.satisfaction <= 2)::int`.as('low'),
    ])
    .where('c.satisfaction', 'is not', null)
    .where('c.closed_at', '>=', since)
    .where(inScope('c.grid_code', scope))
    .groupBy(['a.code', 'a.name'])
    .execute();
  const comments = db
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .select([
      sql<string>`'case'`.as('kind'),
      'c.id as subject_id',
      'c.number',
      'c.satisfaction as rating',
      'e.note as comment',
      'e.actor_name as by',
      'c.grid_code as area_code',
      'e.at',
    ])
    .where('e.action', '=', 'evaluate')
    .where('e.note', 'is not', null)
    .where('e.at', '>=', since)
    .where(inScope('c.grid_code', scope))
    .orderBy('e.at', 'desc')
    .limit(100)
    .execute();
  const [areas, notes] = await Promise.all([byArea, comments]);
  return { byArea: areas, comments: notes };
}
