import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.ts';
import { levelOfCode } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { enqueue } from '../../platform/jobs.ts';
import { type CasesContext, filesDir, loadCalendar, storeFile } from '../cases/index.ts';
import { activeDepartments } from '../departments/index.ts';
import { CATEGORIES, ownerEstatesOf, statementLineRef } from '../disclosure/index.ts';
import { estateById } from '../estates/index.ts';
import { orgRef } from '../registry/index.ts';
import { insertNotifications, markNotificationsRead, notificationsOf } from '../residents/index.ts';
import { activeAccountsWithRole } from '../users/index.ts';
import { fieldError, stateLabel } from './questions.messages.ts';
import {
  answersForCommittees,
  communityOf,
  isAnswerer,
  isAsker,
  isModerator,
  mayFollow,
  maySeeQuestion,
} from './questions.policy.ts';
import * as repo from './questions.repository.ts';
import { deadlineOf, questionSettings } from './questions.rules.ts';
import type {
  AnswerBody,
  AskBody,
  ListQuery,
  ModerateBody,
  QuestionView,
  RatingBody,
} from './questions.schemas.ts';
import { maskPersonalData, sensitiveWordsIn } from './questions.text.ts';

export interface QuestionsContext {
  db: Db;
  cases: CasesContext;
  dataDir: string;
}

/** The job that turns an unanswered question yellow, then red (escalated to community staff). */
export const QUESTION_ALARM_JOB = 'question.alarm';
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** Deputies serving a community: accounts whose area is the community or one containing it. */
const deputiesOf = (db: Db, communityCode: string) =>
  activeAccountsWithRole(db, 'deputy', { containing: communityCode });
/** A rating at or below this is "unsatisfied": the asker may reopen the question once. */
export const UNSATISFIED = 2;

type Row = repo.QuestionRow;
type Tx = repo.Trx;

export function questionView(row: Row, lang: Lang): QuestionView {
  return {
    id: row.id,
    number: row.number,
    communityCode: row.community_code,
    gridCode: row.grid_code,
    answererKind: row.answerer_kind,
    answererId: row.answerer_id,
    departmentCode: row.department_code,
    estateId: row.estate_id,
    answererLabel: lang === 'zh' ? row.answerer_zh : row.answerer_en,
    line: lineView(row, lang),
    isPublic: row.is_public,
    text: row.text,
    state: row.state,
    askedAt: row.asked_at.toISOString(),
    dueAt: row.due_at?.toISOString() ?? null,
    alarm: row.alarm,
    escalated: row.escalated,
    answerText: row.answer_text,
    answererName: row.answerer_name,
    answeredAt: row.answered_at?.toISOString() ?? null,
    answerEdited: row.answer_edited_at !== null,
    answeredOnTime: row.answered_on_time,
    rating: row.rating,
    ratingComment: row.rating_comment,
    reopened: row.reopened_at !== null,
    caseId: row.case_id,
    followerCount: row.follower_count,
    version: row.version,
  };
}

function lineView(row: Row, lang: Lang): QuestionView['line'] {
  const l = row.line_summary;
  if (!l || !row.statement_id || !row.line_id) return null;
  const category = CATEGORIES.find((c) => c.code === l.category);
  return {
    statementId: row.statement_id,
    lineId: row.line_id,
    ...l,
    categoryLabel: (lang === 'zh' ? category?.zh : category?.en) ?? l.category,
  };
}

async function visible(db: Db, caller: Auth, id: string): Promise<Row> {
  const row = await repo.findQuestion(db, id);
  if (!row || !maySeeQuestion(caller, row)) throw new AppError('question_not_found');
  return row;
}

export async function getQuestion(ctx: QuestionsContext, auth: Auth | null, id: string, lang: Lang) {
  if (!auth) throw new AppError('unauthenticated');
  const row = await visible(ctx.db, auth, id);
  const [photos, history, following] = await Promise.all([
    repo.photosOf(ctx.db, id),
    repo.historyOf(ctx.db, id),
    repo.isFollowing(ctx.db, id, auth.userId),
  ]);
  const staffOrAsker = isModerator(auth, row) || isAsker(auth, row);
  return {
    ...questionView(row, lang),
    answerDraft: isAnswerer(auth, row) ? row.answer_draft : null,
    heldWords: isModerator(auth, row) ? row.held_words : [],
    moderationReason: staffOrAsker ? row.moderation_reason : null,
    following,
    mine: isAsker(auth, row),
    photos: photos.map((p) => ({
      id: p.id,
      fileName: p.file_name,
      contentType: p.content_type,
      size: p.size,
    })),
    // Who acted is shown to staff; residents see what happened and when.
    history: history.map((h) => ({
      action: h.action,
      actorName: staffOrAsker || isAnswerer(auth, row) ? h.actor_name : null,
      note: staffOrAsker || h.action === 'answer' || h.action === 'amend' ? h.note : null,
      at: h.at.toISOString(),
    })),
  };
}

/**
 * Who a resident may ask: the deputies serving their community, the departments, and the
 * homeowners' committees of the estates where they own a house.
 */
export async function answerers(ctx: QuestionsContext, auth: Auth | null, lang: Lang) {
  const caller = requirePermission(auth, 'questions.ask');
  const [deputies, departments, owned] = await Promise.all([
    deputiesOf(ctx.db, communityOf(caller.areaCode)),
    activeDepartments(ctx.db),
    ownerEstatesOf(ctx.db, caller),
  ]);
  const committees = [];
  for (const estateId of owned) {
    const committee = await committeeOf(ctx.db, estateId);
    if (committee) committees.push({ kind: 'committee' as const, id: estateId, name: committee.name });
  }
  return [
    ...deputies.map((d) => ({ kind: 'deputy' as const, id: d.id, name: d.display_name })),
    ...departments.map((d) => ({
      kind: 'department' as const,
      id: d.code,
      name: lang === 'zh' ? d.name_zh : d.name_en,
    })),
    ...committees,
  ];
}

/** Starts the answerer's clock: the deadline on the working calendar, and the yellow warning's job. */
async function deliver(ctx: QuestionsContext, trx: Tx, id: string, kind: Row['answerer_kind'], now: Date) {
  const [calendar, settings] = await Promise.all([loadCalendar(ctx.db), questionSettings(ctx.db)]);
  const { dueAt, yellowAt } = deadlineOf(calendar, settings, kind, now);
  await enqueue(trx, {
    kind: QUESTION_ALARM_JOB,
    key: id,
    runAt: yellowAt,
    payload: { questionId: id, dueAt: dueAt.toISOString(), level: 'yellow' },
  });
  return dueAt;
}

/** An estate's committee: the estate and the committee's name (its registry organization's). */
async function committeeOf(db: Db, estateId: string) {
  const estate = await estateById(db, estateId);
  if (!estate?.committeeOrgId) return undefined;
  const org = await orgRef(db, estate.committeeOrgId);
  return { estate, name: org?.name ?? `${estate.name}业主委员会` };
}

/**
 * A question to a homeowners' committee: the asker owns a house of the estate (the rule that lets
 * them read its statements), and a line asked about is of a published statement of that estate.
 * Anything else is refused alike, as if it did not exist.
 */
async function committeeAsked(db: Db, caller: Auth, input: AskBody) {
  const owned = await ownerEstatesOf(db, caller);
  let line: Awaited<ReturnType<typeof statementLineRef>>;
  if (input.statementId !== undefined || input.lineId !== undefined) {
    line =
      input.statementId && input.lineId
        ? await statementLineRef(db, input.statementId, input.lineId)
        : undefined;
    if (
      !line?.published ||
      !owned.includes(line.estateId) ||
      (input.estateId !== undefined && input.estateId !== line.estateId)
    )
      throw fieldError('lineId', 'not_owned');
  }
  const estateId = line?.estateId ?? input.estateId;
  if (!estateId || !owned.includes(estateId)) throw fieldError('estateId', 'not_owned');
  const committee = await committeeOf(db, estateId);
  if (!committee) throw fieldError('estateId', 'no_committee');
  return {
    communityCode: committee.estate.communityCode,
    fields: {
      estate_id: estateId,
      committee_name: committee.name,
      statement_id: line?.statementId ?? null,
      line_id: line?.lineId ?? null,
      line_summary: line
        ? JSON.stringify({
            period: line.period,
            revision: line.revision,
            position: line.position,
            direction: line.direction,
            category: line.category,
            amount: line.amount,
            occurredOn: line.occurredOn,
          })
        : null,
    },
  };
}

export async function ask(ctx: QuestionsContext, auth: Auth | null, input: AskBody, lang: Lang) {
  const caller = requirePermission(auth, 'questions.ask');
  let community = communityOf(caller.areaCode);
  if (levelOfCode(community) !== 'community') throw fieldError('answererId', 'no_community');
  let answerer: { answerer_id: string | null; department_code: string | null };
  let committee: Awaited<ReturnType<typeof committeeAsked>>['fields'] | undefined;
  if (input.answererKind === 'committee') {
    // The question belongs to the estate's community: its staff answer for the committee.
    const asked = await committeeAsked(ctx.db, caller, input);
    community = asked.communityCode;
    committee = asked.fields;
    answerer = { answerer_id: null, department_code: null };
  } else if (input.statementId || input.lineId || input.estateId) {
    throw fieldError('estateId', 'not_found');
  } else if (input.answererKind === 'deputy') {
    const deputies = await deputiesOf(ctx.db, community);
    if (!input.answererId || !deputies.some((d) => d.id === input.answererId))
      throw fieldError('answererId', 'not_found');
    answerer = { answerer_id: input.answererId, department_code: null };
  } else {
    const departments = await activeDepartments(ctx.db);
    if (!input.departmentCode || !departments.some((d) => d.code === input.departmentCode))
      throw fieldError('departmentCode', 'not_found');
    answerer = { answerer_id: null, department_code: input.departmentCode };
  }
  const masked = maskPersonalData(input.text.trim());
  const held = sensitiveWordsIn(masked.text, (await questionSettings(ctx.db)).sensitiveWords);
  const dir = filesDir(ctx.dataDir);
  const photos: { file_name: string; content_type: string; size: number; sha256: string }[] = [];
  for (const photo of input.photos ?? []) {
    const bytes = Buffer.from(photo.data, 'base64');
    if (bytes.length > MAX_PHOTO_BYTES) throw fieldError('photos', 'bad_photo');
    const sha256 = await storeFile(dir, photo.contentType, bytes);
    photos.push({ file_name: photo.fileName, content_type: photo.contentType, size: bytes.length, sha256 });
  }
  const now = new Date();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const number = await repo.nextNumber(trx, Number(now.toISOString().slice(0, 4)));
    const { id } = await repo.insertQuestion(trx, {
      number,
      asker_id: caller.userId,
      community_code: community,
      grid_code:
        levelOfCode(caller.areaCode) === 'grid' && caller.areaCode.startsWith(community)
          ? caller.areaCode
          : null,
      answerer_kind: input.answererKind,
      ...answerer,
      ...committee,
      is_public: input.isPublic,
      text: masked.text,
      state: held.length > 0 ? 'held' : 'open',
      held_words: held,
      asked_at: now,
    });
    await repo.insertPhotos(
      trx,
      photos.map((p) => ({ ...p, question_id: id })),
    );
    await repo.insertEvent(trx, {
      question_id: id,
      actor_id: caller.userId,
      actor_name: caller.displayName,
      action: 'ask',
      data: { masked: masked.found, photos: photos.length, isPublic: input.isPublic },
    });
    if (held.length > 0)
      await repo.insertEvent(trx, {
        question_id: id,
        action: 'hold',
        note: held.join('、'),
        data: { words: held },
      });
    else await repo.updateQuestion(trx, id, { due_at: await deliver(ctx, trx, id, input.answererKind, now) });
    await audit(trx, caller, {
      action: 'question.ask',
      targetType: 'question',
      targetId: id,
      detail: { number },
    });
    return id;
  });
  return getQuestion(ctx, caller, id, lang);
}

/** Locks the question, checks the version the client saw, and the states the move starts from. */
async function lockFor(trx: Tx, id: string, version: number | null, states: readonly Row['state'][]) {
  const locked = await repo.lockQuestion(trx, id);
  if (!locked) throw new AppError('question_not_found');
  if (version !== null && locked.version !== version)
    throw new AppError('version_conflict', {}, { current: locked.version });
  if (!states.includes(locked.state))
    throw new AppError('question_wrong_state', (lang: Lang) => ({ state: stateLabel(locked.state, lang) }));
  return locked;
}

export async function moderate(
  ctx: QuestionsContext,
  auth: Auth | null,
  id: string,
  input: ModerateBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'questions.moderate');
  const row = await visible(ctx.db, caller, id);
  if (!isModerator(caller, row)) throw new AppError('question_not_found');
  await ctx.db.transaction().execute(async (trx) => {
    const from =
      input.decision === 'publish' ? (['held', 'hidden'] as const) : (['held', 'open', 'answered'] as const);
    const q = await lockFor(trx, id, input.version, from);
    const now = new Date();
    if (input.decision === 'hide') {
      await repo.updateQuestion(trx, id, { state: 'hidden', moderation_reason: input.reason, alarm: null });
      await insertNotifications(trx, [
        {
          user_id: q.asker_id,
          kind: 'question.hidden',
          subject_id: id,
          message: `${q.number}: ${input.reason}`,
        },
      ]);
    } else {
      // A question published after it was answered and hidden returns to its answer.
      const back = q.answered_at ? 'answered' : 'open';
      await repo.updateQuestion(trx, id, {
        state: back,
        moderation_reason: input.reason,
        due_at: back === 'open' ? await deliver(ctx, trx, id, q.answerer_kind, now) : q.due_at,
      });
    }
    await repo.insertEvent(trx, {
      question_id: id,
      actor_id: caller.userId,
      actor_name: caller.displayName,
      action: input.decision,
      note: input.reason,
    });
    await audit(trx, caller, {
      action: `question.${input.decision}`,
      targetType: 'question',
      targetId: id,
      detail: { reason: input.reason },
    });
  });
  return getQuestion(ctx, caller, id, lang);
}

export async function answer(
  ctx: QuestionsContext,
  auth: Auth | null,
  id: string,
  input: AnswerBody,
  lang: Lang,
) {
  if (!auth) throw new AppError('unauthenticated');
  if (!auth.permissions.includes('questions.answer') && !answersForCommittees(auth))
    throw new AppError('forbidden');
  const caller = auth;
  const row = await visible(ctx.db, caller, id);
  if (!isAnswerer(caller, row)) throw new AppError('forbidden');
  await ctx.db.transaction().execute(async (trx) => {
    const q = await lockFor(trx, id, input.version, ['open', 'answered']);
    const text = input.text.trim();
    const now = new Date();
    if (!input.publish) {
      await repo.updateQuestion(trx, id, { answer_draft: text });
      return;
    }
    const amend = q.state === 'answered';
    await repo.updateQuestion(trx, id, {
      state: 'answered',
      answer_text: text,
      answer_draft: null,
      // Staff answer for a committee in its name; who wrote it stays in the history.
      answerer_name: q.answerer_kind === 'committee' ? q.committee_name : caller.displayName,
      ...(amend
        ? { answer_edited_at: now }
        : {
            answered_at: now,
            answered_on_time: q.due_at === null || now <= q.due_at,
            alarm: null,
            answer_edited_at: null,
            rating: null,
            rating_comment: null,
            rated_at: null,
          }),
    });
    await repo.insertEvent(trx, {
      question_id: id,
      actor_id: caller.userId,
      actor_name: caller.displayName,
      action: amend ? 'amend' : 'answer',
      note: text,
      data: amend ? { before: q.answer_text } : {},
    });
    const followers = await repo.followersOf(trx, id);
    const kind = amend ? 'question.amended' : 'question.answered';
    await insertNotifications(
      trx,
      [q.asker_id, ...followers].map((userId) => ({
        user_id: userId,
        kind,
        subject_id: id,
        message: q.number,
      })),
    );
    await audit(trx, caller, {
      action: `question.${amend ? 'amend' : 'answer'}`,
      targetType: 'question',
      targetId: id,
    });
  });
  return getQuestion(ctx, caller, id, lang);
}

export async function rate(
  ctx: QuestionsContext,
  auth: Auth | null,
  id: string,
  input: RatingBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'questions.ask');
  const row = await visible(ctx.db, caller, id);
  if (!isAsker(caller, row)) throw new AppError('forbidden');
  await ctx.db.transaction().execute(async (trx) => {
    const q = await lockFor(trx, id, null, ['answered']);
    if (q.rated_at !== null)
      throw new AppError('question_wrong_state', (lang: Lang) => ({ state: stateLabel('rated', lang) }));
    const comment = input.comment?.trim() || null;
    await repo.updateQuestion(trx, id, {
      rating: input.rating,
      rating_comment: comment,
      rated_at: new Date(),
    });
    await repo.insertEvent(trx, {
      question_id: id,
      actor_id: caller.userId,
      actor_name: caller.displayName,
      action: 'rate',
      note: comment,
      data: { rating: input.rating },
    });
  });
  return getQuestion(ctx, caller, id, lang);
}

/** An asker unsatisfied with the answer (rated ≤ 2) sends it back to the answerer, once. */
export async function reopen(ctx: QuestionsContext, auth: Auth | null, id: string, lang: Lang) {
  const caller = requirePermission(auth, 'questions.ask');
  const row = await visible(ctx.db, caller, id);
  if (!isAsker(caller, row)) throw new AppError('forbidden');
  await ctx.db.transaction().execute(async (trx) => {
    const q = await lockFor(trx, id, null, ['answered']);
    if (q.reopened_at !== null || q.rating === null || q.rating > UNSATISFIED)
      throw new AppError('question_wrong_state', (lang: Lang) => ({
        state: stateLabel(q.reopened_at ? 'reopened' : 'answered', lang),
      }));
    const now = new Date();
    await repo.updateQuestion(trx, id, {
      state: 'open',
      reopened_at: now,
      answered_at: null,
      answered_on_time: null,
      due_at: await deliver(ctx, trx, id, q.answerer_kind, now),
    });
    await repo.insertEvent(trx, {
      question_id: id,
      actor_id: caller.userId,
      actor_name: caller.displayName,
      action: 'reopen',
      data: { rating: q.rating, comment: q.rating_comment },
    });
  });
  return getQuestion(ctx, caller, id, lang);
}

/** "Me too": a resident of the community follows a public question and is told of its answer. */
export async function follow(ctx: QuestionsContext, auth: Auth | null, id: string, lang: Lang) {
  const caller = requirePermission(auth, 'questions.ask');
  const row = await visible(ctx.db, caller, id);
  if (!mayFollow(caller, row)) throw new AppError('forbidden');
  await repo.addFollower(ctx.db, id, caller.userId);
  return getQuestion(ctx, caller, id, lang);
}

export async function photo(ctx: QuestionsContext, auth: Auth | null, id: string, photoId: string) {
  if (!auth) throw new AppError('unauthenticated');
  await visible(ctx.db, auth, id);
  const file = (await repo.photosOf(ctx.db, id)).find((p) => p.id === photoId);
  if (!file) throw new AppError('not_found');
  const bytes = await fs.promises
    .readFile(path.join(filesDir(ctx.dataDir), file.sha256.slice(0, 2), file.sha256))
    .catch(() => null);
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== file.sha256)
    throw new AppError('internal');
  return { bytes, contentType: file.content_type, fileName: file.file_name };
}

const page = (q: { page?: number; pageSize?: number }) => ({ page: q.page ?? 1, pageSize: q.pageSize ?? 20 });

async function listOf(
  ctx: QuestionsContext,
  filter: repo.ListFilter,
  q: { page?: number; pageSize?: number },
  lang: Lang,
) {
  const { rows, total } = await repo.listQuestions(ctx.db, filter, page(q));
  return { items: rows.map((r) => questionView(r, lang)), total };
}

export function mine(
  ctx: QuestionsContext,
  auth: Auth | null,
  q: { page?: number; pageSize?: number },
  lang: Lang,
) {
  const caller = requirePermission(auth, 'questions.ask');
  return listOf(ctx, { askerId: caller.userId }, q, lang);
}

/**
 * The answerer's inbox: delivered questions put to them (or their department), oldest deadline
 * first in the UI. Community staff answering for committees: the committee questions of their area.
 */
export function inbox(
  ctx: QuestionsContext,
  auth: Auth | null,
  q: { state?: Row['state']; page?: number; pageSize?: number },
  lang: Lang,
) {
  if (!auth) throw new AppError('unauthenticated');
  const caller = auth;
  const states =
    q.state && (q.state === 'open' || q.state === 'answered') ? [q.state] : (['open', 'answered'] as const);
  let who: repo.ListFilter;
  if (caller.permissions.includes('questions.answer'))
    who =
      caller.role === 'deputy'
        ? { answererId: caller.userId }
        : { departmentCode: caller.departmentCode ?? '-' };
  else if (answersForCommittees(caller)) who = { answererKind: 'committee', scope: caller.areaCode };
  else throw new AppError('forbidden');
  return listOf(ctx, { ...who, states }, q, lang);
}

/** Community staff: every question of the area (the moderation queue is `state=held`). */
export function list(ctx: QuestionsContext, auth: Auth | null, q: ListQuery, lang: Lang) {
  const caller = requirePermission(auth, 'questions.moderate');
  const scope = resolveScope(caller, q.areaCode);
  return listOf(
    ctx,
    {
      scope,
      states: q.state ? [q.state] : undefined,
      overdueAt: q.overdue ? new Date() : undefined,
      text: q.q?.trim() || undefined,
    },
    q,
    lang,
  );
}

export async function notifications(ctx: QuestionsContext, auth: Auth | null) {
  const caller = requirePermission(auth, 'questions.ask');
  const rows = await notificationsOf(ctx.db, caller.userId);
  await markNotificationsRead(ctx.db, caller.userId);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    subjectId: r.subject_id,
    message: r.message,
    createdAt: r.created_at.toISOString(),
    read: r.read_at !== null,
  }));
}
