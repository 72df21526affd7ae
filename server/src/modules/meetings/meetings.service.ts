import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { beijingDay, caseBriefs, filesDir, storeFile } from '../cases/index.ts';
import { estateById, fieldError } from '../estates/index.ts';
import { publishNotice } from '../notices/index.ts';
import { communityScope, isStaff, manageableMeeting, visibleMeeting } from './meetings.policy.ts';
import * as repo from './meetings.repository.ts';
import type {
  DecisionPatch,
  DecisionView,
  MeetingBody,
  MeetingView,
  Participant,
  RecordBody,
} from './meetings.schemas.ts';

export interface MeetingsContext {
  db: Db;
  dataDir: string;
}

const KIND_ZH: Record<string, string> = {
  consultation: '协商议事会',
  hearing: '听证会',
  owners_assembly: '业主大会',
};
const STATE_ZH: Record<string, string> = { planned: '筹备中', held: '已召开', cancelled: '已取消' };
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const ENDED = ['completed', 'cancelled'];

/** A foreign key that points nowhere (a participant's person, account, organization) → 422. */
async function guarded<T>(field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if ((err as { code?: string }).code === '23503') throw fieldError(field, 'outside_scope');
    throw err;
  }
}

const participantRow = (meetingId: string, p: Participant) => ({
  meeting_id: meetingId,
  kind: p.kind,
  name: p.name.trim(),
  person_id: p.personId ?? null,
  user_id: p.userId ?? null,
  org_id: p.orgId ?? null,
  department_code: p.departmentCode ?? null,
});

export async function decisionViews(
  db: Db,
  rows: Awaited<ReturnType<typeof repo.decisionsIn>>,
  today = beijingDay(new Date()),
): Promise<DecisionView[]> {
  const ids = rows.map((r) => r.id);
  const [milestones, links] = await Promise.all([repo.milestonesOf(db, ids), repo.casesOf(db, ids)]);
  const cases = new Map(
    (
      await caseBriefs(
        db,
        links.map((l) => l.case_id),
      )
    ).map((c) => [c.id, c]),
  );
  return rows.map((d) => {
    const open = !ENDED.includes(d.status);
    const ms = milestones
      .filter((m) => m.decision_id === d.id)
      .map((m) => ({
        id: m.id,
        title: m.title,
        dueDate: m.due_date,
        doneOn: m.done_on,
        overdue: open && m.done_on === null && m.due_date !== null && m.due_date < today,
      }));
    return {
      id: d.id,
      meetingId: d.meeting_id,
      meetingTitle: d.meeting_title,
      communityCode: d.community_code,
      itemId: d.item_id,
      text: d.text,
      responsible: d.responsible,
      dueDate: d.due_date,
      status: d.status,
      progress: d.progress,
      overdue: open && ((d.due_date !== null && d.due_date < today) || ms.some((m) => m.overdue)),
      version: d.version,
      milestones: ms,
      cases: links
        .filter((l) => l.decision_id === d.id)
        .flatMap((l) => {
          const c = cases.get(l.case_id);
          return c ? [{ id: c.id, number: c.number, state: c.state }] : [];
        }),
    };
  });
}

const summary = (m: repo.MeetingRow) => ({
  id: m.id,
  communityCode: m.community_code,
  estateId: m.estate_id,
  kind: m.kind,
  title: m.title,
  place: m.place,
  startsAt: m.starts_at.toISOString(),
  isPublic: m.is_public,
  state: m.state,
  version: m.version,
});

async function view(db: Db, auth: Auth, meeting: repo.MeetingRow, staff: boolean): Promise<MeetingView> {
  const [items, participants, files, decisions] = await Promise.all([
    repo.itemsOf(db, meeting.id),
    repo.participantsOf(db, meeting.id),
    repo.attachmentsOf(db, meeting.id),
    repo.decisionsOf(db, meeting.id),
  ]);
  const withMeeting = decisions.map((d) => ({
    ...d,
    community_code: meeting.community_code,
    meeting_title: meeting.title,
  }));
  // A resident sees the other residents' names masked: the surname only.
  const name = (p: (typeof participants)[number]) =>
    staff || p.user_id === auth.userId || p.kind === 'organization' || p.kind === 'department'
      ? p.name
      : [...p.name][0] + '*'.repeat(Math.max(0, [...p.name].length - 1));
  return {
    ...summary(meeting),
    noticeId: meeting.notice_id,
    minutes: meeting.minutes,
    items,
    participants: participants.map((p) => ({
      id: p.id,
      kind: p.kind,
      name: name(p),
      registeredAt: p.registered_at.toISOString(),
      attended: p.attended,
      isMe: p.user_id === auth.userId,
    })),
    attachments: files.map((f) => ({
      id: f.id,
      fileName: f.file_name,
      contentType: f.content_type,
      size: f.size,
    })),
    decisions: await decisionViews(db, withMeeting),
  };
}

export async function listMeetings(db: Db, auth: Auth | null, areaCode: string | undefined) {
  if (!auth) throw new AppError('unauthenticated');
  if (isStaff(auth))
    return (await repo.meetingsIn(db, communityScope(resolveScope(auth, areaCode)))).map(summary);
  if (!auth.permissions.includes('votes.cast')) throw new AppError('forbidden');
  resolveScope(auth, areaCode);
  // A resident's community (their area is a community or a grid in it); deputies: their area.
  const rows = await repo.meetingsIn(db, communityScope(auth.areaCode).slice(0, 12), auth.userId);
  return rows.map(summary);
}

export async function getMeeting(db: Db, auth: Auth | null, id: string) {
  const { meeting, staff } = await visibleMeeting(db, auth, id);
  return view(db, auth as Auth, meeting, staff);
}

export async function createMeeting(ctx: MeetingsContext, auth: Auth | null, input: MeetingBody) {
  const caller = requirePermission(auth, 'meetings.manage');
  const { db } = ctx;
  if (!isWithin(input.communityCode, communityScope(caller.areaCode)))
    throw fieldError('communityCode', 'outside_scope');
  if (input.estateId) {
    const estate = await estateById(db, input.estateId);
    if (!estate || estate.communityCode !== input.communityCode)
      throw fieldError('estateId', 'outside_scope');
  }
  const files: { file_name: string; content_type: string; size: number; sha256: string }[] = [];
  for (const a of input.attachments ?? []) {
    const bytes = Buffer.from(a.data, 'base64');
    if (bytes.length > MAX_FILE_BYTES) throw fieldError('attachments', 'too_large');
    files.push({
      file_name: a.fileName,
      content_type: a.contentType,
      size: bytes.length,
      sha256: await storeFile(filesDir(ctx.dataDir), a.contentType, bytes),
    });
  }
  const startsAt = new Date(input.startsAt);
  const id = await guarded('participants', () =>
    db.transaction().execute(async (trx) => {
      const { id } = await repo.insertMeeting(trx, {
        community_code: input.communityCode,
        estate_id: input.estateId ?? null,
        kind: input.kind,
        title: input.title.trim(),
        place: input.place?.trim() ?? '',
        starts_at: startsAt,
        is_public: input.isPublic ?? true,
        created_by: caller.userId,
      });
      await repo.insertItems(
        trx,
        id,
        input.items.map((i) => ({ title: i.title.trim(), description: i.description?.trim() ?? '' })),
      );
      await repo.insertParticipants(
        trx,
        (input.participants ?? []).map((p) => participantRow(id, p)),
      );
      await repo.insertAttachments(trx, id, files);
      if (input.notify) {
        const when = new Date(startsAt.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
        const noticeId = await publishNotice(trx, {
          title: `${KIND_ZH[input.kind]}通知：${input.title.trim()}`,
          body: `时间：${when}\n地点：${input.place ?? ''}\n议题：\n${input.items
            .map((it, i) => `${i + 1}. ${it.title}`)
            .join('\n')}\n欢迎居民在居民端报名参加。`,
          areaCodes: [input.communityCode],
          authorId: caller.userId,
          authorName: caller.areaName ? `${caller.areaName} ${caller.displayName}` : caller.displayName,
          important: input.kind !== 'consultation',
        });
        await trx.updateTable('meetings').set({ notice_id: noticeId }).where('id', '=', id).execute();
      }
      return id;
    }),
  );
  await audit(db, caller, { action: 'meeting.create', targetType: 'meeting', targetId: id });
  return getMeeting(db, caller, id);
}

export async function addParticipants(db: Db, auth: Auth | null, id: string, participants: Participant[]) {
  const { caller, meeting } = await manageableMeeting(db, auth, id);
  if (meeting.state !== 'planned')
    throw new AppError('meeting_wrong_state', { state: STATE_ZH[meeting.state] });
  await guarded('participants', () =>
    repo.insertParticipants(
      db,
      participants.map((p) => participantRow(id, p)),
    ),
  );
  return getMeeting(db, caller, id);
}

/** A resident or deputy registers for a public meeting of their community (again: no change). */
export async function register(db: Db, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'votes.cast');
  const { meeting } = await visibleMeeting(db, caller, id);
  if (meeting.state !== 'planned')
    throw new AppError('meeting_wrong_state', { state: STATE_ZH[meeting.state] });
  await repo.insertParticipants(db, [
    {
      meeting_id: id,
      kind: caller.role === 'deputy' ? 'deputy' : 'resident',
      name: caller.displayName,
      person_id: null,
      user_id: caller.userId,
      org_id: null,
      department_code: null,
    },
  ]);
  return getMeeting(db, caller, id);
}

/** After the meeting: minutes, attendance and decisions per agenda item; the meeting is held. */
export async function recordMeeting(db: Db, auth: Auth | null, id: string, input: RecordBody) {
  const { caller, meeting } = await manageableMeeting(db, auth, id);
  if (meeting.version !== input.version)
    throw new AppError('version_conflict', { currentVersion: meeting.version });
  if (meeting.state === 'cancelled')
    throw new AppError('meeting_wrong_state', { state: STATE_ZH[meeting.state] });
  const [items, participants] = await Promise.all([repo.itemsOf(db, id), repo.participantsOf(db, id)]);
  for (const d of input.decisions ?? [])
    if (d.itemId && !items.some((i) => i.id === d.itemId)) throw fieldError('itemId', 'not_in_meeting');
  for (const a of input.attendance ?? [])
    if (!participants.some((p) => p.id === a.participantId)) throw fieldError('attendance', 'not_in_meeting');
  await db.transaction().execute(async (trx) => {
    const done = await repo.updateMeeting(trx, id, input.version, {
      state: 'held',
      minutes: input.minutes.trim(),
    });
    if (!done) throw new AppError('version_conflict', { currentVersion: meeting.version + 1 });
    await repo.setAttendance(
      trx,
      id,
      (input.attendance ?? []).map((a) => ({ id: a.participantId, attended: a.attended })),
    );
    for (const d of input.decisions ?? []) {
      const { id: decisionId } = await repo.insertDecision(trx, {
        meeting_id: id,
        item_id: d.itemId ?? null,
        text: d.text.trim(),
        responsible: d.responsible.trim(),
        due_date: d.dueDate ?? null,
      });
      await repo.insertMilestones(
        trx,
        decisionId,
        (d.milestones ?? []).map((m) => ({
          title: m.title.trim(),
          due_date: m.dueDate ?? null,
          done_on: null,
        })),
      );
    }
  });
  await audit(db, caller, { action: 'meeting.record', targetType: 'meeting', targetId: id });
  return getMeeting(db, caller, id);
}

/** The accountability list: decisions of an area's meetings, overdue ones flagged. */
export async function listDecisions(
  db: Db,
  auth: Auth | null,
  areaCode: string | undefined,
  overdue?: boolean,
) {
  const caller = requirePermission(auth, 'meetings.read');
  const scope = communityScope(resolveScope(caller, areaCode));
  const views = await decisionViews(db, await repo.decisionsIn(db, scope));
  return overdue === undefined ? views : views.filter((d) => d.overdue === overdue);
}

/** Follows a decision: status, progress, milestones done, linked cases (of the caller's area). */
export async function updateDecision(db: Db, auth: Auth | null, id: string, input: DecisionPatch) {
  const caller = requirePermission(auth, 'meetings.manage');
  const row = await repo.decisionById(db, id);
  if (!row || !isWithin(row.community_code, communityScope(caller.areaCode)))
    throw new AppError('record_not_found');
  if (row.version !== input.version) throw new AppError('version_conflict', { currentVersion: row.version });
  if (input.caseIds?.length) {
    const found = await caseBriefs(db, input.caseIds);
    if (
      found.length !== new Set(input.caseIds).size ||
      found.some((c) => !isWithin(c.grid_code, communityScope(caller.areaCode)))
    )
      throw fieldError('caseIds', 'outside_scope');
  }
  await db.transaction().execute(async (trx) => {
    const progress = input.status === 'completed' ? 100 : input.progress;
    const done = await repo.updateDecision(trx, id, input.version, {
      status: input.status,
      progress,
      responsible: input.responsible?.trim(),
      due_date: input.dueDate,
    });
    if (!done) throw new AppError('version_conflict', { currentVersion: row.version + 1 });
    await repo.markMilestones(trx, id, input.milestonesDone ?? []);
    await repo.insertMilestones(
      trx,
      id,
      (input.addMilestones ?? []).map((m) => ({
        title: m.title.trim(),
        due_date: m.dueDate ?? null,
        done_on: null,
      })),
    );
    await repo.linkCases(trx, id, input.caseIds ?? []);
  });
  await audit(db, caller, { action: 'decision.update', targetType: 'meeting_decision', targetId: id });
  const fresh = await repo.decisionById(db, id);
  return (await decisionViews(db, fresh ? [fresh] : []))[0]!;
}

export async function attachment(ctx: MeetingsContext, auth: Auth | null, id: string, fileId: string) {
  await visibleMeeting(ctx.db, auth, id);
  const file = (await repo.attachmentsOf(ctx.db, id)).find((f) => f.id === fileId);
  if (!file) throw new AppError('not_found');
  const bytes = await fs.promises
    .readFile(path.join(filesDir(ctx.dataDir), file.sha256.slice(0, 2), file.sha256))
    .catch(() => null);
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== file.sha256)
    throw new AppError('internal');
  return { bytes, contentType: file.content_type, fileName: file.file_name };
}
