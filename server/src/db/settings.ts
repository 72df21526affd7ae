import type { Db } from './database.ts';

/** Run-time settings administrators change (the `settings` table): one JSON value per key. */
export async function getSetting<T>(db: Db, key: string): Promise<T | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value as T | undefined;
}

export function putSetting(db: Db, key: string, value: unknown, userId: string) {
  return db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value), updated_by: userId })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ value: JSON.stringify(value), updated_by: userId, updated_at: new Date() }),
    )
    .execute();
}
