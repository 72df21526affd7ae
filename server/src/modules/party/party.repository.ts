import { type Insertable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { containsText, inScope } from '../../db/scope.ts';
import type {
  PartyMeetingsTable,
  PartyMembersTable,
  PartyOrgsTable,
  PartyTransfersTable,
  PartyVolunteerHoursTable,
} from '../../db/types.ts';

// Organizations ---------------------------------------------------------------------------------

function orgs(db: Db) {
  return db
    .selectFrom('party_orgs as p')
    .leftJoin('areas as a', 'a.code', 'p.area_code')
    .leftJoin('orgs as o', 'o.id', 'p.org_id')
    .select((eb) => [
      'p.id',
      'p.parent_id',
      'p.kind',
      'p.name',
      'p.area_code',
      'a.name as area_name',
      'p.org_id',
      'o.name as org_name',
      'p.secretary',
      'p.founded_on',
      'p.version',
      eb
        .selectFrom('party_members as m')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('m.org_id', '=', 'p.id')
        .where('m.left_on', 'is', null)
        .as('members'),
    ])
    .where('p.retired_at', 'is', null);
}
export type OrgRow = Awaited<ReturnType<typeof findOrg>> & {};

/** The organizations placed in the area, parents before children. */
export function listOrgs(db: Db, scope: string) {
  return orgs(db)
    .where(inScope('p.area_code', scope))
    .orderBy(sql`array_position(array['committee','general_branch','branch'], p.kind)`)
    .orderBy('p.area_code')
    .orderBy('p.name')
    .execute();
}

export function findOrg(db: Db, id: string) {
  return orgs(db).where('p.id', '=', id).executeTakeFirst();
}

export function lockOrg(db: Db, id: string) {
  return db
    .selectFrom('party_orgs')
    .selectAll()
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertOrg(db: Db, values: Insertable<PartyOrgsTable>) {
  return (await db.insertInto('party_orgs').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export function updateOrg(db: Db, id: string, values: Updateable<PartyOrgsTable>) {
  return db
    .updateTable('party_orgs')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export function activeArea(db: Db, code: string) {
  return db
    .selectFrom('areas')
    .select(['code', 'level'])
    .where('code', '=', code)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

export function registryOrg(db: Db, id: string) {
  return db
    .selectFrom('orgs')
    .select(['id', 'grid_code'])
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

// Members ---------------------------------------------------------------------------------------

const memberColumns = [
  'm.id',
  'm.org_id',
  'p.name as org_name',
  'p.area_code',
  'm.name',
  'm.gender',
  'm.id_number_mask',
  'm.phone_mask',
  'm.status',
  'm.applied_on',
  'm.activist_on',
  'm.probationary_on',
  'm.full_on',
  'm.dues_cents',
  'm.dues_paid_to',
  'm.in_service',
  'm.workplace',
  'm.residence_community',
  'r.name as residence_name',
  'm.registered_on',
  'm.left_on',
  'm.left_to',
  'm.version',
] as const;

function members(db: Db) {
  return db
    .selectFrom('party_members as m')
    .innerJoin('party_orgs as p', 'p.id', 'm.org_id')
    .leftJoin('areas as r', 'r.code', 'm.residence_community');
}
export type MemberRow = Awaited<ReturnType<typeof findMember>> & {};

export interface MemberFilter {
  orgId?: string;
  status?: string;
  name?: string;
  /** In-service members registered at a community of the scope, wherever their organization is. */
  registered?: boolean;
  left?: boolean;
}

export async function listMembers(
  db: Db,
  scope: string,
  filter: MemberFilter,
  page: { page: number; pageSize: number },
) {
  const base = members(db)
    .$if(!filter.registered, (q) => q.where(inScope('p.area_code', scope)))
    .$if(filter.registered === true, (q) =>
      q.where('m.in_service', '=', true).where(inScope('m.residence_community', scope)),
    )
    .$if(!filter.left, (q) => q.where('m.left_on', 'is', null))
    .$if(filter.left === true, (q) => q.where('m.left_on', 'is not', null))
    .$if(filter.orgId !== undefined, (q) => q.where('m.org_id', '=', filter.orgId!))
    .$if(filter.status !== undefined, (q) => q.where('m.status', '=', filter.status as never))
    .$if(filter.name !== undefined, (q) => q.where(containsText('m.name', filter.name!)));
  return pageAndTotal(
    db,
    base
      .select(memberColumns)
      .orderBy('p.area_code')
      .orderBy('p.name')
      .orderBy('m.name')
      .orderBy('m.id')
      .$call((q) => pageOf(q, page)),
    base.select(sql<number>`count(*)`.as('count')),
  );
}

export function findMember(db: Db, id: string) {
  return members(db).select(memberColumns).where('m.id', '=', id).executeTakeFirst();
}

export function lockMember(db: Db, id: string) {
  return db.selectFrom('party_members').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertMember(db: Db, values: Insertable<PartyMembersTable>) {
  return (await db.insertInto('party_members').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export function updateMember(db: Db, id: string, values: Updateable<PartyMembersTable>) {
  return db
    .updateTable('party_members')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export function insertTransfer(db: Db, values: Insertable<PartyTransfersTable>) {
  return db.insertInto('party_transfers').values(values).execute();
}

export function transfersOf(db: Db, memberId: string) {
  return db
    .selectFrom('party_transfers as t')
    .leftJoin('party_orgs as f', 'f.id', 't.from_org_id')
    .leftJoin('party_orgs as o', 'o.id', 't.to_org_id')
    .select([
      't.id',
      't.direction',
      't.from_org_id',
      'f.name as from_name',
      't.to_org_id',
      'o.name as to_name',
      't.outside_org',
      't.transferred_on',
      't.note',
      't.recorded_at',
    ])
    .where('t.member_id', '=', memberId)
    .orderBy('t.id', 'desc')
    .execute();
}

export function insertHours(db: Db, values: Insertable<PartyVolunteerHoursTable>) {
  return db.insertInto('party_volunteer_hours').values(values).returning('id').executeTakeFirstOrThrow();
}

export function hoursOf(db: Db, memberId: string) {
  return db
    .selectFrom('party_volunteer_hours')
    .select(['id', 'community_code', 'served_on', 'hours', 'activity'])
    .where('member_id', '=', memberId)
    .orderBy('served_on', 'desc')
    .orderBy('id')
    .execute();
}

/** Probationary and full members of the area whose dues are paid to a month before `before`. */
export function arrears(db: Db, scope: string, before: string) {
  return members(db)
    .select(memberColumns)
    .where(inScope('p.area_code', scope))
    .where('m.left_on', 'is', null)
    .where('m.status', 'in', ['probationary', 'full'])
    .where('m.dues_cents', '>', 0)
    .where((eb) => eb.or([eb('m.dues_paid_to', 'is', null), eb('m.dues_paid_to', '<', before)]))
    .orderBy('m.dues_paid_to', 'asc')
    .orderBy('p.name')
    .orderBy('m.name')
    .execute();
}

// Meetings --------------------------------------------------------------------------------------

export async function listMeetings(
  db: Db,
  scope: string,
  filter: { orgId?: string; kind?: string; from?: string; to?: string },
  page: { page: number; pageSize: number },
) {
  const base = db
    .selectFrom('party_meetings as g')
    .innerJoin('party_orgs as p', 'p.id', 'g.org_id')
    .where(inScope('p.area_code', scope))
    .$if(filter.orgId !== undefined, (q) => q.where('g.org_id', '=', filter.orgId!))
    .$if(filter.kind !== undefined, (q) => q.where('g.kind', '=', filter.kind as never))
    .$if(filter.from !== undefined, (q) => q.where('g.held_on', '>=', filter.from!))
    .$if(filter.to !== undefined, (q) => q.where('g.held_on', '<=', filter.to!));
  return pageAndTotal(
    db,
    base
      .select([
        'g.id',
        'g.org_id',
        'p.name as org_name',
        'g.kind',
        'g.held_on',
        'g.topic',
        'g.attendees',
        'g.absentees',
        'g.minutes',
      ])
      .orderBy('g.held_on', 'desc')
      .orderBy('g.created_at', 'desc')
      .orderBy('g.id')
      .$call((q) => pageOf(q, page)),
    base.select(sql<number>`count(*)`.as('count')),
  );
}

export function insertMeeting(db: Db, values: Insertable<PartyMeetingsTable>) {
  return db.insertInto('party_meetings').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Meetings per organization, kind and month ('YYYY-MM') held in the area between two days. */
export function meetingCounts(db: Db, scope: string, from: string, to: string) {
  return db
    .selectFrom('party_meetings as g')
    .innerJoin('party_orgs as p', 'p.id', 'g.org_id')
    .select([
      'g.org_id',
      'g.kind',
      sql<string>`to_char(g.held_on, 'YYYY-MM')`.as('month'),
      sql<number>`count(*)::int`.as('n'),
    ])
    .where(inScope('p.area_code', scope))
    .where('g.held_on', '>=', from)
    .where('g.held_on', '<=', to)
    .groupBy(['g.org_id', 'g.kind', sql`to_char(g.held_on, 'YYYY-MM')`])
    .execute();
}

// Figures ---------------------------------------------------------------------------------------

export function childAreas(db: Db, parent: string) {
  return db
    .selectFrom('areas')
    .select(['code', 'name'])
    .where('parent_code', '=', parent)
    .where('retired_at', 'is', null)
    .orderBy('code')
    .execute();
}

export function areaName(db: Db, code: string) {
  return db.selectFrom('areas').select('name').where('code', '=', code).executeTakeFirst();
}

export function membersByStatus(db: Db, scope: string) {
  return db
    .selectFrom('party_members as m')
    .innerJoin('party_orgs as p', 'p.id', 'm.org_id')
    .select(['p.area_code', 'm.status', sql<number>`count(*)::int`.as('n')])
    .where(inScope('p.area_code', scope))
    .where('m.left_on', 'is', null)
    .groupBy(['p.area_code', 'm.status'])
    .execute();
}

export function registeredByCommunity(db: Db, scope: string) {
  return db
    .selectFrom('party_members as m')
    .select(['m.residence_community as area_code', sql<number>`count(*)::int`.as('n')])
    .where('m.in_service', '=', true)
    .where('m.left_on', 'is', null)
    .where(inScope('m.residence_community', scope))
    .groupBy('m.residence_community')
    .execute();
}

export function hoursByCommunity(db: Db, scope: string, from: string, to: string) {
  return db
    .selectFrom('party_volunteer_hours as h')
    .select(['h.community_code as area_code', sql<number>`sum(h.hours)::float8`.as('hours')])
    .where(inScope('h.community_code', scope))
    .where('h.served_on', '>=', from)
    .where('h.served_on', '<=', to)
    .groupBy('h.community_code')
    .execute();
}
