import { type Kysely, sql } from 'kysely';

/**
 * The command centre: named wall layouts (per user or per role), the monthly reports it keeps,
 * and the resources the district sinks to communities (funds, people, rooms per community and year).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table command_layouts (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      -- Exactly one owner: a user's own layout, or a role's shared one.
      owner_user_id uuid references users(id) on delete cascade,
      owner_role text,
      panels jsonb not null,
      version int not null default 1,
      updated_at timestamptz not null default now(),
      check ((owner_user_id is null) <> (owner_role is null))
    );
    create unique index command_layouts_user_name on command_layouts (owner_user_id, name) where owner_user_id is not null;
    create unique index command_layouts_role_name on command_layouts (owner_role, name) where owner_role is not null;

    create table command_reports (
      id uuid primary key default gen_random_uuid(),
      area_code text not null,
      month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
      docx bytea not null,
      xlsx bytea not null,
      figures jsonb not null,
      generated_at timestamptz not null default now(),
      generated_by text,
      unique (area_code, month)
    );

    create table resource_funds (
      id uuid primary key default gen_random_uuid(),
      community_code text not null,
      year int not null,
      category text not null,
      allocated numeric(14, 2) not null check (allocated >= 0),
      spent numeric(14, 2) not null default 0 check (spent >= 0),
      note text,
      version int not null default 1,
      updated_at timestamptz not null default now(),
      unique (community_code, year, category)
    );
    create table resource_people (
      id uuid primary key default gen_random_uuid(),
      community_code text not null,
      year int not null,
      name text not null,
      from_unit text not null,
      since date not null,
      role text,
      version int not null default 1,
      updated_at timestamptz not null default now()
    );
    create index resource_people_community on resource_people (community_code, year);
    create table resource_rooms (
      id uuid primary key default gen_random_uuid(),
      community_code text not null,
      year int not null,
      purpose text not null,
      area_m2 numeric(10, 2) not null check (area_m2 > 0),
      address text,
      version int not null default 1,
      updated_at timestamptz not null default now()
    );
    create index resource_rooms_community on resource_rooms (community_code, year);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table resource_rooms, resource_people, resource_funds, command_reports, command_layouts`.execute(
    db,
  );
}
