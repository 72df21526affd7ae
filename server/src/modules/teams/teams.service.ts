import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import type { Pii } from '../../platform/pii.ts';
import { checkPhone, maskPhone } from '../registry/index.ts';
import { fieldError } from './teams.messages.ts';
import * as repo from './teams.repository.ts';
import type {
  CreateMemberBody,
  Member,
  MembersQuery,
  QualificationBody,
  TrainingBody,
  UpdateMemberBody,
} from './teams.schemas.ts';

export interface TeamsContext {
  db: Db;
  pii: Pii;
}

export const name = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

function toMember(row: repo.MemberRow, grids: Awaited<ReturnType<typeof repo.gridsOf>>, lang: Lang): Member {
  return {
    id: row.id,
    areaCode: row.area_code,
    name: row.name,
    team: row.team,
    forceCode: row.force_code,
    forceName: row.force_code ? name(lang, row.force_zh ?? '', row.force_en ?? '') : null,
    organization: row.organization,
    duty: row.duty,
    workPhone: row.work_phone,
    privatePhone: row.private_phone_mask,
    userId: row.user_id,
    username: row.username,
    status: row.status,
    grids: grids
      .filter((g) => g.member_id === row.id)
      .map((g) => ({ gridCode: g.grid_code, gridName: g.grid_name, isHead: g.is_head })),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listMembers(ctx: TeamsContext, auth: Auth | null, query: MembersQuery, lang: Lang) {
  const caller = requirePermission(auth, 'teams.read');
  const scope = resolveScope(caller, query.areaCode);
  const { rows, total } = await repo.listMembers(
    ctx.db,
    scope,
    {
      team: query.team,
      forceCode: query.forceCode,
      status: query.status,
      name: query.q?.trim() || undefined,
    },
    query,
  );
  const grids = await repo.gridsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toMember(r, grids, lang)), total };
}

/** A member the caller may see: one of their area, or serving a grid in it. */
async function visibleMember(ctx: TeamsContext, caller: Auth, id: string, lang: Lang) {
  const row = await repo.findMember(ctx.db, id);
  if (!row) throw new AppError('record_not_found');
  const grids = await repo.gridsOf(ctx.db, [id]);
  const seen =
    isWithin(row.area_code, caller.areaCode) || grids.some((g) => isWithin(g.grid_code, caller.areaCode));
  if (!seen) throw new AppError('record_not_found');
  return toMember(row, grids, lang);
}

export async function getMember(ctx: TeamsContext, auth: Auth | null, id: string, lang: Lang) {
  const caller = requirePermission(auth, 'teams.read');
  const member = await visibleMember(ctx, caller, id, lang);
  const [qualifications, trainings] = await Promise.all([
    repo.qualificationsOf(ctx.db, id),
    repo.trainingsOf(ctx.db, id),
  ]);
  return {
    ...member,
    qualifications: qualifications.map(qualificationView),
    trainings: trainings.map(trainingView),
  };
}

export async function memberHistory(ctx: TeamsContext, auth: Auth | null, id: string, lang: Lang) {
  const caller = requirePermission(auth, 'teams.read');
  await visibleMember(ctx, caller, id, lang);
  return repo.historyOf(ctx.db, id);
}

export function checkedPhone(field: string, raw: string | null | undefined): string | null | undefined {
  if (raw === undefined) return undefined;
  if (raw === null || raw.trim() === '') return null;
  const checked = checkPhone(raw);
  if (!checked.ok) throw fieldError(field, checked.problem);
  return checked.phone;
}

/** Grids: existing, inside the caller's area, each once, and no head taken by someone else. */
async function checkedGrids(
  db: Db,
  caller: Auth,
  grids: { gridCode: string; isHead?: boolean }[],
  memberId: string | null,
) {
  const codes = [...new Set(grids.map((g) => g.gridCode))];
  if (codes.length !== grids.length) throw fieldError('grids', 'duplicate_grid');
  const found = new Set((await repo.activeGrids(db, codes)).map((g) => g.code));
  for (const code of codes)
    if (!found.has(code) || !isWithin(code, caller.areaCode)) throw fieldError('grids', 'outside_scope');
  const heads = grids.filter((g) => g.isHead).map((g) => g.gridCode);
  const taken = await repo.otherHeads(db, heads, memberId);
  if (taken.length > 0) throw new AppError('grid_head_taken', { gridCode: taken[0].grid_code });
  return grids.map((g) => ({ gridCode: g.gridCode, isHead: g.isHead ?? false }));
}

async function checkedTeam(db: Db, team: string | null | undefined, forceCode: string | null | undefined) {
  if ((team ?? null) === null && (forceCode ?? null) === null) throw fieldError('team', 'team_or_force');
  if ((team ?? null) !== null && (forceCode ?? null) !== null) throw fieldError('team', 'team_or_force');
  if (forceCode && !(await repo.findForce(db, forceCode))) throw fieldError('forceCode', 'unknown_force');
}

/** The account must exist and belong to the caller's area (one cannot adopt a stranger's login). */
async function checkedUser(db: Db, caller: Auth, userId: string | null | undefined) {
  if (!userId) return;
  const user = await repo.findUser(db, userId);
  if (!user || !isWithin(user.area_code, caller.areaCode)) throw fieldError('userId', 'unknown_user');
}

/** Column values → what history records, by the API's names. */
function historyOf(values: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  const names: Record<string, string> = {
    name: 'name',
    team: 'team',
    force_code: 'forceCode',
    organization: 'organization',
    duty: 'duty',
    work_phone: 'workPhone',
    private_phone_mask: 'privatePhone',
    user_id: 'userId',
    status: 'status',
    area_code: 'areaCode',
  };
  for (const [column, api] of Object.entries(names)) if (column in values) out[api] = values[column];
  return out;
}

export async function createMember(
  ctx: TeamsContext,
  auth: Auth | null,
  input: CreateMemberBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'teams.manage');
  await checkedTeam(ctx.db, input.team, input.forceCode);
  await checkedUser(ctx.db, caller, input.userId);
  const grids = await checkedGrids(ctx.db, caller, input.grids ?? [], null);
  // A member belongs where they were asked to, else to the community of their first grid.
  const areaCode = input.areaCode ?? (grids[0] ? grids[0].gridCode.slice(0, 12) : caller.areaCode);
  if (!isWithin(areaCode, caller.areaCode) || !(await repo.findArea(ctx.db, areaCode)))
    throw fieldError('areaCode', 'outside_scope');
  const phone = checkedPhone('privatePhone', input.privatePhone);
  const values = {
    area_code: areaCode,
    name: input.name.trim(),
    team: input.team ?? null,
    force_code: input.forceCode ?? null,
    organization: input.organization?.trim() || null,
    duty: input.duty?.trim() || null,
    work_phone: checkedPhone('workPhone', input.workPhone) ?? null,
    private_phone_enc: phone ? ctx.pii.encrypt(phone) : null,
    private_phone_hash: phone ? ctx.pii.hash(phone) : null,
    private_phone_mask: phone ? maskPhone(phone) : null,
    user_id: input.userId ?? null,
  };
  const id = await ctx.db.transaction().execute(async (trx) => {
    const { id } = await repo.insertMember(trx, values);
    await repo.replaceGrids(trx, id, grids);
    const changes: Record<string, [unknown, unknown]> = {};
    for (const [k, v] of Object.entries({ ...historyOf(values), grids }))
      if (v !== null) changes[k] = [null, v];
    await repo.insertHistory(trx, { memberId: id, version: 1, changedBy: caller.userId, changes });
    await audit(trx, caller, {
      action: 'team.create',
      targetType: 'team_member',
      targetId: id,
      detail: { fields: Object.keys(changes) },
    });
    return id;
  });
  return visibleMember(ctx, caller, id, lang);
}

export async function updateMember(
  ctx: TeamsContext,
  auth: Auth | null,
  id: string,
  input: UpdateMemberBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'teams.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const current = await repo.lockMember(trx, id);
    if (!current || !isWithin(current.area_code, caller.areaCode)) throw new AppError('record_not_found');
    if (current.version !== input.version) {
      const now = await visibleMember(ctx, caller, id, lang);
      throw new AppError('version_conflict', { currentVersion: now.version }, { current: now });
    }
    const team = input.team !== undefined ? input.team : current.team;
    const forceCode = input.forceCode !== undefined ? input.forceCode : current.force_code;
    if (input.team !== undefined || input.forceCode !== undefined) await checkedTeam(trx, team, forceCode);
    await checkedUser(trx, caller, input.userId);
    const phone = checkedPhone('privatePhone', input.privatePhone);
    const next: Record<string, unknown> = {
      name: input.name?.trim(),
      team: input.team !== undefined || input.forceCode !== undefined ? team : undefined,
      force_code: input.team !== undefined || input.forceCode !== undefined ? forceCode : undefined,
      organization: input.organization === undefined ? undefined : input.organization?.trim() || null,
      duty: input.duty === undefined ? undefined : input.duty?.trim() || null,
      work_phone: checkedPhone('workPhone', input.workPhone),
      user_id: input.userId,
      status: input.status,
    };
    if (phone !== undefined) {
      next.private_phone_enc = phone ? ctx.pii.encrypt(phone) : null;
      next.private_phone_hash = phone ? ctx.pii.hash(phone) : null;
      next.private_phone_mask = phone ? maskPhone(phone) : null;
    }
    const values = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined));
    const changes: Record<string, [unknown, unknown]> = {};
    const before = historyOf(current as unknown as Record<string, unknown>);
    for (const [k, v] of Object.entries(historyOf(values)))
      if (JSON.stringify(before[k] ?? null) !== JSON.stringify(v ?? null))
        changes[k] = [before[k] ?? null, v];
    if (phone !== undefined && current.private_phone_hash !== (phone ? ctx.pii.hash(phone) : null))
      changes.privatePhone = [current.private_phone_mask, values.private_phone_mask];
    // An inactive member heads no grid.
    const inactive = (input.status ?? current.status) === 'inactive';
    const oldGrids = (await repo.gridsOf(trx, [id])).map((g) => ({
      gridCode: g.grid_code,
      isHead: g.is_head,
    }));
    let grids = input.grids ? await checkedGrids(trx, caller, input.grids, id) : oldGrids;
    if (inactive) grids = grids.map((g) => ({ ...g, isHead: false }));
    if (JSON.stringify(grids) !== JSON.stringify(oldGrids)) changes.grids = [oldGrids, grids];
    if (Object.keys(changes).length === 0) return;
    const updated = await repo.updateMember(trx, id, input.version, values);
    if (!updated) throw new AppError('version_conflict', { currentVersion: current.version + 1 });
    if (changes.grids) await repo.replaceGrids(trx, id, grids);
    await repo.insertHistory(trx, {
      memberId: id,
      version: updated.version,
      changedBy: caller.userId,
      changes,
    });
    await audit(trx, caller, {
      action: 'team.update',
      targetType: 'team_member',
      targetId: id,
      detail: { fields: Object.keys(changes) },
    });
  });
  return visibleMember(ctx, caller, id, lang);
}

function qualificationView(row: Awaited<ReturnType<typeof repo.qualificationsOf>>[number]) {
  return {
    id: row.id,
    kind: row.kind,
    level: row.level,
    certificateNo: row.certificate_no,
    issuedOn: row.issued_on,
    expiresOn: row.expires_on,
  };
}

function trainingView(row: Awaited<ReturnType<typeof repo.trainingsOf>>[number]) {
  return { id: row.id, heldOn: row.held_on, course: row.course, hours: row.hours };
}

/** A member the caller may manage (belongs to their area). */
async function managedMember(ctx: TeamsContext, caller: Auth, id: string) {
  const row = await repo.findMember(ctx.db, id);
  if (!row || !isWithin(row.area_code, caller.areaCode)) throw new AppError('record_not_found');
  return row;
}

export async function addQualification(
  ctx: TeamsContext,
  auth: Auth | null,
  memberId: string,
  input: QualificationBody,
) {
  const caller = requirePermission(auth, 'teams.manage');
  await managedMember(ctx, caller, memberId);
  if (input.expiresOn && input.expiresOn < input.issuedOn) throw fieldError('expiresOn', 'before_issued');
  const row = await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertQualification(trx, {
      member_id: memberId,
      level: input.level,
      certificate_no: input.certificateNo.trim(),
      issued_on: input.issuedOn,
      expires_on: input.expiresOn ?? null,
    });
    await audit(trx, caller, {
      action: 'team.qualification',
      targetType: 'team_member',
      targetId: memberId,
      detail: { level: input.level },
    });
    return row;
  });
  return qualificationView(row);
}

export async function addTraining(
  ctx: TeamsContext,
  auth: Auth | null,
  memberId: string,
  input: TrainingBody,
) {
  const caller = requirePermission(auth, 'teams.manage');
  await managedMember(ctx, caller, memberId);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertTraining(trx, {
      member_id: memberId,
      held_on: input.heldOn,
      course: input.course.trim(),
      hours: input.hours,
    });
    await audit(trx, caller, {
      action: 'team.training',
      targetType: 'team_member',
      targetId: memberId,
      detail: { hours: input.hours },
    });
    return row;
  });
  return trainingView(row);
}
