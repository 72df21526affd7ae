import { type Kysely, sql } from 'kysely';

/**
 * Grid teams "3+10+N" and their routine work. Members are staff and volunteers of a team
 * (grid managers, service workers, volunteers) or of a professional force (a department of kind
 * `force`); each serves one or more grids and a grid has at most one head. A private phone is
 * stored like people's (encrypted, hashed, masked); residents only ever see the work phone.
 * Visit plans produce visit tasks, one per plan, target and period (the unique key makes the
 * generator idempotent); a visit or patrol closes its task and may become a case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table team_members (
      id uuid primary key default gen_random_uuid(),
      -- The area the member belongs to (for who may edit them): a grid, community or street.
      area_code text not null references areas (code),
      name text not null check (length(trim(name)) > 0),
      team text check (team in ('grid_manager', 'service', 'volunteer')),
      force_code text references departments (code),
      organization text,
      duty text,
      work_phone text,
      private_phone_enc text,
      private_phone_hash text,
      private_phone_mask text,
      user_id uuid references users (id),
      status text not null default 'active' check (status in ('active', 'inactive')),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      -- One of the "3" teams or one of the "10" forces, never both.
      check ((team is null) <> (force_code is null))
    );
    create index team_members_area_idx on team_members (area_code text_pattern_ops);
    create unique index team_members_user_uq on team_members (user_id) where user_id is not null;

    create table team_member_grids (
      member_id uuid not null references team_members (id),
      grid_code text not null references areas (code),
      is_head boolean not null default false,
      primary key (member_id, grid_code)
    );
    create index team_member_grids_grid_idx on team_member_grids (grid_code text_pattern_ops);
    create unique index team_member_grids_head_uq on team_member_grids (grid_code) where is_head;

    create table team_history (
      id bigserial primary key,
      member_id uuid not null references team_members (id),
      version integer not null,
      changed_at timestamptz not null default now(),
      changed_by uuid references users (id),
      source text not null check (source in ('manual', 'demo', 'system')),
      changes jsonb not null
    );
    create index team_history_member_idx on team_history (member_id, id);
    create trigger team_history_append_only before update or delete on team_history
      for each row execute function cg_refuse_change();

    create table team_qualifications (
      id uuid primary key default gen_random_uuid(),
      member_id uuid not null references team_members (id),
      kind text not null default 'social_worker' check (kind in ('social_worker')),
      level text not null check (level in ('junior', 'intermediate', 'senior')),
      certificate_no text not null check (length(trim(certificate_no)) > 0),
      issued_on date not null,
      expires_on date,
      created_at timestamptz not null default now(),
      check (expires_on is null or expires_on >= issued_on)
    );
    create index team_qualifications_member_idx on team_qualifications (member_id);
    create unique index team_qualifications_cert_uq on team_qualifications (kind, certificate_no);

    create table team_trainings (
      id uuid primary key default gen_random_uuid(),
      member_id uuid not null references team_members (id),
      held_on date not null,
      course text not null check (length(trim(course)) > 0),
      hours numeric(5, 1) not null check (hours > 0 and hours <= 1000),
      created_at timestamptz not null default now()
    );
    create index team_trainings_member_idx on team_trainings (member_id, held_on);

    -- A force's unit and on-duty contact for an area; the most specific area wins on a contact card.
    create table force_contacts (
      id uuid primary key default gen_random_uuid(),
      force_code text not null references departments (code),
      area_code text not null references areas (code),
      unit text not null check (length(trim(unit)) > 0),
      contact_name text not null check (length(trim(contact_name)) > 0),
      work_phone text not null,
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );
    create unique index force_contacts_uq on force_contacts (force_code, area_code);

    create table visit_plans (
      id uuid primary key default gen_random_uuid(),
      area_code text not null references areas (code),
      name text not null check (length(trim(name)) > 0),
      target_type text not null check (target_type in ('person', 'house', 'org', 'grid')),
      filter jsonb not null default '{}',
      frequency text not null check (frequency in ('daily', 'weekly', 'monthly', 'quarterly')),
      active boolean not null default true,
      version integer not null default 1,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index visit_plans_area_idx on visit_plans (area_code text_pattern_ops);

    create table visit_tasks (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references visit_plans (id),
      target_type text not null,
      -- A registry record's id, or a grid's code for a patrol plan.
      target_id text not null,
      target_label text not null,
      grid_code text not null references areas (code),
      assignee_id uuid references team_members (id),
      period_start date not null,
      period_end date not null,
      due_at timestamptz not null,
      state text not null default 'open' check (state in ('open', 'done', 'cancelled')),
      -- The visit that did it is the one whose task_id is this task's id (unique).
      done_at timestamptz,
      created_at timestamptz not null default now()
    );
    create unique index visit_tasks_uq on visit_tasks (plan_id, target_id, period_start);
    create index visit_tasks_grid_idx on visit_tasks (grid_code text_pattern_ops, due_at);
    create index visit_tasks_assignee_idx on visit_tasks (assignee_id, state, due_at);

    create table visits (
      id uuid primary key default gen_random_uuid(),
      task_id uuid unique references visit_tasks (id),
      kind text not null check (kind in ('visit', 'patrol')),
      target_type text,
      target_id text,
      target_label text,
      grid_code text not null references areas (code),
      visitor_id uuid references users (id),
      visitor_name text not null,
      visited_at timestamptz not null,
      lon double precision check (lon between -180 and 180),
      lat double precision check (lat between -90 and 90),
      -- GeoJSON LineString in WGS84.
      track jsonb,
      checkpoints jsonb,
      findings text not null default '',
      result text not null check (result in ('normal', 'problem')),
      case_id uuid references cases (id),
      created_at timestamptz not null default now()
    );
    create index visits_grid_idx on visits (grid_code text_pattern_ops, visited_at);

    create table visit_photos (
      id uuid primary key default gen_random_uuid(),
      visit_id uuid not null references visits (id),
      file_name text not null,
      content_type text not null,
      size integer not null,
      sha256 text not null,
      uploaded_by uuid references users (id),
      created_at timestamptz not null default now()
    );
    create index visit_photos_visit_idx on visit_photos (visit_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table visit_photos, visits, visit_tasks, visit_plans, force_contacts, team_trainings,
      team_qualifications, team_history, team_member_grids, team_members cascade;
  `.execute(db);
}
