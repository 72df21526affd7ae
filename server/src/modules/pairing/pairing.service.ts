import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { communitiesIn } from '../areas/index.ts';
import { filesDir, storeFile } from '../cases/index.ts';
import { partyOrgFacts } from '../party/index.ts';
import { fieldError } from './pairing.messages.ts';
import * as repo from './pairing.repository.ts';
import type { ActivityBody, PairingBody, PairingUpdateBody, PairingView } from './pairing.schemas.ts';

export interface PairingContext {
  db: Db;
  dataDir: string;
}

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const thisYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

type Upload = { fileName: string; contentType: string; data: string };
async function store(ctx: PairingContext, uploads: Upload[] | undefined) {
  const out: { file_name: string; content_type: string; size: number; sha256: string }[] = [];
  for (const u of uploads ?? []) {
    const bytes = Buffer.from(u.data, 'base64');
    if (bytes.length > MAX_FILE_BYTES) throw new AppError('payload_too_large');
    out.push({
      file_name: u.fileName,
      content_type: u.contentType,
      size: bytes.length,
      sha256: await storeFile(filesDir(ctx.dataDir), u.contentType, bytes),
    });
  }
  return out;
}

/** A pairing the caller may see: its community inside their area (404 otherwise). */
async function visible(
  ctx: PairingContext,
  auth: Auth | null,
  id: string,
  permission: 'pairing.read' | 'pairing.manage',
) {
  const caller = requirePermission(auth, permission);
  const row = await repo.findPairing(ctx.db, id);
  if (!row || !isWithin(row.community_code, caller.areaCode)) throw new AppError('pairing_not_found');
  return { caller, row };
}

export async function listPairings(
  ctx: PairingContext,
  auth: Auth | null,
  query: { areaCode?: string; partyOrgId?: string; unitName?: string; year?: number },
) {
  const caller = requirePermission(auth, 'pairing.read');
  const scope = resolveScope(caller, query.areaCode);
  const year = query.year ?? thisYear();
  const rows = await repo.listPairings(ctx.db, {
    scope,
    partyOrgId: query.partyOrgId,
    unitName: query.unitName,
    year,
  });
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    communityCode: r.community_code,
    communityName: r.community_name,
    unitKind: r.unit_kind,
    partyOrgId: r.party_org_id,
    unitName: r.unit_name,
    signedOn: r.signed_on,
    endsOn: r.ends_on,
    state: r.state,
    year,
    activities: r.activities ?? 0,
    participants: r.participants ?? 0,
    planItems: r.plan_items ?? 0,
    reviewed: r.reviewed ?? false,
  }));
}

export async function getPairing(ctx: PairingContext, auth: Auth | null, id: string): Promise<PairingView> {
  const { row } = await visible(ctx, auth, id, 'pairing.read');
  return detail(ctx, row);
}

async function detail(ctx: PairingContext, row: repo.PairingRow): Promise<PairingView> {
  const [files, plans, activities, reviews] = await Promise.all([
    repo.filesOf(ctx.db, row.id),
    repo.plansOf(ctx.db, row.id),
    repo.activitiesOf(ctx.db, row.id),
    repo.reviewsOf(ctx.db, row.id),
  ]);
  const fileView = (f: (typeof files)[number]) => ({
    id: f.id,
    fileName: f.file_name,
    contentType: f.content_type,
    size: f.size,
  });
  return {
    id: row.id,
    version: row.version,
    communityCode: row.community_code,
    communityName: row.community_name,
    unitKind: row.unit_kind,
    partyOrgId: row.party_org_id,
    unitName: row.unit_name,
    signedOn: row.signed_on,
    endsOn: row.ends_on,
    state: row.state,
    agreement: row.agreement,
    files: files.filter((f) => !f.activity_id).map(fileView),
    plans: plans.map((p) => ({ year: p.year, version: p.version, items: p.items })),
    activities: activities.map((a) => ({
      id: a.id,
      heldOn: a.held_on,
      area: a.area,
      kind: a.kind,
      title: a.title,
      participants: a.participants,
      note: a.note,
      photos: files.filter((f) => f.activity_id === a.id).map(fileView),
    })),
    reviews: reviews.map((r) => ({ year: r.year, version: r.version, summary: r.summary, scores: r.scores })),
  };
}

export async function createPairing(ctx: PairingContext, auth: Auth | null, input: PairingBody) {
  const caller = requirePermission(auth, 'pairing.manage');
  if (!isWithin(input.communityCode, caller.areaCode)) throw fieldError('communityCode', 'outside_scope');
  if ((await communitiesIn(ctx.db, input.communityCode)).length !== 1)
    throw fieldError('communityCode', 'outside_scope');
  let unitName = input.unitName?.trim();
  if (input.unitKind === 'party_org') {
    const org = input.partyOrgId ? await partyOrgFacts(ctx.db, input.partyOrgId) : undefined;
    if (!org) throw fieldError('partyOrgId', input.partyOrgId ? 'not_found' : 'required');
    unitName = org.name;
  } else if (!unitName) throw fieldError('unitName', 'required');
  if (input.endsOn && input.endsOn < input.signedOn) throw fieldError('endsOn', 'before_start');
  const files = await store(ctx, input.attachments);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insertPairing(trx, {
      community_code: input.communityCode,
      unit_kind: input.unitKind,
      party_org_id: input.unitKind === 'party_org' ? input.partyOrgId! : null,
      unit_name: unitName!,
      agreement: input.agreement.trim(),
      signed_on: input.signedOn,
      ends_on: input.endsOn ?? null,
      created_by: caller.userId,
    });
    await repo.insertFiles(
      trx,
      files.map((f) => ({ ...f, pairing_id: id })),
    );
    await audit(trx, caller, { action: 'pairing.create', targetType: 'pairing', targetId: id });
    return id;
  });
  return detail(ctx, (await repo.findPairing(ctx.db, id))!);
}

export async function updatePairing(
  ctx: PairingContext,
  auth: Auth | null,
  id: string,
  input: PairingUpdateBody,
) {
  const { caller, row } = await visible(ctx, auth, id, 'pairing.manage');
  if (row.version !== input.version) throw new AppError('version_conflict', { currentVersion: row.version });
  if (input.endsOn && input.endsOn < row.signed_on) throw fieldError('endsOn', 'before_start');
  const files = await store(ctx, input.attachments);
  await ctx.db.transaction().execute(async (trx) => {
    const done = await repo.updatePairing(trx, id, input.version, {
      ...(input.agreement !== undefined ? { agreement: input.agreement.trim() } : {}),
      ...(input.endsOn !== undefined ? { ends_on: input.endsOn } : {}),
      ...(input.state !== undefined ? { state: input.state } : {}),
    });
    if (!done) throw new AppError('version_conflict', { currentVersion: row.version });
    await repo.insertFiles(
      trx,
      files.map((f) => ({ ...f, pairing_id: id })),
    );
    await audit(trx, caller, { action: 'pairing.update', targetType: 'pairing', targetId: id });
  });
  return detail(ctx, (await repo.findPairing(ctx.db, id))!);
}

/** A year's plan or review, written at the version read (0 when the year has none yet). */
export async function writeYear(
  ctx: PairingContext,
  auth: Auth | null,
  id: string,
  year: number,
  what: 'plan' | 'review',
  input:
    | { version: number; items: { area: string; item: string }[] }
    | { version: number; summary: string; scores: Record<string, number> },
) {
  const { caller, row } = await visible(ctx, auth, id, 'pairing.manage');
  const table = what === 'plan' ? 'pairing_plans' : 'pairing_reviews';
  const { version, ...values } = input;
  const written = await repo.upsertYear(ctx.db, table, id, year, version, values as never);
  if (!written) {
    const current = await repo.currentVersion(ctx.db, table, id, year);
    throw new AppError('version_conflict', { currentVersion: current?.version ?? 0 });
  }
  await audit(ctx.db, caller, {
    action: `pairing.${what}`,
    targetType: 'pairing',
    targetId: id,
    detail: { year },
  });
  return detail(ctx, row);
}

export async function addActivity(ctx: PairingContext, auth: Auth | null, id: string, input: ActivityBody) {
  const { caller, row } = await visible(ctx, auth, id, 'pairing.manage');
  const photos = await store(ctx, input.photos);
  await ctx.db.transaction().execute(async (trx) => {
    const activityId = await repo.insertActivity(trx, {
      pairing_id: id,
      held_on: input.heldOn,
      area: input.area,
      kind: input.kind.trim(),
      title: input.title.trim(),
      participants: input.participants,
      note: input.note?.trim() ?? '',
      created_by: caller.userId,
    });
    await repo.insertFiles(
      trx,
      photos.map((f) => ({ ...f, pairing_id: id, activity_id: activityId })),
    );
    await audit(trx, caller, { action: 'pairing.activity', targetType: 'pairing', targetId: id });
  });
  return detail(ctx, row);
}

export async function file(ctx: PairingContext, auth: Auth | null, id: string, fileId: string) {
  await visible(ctx, auth, id, 'pairing.read');
  const f = (await repo.filesOf(ctx.db, id)).find((x) => x.id === fileId);
  if (!f) throw new AppError('not_found');
  const bytes = await fs.promises
    .readFile(path.join(filesDir(ctx.dataDir), f.sha256.slice(0, 2), f.sha256))
    .catch(() => null);
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== f.sha256) throw new AppError('internal');
  return { bytes, contentType: f.content_type, fileName: f.file_name };
}
