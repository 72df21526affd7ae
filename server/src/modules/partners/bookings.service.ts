import { levelOfCode } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { maskPhone } from '../registry/index.ts';
import { fieldError, wrongState } from './partners.messages.ts';
import { seesBooking, seesService, type Viewer, viewerOf } from './partners.policy.ts';
import * as repo from './partners.repository.ts';
import type { BookingBody, BookingView } from './partners.schemas.ts';
import type { PartnersContext } from './partners.service.ts';

/** "张**": the surname and a mask; a partner greets the resident without learning the full name. */
const maskName = (name: string) =>
  name.length <= 1 ? name : `${name[0]}${'*'.repeat(Math.min(name.length - 1, 2))}`;

/**
 * What a booking shows whom (docs/partners.md): the resident their own booking in full; the
 * partner and staff the surname and the masked phone. Only the partner of a confirmed home
 * service (`needsContact`) gets the phone in full, on the one booking it opens (audited).
 */
function bookingView(ctx: PartnersContext, v: Viewer, r: repo.BookingRow, fullPhone = false): BookingView {
  const own = v.kind === 'resident';
  const phone = r.phone_enc && (own || fullPhone) ? ctx.pii.decrypt(r.phone_enc) : r.phone_mask;
  return {
    id: r.id,
    version: r.version,
    serviceId: r.service_id,
    serviceName: r.service_name,
    partnerId: r.partner_id,
    partnerName: r.partner_name,
    communityCode: r.community_code,
    residentName: own ? r.resident_name : maskName(r.resident_name),
    phone: phone ?? null,
    note: r.note,
    state: r.state,
    reason: r.reason,
    rating: r.rating,
    comment: r.comment,
    bookedAt: r.created_at.toISOString(),
    confirmedAt: r.confirmed_at?.toISOString() ?? null,
    doneAt: r.done_at?.toISOString() ?? null,
  };
}

export async function listBookings(
  ctx: PartnersContext,
  auth: Auth | null,
  query: { areaCode?: string; state?: string; serviceId?: string; limit?: number },
) {
  const viewer = await viewerOf(ctx.db, auth);
  const filter: repo.BookingFilter = {
    state: query.state,
    serviceId: query.serviceId,
    limit: query.limit ?? 100,
  };
  if (viewer.kind === 'staff') filter.scope = resolveScope(viewer.auth, query.areaCode);
  else if (viewer.kind === 'partner') {
    filter.partnerId = viewer.partnerId;
    if (query.areaCode) filter.scope = resolveScope({ areaCode: viewer.area }, query.areaCode);
  } else {
    if (query.areaCode) resolveScope(viewer.auth, query.areaCode);
    filter.residentId = viewer.auth.userId;
  }
  return (await repo.listBookings(ctx.db, filter)).map((r) => bookingView(ctx, viewer, r));
}

export async function getBooking(ctx: PartnersContext, auth: Auth | null, id: string) {
  const viewer = await viewerOf(ctx.db, auth);
  const row = await repo.findBooking(ctx.db, id);
  if (!row || !seesBooking(viewer, row)) throw new AppError('booking_not_found');
  const contact =
    viewer.kind === 'partner' && row.needs_contact && row.state === 'confirmed' && !!row.phone_enc;
  if (contact)
    await audit(ctx.db, viewer.auth, {
      action: 'partner.booking.contact',
      targetType: 'partner_booking',
      targetId: id,
      detail: { unmasked: true },
    });
  return bookingView(ctx, viewer, row, contact);
}

/**
 * A resident books (or claims) a place of a service offered to where they live. The place is
 * taken by one conditional UPDATE in the same transaction as the booking, so concurrent
 * bookings never pass the capacity; a second active booking of the same service is refused.
 */
export async function book(ctx: PartnersContext, auth: Auth | null, input: BookingBody) {
  const caller = requirePermission(auth, 'partners.book');
  const viewer: Viewer = { kind: 'resident', auth: caller };
  const service = await repo.findService(ctx.db, input.serviceId);
  if (!service || !seesService(viewer, { ...service, state: 'open' }))
    throw new AppError('partner_service_not_found');
  if (service.state !== 'open') throw new AppError('service_closed');
  if (service.needs_contact && !input.phone) throw fieldError('phone', 'required_for_home_service');
  const area = caller.areaCode;
  const community = levelOfCode(area) === 'grid' ? area.slice(0, 12) : area;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const taken = await repo.takePlace(trx, service.id);
    if (!taken) throw new AppError('service_full');
    const id = await repo.insertBooking(trx, {
      service_id: service.id,
      partner_id: service.partner_id,
      resident_id: caller.userId,
      community_code: community,
      area_code: area,
      resident_name: caller.displayName,
      phone_enc: input.phone ? ctx.pii.encrypt(input.phone) : null,
      phone_mask: input.phone ? maskPhone(input.phone) : null,
      note: input.note?.trim() ?? '',
    });
    await audit(trx, caller, {
      action: 'partner.booking.create',
      targetType: 'partner_booking',
      targetId: id,
    });
    return id;
  });
  return bookingView(ctx, viewer, (await repo.findBooking(ctx.db, id))!);
}

const MOVES = {
  confirm: { permission: 'partners.serve', from: ['booked'], to: 'confirmed', frees: false },
  decline: { permission: 'partners.serve', from: ['booked', 'confirmed'], to: 'declined', frees: true },
  done: { permission: 'partners.serve', from: ['confirmed'], to: 'done', frees: false },
  cancel: { permission: 'partners.book', from: ['booked', 'confirmed'], to: 'cancelled', frees: true },
} as const;
export type Move = keyof typeof MOVES;

/** A move on a booking: the partner confirms, declines, marks done; the resident cancels. */
export async function moveBooking(
  ctx: PartnersContext,
  auth: Auth | null,
  id: string,
  move: Move,
  input: { version: number; reason?: string },
) {
  const rule = MOVES[move];
  requirePermission(auth, rule.permission);
  const viewer = await viewerOf(ctx.db, auth);
  const row = await repo.findBooking(ctx.db, id);
  if (!row || viewer.kind === 'staff' || !seesBooking(viewer, row)) throw new AppError('booking_not_found');
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockBooking(trx, id);
    if (!locked) throw new AppError('booking_not_found');
    if (locked.version !== input.version)
      throw new AppError('version_conflict', { currentVersion: locked.version });
    if (!(rule.from as readonly string[]).includes(locked.state)) throw wrongState(locked.state);
    const now = new Date();
    await repo.updateBooking(trx, id, input.version, {
      state: rule.to,
      ...(input.reason ? { reason: input.reason.trim() } : {}),
      ...(rule.to === 'confirmed' ? { confirmed_at: now } : {}),
      ...(rule.to === 'done' ? { done_at: now } : {}),
    });
    if (rule.frees) await repo.releasePlace(trx, locked.service_id);
    await audit(trx, viewer.auth, {
      action: `partner.booking.${move}`,
      targetType: 'partner_booking',
      targetId: id,
    });
  });
  return bookingView(ctx, viewer, (await repo.findBooking(ctx.db, id))!);
}

/** The resident rates a booking once it is done: 1–5 and a comment, once. */
export async function rate(
  ctx: PartnersContext,
  auth: Auth | null,
  id: string,
  input: { version: number; rating: number; comment?: string },
) {
  const caller = requirePermission(auth, 'partners.book');
  const viewer: Viewer = { kind: 'resident', auth: caller };
  const row = await repo.findBooking(ctx.db, id);
  if (!row || !seesBooking(viewer, row)) throw new AppError('booking_not_found');
  if (row.version !== input.version) throw new AppError('version_conflict', { currentVersion: row.version });
  if (row.state !== 'done' || row.rating !== null) throw wrongState(row.state);
  const done = await repo.updateBooking(ctx.db, id, input.version, {
    rating: input.rating,
    comment: input.comment?.trim() || null,
    rated_at: new Date(),
  });
  if (!done) throw new AppError('version_conflict', { currentVersion: row.version });
  await audit(ctx.db, caller, {
    action: 'partner.booking.rate',
    targetType: 'partner_booking',
    targetId: id,
  });
  return bookingView(ctx, viewer, (await repo.findBooking(ctx.db, id))!);
}
