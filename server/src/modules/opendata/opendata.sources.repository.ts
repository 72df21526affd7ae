import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * What the datasets are computed from. This is the one file of `opendata` that reads other
 * modules' tables (areas, registry, cases, departments) directly: their public faces offer
 * records one at a time or per area, not the district-wide aggregates a dataset needs, and each
 * query here is one GROUP BY. Only aggregates and public attributes are selected: no person's
 * name, ID or phone, no organization's responsible person or contact phone.
 */

export function activeAreas(db: Db) {
  return db
    .selectFrom('areas')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('retired_at', 'is', null)
    .orderBy('code')
    .execute();
}

/** The district: the publisher of the catalogue. */
export function districtRoot(db: Db) {
  return db
    .selectFrom('areas')
    .select(['code', 'name'])
    .where('parent_code', 'is', null)
    .where('retired_at', 'is', null)
    .orderBy('code')
    .executeTakeFirst();
}

/**
 * Residents by grid and age band on a day (moved in by then, not retired). Ages by comparing
 * birth dates with the day minus 15, 60, 80 years: the same bands as `age()`, without calling it
 * on every row.
 */
export async function populationByGridBand(db: Db, asOf: string) {
  const result = await sql<{ grid_code: string; band: string; count: number }>`
    select grid_code, case
        when birth_date > ${asOf}::date - interval '15 years' then '0-14'
        when birth_date > ${asOf}::date - interval '60 years' then '15-59'
        when birth_date > ${asOf}::date - interval '80 years' then '60-79'
        else '80+' end as band,
      count(*)::int as count
    from people
    where retired_at is null and (move_in_date is null or move_in_date <= ${asOf}::date)
      and birth_date <= ${asOf}::date
    group by 1, 2`.execute(db);
  return result.rows;
}

export async function housesByGridUsage(db: Db) {
  const result = await sql<{ grid_code: string; usage: string; count: number }>`
    select grid_code, usage, count(*)::int as count from houses where retired_at is null group by 1, 2`.execute(
    db,
  );
  return result.rows;
}

/** Cases reported per top-level category and month (China Standard Time), the last 12 months. */
export async function casesByCategoryMonth(db: Db, since: Date) {
  const result = await sql<{ month: string; category: string; count: number }>`
    select to_char(c.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
      coalesce(cc.parent_code, cc.code) as category, count(*)::int as count
    from cases c join case_categories cc on cc.code = c.category_code
    where c.reported_at >= ${since} and c.duplicate_of is null
    group by 1, 2`.execute(db);
  return result.rows;
}

export function topCategories(db: Db) {
  return db
    .selectFrom('case_categories')
    .select(['code', 'name_zh', 'name_en'])
    .where('parent_code', 'is', null)
    .orderBy('sort')
    .orderBy('code')
    .execute();
}

/** Per department: steps finished and those within their deadline; closed cases rated and satisfied (4 or 5). */
export async function departmentPerformance(db: Db) {
  const result = await sql<{
    code: string;
    name_zh: string;
    name_en: string;
    finished: number;
    on_time: number;
    rated: number;
    satisfied: number;
  }>`
    select d.code, d.name_zh, d.name_en,
      coalesce(s.finished, 0)::int as finished, coalesce(s.on_time, 0)::int as on_time,
      coalesce(r.rated, 0)::int as rated, coalesce(r.satisfied, 0)::int as satisfied
    from departments d
    left join (
      select department_code, count(*) as finished,
        count(*) filter (where deadline is null or finished_at <= deadline) as on_time
      from case_steps where finished_at is not null and department_code is not null group by 1
    ) s on s.department_code = d.code
    left join (
      select department_code, count(satisfaction) as rated,
        count(*) filter (where satisfaction >= 4) as satisfied
      from cases where state = 'closed' and department_code is not null group by 1
    ) r on r.department_code = d.code
    where d.retired_at is null
    order by d.sort, d.code`.execute(db);
  return result.rows;
}

export function components(db: Db) {
  return db
    .selectFrom('things')
    .select(['id', 'category', 'name', 'state', 'grid_code', 'lon', 'lat'])
    .where('retired_at', 'is', null)
    .orderBy('grid_code')
    .orderBy('id')
    .execute();
}

/** Organizations' public attributes only: never the responsible person or the contact phone. */
export function organizations(db: Db) {
  return db
    .selectFrom('orgs')
    .select(['id', 'kind', 'name', 'credit_code', 'address', 'grid_code', 'lon', 'lat'])
    .where('retired_at', 'is', null)
    .orderBy('grid_code')
    .orderBy('id')
    .execute();
}
