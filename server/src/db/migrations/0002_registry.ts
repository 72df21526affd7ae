import { type Kysely, sql } from 'kysely';

/**
 * The registry of people, places, things and organizations. Every row is placed in a grid
 * (`grid_code`), versioned for optimistic concurrency, retired instead of deleted, and every change
 * is in `registry_history`. ID and phone numbers are stored encrypted (`*_enc`), with a keyed hash
 * for exact search (`*_hash`) and the masked form shown in lists (`*_mask`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tags (
      code text primary key check (code ~ '^[a-z][a-z0-9_]{1,40}$'),
      name_zh text not null,
      name_en text not null,
      -- Roles that may see the tag on a person; null = every staff role.
      visible_to text[],
      sort integer not null default 0
    );

    create table buildings (
      id uuid primary key default gen_random_uuid(),
      grid_code text not null references areas (code),
      name text not null check (length(trim(name)) > 0),
      address text not null check (length(trim(address)) > 0),
      lon double precision not null check (lon between -180 and 180),
      lat double precision not null check (lat between -90 and 90),
      floors integer check (floors between 1 and 200),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      retired_at timestamptz,
      retired_reason text
    );
    create index buildings_grid_idx on buildings (grid_code text_pattern_ops);

    create table houses (
      id uuid primary key default gen_random_uuid(),
      building_id uuid not null references buildings (id),
      grid_code text not null references areas (code),
      room text not null check (length(trim(room)) > 0),
      usage text not null check (usage in ('own_occupied', 'rented', 'vacant', 'commercial')),
      area_m2 double precision check (area_m2 > 0),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      retired_at timestamptz,
      retired_reason text
    );
    create unique index houses_room_uq on houses (building_id, room) where retired_at is null;
    create index houses_grid_idx on houses (grid_code text_pattern_ops);

    create table households (
      id uuid primary key default gen_random_uuid(),
      house_id uuid not null references houses (id),
      grid_code text not null references areas (code),
      head_id uuid,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      retired_at timestamptz,
      retired_reason text
    );
    create index households_house_idx on households (house_id);
    create index households_grid_idx on households (grid_code text_pattern_ops);

    create table people (
      id uuid primary key default gen_random_uuid(),
      grid_code text not null references areas (code),
      house_id uuid references houses (id),
      household_id uuid references households (id),
      relation text check (relation in ('head', 'spouse', 'child', 'parent', 'grandchild', 'other', 'tenant')),
      name text not null check (length(trim(name)) > 0),
      id_number_enc text not null,
      id_number_hash text not null,
      id_number_mask text not null,
      birth_date date not null,
      sex text not null check (sex in ('male', 'female')),
      phone_enc text,
      phone_hash text,
      phone_mask text,
      residency text not null check (residency in ('registered', 'non_registered')),
      move_in_date date,
      move_out_date date,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      retired_at timestamptz,
      retired_reason text check (retired_reason in ('moved_out', 'deceased', 'duplicate'))
    );
    create unique index people_id_number_uq on people (id_number_hash) where retired_at is null;
    create index people_phone_idx on people (phone_hash);
    create index people_grid_idx on people (grid_code text_pattern_ops, name);
    create index people_house_idx on people (house_id);
    create index people_household_idx on people (household_id);
    -- Chinese names have no word boundaries: index the characters, so "partial name" is an array containment.
    create index people_name_chars_idx on people using gin (regexp_split_to_array(name, ''));
    alter table households add constraint households_head_fk foreign key (head_id) references people (id);

    create table person_tags (
      person_id uuid not null references people (id),
      tag_code text not null references tags (code),
      created_at timestamptz not null default now(),
      primary key (person_id, tag_code)
    );
    create index person_tags_tag_idx on person_tags (tag_code, person_id);

    create table things (
      id uuid primary key default gen_random_uuid(),
      grid_code text not null references areas (code),
      category text not null,
      name text not null check (length(trim(name)) > 0),
      lon double precision not null check (lon between -180 and 180),
      lat double precision not null check (lat between -90 and 90),
      owner_department text,
      state text not null check (state in ('normal', 'damaged', 'missing', 'under_repair')),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      retired_at timestamptz,
      retired_reason text
    );
    create index things_grid_idx on things (grid_code text_pattern_ops, category);

    create table orgs (
      id uuid primary key default gen_random_uuid(),
      grid_code text not null references areas (code),
      kind text not null,
      name text not null check (length(trim(name)) > 0),
      credit_code text,
      address text,
      lon double precision check (lon between -180 and 180),
      lat double precision check (lat between -90 and 90),
      contact_phone text,
      responsible_person text,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      retired_at timestamptz,
      retired_reason text
    );
    create unique index orgs_credit_code_uq on orgs (credit_code) where credit_code is not null and retired_at is null;
    create index orgs_grid_idx on orgs (grid_code text_pattern_ops, kind);
    create index orgs_name_chars_idx on orgs using gin (regexp_split_to_array(name, ''));

    create table registry_history (
      id bigserial primary key,
      entity text not null check (entity in ('person', 'household', 'building', 'house', 'thing', 'org')),
      record_id uuid not null,
      version integer not null,
      changed_at timestamptz not null default now(),
      changed_by uuid references users (id),
      source text not null check (source in ('manual', 'ledger', 'field_app', 'demo', 'system')),
      source_ref text,
      changes jsonb not null
    );
    create index registry_history_record_idx on registry_history (record_id, id);

    -- History is append-only for everyone, the application included.
    create function cg_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
    end $$;
    create trigger registry_history_append_only before update or delete on registry_history
      for each row execute function cg_refuse_change();
    create trigger area_history_append_only before update or delete on area_history
      for each row execute function cg_refuse_change();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table registry_history, orgs, things, person_tags, people, households, houses, buildings, tags cascade;
    drop trigger area_history_append_only on area_history;
    drop function cg_refuse_change()`.execute(db);
}
