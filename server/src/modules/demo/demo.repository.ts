import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export async function hasUsers(db: Db): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export function insertUsers(
  db: Db,
  users: {
    username: string;
    display_name: string;
    password_hash: string;
    role: string;
    area_code: string;
    department_code: string | null;
    must_change_password: boolean;
  }[],
) {
  return db
    .insertInto('users')
    .values(users)
    .onConflict((oc) => oc.column('username').doNothing())
    .execute();
}

export function userIdsByUsername(db: Db, usernames: string[]) {
  return db.selectFrom('users').select(['id', 'username']).where('username', 'in', usernames).execute();
}

export function setGridHead(db: Db, gridCode: string, userId: string) {
  return db.updateTable('areas').set({ head_id: userId }).where('code', '=', gridCode).execute();
}

export function insertTags(
  db: Db,
  tags: { code: string; name_zh: string; name_en: string; visible_to: string[] | null; sort: number }[],
) {
  return db
    .insertInto('tags')
    .values(tags)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function hasPeople(db: Db): Promise<boolean> {
  return (await db.selectFrom('buildings').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function hasCases(db: Db): Promise<boolean> {
  return (await db.selectFrom('cases').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** The accounts that act on the demo's cases. */
export function caseStaff(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'area_code', 'department_code'])
    .where('role', '!=', 'grid_worker')
    .execute();
}

/** Every grid with the name of its head (the grid worker who reports and verifies its cases). */
export function gridsWithHeads(db: Db) {
  return db
    .selectFrom('areas')
    .leftJoin('users', 'users.id', 'areas.head_id')
    .select(['areas.code', 'areas.head_id', 'users.display_name as head_name'])
    .where('areas.level', '=', 'grid')
    .where('areas.retired_at', 'is', null)
    .orderBy('areas.code')
    .execute();
}

/** Where cases happen: the buildings, in the order they were loaded. */
export function buildingSites(db: Db) {
  return db
    .selectFrom('buildings')
    .select(['grid_code', 'name', 'address', 'lon', 'lat'])
    .where('retired_at', 'is', null)
    .orderBy('grid_code')
    .orderBy('address')
    .execute();
}

/** Fresh planner statistics after a bulk load, so the first queries are planned on real numbers. */
export async function analyze(db: Db) {
  await sql`analyze`.execute(db);
}
