import type { Db } from '../../db/database.ts';
import type { CameraAlarmsTable, CameraIncidentsTable, CamerasTable } from '../../db/types.ts';

type Row<T> = { [K in keyof T]?: unknown };

export async function hasCameras(db: Db) {
  return !!(await db.selectFrom('cameras').select('id').limit(1).executeTakeFirst());
}

export function gridBounds(db: Db) {
  return db
    .selectFrom('areas')
    .select(['code', 'min_lon', 'min_lat', 'max_lon', 'max_lat'])
    .where('level', '=', 'grid')
    .where('retired_at', 'is', null)
    .orderBy('code')
    .execute();
}

/** Multi-row inserts, in slices that stay under PostgreSQL's 65,535 parameters per statement. */
async function insertSlices(db: Db, table: 'cameras' | 'camera_incidents' | 'camera_alarms', rows: object[]) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).length;
  const slice = Math.floor(60_000 / columns);
  for (let i = 0; i < rows.length; i += slice)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + slice) as never)
      .execute();
}

export const insertCameras = (db: Db, rows: Row<CamerasTable>[]) => insertSlices(db, 'cameras', rows);
export const insertIncidents = (db: Db, rows: Row<CameraIncidentsTable>[]) =>
  insertSlices(db, 'camera_incidents', rows);
export const insertAlarms = (db: Db, rows: Row<CameraAlarmsTable>[]) =>
  insertSlices(db, 'camera_alarms', rows);

/** Incidents to be confirmed through the real path: pending again. */
export function reopen(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve();
  return db
    .updateTable('camera_incidents')
    .set({ decision: 'pending', decided_at: null })
    .where('id', 'in', ids)
    .execute();
}
