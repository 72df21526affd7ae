import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * The cases module's reads for open data and credit records: district-wide aggregates (one
 * GROUP BY each) and closed cases attributed to organizations. Nothing about a reporter.
 */

/** Cases reported per top-level category and month (China Standard Time) since `since`. */
export async function casesByCategoryMonth(db: Db, since: Date) {
  const result = await sql<{ month: string; category: string; count: number }>`
    select to_char(c.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
      coalesce(cc.parent_code, cc.code) as category, count(*)::int as count
    from cases c join case_categories cc on cc.code = c.category_code
    where c.reported_at >= ${since} and c.duplicate_of is null
    group by 1, 2`.execute(db);
  return result.rows;
}

/** The top-level case categories, in their order. */
export function topCategories(db: Db) {
  return db
    .selectFrom('case_categories')
    .select(['code', 'name_zh', 'name_en'])
    .where('parent_code', 'is', null)
    .orderBy('sort')
    .orderBy('code')
    .execute();
}

/**
 * Per department: steps finished and those within their deadline; closed cases rated and
 * satisfied (4 or 5). Departments with neither are absent.
 */
export async function departmentFigures(db: Db) {
  const result = await sql<{
    department_code: string;
    finished: number;
    on_time: number;
    rated: number;
    satisfied: number;
  }>`
    select coalesce(s.department_code, r.department_code) as department_code,
      coalesce(s.finished, 0)::int as finished, coalesce(s.on_time, 0)::int as on_time,
      coalesce(r.rated, 0)::int as rated, coalesce(r.satisfied, 0)::int as satisfied
    from (
      select department_code, count(*) as finished,
        count(*) filter (where deadline is null or finished_at <= deadline) as on_time
      from case_steps where finished_at is not null and department_code is not null group by 1
    ) s
    full join (
      select department_code, count(satisfaction) as rated,
        count(*) filter (where satisfaction >= 4) as satisfied
      from cases where state = 'closed' and department_code is not null group by 1
    ) r on r.department_code = s.department_code`.execute(db);
  return result.rows;
}

/**
 * Closed cases attributed to an organization, of these categories (or their subcategories),
 * closed in [from, to): the organization, the case and when it closed, oldest first.
 */
export async function closedCasesOfOrgs(db: Db, categories: string[], from: Date, to: Date) {
  if (categories.length === 0) return [];
  const result = await sql<{
    org_id: string;
    id: string;
    number: string;
    category_code: string;
    category_name: string;
    closed_at: Date;
  }>`
    select c.org_id, c.id, c.number, c.category_code, cc.name_zh as category_name, c.closed_at
    from cases c join case_categories cc on cc.code = c.category_code
    where c.org_id is not null and c.state = 'closed' and c.duplicate_of is null
      and c.closed_at >= ${from} and c.closed_at < ${to}
      and (cc.code = any(${categories}) or cc.parent_code = any(${categories}))
    order by c.org_id, c.closed_at, c.id`.execute(db);
  return result.rows;
}

/** Closed cases of these categories (or their subcategories) closed in [from, to), not attributed yet. */
export async function unattributedClosedCases(db: Db, categories: string[], from: Date, to: Date) {
  if (categories.length === 0) return [];
  const result = await sql<{ id: string; grid_code: string; closed_at: Date }>`
    select c.id, c.grid_code, c.closed_at
    from cases c join case_categories cc on cc.code = c.category_code
    where c.org_id is null and c.state = 'closed' and c.duplicate_of is null
      and c.closed_at >= ${from} and c.closed_at < ${to}
      and (cc.code = any(${categories}) or cc.parent_code = any(${categories}))
    order by c.grid_code, c.closed_at, c.id`.execute(db);
  return result.rows;
}

/** Attributes closed cases to organizations in one statement (the demo district). */
export async function attributeClosedCases(db: Db, pairs: { caseId: string; orgId: string }[]) {
  if (pairs.length === 0) return 0;
  const result = await sql`
    update cases c set org_id = p.org_id
    from unnest(${pairs.map((p) => p.caseId)}::uuid[], ${pairs.map((p) => p.orgId)}::uuid[]) as p(case_id, org_id)
    where c.id = p.case_id and c.state = 'closed'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
