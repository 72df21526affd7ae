import type { Updateable } from 'kysely';
import type { PartyMembersTable } from '../../db/types.ts';
import { isWithin, levelOfCode } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { fieldError, STATUS_NAMES } from './party.messages.ts';
import * as policy from './party.policy.ts';
import * as repo from './party.repository.ts';
import {
  type CreateMemberBody,
  type DuesBody,
  type HoursBody,
  MEMBER_STATUSES,
  type MembersQuery,
  type RegistrationBody,
  type StatusBody,
  type TransferBody,
  type UpdateMemberBody,
} from './party.schemas.ts';
import {
  checkVersion,
  notAfterToday,
  type PartyContext,
  sealedNumbers,
  toMember,
  visibleOrg,
} from './party.service.ts';

type Status = (typeof MEMBER_STATUSES)[number];
const DATE_OF: Record<Status, 'applied_on' | 'activist_on' | 'probationary_on' | 'full_on'> = {
  applicant: 'applied_on',
  activist: 'activist_on',
  probationary: 'probationary_on',
  full: 'full_on',
};
const cents = (yuan: number) => Math.round(yuan * 100);

export async function listMembers(ctx: PartyContext, auth: Auth | null, query: MembersQuery) {
  const caller = requirePermission(auth, 'party.read');
  const scope = resolveScope(caller, query.areaCode);
  const { rows, total } = await repo.listMembers(
    ctx.db,
    scope,
    {
      orgId: query.orgId,
      status: query.status,
      name: query.q?.trim() || undefined,
      registered: query.registered,
      left: query.left,
    },
    query,
  );
  return { items: rows.map(toMember), total };
}

export async function getMember(ctx: PartyContext, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'party.read');
  const row = policy.seenMember(caller, await repo.findMember(ctx.db, id));
  const [transfers, hours] = await Promise.all([repo.transfersOf(ctx.db, id), repo.hoursOf(ctx.db, id)]);
  return {
    ...toMember(row),
    transfers: transfers.map((t) => ({
      id: t.id,
      direction: t.direction,
      fromOrgId: t.from_org_id,
      fromOrgName: t.from_name,
      toOrgId: t.to_org_id,
      toOrgName: t.to_name,
      outsideOrg: t.outside_org,
      transferredOn: t.transferred_on,
      note: t.note,
      recordedAt: t.recorded_at.toISOString(),
    })),
    hours: hours.map((h) => ({
      id: h.id,
      communityCode: h.community_code,
      servedOn: h.served_on,
      hours: h.hours,
      activity: h.activity,
    })),
    hoursTotal: hours.reduce((sum, h) => sum + h.hours, 0),
  };
}

export async function createMember(ctx: PartyContext, auth: Auth | null, body: CreateMemberBody) {
  const caller = requirePermission(auth, 'party.manage');
  const org = await repo.findOrg(ctx.db, body.orgId);
  if (!org || !isWithin(org.area_code, caller.areaCode)) throw fieldError('orgId', 'outside_scope');
  // The date of the current status is what the record is for; earlier ones when known.
  if (!body[camel(DATE_OF[body.status])]) throw fieldError(camel(DATE_OF[body.status]), 'date_missing');
  for (const status of MEMBER_STATUSES)
    notAfterToday(ctx, camel(DATE_OF[status]), body[camel(DATE_OF[status])]);
  notAfterToday(ctx, 'transferredOn', body.transferredOn);
  const numbers = sealedNumbers(ctx, body.idNumber, body.phone);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insertMember(trx, {
      org_id: body.orgId,
      name: body.name.trim(),
      gender: body.gender ?? null,
      ...numbers,
      status: body.status,
      applied_on: body.appliedOn ?? null,
      activist_on: body.activistOn ?? null,
      probationary_on: body.probationaryOn ?? null,
      full_on: body.fullOn ?? null,
      dues_cents: cents(body.duesStandard ?? 0),
      dues_paid_to: body.duesPaidTo ?? null,
      in_service: body.inService ?? false,
      workplace: body.workplace ?? null,
    });
    if (body.transferredFrom)
      await repo.insertTransfer(trx, {
        member_id: id,
        direction: 'in',
        to_org_id: body.orgId,
        outside_org: body.transferredFrom,
        transferred_on: body.transferredOn ?? body[camel(DATE_OF[body.status])]!,
        recorded_by: caller.userId,
      });
    await audit(trx, caller, {
      action: 'party.member_create',
      targetType: 'party_member',
      targetId: id,
      detail: { status: body.status, transferIn: Boolean(body.transferredFrom) },
    });
    return id;
  });
  return toMember((await repo.findMember(ctx.db, id))!);
}

function camel(column: (typeof DATE_OF)[Status]) {
  return column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()) as
    | 'appliedOn'
    | 'activistOn'
    | 'probationaryOn'
    | 'fullOn';
}

/**
 * Every change of a member goes through here: the member must be kept by the caller, still a
 * member (not transferred out), and at the version the caller read.
 */
async function change(
  ctx: PartyContext,
  caller: Auth,
  id: string,
  version: number,
  action: string,
  make: (
    row: NonNullable<Awaited<ReturnType<typeof repo.lockMember>>>,
    trx: PartyContext['db'],
  ) => Promise<{ values: Updateable<PartyMembersTable>; detail?: Record<string, unknown> }>,
  who: (caller: Auth, row: repo.MemberRow | undefined) => repo.MemberRow = policy.keptMember,
) {
  who(caller, await repo.findMember(ctx.db, id));
  await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.lockMember(trx, id);
    if (!row) throw new AppError('record_not_found');
    checkVersion(row.version, version);
    if (row.left_on) throw new AppError('party_member_left');
    const { values, detail } = await make(row, trx);
    await repo.updateMember(trx, id, values);
    await audit(trx, caller, { action, targetType: 'party_member', targetId: id, detail });
  });
  return toMember((await repo.findMember(ctx.db, id))!);
}

export async function updateMember(ctx: PartyContext, auth: Auth | null, id: string, body: UpdateMemberBody) {
  const caller = requirePermission(auth, 'party.manage');
  const numbers = sealedNumbers(ctx, body.idNumber, body.phone);
  return change(ctx, caller, id, body.version, 'party.member_update', async (row) => {
    if (body.inService === false && row.residence_community) throw fieldError('inService', 'not_in_service');
    return {
      values: {
        ...numbers,
        ...(body.name !== undefined && { name: body.name.trim() }),
        ...(body.gender !== undefined && { gender: body.gender }),
        ...(body.duesStandard !== undefined && { dues_cents: cents(body.duesStandard) }),
        ...(body.inService !== undefined && { in_service: body.inService }),
        ...(body.workplace !== undefined && { workplace: body.workplace }),
      },
      // Field names only: the audit log never holds the numbers themselves.
      detail: { fields: Object.keys(body).filter((k) => k !== 'version') },
    };
  });
}

/** One step forward only: applicant → activist → probationary → full, with the date of the step. */
export async function moveStatus(ctx: PartyContext, auth: Auth | null, id: string, body: StatusBody) {
  const caller = requirePermission(auth, 'party.manage');
  notAfterToday(ctx, 'on', body.on);
  return change(ctx, caller, id, body.version, 'party.member_status', async (row) => {
    const from = MEMBER_STATUSES.indexOf(row.status);
    if (MEMBER_STATUSES.indexOf(body.status) !== from + 1)
      throw new AppError('party_status_move', (lang) => ({
        from: STATUS_NAMES[row.status][lang === 'zh' ? 0 : 1],
        to: STATUS_NAMES[body.status][lang === 'zh' ? 0 : 1],
      }));
    const previous = row[DATE_OF[row.status]];
    if (previous && body.on < previous) throw fieldError('on', 'not_later');
    return {
      values: { status: body.status, [DATE_OF[body.status]]: body.on },
      detail: { from: row.status, to: body.status },
    };
  });
}

/**
 * A transfer to another organization of the caller's area (internal), or out of the district's
 * organizations (the member leaves the lists). Either way it is written to the transfer history.
 */
export async function transfer(ctx: PartyContext, auth: Auth | null, id: string, body: TransferBody) {
  const caller = requirePermission(auth, 'party.manage');
  if ((body.toOrgId === undefined) === (body.outsideOrg === undefined)) throw fieldError('toOrgId', 'one_of');
  notAfterToday(ctx, 'on', body.on);
  return change(ctx, caller, id, body.version, 'party.member_transfer', async (row, trx) => {
    if (body.toOrgId) {
      const target = await repo.findOrg(trx, body.toOrgId);
      if (!target || !isWithin(target.area_code, caller.areaCode))
        throw fieldError('toOrgId', 'outside_scope');
    }
    if (body.toOrgId === row.org_id) throw fieldError('toOrgId', 'same_org');
    await repo.insertTransfer(trx, {
      member_id: id,
      direction: body.toOrgId ? 'internal' : 'out',
      from_org_id: row.org_id,
      to_org_id: body.toOrgId ?? null,
      outside_org: body.outsideOrg ?? null,
      transferred_on: body.on,
      note: body.note ?? null,
      recorded_by: caller.userId,
    });
    return {
      values: body.toOrgId ? { org_id: body.toOrgId } : { left_on: body.on, left_to: body.outsideOrg },
      detail: { from: row.org_id, to: body.toOrgId ?? 'outside' },
    };
  });
}

/** Dues paid up to a later month. */
export async function payDues(ctx: PartyContext, auth: Auth | null, id: string, body: DuesBody) {
  const caller = requirePermission(auth, 'party.manage');
  return change(ctx, caller, id, body.version, 'party.member_dues', async (row) => {
    if (row.dues_paid_to && body.paidTo <= row.dues_paid_to) throw fieldError('paidTo', 'not_later');
    return { values: { dues_paid_to: body.paidTo }, detail: { from: row.dues_paid_to, to: body.paidTo } };
  });
}

/** 双报到: an in-service member registers at the residential community they live in. */
export async function register(ctx: PartyContext, auth: Auth | null, id: string, body: RegistrationBody) {
  const caller = requirePermission(auth, 'party.manage');
  notAfterToday(ctx, 'on', body.on);
  const area = await repo.activeArea(ctx.db, body.communityCode);
  if (!area || levelOfCode(body.communityCode) !== 'community')
    throw fieldError('communityCode', 'not_community');
  return change(ctx, caller, id, body.version, 'party.member_register', async (row) => {
    if (!row.in_service) throw fieldError('inService', 'not_in_service');
    return {
      values: { residence_community: body.communityCode, registered_on: body.on },
      detail: { communityCode: body.communityCode },
    };
  });
}

/**
 * Volunteer hours of a registered in-service member, at the community registered at: recorded by
 * that community's party workers (or those keeping the member).
 */
export async function addHours(ctx: PartyContext, auth: Auth | null, id: string, body: HoursBody) {
  const caller = requirePermission(auth, 'party.manage');
  notAfterToday(ctx, 'servedOn', body.servedOn);
  const row = policy.seenMember(caller, await repo.findMember(ctx.db, id));
  if (!row.in_service || !row.residence_community) throw fieldError('communityCode', 'not_registered');
  if (row.left_on) throw new AppError('party_member_left');
  const inserted = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await repo.insertHours(trx, {
      member_id: id,
      community_code: row.residence_community!,
      served_on: body.servedOn,
      hours: body.hours,
      activity: body.activity.trim(),
      recorded_by: caller.userId,
    });
    await audit(trx, caller, {
      action: 'party.member_hours',
      targetType: 'party_member',
      targetId: id,
      detail: { hours: body.hours },
    });
    return inserted;
  });
  return {
    id: inserted.id,
    communityCode: row.residence_community,
    servedOn: body.servedOn,
    hours: body.hours,
    activity: body.activity.trim(),
  };
}

export { visibleOrg };
