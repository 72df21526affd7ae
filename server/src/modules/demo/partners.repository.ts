import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/** Residents' accounts, with their area and name: the demo's bookers. */
export function residentAccounts(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'area_code', 'display_name'])
    .where('role', '=', 'resident')
    .where('status', '=', 'active')
    .orderBy('username')
    .execute();
}

/** Party organizations (committees and general branches) with their area: the demo's pairing partners. */
export function partyOrgs(db: Db) {
  return db
    .selectFrom('party_orgs')
    .select(['id', 'name', 'area_code'])
    .where('retired_at', 'is', null)
    .where('kind', 'in', ['committee', 'general_branch'])
    .orderBy('name')
    .execute();
}

export function userOf(db: Db, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'area_code'])
    .where('username', '=', username)
    .executeTakeFirst();
}

export async function hasPartners(db: Db) {
  return Boolean(await db.selectFrom('partners').select('id').limit(1).executeTakeFirst());
}

/** Each service's places taken: its bookings booked, confirmed or done. */
export async function countBooked(db: Db) {
  await sql`
    update partner_services s set booked = b.n
    from (select service_id, count(*)::int as n from partner_bookings
      where state in ('booked', 'confirmed', 'done') group by 1) b
    where b.service_id = s.id`.execute(db);
}
