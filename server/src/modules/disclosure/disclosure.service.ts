import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.ts';
import { getSetting, putSetting } from '../../db/settings.ts';
import { levelOfCode } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { recordEvents } from '../../platform/domain-events.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { enqueue } from '../../platform/jobs.ts';
import { districtAndStreets } from '../areas/index.ts';
import { filesDir, storeFile } from '../cases/index.ts';
import { type Estate, estateById, estatesIn, estatesOwnedBy } from '../estates/index.ts';
import { personOfResident } from '../residents/index.ts';
import {
  CATEGORIES,
  categoryOf,
  DEFAULT_DISCLOSURE_SETTINGS,
  type DisclosureSettings,
  dueOn,
  duePeriods,
  periodRange,
  yuan,
} from './disclosure.catalog.ts';
import { fiscalDataPackage } from './disclosure.fdp.ts';
import { fieldError } from './disclosure.messages.ts';
import { isStaffReader, mayPublish, maySeeStatement } from './disclosure.policy.ts';
import * as repo from './disclosure.repository.ts';
import type {
  CreateBody,
  ImportBody,
  LineInput,
  ListQuery,
  StatementView,
  UpdateBody,
} from './disclosure.schemas.ts';
import { readWorkbook, writeWorkbook } from './disclosure.xlsx.ts';

export interface DisclosureContext {
  db: Db;
  dataDir: string;
}

/** The daily job that flags periods whose statements were not published by their due day. */
export const DISCLOSURE_LATE_JOB = 'disclosure.late';
/** How many past periods the late job looks at. */
const LOOK_BACK = 4;
const MAX_VOUCHER_BYTES = 10 * 1024 * 1024;
const SETTINGS_KEY = 'disclosure.rules';

export async function disclosureSettings(db: Db): Promise<DisclosureSettings> {
  const stored = await getSetting<Partial<DisclosureSettings>>(db, SETTINGS_KEY);
  return { ...DEFAULT_DISCLOSURE_SETTINGS, ...stored };
}

export async function getSettings(db: Db, auth: Auth | null) {
  requirePermission(auth, 'disclosure.configure');
  return disclosureSettings(db);
}

export async function putSettings(db: Db, auth: Auth | null, value: DisclosureSettings) {
  const caller = requirePermission(auth, 'disclosure.configure');
  await putSetting(db, SETTINGS_KEY, value, caller.userId);
  await audit(db, caller, {
    action: 'disclosure.settings',
    targetType: 'setting',
    targetId: SETTINGS_KEY,
    detail: { ...value },
  });
  return value;
}

const mayRead = (auth: Auth) =>
  auth.permissions.includes('disclosure.read') || auth.permissions.includes('disclosure.own');

export function categories(auth: Auth | null, lang: Lang) {
  if (!auth) throw new AppError('unauthenticated');
  if (!mayRead(auth)) throw new AppError('forbidden');
  return CATEGORIES.map((c) => ({
    code: c.code,
    directions: [...c.directions],
    group: c.group,
    label: lang === 'zh' ? c.zh : c.en,
  }));
}

/** The estates whose accounts the caller may read as an owner. */
async function ownedEstates(db: Db, auth: Auth): Promise<string[]> {
  if (!auth.permissions.includes('disclosure.own')) return [];
  const person = await personOfResident(db, auth.userId);
  return person ? estatesOwnedBy(db, person) : [];
}

function view(row: repo.StatementRow, estateName: string, graceDays: number): StatementView {
  const due = dueOn(row.period_end, graceDays);
  const dueEnd = new Date(`${due}T23:59:59.999+08:00`);
  return {
    id: row.id,
    estateId: row.estate_id,
    estateName,
    communityCode: row.community_code,
    period: row.period,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    dueOn: due,
    revision: row.revision,
    correctsId: row.corrects_id,
    correctionReason: row.correction_reason,
    openingBalance: row.opening_balance,
    closingBalance: row.closing_balance,
    income: row.income,
    expense: row.expense,
    balanced: row.opening_balance + row.income - row.expense === row.closing_balance,
    lineCount: row.line_count,
    state: row.state,
    publishedAt: row.published_at?.toISOString() ?? null,
    // The first publication of the period counts: a correction is not late for being later.
    late: row.revision === 1 && row.published_at !== null && row.published_at > dueEnd,
    current: row.state === 'published' && row.revision === row.current_revision,
    note: row.note,
    version: row.version,
  };
}

async function visible(ctx: DisclosureContext, auth: Auth | null, id: string) {
  if (!auth) throw new AppError('unauthenticated');
  if (!mayRead(auth)) throw new AppError('forbidden');
  const row = await repo.findStatement(ctx.db, id);
  if (!row) throw new AppError('statement_not_found');
  if (!isStaffReader(auth, row)) {
    const owned = await ownedEstates(ctx.db, auth);
    if (!maySeeStatement(auth, row, owned)) throw new AppError('statement_not_found');
  }
  return row;
}

/** A write on a statement: 404 when the caller may not see it, 403 when they see it but may not publish. */
async function writable(ctx: DisclosureContext, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'disclosure.publish');
  const row = await repo.findStatement(ctx.db, id);
  if (!row || !mayPublish(caller, row)) throw new AppError('statement_not_found');
  return { caller, row };
}

function stale(row: { version: number }, version: number) {
  if (row.version !== version)
    throw new AppError('version_conflict', { currentVersion: row.version }, { current: row.version });
}

const nameOf = async (db: Db, estateId: string) => (await estateById(db, estateId))?.name ?? '';

export async function getStatement(ctx: DisclosureContext, auth: Auth | null, id: string, lang: Lang) {
  const row = await visible(ctx, auth, id);
  const caller = auth as Auth;
  const staff = isStaffReader(caller, row);
  const [lines, vouchers, revisions, settings, estateName] = await Promise.all([
    repo.linesOf(ctx.db, id),
    repo.vouchersOf(ctx.db, id),
    repo.revisionsOf(ctx.db, row.estate_id, row.period),
    disclosureSettings(ctx.db),
    nameOf(ctx.db, row.estate_id),
  ]);
  return {
    ...view(row, estateName, settings.graceDays),
    publisherName: staff ? row.publisher_name : null,
    lines: lines.map((l) => ({
      id: l.id,
      position: l.position,
      direction: l.direction,
      category: l.category,
      categoryLabel: (lang === 'zh' ? categoryOf(l.category)?.zh : categoryOf(l.category)?.en) ?? l.category,
      amount: l.amount,
      counterparty: l.counterparty,
      occurredOn: l.occurred_on,
      description: l.description,
      vouchers: vouchers
        .filter((v) => v.line_id === l.id)
        .map((v) => ({ id: v.id, fileName: v.file_name, contentType: v.content_type, size: v.size })),
    })),
    // Owners see the published revisions; staff the draft too.
    revisions: revisions
      .filter((r) => staff || r.state === 'published')
      .map((r) => ({
        id: r.id,
        revision: r.revision,
        state: r.state,
        publishedAt: r.published_at?.toISOString() ?? null,
        correctionReason: r.correction_reason,
      })),
    canPublish: mayPublish(caller, row),
  };
}

const page = (q: { page?: number; pageSize?: number }) => ({ page: q.page ?? 1, pageSize: q.pageSize ?? 20 });

async function namesIn(db: Db, scope: string) {
  return new Map((await estatesIn(db, scope)).map((e) => [e.id, e.name]));
}

export async function listStatements(ctx: DisclosureContext, auth: Auth | null, q: ListQuery) {
  const caller = requirePermission(auth, 'disclosure.read');
  const scope = resolveScope(caller, q.areaCode);
  const [{ rows, total }, names, settings] = await Promise.all([
    repo.listStatements(
      ctx.db,
      { scope, estateId: q.estateId, period: q.period, state: q.state, currentOnly: q.currentOnly },
      page(q),
    ),
    namesIn(ctx.db, scope),
    disclosureSettings(ctx.db),
  ]);
  return { items: rows.map((r) => view(r, names.get(r.estate_id) ?? '', settings.graceDays)), total };
}

/** An owner's estates and the published statements of them, every revision, newest period first. */
export async function mine(ctx: DisclosureContext, auth: Auth | null) {
  const caller = requirePermission(auth, 'disclosure.own');
  const owned = await ownedEstates(ctx.db, caller);
  const estates = (await Promise.all(owned.map((id) => estateById(ctx.db, id)))).filter(
    (e): e is Estate => e !== undefined,
  );
  const names = new Map(estates.map((e) => [e.id, e.name]));
  const [{ rows }, settings] = await Promise.all([
    repo.listStatements(
      ctx.db,
      { estateIds: [...names.keys()], state: 'published' },
      { page: 1, pageSize: 200 },
    ),
    disclosureSettings(ctx.db),
  ]);
  return {
    estates: estates.map((e) => ({ id: e.id, name: e.name })),
    statements: rows.map((r) => view(r, names.get(r.estate_id) ?? '', settings.graceDays)),
  };
}

/** Estates in the caller's area a statement may be made for. */
export async function estateOptions(ctx: DisclosureContext, auth: Auth | null, areaCode: string | undefined) {
  const caller = requirePermission(auth, 'disclosure.read');
  const scope = resolveScope(caller, areaCode);
  return (await estatesIn(ctx.db, scope)).map((e) => ({
    id: e.id,
    name: e.name,
    communityCode: e.communityCode,
    hasCommittee: e.committeeOrgId !== null,
  }));
}

async function estateForWrite(ctx: DisclosureContext, caller: Auth, estateId: string) {
  const estate = await estateById(ctx.db, estateId);
  if (!estate || !mayPublish(caller, { community_code: estate.communityCode }))
    throw fieldError('estateId', 'outside_scope');
  if (!estate.committeeOrgId) throw fieldError('estateId', 'no_committee');
  return estate;
}

function rangeOf(period: string, today = new Date().toISOString().slice(0, 10)) {
  const range = periodRange(period);
  if (!range) throw fieldError('period', 'not_a_period');
  if (range.start > today) throw fieldError('period', 'future_period');
  return range;
}

function checkLines(lines: LineInput[], range: { start: string; end: string }) {
  for (const [i, l] of lines.entries()) {
    const category = categoryOf(l.category);
    if (!category) throw fieldError(`lines[${i}].category`, 'bad_category');
    if (!category.directions.includes(l.direction))
      throw fieldError(`lines[${i}].category`, 'wrong_direction');
    if (l.occurredOn < range.start || l.occurredOn > range.end)
      throw fieldError(`lines[${i}].occurredOn`, 'outside_period');
  }
  return lines.map((l) => ({
    id: l.id,
    direction: l.direction,
    category: l.category,
    amount: l.amount,
    counterparty: l.counterparty.trim(),
    occurred_on: l.occurredOn,
    description: l.description?.trim() || null,
  }));
}

async function ensureNoPublished(db: Db, estateId: string, period: string) {
  const revisions = await repo.revisionsOf(db, estateId, period);
  if (revisions.some((r) => r.state === 'draft')) throw new AppError('statement_draft_exists', { period });
  if (revisions.length > 0) throw new AppError('statement_published');
}

/** A draft statement for an estate and period; checked when published. */
export async function createStatement(
  ctx: DisclosureContext,
  auth: Auth | null,
  body: CreateBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'disclosure.publish');
  const estate = await estateForWrite(ctx, caller, body.estateId);
  const range = rangeOf(body.period);
  const lines = checkLines(body.lines, range);
  await ensureNoPublished(ctx.db, estate.id, body.period);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insertStatement(trx, {
      estate_id: estate.id,
      community_code: estate.communityCode,
      period: body.period,
      period_start: range.start,
      period_end: range.end,
      revision: 1,
      corrects_id: null,
      correction_reason: null,
      opening_balance: body.openingBalance,
      closing_balance: body.closingBalance,
      note: body.note?.trim() || null,
      created_by: caller.userId,
    });
    await repo.setLines(trx, id, lines);
    return id;
  });
  await audit(ctx.db, caller, {
    action: 'disclosure.create',
    targetType: 'disclosure_statement',
    targetId: id,
    detail: { estateId: estate.id, period: body.period, lines: lines.length },
  });
  return getStatement(ctx, caller, id, lang);
}

export async function updateStatement(
  ctx: DisclosureContext,
  auth: Auth | null,
  id: string,
  body: UpdateBody,
  lang: Lang,
) {
  const { caller, row } = await writable(ctx, auth, id);
  if (row.state === 'published') throw new AppError('statement_published');
  stale(row, body.version);
  const lines = checkLines(body.lines, { start: row.period_start, end: row.period_end });
  await ctx.db.transaction().execute(async (trx) => {
    const done = await repo.updateDraft(trx, id, body.version, {
      opening_balance: body.openingBalance,
      closing_balance: body.closingBalance,
      note: body.note?.trim() || null,
    });
    if (!done) throw new AppError('version_conflict', { currentVersion: row.version + 1 });
    await repo.setLines(trx, id, lines);
  });
  await audit(ctx.db, caller, {
    action: 'disclosure.update',
    targetType: 'disclosure_statement',
    targetId: id,
    detail: { lines: lines.length },
  });
  return getStatement(ctx, caller, id, lang);
}

export async function addVoucher(
  ctx: DisclosureContext,
  auth: Auth | null,
  id: string,
  body: { version: number; lineId: string; fileName: string; contentType: string; data: string },
  lang: Lang,
) {
  const { caller, row } = await writable(ctx, auth, id);
  if (row.state === 'published') throw new AppError('statement_published');
  stale(row, body.version);
  const lines = await repo.linesOf(ctx.db, id);
  if (!lines.some((l) => l.id === body.lineId)) throw fieldError('lineId', 'not_in_statement');
  const bytes = Buffer.from(body.data, 'base64');
  if (bytes.length > MAX_VOUCHER_BYTES) throw new AppError('payload_too_large');
  const sha256 = await storeFile(filesDir(ctx.dataDir), body.contentType, bytes);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.touch(trx, id, body.version)))
      throw new AppError('version_conflict', { currentVersion: row.version + 1 });
    await repo.insertVoucher(trx, {
      statement_id: id,
      line_id: body.lineId,
      file_name: body.fileName,
      content_type: body.contentType,
      size: bytes.length,
      sha256,
    });
  });
  return getStatement(ctx, caller, id, lang);
}

export async function voucherFile(ctx: DisclosureContext, auth: Auth | null, id: string, fileId: string) {
  await visible(ctx, auth, id);
  const file = (await repo.vouchersOf(ctx.db, id)).find((v) => v.id === fileId);
  if (!file) throw new AppError('not_found');
  const bytes = await fs.promises
    .readFile(path.join(filesDir(ctx.dataDir), file.sha256.slice(0, 2), file.sha256))
    .catch(() => null);
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== file.sha256)
    throw new AppError('internal');
  return { bytes, contentType: file.content_type, fileName: file.file_name };
}

/** Publishes a draft: its balances must add up; published, it can never change again. */
export async function publishStatement(
  ctx: DisclosureContext,
  auth: Auth | null,
  id: string,
  version: number,
  lang: Lang,
) {
  const { caller, row } = await writable(ctx, auth, id);
  if (row.state === 'published') throw new AppError('statement_published');
  stale(row, version);
  const computed = row.opening_balance + row.income - row.expense;
  if (computed !== row.closing_balance)
    throw new AppError(
      'statement_unbalanced',
      {
        opening: yuan(row.opening_balance),
        income: yuan(row.income),
        expense: yuan(row.expense),
        computed: yuan(computed),
        closing: yuan(row.closing_balance),
      },
      {
        opening: row.opening_balance,
        income: row.income,
        expense: row.expense,
        computed,
        closing: row.closing_balance,
      },
    );
  const now = new Date();
  await ctx.db.transaction().execute(async (trx) => {
    const done = await repo.publishDraft(
      trx,
      id,
      version,
      { userId: caller.userId, name: caller.displayName },
      now,
    );
    if (!done) throw new AppError('version_conflict', { currentVersion: row.version + 1 });
    await repo.markLatePublished(trx, row.estate_id, row.period, now);
    await recordEvents(trx, [
      {
        kind: 'disclosure.statement_published',
        subjectType: 'estate',
        subjectId: row.estate_id,
        areaCode: row.community_code,
        payload: { statementId: id, period: row.period, revision: row.revision },
        occurredAt: now,
      },
    ]);
  });
  await audit(ctx.db, caller, {
    action: 'disclosure.publish',
    targetType: 'disclosure_statement',
    targetId: id,
    detail: { period: row.period, revision: row.revision },
  });
  return getStatement(ctx, caller, id, lang);
}

/** Starts a correction: a new draft revision of the current published one, with the reason. */
export async function correctStatement(
  ctx: DisclosureContext,
  auth: Auth | null,
  id: string,
  body: { version: number; reason: string },
  lang: Lang,
) {
  const { caller, row } = await writable(ctx, auth, id);
  stale(row, body.version);
  if (row.state !== 'published' || row.revision !== row.current_revision)
    throw new AppError('statement_not_current', { current: row.current_revision ?? 0 });
  const newId = await ctx.db.transaction().execute(async (trx) => {
    const revisions = await repo.revisionsOf(trx, row.estate_id, row.period);
    if (revisions.some((r) => r.state === 'draft'))
      throw new AppError('statement_draft_exists', { period: row.period });
    const newId = await repo.insertStatement(trx, {
      estate_id: row.estate_id,
      community_code: row.community_code,
      period: row.period,
      period_start: row.period_start,
      period_end: row.period_end,
      revision: await repo.nextRevision(trx, row.estate_id, row.period),
      corrects_id: row.id,
      correction_reason: body.reason.trim(),
      opening_balance: row.opening_balance,
      closing_balance: row.closing_balance,
      note: row.note,
      created_by: caller.userId,
    });
    await repo.copyLines(trx, row.id, newId);
    return newId;
  });
  await audit(ctx.db, caller, {
    action: 'disclosure.correct',
    targetType: 'disclosure_statement',
    targetId: newId,
    detail: { corrects: id, reason: body.reason },
  });
  return getStatement(ctx, caller, newId, lang);
}

/** A draft from a filled-in template: all or nothing, every problem named with its row. */
export async function importStatement(
  ctx: DisclosureContext,
  auth: Auth | null,
  body: ImportBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'disclosure.publish');
  const estate = await estateForWrite(ctx, caller, body.estateId);
  const range = rangeOf(body.period);
  const read = await readWorkbook(Buffer.from(body.data, 'base64'), range, lang);
  if (!read) throw fieldError('file', 'unreadable');
  if (!read.statement)
    throw new AppError(
      'statement_import_invalid',
      { count: read.problems.length },
      { errors: read.problems },
    );
  const { statement } = read;
  return createStatement(
    ctx,
    caller,
    {
      estateId: estate.id,
      period: body.period,
      openingBalance: statement.openingBalance,
      closingBalance: statement.closingBalance,
      lines: statement.lines,
    },
    lang,
  );
}

export function template() {
  return writeWorkbook(null, null);
}

export async function exportXlsx(ctx: DisclosureContext, auth: Auth | null, id: string, lang: Lang) {
  const s = await getStatement(ctx, auth, id, lang);
  const bytes = await writeWorkbook(s, {
    estateName: s.estateName,
    period: s.period,
    revision: s.revision,
    state: s.state,
    correctionReason: s.correctionReason,
  });
  return { bytes, fileName: `${s.estateName}-${s.period}-r${s.revision}.xlsx` };
}

export async function exportFdp(ctx: DisclosureContext, auth: Auth | null, id: string, lang: Lang) {
  const s = await getStatement(ctx, auth, id, lang);
  return fiscalDataPackage({ ...s, lines: s.lines });
}

// Late periods.

export async function lateList(
  ctx: DisclosureContext,
  auth: Auth | null,
  q: { areaCode?: string; open?: boolean },
) {
  const caller = requirePermission(auth, 'disclosure.read');
  const scope = resolveScope(caller, q.areaCode);
  const [rows, names] = await Promise.all([repo.lateIn(ctx.db, scope, q.open), namesIn(ctx.db, scope)]);
  return rows.map((r) => ({
    estateId: r.estate_id,
    estateName: names.get(r.estate_id) ?? '',
    communityCode: r.community_code,
    period: r.period,
    dueOn: r.due_on,
    flaggedAt: r.flagged_at.toISOString(),
    publishedAt: r.published_at?.toISOString() ?? null,
  }));
}

/** Flags, for every estate with a committee, the recent periods past their due day with nothing published. */
export async function flagLatePeriods(db: Db, now = new Date()): Promise<number> {
  const settings = await disclosureSettings(db);
  const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const periods = duePeriods(settings, today, LOOK_BACK);
  const root = (await districtAndStreets(db)).find((c) => levelOfCode(c) === 'district');
  if (!root) return 0;
  const estates = (await estatesIn(db, root)).filter((e) => e.committeeOrgId !== null);
  const community = new Map(estates.map((e) => [e.id, e.communityCode]));
  const due = new Map(periods.map((p) => [p.period, p.dueOn]));
  const missing = await repo.unpublished(
    db,
    estates.map((e) => e.id),
    periods.map((p) => p.period),
  );
  await repo.flagLate(
    db,
    missing.map((m) => ({
      estate_id: m.estate_id,
      period: m.period,
      community_code: community.get(m.estate_id)!,
      due_on: due.get(m.period)!,
    })),
  );
  return missing.length;
}

export async function runLateJob(db: Db, now = new Date()) {
  await flagLatePeriods(db, now);
  await scheduleLate(db, new Date(now.getTime() + 24 * 3600_000));
}

export function scheduleLate(db: Db, runAt = new Date()) {
  return enqueue(db, { kind: DISCLOSURE_LATE_JOB, key: 'daily', runAt });
}

/**
 * For open data: the lines of every current published statement in the scope, without personal
 * data (no counterparty, description or publisher: a counterparty may be a private person).
 */
export async function publishedStatementLines(db: Db, scope: string) {
  const [rows, names] = await Promise.all([repo.publishedLines(db, scope), namesIn(db, scope)]);
  return rows.map((r) => ({
    statementId: r.statement_id,
    estateId: r.estate_id,
    estateName: names.get(r.estate_id) ?? '',
    communityCode: r.community_code,
    period: r.period,
    revision: r.revision,
    publishedAt: r.published_at.toISOString(),
    openingBalance: r.opening_balance,
    closingBalance: r.closing_balance,
    direction: r.direction,
    category: r.category,
    amount: r.amount,
    occurredOn: r.occurred_on,
  }));
}

/**
 * The estates whose statements an owner reads (where their registry person owns a house): the
 * rule that also lets them ask the estate's committee (questions).
 */
export const ownerEstatesOf = (db: Db, auth: Auth) => ownedEstates(db, auth);

/**
 * A line of a statement, for a question about it: the statement's estate, community, period,
 * revision and state, and the line without personal data (no counterparty or description).
 * undefined when there is no such line of that statement.
 */
export async function statementLineRef(db: Db, statementId: string, lineId: string) {
  const r = await repo.lineWithStatement(db, statementId, lineId);
  if (!r) return undefined;
  const category = categoryOf(r.category);
  return {
    statementId: r.statement_id,
    estateId: r.estate_id,
    communityCode: r.community_code,
    period: r.period,
    revision: r.revision,
    published: r.state === 'published',
    lineId: r.line_id,
    position: r.position,
    direction: r.direction,
    category: r.category,
    categoryZh: category?.zh ?? r.category,
    categoryEn: category?.en ?? r.category,
    amount: r.amount,
    occurredOn: r.occurred_on,
  };
}
