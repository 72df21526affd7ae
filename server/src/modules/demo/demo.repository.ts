import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export async function hasUsers(db: Db): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export function insertUsers(
  db: Db,
  users: { username: string; display_name: string; password_hash: string; role: string; area_code: string }[],
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

/** Fresh planner statistics after a bulk load, so the first queries are planned on real numbers. */
export async function analyze(db: Db) {
  await sql`analyze`.execute(db);
}
