import { type Kysely, sql } from 'kysely';

/**
 * Partners and their services (合作伙伴, "the last 100 metres"), and five-joint pairing (五联共管).
 *
 * - A partner is an organization (a bank, a shop, a charity, an IT firm) that applied and was
 *   approved by the staff of the area it serves; a partner's accounts are bound to it in
 *   `partner_accounts` (role `partner`), and see only its services and their bookings.
 * - A service has a capacity; `booked` counts its bookings that hold a place (booked, confirmed,
 *   done) and can never pass the capacity (the check makes an overbooking fail even under races).
 * - A booking keeps the resident's phone encrypted, with its mask for lists (docs/partners.md).
 * - A pairing joins a party organization or a unit with a community in the five joint areas:
 *   the agreement (text and files), a plan per year, activities with photos, a review per year.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table partners (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(trim(name)) > 0),
      kind text not null check (kind in ('bank', 'shop', 'charity', 'it', 'social_org', 'company', 'other')),
      -- The organization of the registry it is, where known.
      org_id uuid references orgs (id),
      -- The area it serves and whose staff approve it: a street or a community.
      area_code text not null references areas (code),
      contact_name text not null,
      contact_phone_enc text not null,
      contact_phone_mask text not null,
      description text not null default '',
      state text not null default 'pending' check (state in ('pending', 'approved', 'rejected')),
      reason text,
      applied_by uuid references users (id),
      decided_by uuid references users (id),
      decided_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index partners_area_idx on partners (area_code text_pattern_ops);
    create index partners_state_idx on partners (state, created_at);

    create table partner_accounts (
      user_id uuid primary key references users (id),
      partner_id uuid not null references partners (id)
    );
    create index partner_accounts_partner_idx on partner_accounts (partner_id);

    create table partner_services (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid not null references partners (id),
      name text not null check (length(trim(name)) > 0),
      kind text not null,
      description text not null default '',
      -- Where it is offered: the partner's area or an area inside it, down to a community or grid.
      area_code text not null references areas (code),
      hours text not null default '',
      -- 0 is free; otherwise the price in fen.
      price_fen integer not null default 0 check (price_fen >= 0),
      capacity integer not null check (capacity > 0),
      booked integer not null default 0 check (booked >= 0 and booked <= capacity),
      -- A home service needs the resident's phone in full once confirmed (docs/partners.md).
      needs_contact boolean not null default false,
      state text not null default 'open' check (state in ('open', 'closed')),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index partner_services_partner_idx on partner_services (partner_id);
    create index partner_services_area_idx on partner_services (area_code text_pattern_ops);

    create table partner_bookings (
      id uuid primary key default gen_random_uuid(),
      service_id uuid not null references partner_services (id),
      partner_id uuid not null references partners (id),
      resident_id uuid not null references users (id),
      -- The resident's community (figures) and grid or community (their account's area).
      community_code text not null,
      area_code text not null,
      resident_name text not null,
      phone_enc text,
      phone_mask text,
      note text not null default '',
      state text not null default 'booked'
        check (state in ('booked', 'confirmed', 'done', 'cancelled', 'declined')),
      reason text,
      rating smallint check (rating between 1 and 5),
      comment text,
      rated_at timestamptz,
      confirmed_at timestamptz,
      done_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index partner_bookings_service_idx on partner_bookings (service_id);
    create index partner_bookings_partner_idx on partner_bookings (partner_id, created_at desc);
    create index partner_bookings_resident_idx on partner_bookings (resident_id, created_at desc);
    create index partner_bookings_community_idx on partner_bookings (community_code text_pattern_ops);
    -- One place per resident and service at a time.
    create unique index partner_bookings_active_uq on partner_bookings (service_id, resident_id)
      where state in ('booked', 'confirmed');

    create table pairings (
      id uuid primary key default gen_random_uuid(),
      community_code text not null references areas (code),
      unit_kind text not null check (unit_kind in ('party_org', 'unit')),
      party_org_id uuid references party_orgs (id),
      unit_name text not null check (length(trim(unit_name)) > 0),
      agreement text not null default '',
      signed_on date not null,
      ends_on date,
      state text not null default 'active' check (state in ('active', 'ended')),
      created_by uuid references users (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((unit_kind = 'party_org') = (party_org_id is not null))
    );
    create index pairings_community_idx on pairings (community_code text_pattern_ops);
    create index pairings_party_org_idx on pairings (party_org_id);
    create index pairings_unit_idx on pairings (unit_name);

    create table pairing_plans (
      pairing_id uuid not null references pairings (id),
      year integer not null,
      -- [{ area, item }], area one of the five joint areas.
      items jsonb not null,
      version integer not null default 1,
      updated_at timestamptz not null default now(),
      primary key (pairing_id, year)
    );

    create table pairing_activities (
      id uuid primary key default gen_random_uuid(),
      pairing_id uuid not null references pairings (id),
      held_on date not null,
      area text not null check (area in ('party', 'civility', 'service', 'stability', 'environment')),
      kind text not null,
      title text not null,
      participants integer not null check (participants >= 0),
      note text not null default '',
      created_by uuid references users (id),
      created_at timestamptz not null default now()
    );
    create index pairing_activities_pairing_idx on pairing_activities (pairing_id, held_on);

    create table pairing_reviews (
      pairing_id uuid not null references pairings (id),
      year integer not null,
      summary text not null,
      -- 1–5 per joint area: { party: 4, … }.
      scores jsonb not null,
      version integer not null default 1,
      updated_at timestamptz not null default now(),
      primary key (pairing_id, year)
    );

    -- The agreement's files (activity_id null) and activities' photos.
    create table pairing_files (
      id uuid primary key default gen_random_uuid(),
      pairing_id uuid not null references pairings (id),
      activity_id uuid references pairing_activities (id),
      file_name text not null,
      content_type text not null,
      size integer not null,
      sha256 text not null,
      created_at timestamptz not null default now()
    );
    create index pairing_files_pairing_idx on pairing_files (pairing_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table pairing_files, pairing_reviews, pairing_activities, pairing_plans, pairings,
    partner_bookings, partner_services, partner_accounts, partners;`.execute(db);
}
