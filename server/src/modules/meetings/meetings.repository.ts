import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import type { MeetingDecisionsTable, MeetingParticipantsTable } from '../../db/types.ts';

const meetingColumns = [
  'id',
  'community_code',
  'estate_id',
  'kind',
  'title',
  'place',
  'starts_at',
  'is_public',
  'state',
  'notice_id',
  'minutes',
  'version',
] as const;

export type MeetingRow = NonNullable<Awaited<ReturnType<typeof meetingById>>>;

export function meetingById(db: Db, id: string) {
  return db.selectFrom('meetings').select(meetingColumns).where('id', '=', id).executeTakeFirst();
}

/** Meetings of an area; `forUser`: only public ones and those the account takes part in. */
export function meetingsIn(db: Db, scope: string, forUser?: string) {
  let q = db.selectFrom('meetings').select(meetingColumns).where(inScope('community_code', scope));
  if (forUser)
    q = q.where((eb) =>
      eb.or([
        eb('is_public', '=', true),
        eb.exists(
          eb
            .selectFrom('meeting_participants as p')
            .select(sql`1`.as('x'))
            .whereRef('p.meeting_id', '=', 'meetings.id')
            .where('p.user_id', '=', forUser),
        ),
      ]),
    );
  return q.orderBy('starts_at', 'desc').limit(500).execute();
}

export function insertMeeting(
  db: Db,
  row: {
    community_code: string;
    estate_id: string | null;
    kind: 'consultation' | 'hearing' | 'owners_assembly';
    title: string;
    place: string;
    starts_at: Date;
    is_public: boolean;
    created_by: string | null;
  },
) {
  return db.insertInto('meetings').values(row).returning('id').executeTakeFirstOrThrow();
}

export function updateMeeting(
  db: Db,
  id: string,
  version: number,
  set: { state?: 'planned' | 'held' | 'cancelled'; minutes?: string | null; notice_id?: string },
) {
  return db
    .updateTable('meetings')
    .set({ ...set, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export async function insertItems(
  db: Db,
  meetingId: string,
  items: { title: string; description: string }[],
) {
  if (items.length === 0) return;
  await db
    .insertInto('meeting_items')
    .values(items.map((it, i) => ({ meeting_id: meetingId, position: i + 1, ...it })))
    .execute();
}

export function itemsOf(db: Db, meetingId: string) {
  return db
    .selectFrom('meeting_items')
    .select(['id', 'position', 'title', 'description'])
    .where('meeting_id', '=', meetingId)
    .orderBy('position')
    .execute();
}

export async function insertParticipants(
  db: Db,
  rows: Omit<MeetingParticipantsTable, 'id' | 'registered_at' | 'attended'>[],
) {
  if (rows.length === 0) return;
  await db
    .insertInto('meeting_participants')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function participantsOf(db: Db, meetingId: string) {
  return db
    .selectFrom('meeting_participants')
    .select([
      'id',
      'kind',
      'name',
      'person_id',
      'user_id',
      'org_id',
      'department_code',
      'registered_at',
      'attended',
    ])
    .where('meeting_id', '=', meetingId)
    .orderBy('registered_at')
    .orderBy('id')
    .execute();
}

export async function setAttendance(
  db: Db,
  meetingId: string,
  attendance: { id: string; attended: boolean }[],
) {
  for (const a of attendance)
    await db
      .updateTable('meeting_participants')
      .set({ attended: a.attended })
      .where('meeting_id', '=', meetingId)
      .where('id', '=', a.id)
      .execute();
}

export async function insertAttachments(
  db: Db,
  meetingId: string,
  files: { file_name: string; content_type: string; size: number; sha256: string }[],
) {
  if (files.length === 0) return;
  await db
    .insertInto('meeting_attachments')
    .values(files.map((f) => ({ meeting_id: meetingId, ...f })))
    .execute();
}

export function attachmentsOf(db: Db, meetingId: string) {
  return db
    .selectFrom('meeting_attachments')
    .select(['id', 'file_name', 'content_type', 'size', 'sha256'])
    .where('meeting_id', '=', meetingId)
    .orderBy('created_at')
    .execute();
}

const decisionColumns = [
  'd.id',
  'd.meeting_id',
  'd.item_id',
  'd.text',
  'd.responsible',
  'd.due_date',
  'd.status',
  'd.progress',
  'd.version',
] as const;

export function insertDecision(
  db: Db,
  row: Pick<MeetingDecisionsTable, 'meeting_id' | 'item_id' | 'text' | 'responsible' | 'due_date'>,
) {
  return db.insertInto('meeting_decisions').values(row).returning('id').executeTakeFirstOrThrow();
}

export function decisionsOf(db: Db, meetingId: string) {
  return db
    .selectFrom('meeting_decisions as d')
    .select(decisionColumns)
    .where('d.meeting_id', '=', meetingId)
    .orderBy('d.created_at')
    .execute();
}

export function decisionById(db: Db, id: string) {
  return db
    .selectFrom('meeting_decisions as d')
    .innerJoin('meetings as m', 'm.id', 'd.meeting_id')
    .select([...decisionColumns, 'm.community_code', 'm.title as meeting_title'])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

/** Decisions of the meetings of an area, with their meeting (the accountability list). */
export function decisionsIn(db: Db, scope: string) {
  return db
    .selectFrom('meeting_decisions as d')
    .innerJoin('meetings as m', 'm.id', 'd.meeting_id')
    .select([...decisionColumns, 'm.community_code', 'm.title as meeting_title'])
    .where(inScope('m.community_code', scope))
    .orderBy('d.due_date')
    .limit(1000)
    .execute();
}

export function updateDecision(
  db: Db,
  id: string,
  version: number,
  set: {
    status?: 'not_started' | 'in_progress' | 'completed' | 'cancelled';
    progress?: number;
    responsible?: string;
    due_date?: string | null;
  },
) {
  return db
    .updateTable('meeting_decisions')
    .set({ ...set, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export async function insertMilestones(
  db: Db,
  decisionId: string,
  rows: { title: string; due_date: string | null; done_on: string | null }[],
) {
  if (rows.length === 0) return;
  await db
    .insertInto('decision_milestones')
    .values(rows.map((r) => ({ decision_id: decisionId, ...r })))
    .execute();
}

export function milestonesOf(db: Db, decisionIds: string[]) {
  if (decisionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('decision_milestones')
    .select(['id', 'decision_id', 'title', 'due_date', 'done_on'])
    .where('decision_id', 'in', decisionIds)
    .orderBy('due_date')
    .orderBy('id')
    .execute();
}

export async function markMilestones(
  db: Db,
  decisionId: string,
  done: { id: string; doneOn: string | null }[],
) {
  for (const m of done)
    await db
      .updateTable('decision_milestones')
      .set({ done_on: m.doneOn })
      .where('decision_id', '=', decisionId)
      .where('id', '=', m.id)
      .execute();
}

export async function linkCases(db: Db, decisionId: string, caseIds: string[]) {
  if (caseIds.length === 0) return;
  await db
    .insertInto('decision_cases')
    .values(caseIds.map((c) => ({ decision_id: decisionId, case_id: c })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function casesOf(db: Db, decisionIds: string[]) {
  if (decisionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('decision_cases')
    .select(['decision_id', 'case_id'])
    .where('decision_id', 'in', decisionIds)
    .execute();
}
