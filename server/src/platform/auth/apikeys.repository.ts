import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';

const columns = [
  'k.id',
  'k.name',
  'k.prefix',
  'k.scopes',
  'k.area_code',
  'a.name as area_name',
  'k.expires_at',
  'k.revoked_at',
  'k.last_used_at',
  'k.created_by',
  'u.display_name as created_by_name',
  'k.created_at',
] as const;

function selectKeys(db: Db) {
  return db
    .selectFrom('api_keys as k')
    .leftJoin('areas as a', 'a.code', 'k.area_code')
    .leftJoin('users as u', 'u.id', 'k.created_by')
    .select(columns);
}

export type ApiKeyRow = NonNullable<Awaited<ReturnType<typeof findApiKey>>>;

export function insertApiKey(
  db: Db,
  values: {
    name: string;
    prefix: string;
    key_hash: string;
    scopes: string[];
    area_code: string;
    expires_at: Date | null;
    created_by: string | null;
  },
) {
  return db.insertInto('api_keys').values(values).returning('id').executeTakeFirstOrThrow();
}

export function findApiKey(db: Db, id: string) {
  return selectKeys(db).where('k.id', '=', id).executeTakeFirst();
}

/** The key with this prefix, with its hash: what a presented key is checked against. */
export function findApiKeyByPrefix(db: Db, prefix: string) {
  return selectKeys(db).select('k.key_hash').where('k.prefix', '=', prefix).executeTakeFirst();
}

/** Keys issued for an area or below it, newest first. */
export function listApiKeys(db: Db, areaCode: string) {
  return selectKeys(db).where(inScope('k.area_code', areaCode)).orderBy('k.created_at', 'desc').execute();
}

export function revokeApiKey(db: Db, id: string, at: Date) {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, ${at})` })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
}

/** Marks a key used, unless that was already done within the last minute. */
export function touchApiKey(db: Db, id: string, at: Date) {
  return db
    .updateTable('api_keys')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(at.getTime() - 60_000))]),
    )
    .execute();
}

/** The roots of the area tree (districts): where a key is issued when no area is named. */
export function rootAreaCodes(db: Db) {
  return db
    .selectFrom('areas')
    .select('code')
    .where('parent_code', 'is', null)
    .where('retired_at', 'is', null)
    .orderBy('code')
    .execute();
}

export function activeArea(db: Db, code: string) {
  return db
    .selectFrom('areas')
    .select('code')
    .where('code', '=', code)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}
