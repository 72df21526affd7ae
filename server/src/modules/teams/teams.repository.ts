import { type Insertable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { containsText, inScope } from '../../db/scope.ts';
import type { TeamMembersTable } from '../../db/types.ts';

const memberColumns = [
  'm.id',
  'm.area_code',
  'm.name',
  'm.team',
  'm.force_code',
  'd.name_zh as force_zh',
  'd.name_en as force_en',
  'm.organization',
  'm.duty',
  'm.work_phone',
  'm.private_phone_mask',
  'm.user_id',
  'u.username',
  'm.status',
  'm.version',
  'm.created_at',
  'm.updated_at',
] as const;

function members(db: Db) {
  return db
    .selectFrom('team_members as m')
    .leftJoin('departments as d', 'd.code', 'm.force_code')
    .leftJoin('users as u', 'u.id', 'm.user_id');
}
export type MemberRow = Awaited<ReturnType<typeof findMember>> & {};

/** Members who belong to the area or serve a grid in it. */
export async function listMembers(
  db: Db,
  scopeCode: string,
  filter: { team?: string; forceCode?: string; status?: string; name?: string },
  page: { page: number; pageSize: number },
) {
  const base = members(db)
    .where((eb) =>
      eb.or([
        inScope('m.area_code', scopeCode),
        eb.exists(
          eb
            .selectFrom('team_member_grids as g')
            .select('g.member_id')
            .whereRef('g.member_id', '=', 'm.id')
            .where(inScope('g.grid_code', scopeCode)),
        ),
      ]),
    )
    .$if(filter.team !== undefined, (q) => q.where('m.team', '=', filter.team as never))
    .$if(filter.forceCode !== undefined, (q) => q.where('m.force_code', '=', filter.forceCode!))
    .$if(filter.status !== undefined, (q) => q.where('m.status', '=', filter.status as never))
    .$if(filter.name !== undefined, (q) => q.where(containsText('m.name', filter.name!)));
  return pageAndTotal(
    db,
    base
      .select(memberColumns)
      .orderBy('m.area_code')
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
  return db.selectFrom('team_members').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function gridsOf(db: Db, memberIds: string[]) {
  if (memberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('team_member_grids as g')
    .leftJoin('areas as a', 'a.code', 'g.grid_code')
    .select(['g.member_id', 'g.grid_code', 'a.name as grid_name', 'g.is_head'])
    .where('g.member_id', 'in', memberIds)
    .orderBy('g.grid_code')
    .execute();
}

export async function insertMember(db: Db, values: Insertable<TeamMembersTable>) {
  return db.insertInto('team_members').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateMember(db: Db, id: string, version: number, values: Updateable<TeamMembersTable>) {
  return db
    .updateTable('team_members')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
}

export async function replaceGrids(db: Db, memberId: string, grids: { gridCode: string; isHead: boolean }[]) {
  await db.deleteFrom('team_member_grids').where('member_id', '=', memberId).execute();
  if (grids.length === 0) return;
  await db
    .insertInto('team_member_grids')
    .values(grids.map((g) => ({ member_id: memberId, grid_code: g.gridCode, is_head: g.isHead })))
    .execute();
}

/** The head of each of these grids other than `exceptMemberId`. */
export function otherHeads(db: Db, gridCodes: string[], exceptMemberId: string | null) {
  if (gridCodes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('team_member_grids as g')
    .innerJoin('team_members as m', 'm.id', 'g.member_id')
    .select(['g.grid_code', 'm.name'])
    .where('g.grid_code', 'in', gridCodes)
    .where('g.is_head', '=', true)
    .$if(exceptMemberId !== null, (q) => q.where('g.member_id', '!=', exceptMemberId!))
    .execute();
}

export function activeGrids(db: Db, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('areas')
    .select('code')
    .where('code', 'in', codes)
    .where('level', '=', 'grid')
    .where('retired_at', 'is', null)
    .execute();
}

export function findArea(db: Db, code: string) {
  return db
    .selectFrom('areas')
    .select(['code', 'name', 'level'])
    .where('code', '=', code)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

export function findUser(db: Db, id: string) {
  return db.selectFrom('users').select(['id', 'area_code']).where('id', '=', id).executeTakeFirst();
}

export function findForce(db: Db, code: string) {
  return db
    .selectFrom('departments')
    .select(['code', 'name_zh', 'name_en'])
    .where('code', '=', code)
    .where('kind', '=', 'force')
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

export function insertHistory(
  db: Db,
  entry: {
    memberId: string;
    version: number;
    changedBy: string | null;
    changes: Record<string, [unknown, unknown]>;
  },
) {
  return db
    .insertInto('team_history')
    .values({
      member_id: entry.memberId,
      version: entry.version,
      changed_by: entry.changedBy,
      source: 'manual',
      changes: JSON.stringify(entry.changes),
    })
    .execute();
}

export async function historyOf(db: Db, memberId: string) {
  const rows = await db
    .selectFrom('team_history as h')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .select(['h.version', 'h.changed_at', 'u.display_name as changed_by', 'h.source', 'h.changes'])
    .where('h.member_id', '=', memberId)
    .orderBy('h.id', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    changedAt: r.changed_at.toISOString(),
    changedBy: r.changed_by,
    source: r.source,
    changes: r.changes,
  }));
}

export function qualificationsOf(db: Db, memberId: string) {
  return db
    .selectFrom('team_qualifications')
    .selectAll()
    .where('member_id', '=', memberId)
    .orderBy('issued_on')
    .execute();
}

export function insertQualification(
  db: Db,
  values: {
    member_id: string;
    level: 'junior' | 'intermediate' | 'senior';
    certificate_no: string;
    issued_on: string;
    expires_on: string | null;
  },
) {
  return db.insertInto('team_qualifications').values(values).returningAll().executeTakeFirstOrThrow();
}

export function trainingsOf(db: Db, memberId: string) {
  return db
    .selectFrom('team_trainings')
    .selectAll()
    .where('member_id', '=', memberId)
    .orderBy('held_on', 'desc')
    .execute();
}

export function insertTraining(
  db: Db,
  values: { member_id: string; held_on: string; course: string; hours: number },
) {
  return db.insertInto('team_trainings').values(values).returningAll().executeTakeFirstOrThrow();
}

export function forces(db: Db) {
  return db
    .selectFrom('departments')
    .select(['code', 'name_zh', 'name_en'])
    .where('kind', '=', 'force')
    .where('retired_at', 'is', null)
    .orderBy('sort')
    .orderBy('code')
    .execute();
}

/** Contacts for areas inside `scopeCode` and for the areas above it (`ancestors`). */
export function forceContacts(db: Db, scopeCode: string, ancestors: string[]) {
  return db
    .selectFrom('force_contacts as c')
    .innerJoin('areas as a', 'a.code', 'c.area_code')
    .select([
      'c.id',
      'c.force_code',
      'c.area_code',
      'a.name as area_name',
      'c.unit',
      'c.contact_name',
      'c.work_phone',
      'c.version',
    ])
    .where((eb) =>
      ancestors.length > 0
        ? eb.or([inScope('c.area_code', scopeCode), eb('c.area_code', 'in', ancestors)])
        : inScope('c.area_code', scopeCode),
    )
    .orderBy('c.force_code')
    .orderBy('c.area_code')
    .execute();
}

export function upsertForceContact(
  db: Db,
  values: { force_code: string; area_code: string; unit: string; contact_name: string; work_phone: string },
) {
  return db
    .insertInto('force_contacts')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['force_code', 'area_code']).doUpdateSet({
        unit: values.unit,
        contact_name: values.contact_name,
        work_phone: values.work_phone,
        version: sql`force_contacts.version + 1`,
        updated_at: new Date(),
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Active members serving the grid, with whether each is its head. */
export function gridMembers(db: Db, gridCode: string) {
  return db
    .selectFrom('team_member_grids as g')
    .innerJoin('team_members as m', 'm.id', 'g.member_id')
    .leftJoin('departments as d', 'd.code', 'm.force_code')
    .select([
      'm.name',
      'm.team',
      'm.force_code',
      'd.name_zh as force_zh',
      'd.name_en as force_en',
      'm.organization',
      'm.duty',
      'm.work_phone',
      'g.is_head',
    ])
    .where('g.grid_code', '=', gridCode)
    .where('m.status', '=', 'active')
    .orderBy('g.is_head', 'desc')
    .orderBy('m.team')
    .orderBy('m.name')
    .execute();
}

/**
 * Members in the area with the highest social-worker level they hold on `day` (issued on or
 * before it, not expired before it), for the reward ledger.
 */
export function qualifiedOn(db: Db, scopeCode: string, day: string) {
  return db
    .selectFrom('team_qualifications as q')
    .innerJoin('team_members as m', 'm.id', 'q.member_id')
    .select(['m.id', 'm.name', 'm.area_code', 'q.level', 'q.certificate_no'])
    .distinctOn('m.id')
    .where(inScope('m.area_code', scopeCode))
    .where('m.status', '=', 'active')
    .where('q.kind', '=', 'social_worker')
    .where('q.issued_on', '<=', day)
    .where((eb) => eb.or([eb('q.expires_on', 'is', null), eb('q.expires_on', '>=', day)]))
    .orderBy('m.id')
    .orderBy(sql`case q.level when 'senior' then 3 when 'intermediate' then 2 else 1 end`, 'desc')
    .execute();
}
