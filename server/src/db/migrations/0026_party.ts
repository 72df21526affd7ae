import { type Kysely, sql } from 'kysely';

/**
 * Grassroots party building (基层党建): party organizations as a tree (committee → general branch →
 * branch) placed in an area and optionally at a registry organization; members with their status
 * and its dates, dues and the month paid to; transfers between organizations (history, never
 * changed); organizational life (三会一课 and other meetings); in-service members registered at
 * their residential community (双报到) and the volunteer hours they serve there. ID and phone
 * numbers are stored like the registry's: encrypted, hashed for exact search, masked for display.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table party_orgs (
      id uuid primary key default gen_random_uuid(),
      parent_id uuid references party_orgs (id),
      kind text not null check (kind in ('committee', 'general_branch', 'branch')),
      name text not null check (length(trim(name)) > 0),
      -- Where the organization belongs (for scope): a street or a community.
      area_code text not null references areas (code),
      -- The enterprise, school or social organization it is set up in, when not the community itself.
      org_id uuid references orgs (id),
      secretary text,
      founded_on date,
      retired_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index party_orgs_area_idx on party_orgs (area_code text_pattern_ops);
    create index party_orgs_parent_idx on party_orgs (parent_id);

    create table party_members (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references party_orgs (id),
      name text not null check (length(trim(name)) > 0),
      gender text check (gender in ('male', 'female')),
      id_number_enc text,
      id_number_hash text,
      id_number_mask text,
      phone_enc text,
      phone_hash text,
      phone_mask text,
      status text not null check (status in ('applicant', 'activist', 'probationary', 'full')),
      applied_on date,
      activist_on date,
      probationary_on date,
      full_on date,
      -- Monthly dues in fen (0.01 yuan), and the last month paid, 'YYYY-MM'.
      dues_cents integer not null default 0 check (dues_cents >= 0),
      dues_paid_to text check (dues_paid_to ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      -- 在职党员: works elsewhere, registers where they live (双报到).
      in_service boolean not null default false,
      workplace text,
      residence_community text references areas (code),
      registered_on date,
      -- Transferred out of the district's organizations.
      left_on date,
      left_to text,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index party_members_org_idx on party_members (org_id);
    create index party_members_residence_idx on party_members (residence_community text_pattern_ops);
    create unique index party_members_id_number_uq on party_members (id_number_hash)
      where left_on is null and id_number_hash is not null;

    create table party_transfers (
      id bigserial primary key,
      member_id uuid not null references party_members (id),
      -- in: from outside the district; out: to outside it; internal: between two of its organizations.
      direction text not null check (direction in ('in', 'out', 'internal')),
      from_org_id uuid references party_orgs (id),
      to_org_id uuid references party_orgs (id),
      outside_org text,
      transferred_on date not null,
      note text,
      recorded_by uuid references users (id),
      recorded_at timestamptz not null default now()
    );
    create index party_transfers_member_idx on party_transfers (member_id, id);
    create trigger party_transfers_append_only before update or delete on party_transfers
      for each row execute function cg_refuse_change();

    create table party_meetings (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references party_orgs (id),
      kind text not null check (kind in
        ('committee', 'members', 'group', 'class', 'theme_day', 'democratic_review', 'other')),
      held_on date not null,
      topic text not null check (length(trim(topic)) > 0),
      attendees integer not null check (attendees >= 0),
      absentees integer not null default 0 check (absentees >= 0),
      minutes text,
      recorded_by uuid references users (id),
      created_at timestamptz not null default now()
    );
    create index party_meetings_org_idx on party_meetings (org_id, held_on);

    create table party_volunteer_hours (
      id uuid primary key default gen_random_uuid(),
      member_id uuid not null references party_members (id),
      community_code text not null references areas (code),
      served_on date not null,
      hours numeric(5, 1) not null check (hours > 0 and hours <= 24),
      activity text not null check (length(trim(activity)) > 0),
      recorded_by uuid references users (id),
      created_at timestamptz not null default now()
    );
    create index party_volunteer_hours_member_idx on party_volunteer_hours (member_id, served_on);
    create index party_volunteer_hours_community_idx on party_volunteer_hours (community_code text_pattern_ops);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table party_volunteer_hours;
    drop table party_meetings;
    drop table party_transfers;
    drop table party_members;
    drop table party_orgs;
  `.execute(db);
}
