import { type Insertable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type {
  ForceContactsTable,
  TeamMemberGridsTable,
  TeamMembersTable,
  TeamQualificationsTable,
  TeamTrainingsTable,
  VisitPlansTable,
  VisitsTable,
} from '../../db/types.ts';

export async function hasTeamMembers(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom('team_members').select('id').limit(1).executeTakeFirst());
}

/** The grids in use with their head (an account) and bounding box. */
export function gridsWithBounds(db: Db) {
  return db
    .selectFrom('areas as a')
    .leftJoin('users as u', 'u.id', 'a.head_id')
    .select([
      'a.code',
      'a.name',
      'a.head_id',
      'u.display_name',
      'a.min_lon',
      'a.min_lat',
      'a.max_lon',
      'a.max_lat',
    ])
    .where('a.level', '=', 'grid')
    .where('a.retired_at', 'is', null)
    .orderBy('a.code')
    .execute();
}

export function communities(db: Db) {
  return db
    .selectFrom('areas')
    .select(['code', 'name'])
    .where('level', '=', 'community')
    .where('retired_at', 'is', null)
    .execute();
}

export function forces(db: Db) {
  return db
    .selectFrom('departments')
    .select('code')
    .where('kind', '=', 'force')
    .where('retired_at', 'is', null)
    .execute();
}

export interface NewTeams {
  members: Insertable<TeamMembersTable>[];
  links: Insertable<TeamMemberGridsTable>[];
  qualifications: Insertable<TeamQualificationsTable>[];
  trainings: Insertable<TeamTrainingsTable>[];
  contacts: Insertable<ForceContactsTable>[];
}

/** The team members with their grids, certificates, trainings and the forces' contacts. */
export async function insertTeams(trx: Db, teams: NewTeams) {
  const { members, links, qualifications, trainings, contacts } = teams;
  for (let i = 0; i < members.length; i += 2000)
    await trx
      .insertInto('team_members')
      .values(members.slice(i, i + 2000))
      .execute();
  for (let i = 0; i < links.length; i += 5000)
    await trx
      .insertInto('team_member_grids')
      .values(links.slice(i, i + 5000))
      .execute();
  if (qualifications.length) await trx.insertInto('team_qualifications').values(qualifications).execute();
  if (trainings.length) await trx.insertInto('team_trainings').values(trainings).execute();
  if (contacts.length) await trx.insertInto('force_contacts').values(contacts).execute();
}

export function district(db: Db) {
  return db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'district')
    .where('retired_at', 'is', null)
    .orderBy('code')
    .executeTakeFirstOrThrow();
}

export async function insertPlans(trx: Db, plans: Insertable<VisitPlansTable>[]) {
  await trx.insertInto('visit_plans').values(plans).execute();
}

/** Seeds PostgreSQL's random() for this transaction's session, so generated tasks repeat. */
export async function setRandomSeed(trx: Db, seed: number) {
  await sql`select setseed(${seed})`.execute(trx);
}

export async function insertVisits(db: Db, visits: Insertable<VisitsTable>[]) {
  for (let i = 0; i < visits.length; i += 2000)
    await db
      .insertInto('visits')
      .values(visits.slice(i, i + 2000))
      .execute();
}
