import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

const COLUMNS = ['code', 'name_zh', 'name_en', 'kind', 'sort', 'version', 'retired_at'] as const;

export function list(db: Db, includeRetired: boolean) {
  return db
    .selectFrom('departments')
    .select(COLUMNS)
    .$if(!includeRetired, (q) => q.where('retired_at', 'is', null))
    .orderBy('sort')
    .orderBy('code')
    .execute();
}

export function lock(db: Db, code: string) {
  return db.selectFrom('departments').select(COLUMNS).where('code', '=', code).forUpdate().executeTakeFirst();
}

export function find(db: Db, code: string) {
  return db.selectFrom('departments').select(COLUMNS).where('code', '=', code).executeTakeFirst();
}

/** New units go after the others unless a place is given. */
export async function nextSort(db: Db): Promise<number> {
  const row = await db
    .selectFrom('departments')
    .select(sql<number>`coalesce(max(sort), -1) + 1`.as('next'))
    .executeTakeFirstOrThrow();
  return Math.min(Number(row.next), 10_000);
}

export function insert(
  db: Db,
  values: { code: string; name_zh: string; name_en: string; kind: 'department' | 'force'; sort: number },
) {
  return db.insertInto('departments').values(values).returning(COLUMNS).executeTakeFirstOrThrow();
}

/** Writes the change only on the version read. */
export function update(
  db: Db,
  code: string,
  version: number,
  change: {
    name_zh?: string;
    name_en?: string;
    kind?: 'department' | 'force';
    sort?: number;
    retired_at?: Date;
  },
) {
  return db
    .updateTable('departments')
    .set({ ...change, version: sql`version + 1`, updated_at: new Date() })
    .where('code', '=', code)
    .where('version', '=', version)
    .returning(COLUMNS)
    .executeTakeFirst();
}

/** Active categories and routing rules that still send cases to the unit. */
export async function countUses(db: Db, code: string): Promise<number> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('case_categories')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('department_code', '=', code)
        .where('retired_at', 'is', null)
        .as('categories'),
      eb
        .selectFrom('routing_rules')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('department_code', '=', code)
        .as('rules'),
    ])
    .executeTakeFirstOrThrow();
  return Number(row.categories) + Number(row.rules);
}

/** The current departments (professional forces left out), in their order: whom questions may be put to. */
export function activeDepartments(db: Db) {
  return db
    .selectFrom('departments')
    .select(['code', 'name_zh', 'name_en'])
    .where('retired_at', 'is', null)
    .where('kind', '=', 'department')
    .orderBy('sort')
    .orderBy('code')
    .execute();
}
