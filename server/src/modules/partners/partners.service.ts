import type { Db } from '../../db/database.ts';
import { isWithin, levelOfCode } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import type { Pii } from '../../platform/pii.ts';
import { areaNames, communitiesIn } from '../areas/index.ts';
import { maskPhone } from '../registry/index.ts';
import { createBoundAccount } from '../users/index.ts';
import { fieldError } from './partners.messages.ts';
import { seesService, viewerOf } from './partners.policy.ts';
import * as repo from './partners.repository.ts';
import type {
  ApplicationBody,
  Figures,
  PartnerView,
  ServiceBody,
  ServiceUpdateBody,
  ServiceView,
} from './partners.schemas.ts';

export interface PartnersContext {
  db: Db;
  pii: Pii;
}

const partnerView = (r: repo.PartnerRow): PartnerView => ({
  id: r.id,
  version: r.version,
  name: r.name,
  kind: r.kind,
  areaCode: r.area_code,
  areaName: r.area_name,
  orgId: r.org_id,
  contactName: r.contact_name,
  contactPhone: r.contact_phone_mask,
  description: r.description,
  state: r.state,
  reason: r.reason,
  appliedAt: r.created_at.toISOString(),
  decidedAt: r.decided_at?.toISOString() ?? null,
  services: r.services ?? 0,
  accounts: r.accounts ?? [],
});

export const serviceView = (r: repo.ServiceRow): ServiceView => ({
  id: r.id,
  version: r.version,
  partnerId: r.partner_id,
  partnerName: r.partner_name,
  partnerKind: r.partner_kind,
  name: r.name,
  kind: r.kind,
  description: r.description,
  areaCode: r.area_code,
  areaName: r.area_name,
  hours: r.hours,
  priceFen: r.price_fen,
  capacity: r.capacity,
  booked: r.booked,
  needsContact: r.needs_contact,
  state: r.state,
  rating: r.rating ?? null,
  ratings: r.ratings ?? 0,
});

/** A current street or community (a partner serves one of them). */
async function streetOrCommunity(db: Db, code: string): Promise<boolean> {
  const level = levelOfCode(code);
  if (level !== 'street' && level !== 'community') return false;
  return (await areaNames(db, [code])).has(code);
}

/**
 * An application to become a partner: from anyone, signed in or not (rate limited per address by
 * the route). The staff of the area it names decide; nothing is visible until they approve.
 */
export async function apply(ctx: PartnersContext, auth: Auth | null, input: ApplicationBody) {
  if (!(await streetOrCommunity(ctx.db, input.areaCode))) throw fieldError('areaCode', 'no_such_area');
  const id = await repo.insertPartner(ctx.db, {
    name: input.name.trim(),
    kind: input.kind,
    area_code: input.areaCode,
    contact_name: input.contactName.trim(),
    contact_phone_enc: ctx.pii.encrypt(input.contactPhone),
    contact_phone_mask: maskPhone(input.contactPhone),
    description: input.description?.trim() ?? '',
    applied_by: auth?.userId ?? null,
  });
  await audit(ctx.db, auth, { action: 'partner.apply', targetType: 'partner', targetId: id });
  return { id, state: 'pending' as const };
}

export async function listPartners(
  ctx: PartnersContext,
  auth: Auth | null,
  query: { areaCode?: string; state?: 'pending' | 'approved' | 'rejected' },
) {
  const caller = requirePermission(auth, 'partners.read');
  const scope = resolveScope(caller, query.areaCode);
  return (await repo.listPartners(ctx.db, scope, query.state)).map(partnerView);
}

export async function getPartner(ctx: PartnersContext, auth: Auth | null, id: string) {
  const viewer = await viewerOf(ctx.db, auth);
  if (viewer.kind === 'resident') throw new AppError('forbidden');
  const row = await repo.findPartner(ctx.db, id);
  const visible =
    row &&
    ((viewer.kind === 'staff' && isWithin(row.area_code, viewer.scope)) ||
      (viewer.kind === 'partner' && row.id === viewer.partnerId));
  if (!visible) throw new AppError('partner_not_found');
  return partnerView(row);
}

async function decidable(ctx: PartnersContext, auth: Auth | null, id: string, version: number) {
  const caller = requirePermission(auth, 'partners.approve');
  const row = await repo.findPartner(ctx.db, id);
  if (!row || !isWithin(row.area_code, caller.areaCode)) throw new AppError('partner_not_found');
  if (row.state !== 'pending') throw new AppError('partner_decided');
  if (row.version !== version) throw new AppError('version_conflict', { currentVersion: row.version });
  return { caller, row };
}

/** Approves an application and makes the partner's first account (its password answered once). */
export async function approve(
  ctx: PartnersContext,
  auth: Auth | null,
  id: string,
  input: { version: number; username: string },
) {
  const { caller, row } = await decidable(ctx, auth, id, input.version);
  const account = await ctx.db.transaction().execute(async (trx) => {
    const done = await repo.decidePartner(trx, id, input.version, {
      state: 'approved',
      decided_by: caller.userId,
      decided_at: new Date(),
    });
    if (!done) throw new AppError('version_conflict', { currentVersion: row.version });
    const account = await createBoundAccount(trx, {
      username: input.username,
      displayName: `${row.name} ${row.contact_name}`,
      role: 'partner',
      areaCode: row.area_code,
      createdBy: caller.userId,
    });
    await repo.bindAccount(trx, account.id, id);
    await audit(trx, caller, {
      action: 'partner.approve',
      targetType: 'partner',
      targetId: id,
      detail: { account: account.username },
    });
    return account;
  });
  return {
    partner: partnerView((await repo.findPartner(ctx.db, id))!),
    account: { username: account.username, temporaryPassword: account.temporaryPassword },
  };
}

export async function reject(
  ctx: PartnersContext,
  auth: Auth | null,
  id: string,
  input: { version: number; reason: string },
) {
  const { caller, row } = await decidable(ctx, auth, id, input.version);
  await ctx.db.transaction().execute(async (trx) => {
    const done = await repo.decidePartner(trx, id, input.version, {
      state: 'rejected',
      reason: input.reason.trim(),
      decided_by: caller.userId,
      decided_at: new Date(),
    });
    if (!done) throw new AppError('version_conflict', { currentVersion: row.version });
    await audit(trx, caller, { action: 'partner.reject', targetType: 'partner', targetId: id });
  });
  return partnerView((await repo.findPartner(ctx.db, id))!);
}

// Services ---------------------------------------------------------------------------------------

export async function listServices(
  ctx: PartnersContext,
  auth: Auth | null,
  query: { areaCode?: string; kind?: string; partnerId?: string },
) {
  const viewer = await viewerOf(ctx.db, auth);
  const filter: repo.ServiceFilter = { kind: query.kind };
  if (viewer.kind === 'staff') {
    filter.scope = resolveScope(viewer.auth, query.areaCode);
    filter.partnerId = query.partnerId;
  } else if (viewer.kind === 'partner') {
    filter.partnerId = viewer.partnerId;
    if (query.areaCode) filter.scope = resolveScope({ areaCode: viewer.area }, query.areaCode);
  } else {
    // A resident: what is offered to where they live (an areaCode outside it is refused alike).
    if (query.areaCode) resolveScope(viewer.auth, query.areaCode);
    filter.offeredTo = viewer.auth.areaCode;
    filter.partnerId = query.partnerId;
  }
  return (await repo.listServices(ctx.db, filter)).map(serviceView);
}

export async function getService(ctx: PartnersContext, auth: Auth | null, id: string) {
  const viewer = await viewerOf(ctx.db, auth);
  const row = await repo.findService(ctx.db, id);
  if (!row || !seesService(viewer, row)) throw new AppError('partner_service_not_found');
  return serviceView(row);
}

async function servingPartner(ctx: PartnersContext, auth: Auth | null) {
  requirePermission(auth, 'partners.serve');
  const viewer = await viewerOf(ctx.db, auth);
  if (viewer.kind !== 'partner') throw new AppError('forbidden');
  return viewer;
}

export async function createService(ctx: PartnersContext, auth: Auth | null, input: ServiceBody) {
  const partner = await servingPartner(ctx, auth);
  if (
    !isWithin(input.areaCode, partner.area) ||
    !(await areaNames(ctx.db, [input.areaCode])).has(input.areaCode)
  )
    throw fieldError('areaCode', 'outside_scope');
  const id = await repo.insertService(ctx.db, {
    partner_id: partner.partnerId,
    name: input.name.trim(),
    kind: input.kind,
    description: input.description?.trim() ?? '',
    area_code: input.areaCode,
    hours: input.hours?.trim() ?? '',
    price_fen: input.priceFen,
    capacity: input.capacity,
    needs_contact: input.needsContact ?? false,
  });
  await audit(ctx.db, partner.auth, {
    action: 'partner.service.create',
    targetType: 'partner_service',
    targetId: id,
  });
  return serviceView((await repo.findService(ctx.db, id))!);
}

export async function updateService(
  ctx: PartnersContext,
  auth: Auth | null,
  id: string,
  input: ServiceUpdateBody,
) {
  const partner = await servingPartner(ctx, auth);
  const row = await repo.findService(ctx.db, id);
  if (!row || row.partner_id !== partner.partnerId) throw new AppError('partner_service_not_found');
  if (row.version !== input.version) throw new AppError('version_conflict', { currentVersion: row.version });
  if (input.capacity !== undefined && input.capacity < row.booked)
    throw fieldError('capacity', 'below_booked');
  const done = await repo.updateService(ctx.db, id, input.version, {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.description !== undefined ? { description: input.description.trim() } : {}),
    ...(input.hours !== undefined ? { hours: input.hours.trim() } : {}),
    ...(input.priceFen !== undefined ? { price_fen: input.priceFen } : {}),
    ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
    ...(input.state !== undefined ? { state: input.state } : {}),
  });
  if (!done) throw new AppError('version_conflict', { currentVersion: row.version });
  await audit(ctx.db, partner.auth, {
    action: 'partner.service.update',
    targetType: 'partner_service',
    targetId: id,
  });
  return serviceView((await repo.findService(ctx.db, id))!);
}

// Figures ----------------------------------------------------------------------------------------

/** Per community of an area: partners, services offered, bookings, done, average rating. */
export async function figures(
  ctx: PartnersContext,
  auth: Auth | null,
  query: { areaCode?: string; year?: number },
): Promise<Figures> {
  const caller = requirePermission(auth, 'partners.read');
  const scope = resolveScope(caller, query.areaCode);
  const area = levelOfCode(scope) === 'grid' ? scope.slice(0, 12) : scope;
  const [communities, rows, overall] = await Promise.all([
    communitiesIn(ctx.db, area),
    repo.figuresByCommunity(ctx.db, area, query.year),
    repo.ratingIn(ctx.db, area, query.year),
  ]);
  const byCode = new Map(rows.map((r) => [r.community_code, r]));
  const list = communities.map((c) => {
    const r = byCode.get(c.code);
    return {
      code: c.code,
      name: c.name,
      partners: r?.partners ?? 0,
      services: r?.services ?? 0,
      bookings: r?.bookings ?? 0,
      done: r?.done ?? 0,
      rating: r?.rating ?? null,
      ratings: r?.ratings ?? 0,
    };
  });
  const sum = (k: 'partners' | 'services' | 'bookings' | 'done') => list.reduce((s, r) => s + r[k], 0);
  return {
    areaCode: area,
    year: query.year ?? null,
    communities: list,
    total: {
      partners: sum('partners'),
      services: sum('services'),
      bookings: sum('bookings'),
      done: sum('done'),
      rating: overall.rating,
      ratings: overall.ratings,
    },
  };
}
