import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export function findUserByUsername(db: Db, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function createSession(
  db: Db,
  session: {
    id: string;
    userId: string;
    csrfToken: string;
    ip: string;
    userAgent: string | null;
    expiresAt: Date;
  },
) {
  return db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      ip: session.ip,
      user_agent: session.userAgent,
      last_seen_at: new Date(),
      expires_at: session.expiresAt,
    })
    .execute();
}

/** The live session with its user, or nothing when it expired, went idle or the user was disabled. */
export function findLiveSession(db: Db, id: string, idleMinutes: number) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('areas as a', 'a.code', 'u.area_code')
    .select([
      's.id as sessionId',
      's.csrf_token as csrfToken',
      's.last_seen_at as lastSeenAt',
      'u.id as userId',
      'u.username',
      'u.display_name as displayName',
      'u.role',
      'u.area_code as areaCode',
      'a.name as areaName',
      'u.department_code as departmentCode',
      'u.must_change_password as mustChangePassword',
      'u.totp_enabled_at as totpEnabledAt',
    ])
    .where('s.id', '=', id)
    .where('u.status', '=', 'active')
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('s.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .executeTakeFirst();
}

/** Shown in account administration: when the account last logged in. */
export function setLastLogin(db: Db, userId: string) {
  return db.updateTable('users').set({ last_login_at: new Date() }).where('id', '=', userId).execute();
}

export function touchSession(db: Db, id: string) {
  return db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', id).execute();
}

export function deleteSession(db: Db, id: string) {
  return db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Records `step` as the last one used, unless it is not later than the last one: then false. */
export async function claimTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const row = await db
    .updateTable('users')
    .set({ totp_last_step: String(step) })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export function recordLoginAttempt(db: Db, attempt: { username: string; ip: string; succeeded: boolean }) {
  return db.insertInto('login_attempts').values(attempt).execute();
}

/** Failures since the last success, within the window: by username and by address. */
export async function recentFailures(db: Db, username: string, ip: string, windowMinutes: number) {
  const since = sql<Date>`now() - make_interval(mins => ${windowMinutes})`;
  const failuresOf = (column: 'username' | 'ip', value: string) =>
    db
      .selectFrom('login_attempts')
      .select([sql<number>`count(*)`.as('count'), sql<Date | null>`min(attempted_at)`.as('oldest')])
      .where(column, '=', value)
      .where('succeeded', '=', false)
      .where('attempted_at', '>', since)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('login_attempts as ok')
              .select('ok.id')
              .where(`ok.${column}`, '=', value)
              .where('ok.succeeded', '=', true)
              .where('ok.attempted_at', '>', sql<Date>`login_attempts.attempted_at`),
          ),
        ),
      )
      .executeTakeFirstOrThrow();
  const [byUser, byIp] = await Promise.all([failuresOf('username', username), failuresOf('ip', ip)]);
  return { byUser, byIp };
}
