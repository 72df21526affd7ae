import type { Db } from '../../db/database.ts';

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
