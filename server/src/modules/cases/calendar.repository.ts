import type { Db } from '../../db/database.ts';
import type { CalendarDaysTable } from '../../db/types.ts';

export const WORKING_HOURS_KEY = 'working_hours';

export function allDays(db: Db) {
  return db.selectFrom('calendar_days').select(['day', 'kind']).execute();
}

export function daysBetween(db: Db, first: string, last: string) {
  return db
    .selectFrom('calendar_days')
    .select(['day', 'kind', 'name'])
    .where('day', '>=', first)
    .where('day', '<=', last)
    .orderBy('day')
    .execute();
}

export async function hasDays(db: Db): Promise<boolean> {
  return (await db.selectFrom('calendar_days').select('day').limit(1).executeTakeFirst()) !== undefined;
}

/** Adds the days not there yet; returns how many were added. */
export async function insertDays(db: Db, days: readonly CalendarDaysTable[]): Promise<number> {
  if (days.length === 0) return 0;
  const rows = await db
    .insertInto('calendar_days')
    .values(days.map((d) => ({ day: d.day, kind: d.kind, name: d.name })))
    .onConflict((oc) => oc.column('day').doNothing())
    .returning('day')
    .execute();
  return rows.length;
}

export function putDay(db: Db, day: CalendarDaysTable) {
  return db
    .insertInto('calendar_days')
    .values(day)
    .onConflict((oc) => oc.column('day').doUpdateSet({ kind: day.kind, name: day.name }))
    .execute();
}

export function deleteDay(db: Db, day: string) {
  return db.deleteFrom('calendar_days').where('day', '=', day).execute();
}

export async function getWorkingHoursSetting(db: Db): Promise<unknown> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', WORKING_HOURS_KEY)
    .executeTakeFirst();
  return row?.value;
}

export function putWorkingHoursSetting(db: Db, value: object, userId: string) {
  const json = JSON.stringify(value);
  return db
    .insertInto('settings')
    .values({ key: WORKING_HOURS_KEY, value: json, updated_by: userId })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: json, updated_by: userId, updated_at: new Date() }),
    )
    .execute();
}
