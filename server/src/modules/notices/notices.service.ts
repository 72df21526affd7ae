import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.ts';
import { ancestorCodesOf, isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { filesDir, storeFile } from '../cases/index.ts';
import { activePerson, fieldError, householdsToReach } from '../registry/index.ts';
import { personOfResident } from '../residents/index.ts';
import * as repo from './notices.repository.ts';
import type { NoticeBody, NoticeView } from './notices.schemas.ts';

export interface NoticesContext {
  db: Db;
  dataDir: string;
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.findNotice>>>;
type Attachment = Awaited<ReturnType<typeof repo.attachmentsOf>>[number];
const MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface NewNotice {
  title: string;
  body: string;
  areaCodes: string[];
  authorId: string | null;
  authorName: string;
  pinned?: boolean;
  important?: boolean;
  isPublic?: boolean;
  expiresAt?: Date | null;
}

/**
 * Publishes a notice to areas, for other modules (meetings, disputes) telling an area something.
 * The caller has already decided it may; pass its transaction to publish with its own change.
 */
export async function publishNotice(db: Db, notice: NewNotice): Promise<string> {
  const { id } = await repo.insertNotice(db, {
    title: notice.title,
    body: notice.body,
    area_codes: [...new Set(notice.areaCodes)],
    author_id: notice.authorId,
    author_name: notice.authorName,
    pinned: notice.pinned ?? false,
    important: notice.important ?? false,
    is_public: notice.isPublic ?? false,
    expires_at: notice.expiresAt ?? null,
  });
  return id;
}

function view(row: Row, files: Attachment[], read: boolean, readHouseholds: number): NoticeView {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    areaCodes: row.area_codes,
    authorName: row.author_name,
    pinned: row.pinned,
    important: row.important,
    isPublic: row.is_public,
    publishedAt: row.published_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    attachments: files
      .filter((f) => f.notice_id === row.id)
      .map((f) => ({ id: f.id, fileName: f.file_name, contentType: f.content_type, size: f.size })),
    read,
    readHouseholds,
  };
}

async function views(db: Db, caller: Auth, rows: Row[]) {
  const ids = rows.map((r) => r.id);
  const [files, read, counts] = await Promise.all([
    repo.attachmentsOf(db, ids),
    repo.readBy(db, ids, caller.userId),
    repo.readHouseholdCounts(db, ids),
  ]);
  return rows.map((r) => view(r, files, read.has(r.id), counts.get(r.id) ?? 0));
}

/** A resident sees notices addressed to their area or one above it; staff those touching their area. */
function maySee(caller: Auth, row: Row): boolean {
  if (caller.role === 'resident') return row.area_codes.some((t) => isWithin(caller.areaCode, t));
  return row.area_codes.some((t) => isWithin(t, caller.areaCode) || isWithin(caller.areaCode, t));
}

export async function createNotice(ctx: NoticesContext, auth: Auth | null, input: NoticeBody) {
  const caller = requirePermission(auth, 'notices.publish');
  for (const code of input.areaCodes)
    if (!isWithin(code, caller.areaCode)) throw fieldError('areaCodes', 'outside_scope');
  const dir = filesDir(ctx.dataDir);
  const files: { file_name: string; content_type: string; size: number; sha256: string }[] = [];
  for (const a of input.attachments ?? []) {
    const bytes = Buffer.from(a.data, 'base64');
    if (bytes.length > MAX_FILE_BYTES) throw fieldError('attachments', 'too_large');
    files.push({
      file_name: a.fileName,
      content_type: a.contentType,
      size: bytes.length,
      sha256: await storeFile(dir, a.contentType, bytes),
    });
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await publishNotice(trx, {
      title: input.title.trim(),
      body: input.body.trim(),
      areaCodes: input.areaCodes,
      authorId: caller.userId,
      authorName: caller.areaName ? `${caller.areaName} ${caller.displayName}` : caller.displayName,
      pinned: input.pinned,
      important: input.important,
      isPublic: input.isPublic,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    });
    await repo.insertAttachments(
      trx,
      files.map((f) => ({ ...f, notice_id: id })),
    );
    await audit(trx, caller, {
      action: 'notice.publish',
      targetType: 'notice',
      targetId: id,
      detail: { areaCodes: input.areaCodes },
    });
    return id;
  });
  return getNotice(ctx, caller, id);
}

async function visible(db: Db, caller: Auth, id: string): Promise<Row> {
  const row = await repo.findNotice(db, id);
  if (!row || !maySee(caller, row)) throw new AppError('notice_not_found');
  return row;
}

export async function getNotice(ctx: NoticesContext, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'notices.read');
  const row = await visible(ctx.db, caller, id);
  return (await views(ctx.db, caller, [row]))[0];
}

/** The notices of the caller's area: a resident's (current ones), or those touching a staff area. */
export async function listNotices(
  ctx: NoticesContext,
  auth: Auth | null,
  query: { areaCode?: string; includeExpired?: boolean },
) {
  const caller = requirePermission(auth, 'notices.read');
  const now = new Date();
  if (caller.role === 'resident') {
    const rows = await repo.noticesFor(ctx.db, [...ancestorCodesOf(caller.areaCode), caller.areaCode], now);
    return views(ctx.db, caller, rows);
  }
  const scope = resolveScope(caller, query.areaCode);
  const rows = await repo.noticesTouching(
    ctx.db,
    scope,
    ancestorCodesOf(scope),
    now,
    query.includeExpired ?? false,
  );
  return views(ctx.db, caller, rows);
}

/** The household of a resident's account: that of the registry person their sign-up matched. */
async function householdOfResident(db: Db, userId: string): Promise<string | null> {
  const personId = await personOfResident(db, userId);
  const person = personId ? await activePerson(db, personId) : undefined;
  return person?.household_id ?? null;
}

/** A resident read the notice: a receipt for them, and for their household. */
export async function markRead(ctx: NoticesContext, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'notices.read');
  await visible(ctx.db, caller, id);
  const household = caller.role === 'resident' ? await householdOfResident(ctx.db, caller.userId) : null;
  await repo.insertRead(ctx.db, { notice_id: id, user_id: caller.userId, household_id: household });
  return getNotice(ctx, caller, id);
}

/** Households of the caller's area the notice went to that have not read it, focus groups first. */
export async function unread(ctx: NoticesContext, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'notices.read');
  if (caller.role === 'resident') throw new AppError('forbidden');
  const row = await visible(ctx.db, caller, id);
  const rows = await householdsToReach(ctx.db, {
    scope: caller.areaCode,
    targets: row.area_codes,
    except: await repo.readingHouseholds(ctx.db, id),
    limit: 2000,
  });
  return rows.map((r) => ({
    householdId: r.household_id,
    gridCode: r.grid_code,
    address: r.address,
    headName: r.head_name,
    focusGroups: r.focus_groups,
  }));
}

export async function attachment(ctx: NoticesContext, auth: Auth | null, id: string, fileId: string) {
  const row = await repo.findNotice(ctx.db, id);
  // A public notice's files are public; others need a reader of the area.
  if (!row || (!row.is_public && !(auth?.permissions.includes('notices.read') && maySee(auth, row))))
    throw new AppError('notice_not_found');
  const file = (await repo.attachmentsOf(ctx.db, [id])).find((f) => f.id === fileId);
  if (!file) throw new AppError('not_found');
  const bytes = await fs.promises
    .readFile(path.join(filesDir(ctx.dataDir), file.sha256.slice(0, 2), file.sha256))
    .catch(() => null);
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== file.sha256)
    throw new AppError('internal');
  return { bytes, contentType: file.content_type, fileName: file.file_name };
}

/** The public page: current public notices addressed to the community, an area above it, or one of its grids. */
export async function publicNotices(ctx: NoticesContext, communityCode: string) {
  const now = new Date();
  const rows = await repo.noticesTouching(ctx.db, communityCode, ancestorCodesOf(communityCode), now, false);
  return rows
    .filter((r) => r.is_public)
    .map((r) => ({
      id: r.id,
      title: r.title,
      body: r.body,
      authorName: r.author_name,
      pinned: r.pinned,
      publishedAt: r.published_at.toISOString(),
      expiresAt: r.expires_at?.toISOString() ?? null,
    }));
}
