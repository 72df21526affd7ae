import { type Insertable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import type {
  BookingState,
  PartnerBookingsTable,
  PartnerServicesTable,
  PartnerState,
  PartnersTable,
} from '../../db/types.ts';

// Partners ---------------------------------------------------------------------------------------

function partners(db: Db) {
  return db
    .selectFrom('partners as p')
    .leftJoin('areas as a', 'a.code', 'p.area_code')
    .select((eb) => [
      'p.id',
      'p.version',
      'p.name',
      'p.kind',
      'p.area_code',
      'a.name as area_name',
      'p.org_id',
      'p.contact_name',
      'p.contact_phone_mask',
      'p.description',
      'p.state',
      'p.reason',
      'p.created_at',
      'p.decided_at',
      eb
        .selectFrom('partner_services as s')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('s.partner_id', '=', 'p.id')
        .as('services'),
      eb
        .selectFrom('partner_accounts as pa')
        .innerJoin('users as u', 'u.id', 'pa.user_id')
        .select(sql<string[]>`coalesce(array_agg(u.username order by u.username), '{}')`.as('n'))
        .whereRef('pa.partner_id', '=', 'p.id')
        .as('accounts'),
    ]);
}
export type PartnerRow = NonNullable<Awaited<ReturnType<typeof findPartner>>>;

export function findPartner(db: Db, id: string) {
  return partners(db).where('p.id', '=', id).executeTakeFirst();
}

export function listPartners(db: Db, scope: string, state: PartnerState | undefined) {
  let q = partners(db).where(inScope('p.area_code', scope));
  if (state) q = q.where('p.state', '=', state);
  return q.orderBy('p.created_at', 'desc').limit(1000).execute();
}

export async function insertPartner(db: Db, row: Insertable<PartnersTable>) {
  return (await db.insertInto('partners').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function insertPartners(db: Db, rows: Insertable<PartnersTable>[]) {
  return db.insertInto('partners').values(rows).returning(['id', 'area_code']).execute();
}

/** Decides a pending application seen at `version`; undefined when it changed or was decided. */
export function decidePartner(db: Db, id: string, version: number, values: Updateable<PartnersTable>) {
  return db
    .updateTable('partners')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('state', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
}

export function bindAccount(db: Db, userId: string, partnerId: string) {
  return db.insertInto('partner_accounts').values({ user_id: userId, partner_id: partnerId }).execute();
}

/** The partner a partner account is bound to (approved partners only). */
export async function partnerOfUser(db: Db, userId: string) {
  const row = await db
    .selectFrom('partner_accounts as pa')
    .innerJoin('partners as p', 'p.id', 'pa.partner_id')
    .select(['p.id', 'p.area_code', 'p.name'])
    .where('pa.user_id', '=', userId)
    .where('p.state', '=', 'approved')
    .executeTakeFirst();
  return row;
}

// Services ---------------------------------------------------------------------------------------

function services(db: Db) {
  return db
    .selectFrom('partner_services as s')
    .innerJoin('partners as p', 'p.id', 's.partner_id')
    .leftJoin('areas as a', 'a.code', 's.area_code')
    .select((eb) => [
      's.id',
      's.version',
      's.partner_id',
      'p.name as partner_name',
      'p.kind as partner_kind',
      'p.state as partner_state',
      'p.area_code as partner_area',
      's.name',
      's.kind',
      's.description',
      's.area_code',
      'a.name as area_name',
      's.hours',
      's.price_fen',
      's.capacity',
      's.booked',
      's.needs_contact',
      's.state',
      eb
        .selectFrom('partner_bookings as b')
        .select(sql<number | null>`round(avg(b.rating)::numeric, 2)::float8`.as('r'))
        .whereRef('b.service_id', '=', 's.id')
        .as('rating'),
      eb
        .selectFrom('partner_bookings as b')
        .select(sql<number>`count(b.rating)::int`.as('n'))
        .whereRef('b.service_id', '=', 's.id')
        .as('ratings'),
    ]);
}
export type ServiceRow = NonNullable<Awaited<ReturnType<typeof findService>>>;

export function findService(db: Db, id: string) {
  return services(db).where('s.id', '=', id).executeTakeFirst();
}

export interface ServiceFilter {
  partnerId?: string;
  /** Services placed in this area (staff). */
  scope?: string;
  /** Services offered to someone living here: placed in it or in an area above it (residents). */
  offeredTo?: string;
  kind?: string;
}

export function listServices(db: Db, f: ServiceFilter) {
  let q = services(db);
  if (f.partnerId) q = q.where('s.partner_id', '=', f.partnerId);
  if (f.scope) q = q.where(inScope('s.area_code', f.scope));
  if (f.offeredTo)
    q = q
      .where(sql<boolean>`${f.offeredTo} like s.area_code || '%'`)
      .where('p.state', '=', 'approved')
      .where('s.state', '=', 'open');
  if (f.kind) q = q.where('s.kind', '=', f.kind);
  return q.orderBy('s.created_at', 'desc').limit(1000).execute();
}

export async function insertService(db: Db, row: Insertable<PartnerServicesTable>) {
  return (await db.insertInto('partner_services').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function insertServices(db: Db, rows: Insertable<PartnerServicesTable>[]) {
  return db.insertInto('partner_services').values(rows).returning(['id', 'partner_id', 'capacity']).execute();
}

export function updateService(db: Db, id: string, version: number, values: Updateable<PartnerServicesTable>) {
  return db
    .updateTable('partner_services')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

/**
 * Takes one place of an open service, if one is left: a single conditional UPDATE, so that two
 * residents racing for the last place cannot both get it (the row lock orders them; the second
 * sees the count the first left). Undefined when the service is full or closed.
 */
export function takePlace(db: Db, serviceId: string) {
  return db
    .updateTable('partner_services')
    .set({ booked: sql`booked + 1`, updated_at: new Date() })
    .where('id', '=', serviceId)
    .where('state', '=', 'open')
    .whereRef('booked', '<', 'capacity')
    .returning(['id', 'booked', 'capacity'])
    .executeTakeFirst();
}

export function releasePlace(db: Db, serviceId: string) {
  return db
    .updateTable('partner_services')
    .set({ booked: sql`greatest(booked - 1, 0)`, updated_at: new Date() })
    .where('id', '=', serviceId)
    .execute();
}

// Bookings ---------------------------------------------------------------------------------------

function bookings(db: Db) {
  return db
    .selectFrom('partner_bookings as b')
    .innerJoin('partner_services as s', 's.id', 'b.service_id')
    .innerJoin('partners as p', 'p.id', 'b.partner_id')
    .select([
      'b.id',
      'b.version',
      'b.service_id',
      's.name as service_name',
      's.needs_contact',
      'b.partner_id',
      'p.name as partner_name',
      'b.resident_id',
      'b.community_code',
      'b.area_code',
      'b.resident_name',
      'b.phone_enc',
      'b.phone_mask',
      'b.note',
      'b.state',
      'b.reason',
      'b.rating',
      'b.comment',
      'b.created_at',
      'b.confirmed_at',
      'b.done_at',
    ]);
}
export type BookingRow = NonNullable<Awaited<ReturnType<typeof findBooking>>>;

export function findBooking(db: Db, id: string) {
  return bookings(db).where('b.id', '=', id).executeTakeFirst();
}

export interface BookingFilter {
  partnerId?: string;
  residentId?: string;
  scope?: string;
  state?: string;
  serviceId?: string;
  limit: number;
}

export function listBookings(db: Db, f: BookingFilter) {
  let q = bookings(db);
  if (f.partnerId) q = q.where('b.partner_id', '=', f.partnerId);
  if (f.residentId) q = q.where('b.resident_id', '=', f.residentId);
  if (f.scope) q = q.where(inScope('b.area_code', f.scope));
  if (f.state) q = q.where('b.state', '=', f.state as BookingState);
  if (f.serviceId) q = q.where('b.service_id', '=', f.serviceId);
  return q.orderBy('b.created_at', 'desc').limit(f.limit).execute();
}

export async function insertBooking(db: Db, row: Insertable<PartnerBookingsTable>) {
  return (await db.insertInto('partner_bookings').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function insertBookings(db: Db, rows: Insertable<PartnerBookingsTable>[]) {
  return db.insertInto('partner_bookings').values(rows).execute();
}

export function lockBooking(db: Db, id: string) {
  return db.selectFrom('partner_bookings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateBooking(db: Db, id: string, version: number, values: Updateable<PartnerBookingsTable>) {
  return db
    .updateTable('partner_bookings')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

/** Per community of an area: approved partners, services offered there, bookings, done, ratings. */
export async function figuresByCommunity(db: Db, scope: string, year: number | undefined) {
  const period = year
    ? sql`and b.created_at >= make_date(${year}, 1, 1) and b.created_at < make_date(${year + 1}, 1, 1)`
    : sql``;
  const { rows } = await sql<{
    community_code: string;
    partners: number;
    services: number;
    bookings: number;
    done: number;
    rating: number | null;
    ratings: number;
  }>`
    with c as (
      select code from areas where level = 'community' and retired_at is null and ${inScope('code', scope)}
    ), pa as (
      select c.code, count(*)::int as partners from c
      join partners p on p.state = 'approved' and (p.area_code = c.code or c.code like p.area_code || '%')
      group by 1
    ), sv as (
      select c.code, count(*)::int as services from c
      join partner_services s on s.state = 'open'
        and (c.code like s.area_code || '%' or s.area_code like c.code || '%')
      join partners p on p.id = s.partner_id and p.state = 'approved'
      group by 1
    ), bk as (
      select b.community_code as code, count(*)::int as bookings,
        count(*) filter (where b.state = 'done')::int as done,
        round(avg(b.rating)::numeric, 2)::float8 as rating, count(b.rating)::int as ratings
      from partner_bookings b where ${inScope('b.community_code', scope)} ${period}
      group by 1
    )
    select c.code as community_code, coalesce(pa.partners, 0) as partners,
      coalesce(sv.services, 0) as services, coalesce(bk.bookings, 0) as bookings,
      coalesce(bk.done, 0) as done, bk.rating, coalesce(bk.ratings, 0) as ratings
    from c left join pa using (code) left join sv using (code) left join bk using (code)
    order by c.code`.execute(db);
  return rows;
}

/** The overall average and count of ratings in an area (not an average of averages). */
export async function ratingIn(db: Db, scope: string, year: number | undefined) {
  const period = year
    ? sql`and b.created_at >= make_date(${year}, 1, 1) and b.created_at < make_date(${year + 1}, 1, 1)`
    : sql``;
  const { rows } = await sql<{ rating: number | null; ratings: number }>`
    select round(avg(b.rating)::numeric, 2)::float8 as rating, count(b.rating)::int as ratings
    from partner_bookings b where ${inScope('b.community_code', scope)} ${period}`.execute(db);
  return rows[0]!;
}
