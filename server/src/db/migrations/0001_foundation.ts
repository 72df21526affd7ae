import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table areas (
      code text primary key check (code ~ '^[0-9]{12}([0-9]{3})?$'),
      name text not null check (length(trim(name)) > 0),
      level text not null check (level in ('district', 'street', 'community', 'grid')),
      parent_code text references areas (code),
      boundary jsonb not null,
      min_lon double precision not null,
      min_lat double precision not null,
      max_lon double precision not null,
      max_lat double precision not null,
      head_id uuid,
      households integer check (households >= 0),
      population integer check (population >= 0),
      retired_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((level = 'district') = (parent_code is null))
    );
    create index areas_parent_idx on areas (parent_code);
    -- Codes nest by prefix (street = district's 6 digits + 3, …), so "everything under X" is a prefix scan.
    create index areas_code_prefix_idx on areas (code text_pattern_ops);
    create index areas_level_idx on areas (level) where retired_at is null;

    create table area_history (
      id bigserial primary key,
      area_code text not null references areas (code),
      version integer not null,
      changed_at timestamptz not null default now(),
      changed_by uuid,
      source text not null,
      changes jsonb not null
    );
    create index area_history_area_idx on area_history (area_code, version);

    create table users (
      id uuid primary key default gen_random_uuid(),
      username text not null unique check (username ~ '^[a-z0-9_.-]{3,40}$'),
      display_name text not null,
      password_hash text not null,
      role text not null,
      area_code text not null references areas (code),
      status text not null default 'active' check (status in ('active', 'disabled')),
      must_change_password boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    alter table areas add constraint areas_head_fk foreign key (head_id) references users (id);

    create table sessions (
      id text primary key,
      user_id uuid not null references users (id) on delete cascade,
      csrf_token text not null,
      ip text,
      user_agent text,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index sessions_user_idx on sessions (user_id);

    create table login_attempts (
      id bigserial primary key,
      username text not null,
      ip text not null,
      succeeded boolean not null,
      attempted_at timestamptz not null default now()
    );
    create index login_attempts_recent_idx on login_attempts (username, attempted_at);
    create index login_attempts_ip_idx on login_attempts (ip, attempted_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table login_attempts, sessions, users, area_history, areas cascade`.execute(db);
}
