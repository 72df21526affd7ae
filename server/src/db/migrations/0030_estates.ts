import { type Kysely, sql } from 'kysely';

/**
 * Estates (小区): a residential estate groups buildings; its homeowners' committee and property
 * company are organizations of the registry. Each house of an estate may record its exclusive floor
 * area (专有部分面积) and its owners, people of the registry: the electorate of an owners' vote under
 * Civil Code art. 278 and the readers of the committee's accounts.
 *
 * Floor areas are integer hundredths of a square metre (`floor_area`), never floating point.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table estates (
      id uuid primary key default gen_random_uuid(),
      community_code text not null references areas (code),
      name text not null check (length(trim(name)) > 0),
      address text,
      committee_org_id uuid references orgs (id),
      property_org_id uuid references orgs (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      retired_at timestamptz
    );
    create unique index estates_name_uq on estates (community_code, name) where retired_at is null;
    create index estates_community_idx on estates (community_code text_pattern_ops);
    create index estates_committee_idx on estates (committee_org_id);

    -- A building belongs to at most one estate.
    create table estate_buildings (
      building_id uuid primary key references buildings (id),
      estate_id uuid not null references estates (id)
    );
    create index estate_buildings_estate_idx on estate_buildings (estate_id);

    -- A house's exclusive floor area, in hundredths of m².
    create table estate_houses (
      house_id uuid primary key references houses (id),
      estate_id uuid not null references estates (id),
      floor_area integer not null check (floor_area > 0),
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );
    create index estate_houses_estate_idx on estate_houses (estate_id);

    -- Co-owners of a house are several rows; the house still votes once.
    create table house_owners (
      house_id uuid not null references estate_houses (house_id),
      person_id uuid not null references people (id),
      since date,
      created_at timestamptz not null default now(),
      primary key (house_id, person_id)
    );
    create index house_owners_person_idx on house_owners (person_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table house_owners, estate_houses, estate_buildings, estates;`.execute(db);
}
