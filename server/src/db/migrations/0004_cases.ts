import { type Kysely, sql } from 'kysely';

/**
 * Cases (事件): the closed loop from report to evaluation. A case's current state and step
 * deadline live on `cases`; everything that happened to it is in `case_events` (append-only);
 * each step's start, deadline and end is a row of `case_steps`, which the figures read. Work that
 * must happen later (warnings, escalation) is a row of `jobs`, a queue several instances share.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Departments and professional forces cases are dispatched to.
    create table departments (
      code text primary key check (code ~ '^[a-z][a-z0-9_]{1,40}$'),
      name_zh text not null check (length(trim(name_zh)) > 0),
      name_en text not null check (length(trim(name_en)) > 0),
      kind text not null default 'department' check (kind in ('department', 'force')),
      sort integer not null default 0,
      retired_at timestamptz
    );

    -- A department handler works for one department.
    alter table users add column department_code text references departments (code);

    -- Two-level category tree; limits are working hours per step.
    create table case_categories (
      code text primary key check (code ~ '^[a-z][a-z0-9_]{1,40}$'),
      parent_code text references case_categories (code),
      name_zh text not null check (length(trim(name_zh)) > 0),
      name_en text not null check (length(trim(name_en)) > 0),
      department_code text references departments (code),
      time_limits jsonb not null default '{}',
      sort integer not null default 0,
      version integer not null default 1,
      retired_at timestamptz
    );

    -- Category + area -> responsible department. The most specific rule wins: a category match
    -- beats none, then the longer area prefix.
    create table routing_rules (
      id uuid primary key default gen_random_uuid(),
      category_code text references case_categories (code),
      area_code text references areas (code),
      department_code text not null references departments (code),
      version integer not null default 1,
      created_at timestamptz not null default now()
    );
    create unique index routing_rules_uq on routing_rules (coalesce(category_code, ''), coalesce(area_code, ''));

    -- Days that differ from the Monday–Friday week: public holidays, and weekend make-up workdays.
    create table calendar_days (
      day date primary key,
      kind text not null check (kind in ('holiday', 'workday')),
      name text
    );

    create sequence case_number_seq;

    create table cases (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      source text not null check (source in ('grid_worker', 'resident', 'hotline', 'department', 'camera', 'open311')),
      category_code text not null references case_categories (code),
      grid_code text not null references areas (code),
      lon double precision check (lon between -180 and 180),
      lat double precision check (lat between -90 and 90),
      address text,
      description text not null check (length(trim(description)) > 0),
      state text not null check (state in (
        'reported', 'registered', 'dispatched', 'handling', 'returned',
        'fed_back', 'reopened', 'verified', 'closed', 'rejected', 'merged')),
      reporter_id uuid references users (id),
      reporter_name text,
      reporter_phone_enc text,
      reporter_phone_hash text,
      reporter_phone_mask text,
      department_code text references departments (code),
      kept_in_grid boolean not null default false,
      duplicate_of uuid references cases (id),
      step text,
      step_started_at timestamptz,
      step_deadline timestamptz,
      alarm text not null default 'none' check (alarm in ('none', 'yellow', 'red')),
      escalated_to text references areas (code),
      supervised_at timestamptz,
      satisfaction smallint check (satisfaction between 1 and 5),
      reopen_count integer not null default 0,
      api_client text,
      external_id text,
      reported_at timestamptz not null default now(),
      closed_at timestamptz,
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );
    create index cases_grid_state_idx on cases (grid_code text_pattern_ops, state);
    create index cases_open_grid_idx on cases (grid_code, step_deadline) where closed_at is null;
    create index cases_department_open_idx on cases (department_code, step_deadline) where closed_at is null;
    create index cases_state_deadline_idx on cases (state, step_deadline);
    create index cases_reported_idx on cases (reported_at);
    create index cases_category_idx on cases (category_code, reported_at);
    create index cases_reporter_idx on cases (reporter_id, reported_at);
    create unique index cases_external_uq on cases (api_client, external_id) where external_id is not null;

    create table case_events (
      id bigserial primary key,
      case_id uuid not null references cases (id),
      at timestamptz not null default now(),
      actor_id uuid references users (id),
      actor_name text,
      action text not null,
      from_state text,
      to_state text,
      note text,
      data jsonb not null default '{}'
    );
    create index case_events_case_idx on case_events (case_id, id);

    create table case_attachments (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases (id),
      event_id bigint references case_events (id),
      file_name text not null,
      content_type text not null,
      size integer not null check (size > 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      uploaded_by uuid references users (id),
      uploaded_at timestamptz not null default now()
    );
    create index case_attachments_case_idx on case_attachments (case_id);

    -- One row per step a case went through: what the on-time figures are computed from.
    create table case_steps (
      id bigserial primary key,
      case_id uuid not null references cases (id),
      step text not null check (step in ('register', 'dispatch', 'handle', 'verify', 'close')),
      department_code text references departments (code),
      grid_code text not null,
      started_at timestamptz not null,
      deadline timestamptz,
      finished_at timestamptz,
      late boolean generated always as (finished_at > deadline) stored
    );
    create index case_steps_case_idx on case_steps (case_id, id);
    create index case_steps_started_idx on case_steps (started_at);

    -- Staff evaluation and leaders' instructions are events; notices tell people what needs them.
    create table case_notices (
      id bigserial primary key,
      case_id uuid not null references cases (id),
      kind text not null check (kind in ('supervise', 'escalate', 'yellow', 'red')),
      area_code text not null,
      department_code text references departments (code),
      message text not null,
      created_at timestamptz not null default now()
    );
    create index case_notices_area_idx on case_notices (area_code text_pattern_ops, created_at);

    -- A job queue in PostgreSQL: claimed with FOR UPDATE SKIP LOCKED, so any number of instances
    -- can work it; a job with a key is at most once pending.
    create table jobs (
      id bigserial primary key,
      kind text not null,
      key text,
      payload jsonb not null default '{}',
      run_at timestamptz not null default now(),
      attempts integer not null default 0,
      max_attempts integer not null default 5,
      locked_until timestamptz,
      last_error text,
      done_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index jobs_due_idx on jobs (run_at) where done_at is null;
    create unique index jobs_key_uq on jobs (kind, key) where done_at is null and key is not null;

    -- Machines (Open311 clients, camera platforms) call the API with a key; only its hash is kept.
    create table api_keys (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(trim(name)) > 0),
      prefix text not null unique,
      key_hash text not null,
      scopes text[] not null,
      area_code text not null references areas (code),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz,
      created_by uuid references users (id),
      created_at timestamptz not null default now()
    );

    create trigger case_events_append_only before update or delete on case_events
      for each row execute function cg_refuse_change();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table api_keys, jobs, case_notices, case_steps, case_attachments, case_events, cases,
      calendar_days, routing_rules, case_categories cascade;
    drop sequence case_number_seq;
    alter table users drop column department_code;
    drop table departments;
  `.execute(db);
}
