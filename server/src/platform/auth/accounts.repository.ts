import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export function findUserById(db: Db, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function setPassword(db: Db, userId: string, passwordHash: string) {
  return db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: false, password_changed_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

/** A new secret, not yet in use: the user proves it works with a code before it is enabled. */
export function setPendingTotpSecret(db: Db, userId: string, secretEnc: string) {
  return db
    .updateTable('users')
    .set({ totp_secret_enc: secretEnc, totp_enabled_at: null, totp_last_step: null })
    .where('id', '=', userId)
    .where('totp_enabled_at', 'is', null)
    .execute();
}

export function enableTotp(db: Db, userId: string) {
  return db.updateTable('users').set({ totp_enabled_at: new Date() }).where('id', '=', userId).execute();
}

export function disableTotp(db: Db, userId: string) {
  return db
    .updateTable('users')
    .set({ totp_secret_enc: null, totp_enabled_at: null, totp_last_step: null })
    .where('id', '=', userId)
    .execute();
}

/** The user's sessions that still work: not expired, not idle longer than `idleMinutes`. */
export function liveSessionsOf(db: Db, userId: string, idleMinutes: number) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

/** Deletes the user's session whose id starts with `prefix` (hex only: no LIKE wildcards). */
export async function deleteSessionByPrefix(db: Db, userId: string, prefix: string) {
  return db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('id', 'like', `${prefix}%`)
    .returning('id')
    .execute();
}

export function deleteOtherSessions(db: Db, userId: string, keepId: string) {
  return db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('id', '!=', keepId)
    .returning('id')
    .execute();
}

/** An account by username with its area's name, for a command run as that account without a session. */
export function commandAccount(db: Db, username: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('areas as a', 'a.code', 'u.area_code')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.area_code',
      'a.name',
      'u.department_code',
      'u.status',
    ])
    .where('u.username', '=', username)
    .executeTakeFirst();
}
