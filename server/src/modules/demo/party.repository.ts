import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type {
  PartyMeetingsTable,
  PartyMembersTable,
  PartyOrgsTable,
  PartyTransfersTable,
  PartyVolunteerHoursTable,
} from '../../db/types.ts';

export async function hasPartyOrgs(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom('party_orgs').select('id').limit(1).executeTakeFirst());
}

export function streetsAndCommunities(db: Db) {
  return db
    .selectFrom('areas')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('level', 'in', ['street', 'community'])
    .where('retired_at', 'is', null)
    .orderBy('code')
    .execute();
}

/** Enterprises, schools and social organizations of the registry: where branches are set up. */
export function hostOrgs(db: Db) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'grid_code'])
    .where('kind', 'in', ['enterprise', 'school', 'social_org'])
    .where('retired_at', 'is', null)
    .orderBy('grid_code')
    .orderBy('id')
    .execute();
}

export interface NewParty {
  orgs: Insertable<PartyOrgsTable>[];
  members: Insertable<PartyMembersTable>[];
  transfers: Insertable<PartyTransfersTable>[];
  meetings: Insertable<PartyMeetingsTable>[];
  hours: Insertable<PartyVolunteerHoursTable>[];
}

async function inChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Multi-row inserts, parents first. */
export async function insertParty(trx: Db, party: NewParty) {
  await inChunks(party.orgs, 2000, (c) => trx.insertInto('party_orgs').values(c).execute());
  await inChunks(party.members, 2000, (c) => trx.insertInto('party_members').values(c).execute());
  await inChunks(party.transfers, 5000, (c) => trx.insertInto('party_transfers').values(c).execute());
  await inChunks(party.meetings, 5000, (c) => trx.insertInto('party_meetings').values(c).execute());
  await inChunks(party.hours, 5000, (c) => trx.insertInto('party_volunteer_hours').values(c).execute());
}
