import { type Insertable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import { getSetting, putSetting } from '../../db/settings.ts';
import type { ResidentSignupsTable } from '../../db/types.ts';

const SMS_KEY = 'sms.gateway';
export interface SmsGatewaySetting {
  url: string;
  /** The shared secret, encrypted with the data key. */
  secretEnc: string;
}

export const smsGatewaySetting = (db: Db) => getSetting<SmsGatewaySetting | null>(db, SMS_KEY);
export const putSmsGatewaySetting = (db: Db, value: SmsGatewaySetting | null, userId: string) =>
  putSetting(db, SMS_KEY, value, userId);

/** Tries of each key within the window, after recording this one. */
export async function countAttempts(
  db: Db,
  keys: { kind: 'phone' | 'id' | 'address'; key: string }[],
  since: Date,
): Promise<Record<'phone' | 'id' | 'address', number>> {
  await db.insertInto('signup_attempts').values(keys).execute();
  const rows = await db
    .selectFrom('signup_attempts')
    .select(['kind', sql<number>`count(*)::int`.as('n')])
    .where('at', '>=', since)
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('kind', '=', k.kind), eb('key', '=', k.key)]))))
    .groupBy('kind')
    .execute();
  const counts = { phone: 0, id: 0, address: 0 };
  for (const r of rows) counts[r.kind] = r.n;
  return counts;
}

export function insertSignup(db: Db, values: Insertable<ResidentSignupsTable>) {
  return db.insertInto('resident_signups').values(values).returning(['id']).executeTakeFirstOrThrow();
}

export function findSignup(db: Db, id: string) {
  return db.selectFrom('resident_signups').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockSignup(db: Db, id: string) {
  return db.selectFrom('resident_signups').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateSignup(db: Db, id: string, values: Updateable<ResidentSignupsTable>) {
  return db.updateTable('resident_signups').set(values).where('id', '=', id).execute();
}

/** Counts a try of the code; the number of tries so far. */
export async function bumpCodeAttempts(db: Db, id: string): Promise<number> {
  const row = await db
    .updateTable('resident_signups')
    .set({ code_attempts: sql`code_attempts + 1` })
    .where('id', '=', id)
    .returning('code_attempts')
    .executeTakeFirstOrThrow();
  return row.code_attempts;
}

export async function usernameTaken(db: Db, username: string): Promise<boolean> {
  const [user, pending] = await Promise.all([
    db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst(),
    db
      .selectFrom('resident_signups')
      .select('id')
      .where('username', '=', username)
      .where('state', 'in', ['code_sent', 'awaiting_approval'])
      .where('created_at', '>', new Date(Date.now() - 86_400_000))
      .executeTakeFirst(),
  ]);
  return user !== undefined || pending !== undefined;
}

export function insertResident(
  db: Db,
  values: {
    username: string;
    display_name: string;
    password_hash: string;
    area_code: string;
    created_by: string | null;
  },
) {
  return db
    .insertInto('users')
    .values({ ...values, role: 'resident' })
    .returning(['id', 'username'])
    .executeTakeFirstOrThrow();
}

export function applications(db: Db, scope: string) {
  return db
    .selectFrom('resident_signups')
    .selectAll()
    .where('kind', '=', 'application')
    .where('state', '=', 'awaiting_approval')
    .where(inScope('community_code', scope))
    .orderBy('created_at')
    .limit(500)
    .execute();
}

export async function activeArea(db: Db, code: string) {
  return db
    .selectFrom('areas')
    .select(['code', 'level'])
    .where('code', '=', code)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

/** The registry person a resident's account is bound to (null for an applicant not in the registry). */
export async function personOfResident(db: Db, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('resident_signups')
    .select('person_id')
    .where('user_id', '=', userId)
    .where('state', '=', 'done')
    .executeTakeFirst();
  return row?.person_id ?? null;
}
