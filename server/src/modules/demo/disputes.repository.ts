import { type Insertable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type {
  DisputeEventsTable,
  DisputeNoticesTable,
  DisputePartiesTable,
  DisputeScreeningsTable,
  DisputeSessionsTable,
  DisputesTable,
} from '../../db/types.ts';

export async function hasDisputes(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom('disputes').select('id').limit(1).executeTakeFirst());
}

/** Grids with one resident each (a party from the registry), and the mediators and grid heads. */
export function gridsWithResident(db: Db) {
  return db
    .selectFrom('areas as g')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('people')
          .distinctOn('grid_code')
          .select(['grid_code', 'id', 'name'])
          .where('retired_at', 'is', null)
          .orderBy('grid_code')
          .orderBy('id')
          .as('p'),
      (j) => j.onRef('p.grid_code', '=', 'g.code'),
    )
    .select(['g.code', 'g.name', 'p.id as person_id', 'p.name as person_name'])
    .where('g.level', '=', 'grid')
    .where('g.retired_at', 'is', null)
    .orderBy('g.code')
    .execute();
}

export function mediators(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'area_code', 'display_name'])
    .where('role', '=', 'mediator')
    .orderBy('username')
    .execute();
}

async function chunked<T>(rows: T[], size: number, insert: (part: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export interface NewDisputes {
  disputes: Insertable<DisputesTable>[];
  parties: Insertable<DisputePartiesTable>[];
  sessions: Insertable<DisputeSessionsTable>[];
  events: Insertable<DisputeEventsTable>[];
  notices: Insertable<DisputeNoticesTable>[];
  returns: Insertable<DisputeScreeningsTable>[];
}

/** Everything in one transaction, as multi-row inserts (a few hundred rows a statement). */
export async function insertDisputes(db: Db, rows: NewDisputes) {
  await db.transaction().execute(async (trx) => {
    await chunked(rows.disputes, 800, (part) => trx.insertInto('disputes').values(part).execute());
    await chunked(rows.parties, 2000, (part) => trx.insertInto('dispute_parties').values(part).execute());
    await chunked(rows.sessions, 2000, (part) => trx.insertInto('dispute_sessions').values(part).execute());
    await chunked(rows.events, 2000, (part) => trx.insertInto('dispute_events').values(part).execute());
    await chunked(rows.notices, 2000, (part) => trx.insertInto('dispute_notices').values(part).execute());
    await chunked(rows.returns, 3000, (part) => trx.insertInto('dispute_screenings').values(part).execute());
    await sql`select setval('dispute_number_seq', ${rows.disputes.length + 1})`.execute(trx);
  });
}
