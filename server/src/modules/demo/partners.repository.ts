import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DemoImage } from './images.ts';

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

/** A photo for about two activities in five, each one of the generated pictures. */
export async function insertActivityPhotos(db: Db, images: DemoImage[]) {
  if (images.length === 0) return;
  await sql`
    insert into pairing_files (pairing_id, activity_id, file_name, content_type, size, sha256)
    select a.pairing_id, a.id, i.file_name, 'image/png', i.size, i.sha256
    from pairing_activities a
    join unnest(${images.map((i) => i.fileName)}::text[], ${images.map((i) => i.size)}::int[],
      ${images.map((i) => i.sha256)}::text[]) with ordinality as i(file_name, size, sha256, idx)
      on i.idx = abs(hashtext(a.id::text)) % ${images.length} + 1
    where abs(hashtext(a.id::text || 'p')) % 5 < 2
      and not exists (select 1 from pairing_files f where f.activity_id = a.id)
  `.execute(db);
}
