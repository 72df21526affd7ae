import type { Db } from '../../db/database.ts';
import { isWithin, levelOfCode } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import type { Pii } from '../../platform/pii.ts';
import { checkIdNumber, checkPhone, maskIdNumber, maskPhone } from '../registry/index.ts';
import { fieldError } from './party.messages.ts';
import { cstDay } from './party.periods.ts';
import * as policy from './party.policy.ts';
import * as repo from './party.repository.ts';
import type { CreateOrgBody, OrgsQuery, PartyMember, PartyOrg, UpdateOrgBody } from './party.schemas.ts';

export interface PartyContext {
  db: Db;
  pii: Pii;
  now?: () => Date;
}

export const today = (ctx: PartyContext) => cstDay(ctx.now?.() ?? new Date());

function toOrg(row: repo.OrgRow): PartyOrg {
  return {
    id: row.id,
    parentId: row.parent_id,
    kind: row.kind,
    name: row.name,
    areaCode: row.area_code,
    areaName: row.area_name,
    orgId: row.org_id,
    orgName: row.org_name,
    secretary: row.secretary,
    foundedOn: row.founded_on,
    members: row.members ?? 0,
    version: row.version,
  };
}

export function toMember(row: repo.MemberRow): PartyMember {
  return {
    id: row.id,
    orgId: row.org_id,
    orgName: row.org_name,
    areaCode: row.area_code,
    name: row.name,
    gender: row.gender,
    idNumber: row.id_number_mask,
    phone: row.phone_mask,
    status: row.status,
    appliedOn: row.applied_on,
    activistOn: row.activist_on,
    probationaryOn: row.probationary_on,
    fullOn: row.full_on,
    duesStandard: row.dues_cents / 100,
    duesPaidTo: row.dues_paid_to,
    inService: row.in_service,
    workplace: row.workplace,
    residenceCommunity: row.residence_community,
    residenceName: row.residence_name,
    registeredOn: row.registered_on,
    leftOn: row.left_on,
    leftTo: row.left_to,
    version: row.version,
  };
}

export function checkVersion(current: number, sent: number) {
  if (current !== sent) throw new AppError('version_conflict', { currentVersion: current });
}

export function notAfterToday(ctx: PartyContext, field: string, day: string | null | undefined) {
  if (day && day > today(ctx)) throw fieldError(field, 'in_future');
}

// Organizations ---------------------------------------------------------------------------------

export async function listOrgs(ctx: PartyContext, auth: Auth | null, query: OrgsQuery) {
  const caller = requirePermission(auth, 'party.read');
  const scope = resolveScope(caller, query.areaCode);
  return { items: (await repo.listOrgs(ctx.db, scope)).map(toOrg) };
}

export async function visibleOrg(db: Db, caller: Auth, id: string) {
  const row = await repo.findOrg(db, id);
  if (!row || !isWithin(row.area_code, caller.areaCode)) throw new AppError('record_not_found');
  return row;
}

/** An organization of the caller's area, for a field of a write (422 naming it otherwise). */
async function orgForField(db: Db, caller: Auth, id: string, field: string) {
  const row = await repo.findOrg(db, id);
  if (!row || !isWithin(row.area_code, caller.areaCode)) throw fieldError(field, 'outside_scope');
  return row;
}

const PARENT_KINDS: Record<string, readonly string[]> = {
  committee: ['committee'],
  general_branch: ['committee'],
  branch: ['committee', 'general_branch'],
};

async function checkedRegistryOrg(db: Db, caller: Auth, id: string | null | undefined) {
  if (!id) return;
  const org = await repo.registryOrg(db, id);
  if (!org || !isWithin(org.grid_code, caller.areaCode)) throw fieldError('registryOrgId', 'outside_scope');
}

export async function createOrg(ctx: PartyContext, auth: Auth | null, body: CreateOrgBody) {
  const caller = requirePermission(auth, 'party.manage');
  const area = await repo.activeArea(ctx.db, body.areaCode);
  if (!area || !isWithin(body.areaCode, caller.areaCode) || levelOfCode(body.areaCode) === 'grid')
    throw fieldError('areaCode', 'outside_scope');
  if (body.parentId) {
    const parent = await orgForField(ctx.db, caller, body.parentId, 'parentId');
    if (!PARENT_KINDS[body.kind].includes(parent.kind)) throw fieldError('parentId', 'bad_parent');
  }
  await checkedRegistryOrg(ctx.db, caller, body.orgId);
  notAfterToday(ctx, 'foundedOn', body.foundedOn);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insertOrg(trx, {
      parent_id: body.parentId ?? null,
      kind: body.kind,
      name: body.name.trim(),
      area_code: body.areaCode,
      org_id: body.orgId ?? null,
      secretary: body.secretary ?? null,
      founded_on: body.foundedOn ?? null,
    });
    await audit(trx, caller, { action: 'party.org_create', targetType: 'party_org', targetId: id });
    return id;
  });
  return toOrg((await repo.findOrg(ctx.db, id))!);
}

export async function updateOrg(ctx: PartyContext, auth: Auth | null, id: string, body: UpdateOrgBody) {
  const caller = requirePermission(auth, 'party.manage');
  await visibleOrg(ctx.db, caller, id);
  await checkedRegistryOrg(ctx.db, caller, body.orgId);
  notAfterToday(ctx, 'foundedOn', body.foundedOn);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.lockOrg(trx, id);
    if (!row) throw new AppError('record_not_found');
    checkVersion(row.version, body.version);
    const { version: _, name, orgId, foundedOn, ...rest } = body;
    await repo.updateOrg(trx, id, {
      ...rest,
      ...(name !== undefined && { name: name.trim() }),
      ...(orgId !== undefined && { org_id: orgId }),
      ...(foundedOn !== undefined && { founded_on: foundedOn }),
    });
    await audit(trx, caller, {
      action: 'party.org_update',
      targetType: 'party_org',
      targetId: id,
      detail: { fields: Object.keys(body).filter((k) => k !== 'version') },
    });
  });
  return toOrg((await repo.findOrg(ctx.db, id))!);
}

// Personal numbers ------------------------------------------------------------------------------

/** ID and phone numbers sealed like the registry's: ciphertext, search hash and mask. */
export function sealedNumbers(ctx: PartyContext, idNumber?: string | null, phone?: string | null) {
  const values: Record<string, string | null> = {};
  if (idNumber !== undefined) {
    if (idNumber === null || idNumber.trim() === '')
      Object.assign(values, { id_number_enc: null, id_number_hash: null, id_number_mask: null });
    else {
      const checked = checkIdNumber(idNumber);
      if (!checked.ok) throw fieldError('idNumber', 'bad_id');
      Object.assign(values, {
        id_number_enc: ctx.pii.encrypt(checked.idNumber),
        id_number_hash: ctx.pii.hash(checked.idNumber),
        id_number_mask: maskIdNumber(checked.idNumber),
      });
    }
  }
  if (phone !== undefined) {
    if (phone === null || phone.trim() === '')
      Object.assign(values, { phone_enc: null, phone_hash: null, phone_mask: null });
    else {
      const checked = checkPhone(phone);
      if (!checked.ok) throw fieldError('phone', 'bad_phone');
      Object.assign(values, {
        phone_enc: ctx.pii.encrypt(checked.phone),
        phone_hash: ctx.pii.hash(checked.phone),
        phone_mask: maskPhone(checked.phone),
      });
    }
  }
  return values;
}

export { policy };
