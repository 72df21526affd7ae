import type { Db } from '../../db/database.ts';
import type * as repo from './resources.repository.ts';
import { insertFunds, insertPeople, insertRooms } from './resources.repository.ts';

/** Bulk rows for a loader (the demo's year): one multi-row insert per table. */
export async function insertResources(
  db: Db,
  rows: { funds: repo.FundRow[]; people: repo.PersonRow[]; rooms: repo.RoomRow[] },
) {
  await db.transaction().execute(async (trx) => {
    await insertFunds(trx, rows.funds);
    await insertPeople(trx, rows.people);
    await insertRooms(trx, rows.rooms);
  });
}
