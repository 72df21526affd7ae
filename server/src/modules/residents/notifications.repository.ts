import type { Db } from '../../db/database.ts';

/** Notices to residents' accounts (their app's inbox), written by other modules. */

export function insertNotifications(
  db: Db,
  rows: { user_id: string; kind: string; subject_id: string; message: string }[],
) {
  if (rows.length === 0) return Promise.resolve();
  return db.insertInto('resident_notifications').values(rows).execute();
}

/** A resident's latest 50 notifications, newest first. */
export function notificationsOf(db: Db, userId: string) {
  return db
    .selectFrom('resident_notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
}

export function markNotificationsRead(db: Db, userId: string) {
  return db
    .updateTable('resident_notifications')
    .set({ read_at: new Date() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
}
