import { type Kysely, sql } from 'kysely';

/**
 * Disputes (矛盾纠纷) and their mediation (人民调解): the kinds catalog, the disputes with their
 * parties, mediation sessions, signed scans, the notices a high risk sends, and the grids'
 * monthly screening returns (排查).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table dispute_kinds (
      code text primary key check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
      name_zh text not null check (length(trim(name_zh)) > 0),
      name_en text not null check (length(trim(name_en)) > 0),
      -- The case category an escalated dispute of this kind is reported under.
      case_category text not null default 'neighbour_dispute',
      sort integer not null default 0,
      active boolean not null default true,
      version integer not null default 1
    );
    insert into dispute_kinds (code, name_zh, name_en, case_category, sort) values
      ('neighbours', '邻里纠纷', 'Neighbours', 'neighbour_dispute', 1),
      ('family', '婚姻家庭纠纷', 'Family', 'family_dispute', 2),
      ('property_management', '物业纠纷', 'Property management', 'property_dispute', 3),
      ('labour_wages', '劳资纠纷', 'Labour and wages', 'wage_arrears', 4),
      ('land_housing', '土地房屋纠纷', 'Land and housing', 'neighbour_dispute', 5),
      ('consumer', '消费纠纷', 'Consumer', 'neighbour_dispute', 6),
      ('other', '其他纠纷', 'Other', 'neighbour_dispute', 7);

    create sequence dispute_number_seq;
    create table disputes (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      kind_code text not null references dispute_kinds (code),
      title text not null check (length(trim(title)) > 0),
      description text not null default '',
      grid_code text not null references areas (code),
      address text not null default '',
      source text not null check (source in ('patrol', 'resident', 'case', 'hotline', 'department')),
      source_case_id uuid references cases (id),
      risk text not null check (risk in ('low', 'medium', 'high', 'major')),
      risk_reason text not null default '',
      state text not null default 'reported'
        check (state in ('reported', 'mediating', 'agreed', 'failed', 'withdrawn', 'escalated')),
      mediator_id uuid references users (id),
      committee text,
      assigned_at timestamptz,
      deadline timestamptz,
      extension_reason text,
      alarm text check (alarm in ('yellow', 'red')),
      referred_to text check (referred_to in ('court', 'arbitration', 'petitions')),
      receiving_body text,
      agreement_terms text,
      outcome_note text,
      closed_at timestamptz,
      case_id uuid references cases (id),
      reported_by uuid references users (id),
      reported_by_name text not null,
      reported_at timestamptz not null default now(),
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );
    create index disputes_grid_idx on disputes (grid_code text_pattern_ops, reported_at);
    create index disputes_open_idx on disputes (state, deadline) where state in ('reported', 'mediating');

    create table dispute_parties (
      id uuid primary key default gen_random_uuid(),
      dispute_id uuid not null references disputes (id),
      seq integer not null,
      kind text not null check (kind in ('person', 'org', 'outsider')),
      person_id uuid references people (id),
      org_id uuid references orgs (id),
      name text not null,
      -- Outsiders' numbers, encrypted and masked like the registry's; registry parties keep theirs there.
      id_number_enc text,
      id_number_mask text,
      phone_enc text,
      phone_mask text,
      address text not null default ''
    );
    create index dispute_parties_dispute_idx on dispute_parties (dispute_id, seq);

    create table dispute_events (
      id bigserial primary key,
      dispute_id uuid not null references disputes (id),
      action text not null,
      actor_id uuid references users (id),
      actor_name text,
      note text,
      data jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create index dispute_events_dispute_idx on dispute_events (dispute_id, id);

    create table dispute_sessions (
      id uuid primary key default gen_random_uuid(),
      dispute_id uuid not null references disputes (id),
      held_on date not null,
      place text not null,
      attendees text not null,
      notes text not null default '',
      recorded_by uuid references users (id),
      created_at timestamptz not null default now()
    );
    create index dispute_sessions_dispute_idx on dispute_sessions (dispute_id, held_on);

    create table dispute_attachments (
      id uuid primary key default gen_random_uuid(),
      dispute_id uuid not null references disputes (id),
      file_name text not null,
      content_type text not null,
      size integer not null,
      sha256 text not null,
      uploaded_by uuid references users (id),
      created_at timestamptz not null default now()
    );

    create table dispute_notices (
      id bigserial primary key,
      dispute_id uuid not null references disputes (id),
      kind text not null check (kind in ('high_risk', 'yellow', 'red')),
      -- Who it is for: the street's staff or the district's stability office (综治办).
      audience text not null check (audience in ('street', 'stability_office', 'community')),
      area_code text not null,
      message text not null,
      created_at timestamptz not null default now()
    );
    create index dispute_notices_area_idx on dispute_notices (area_code text_pattern_ops, created_at);

    create table dispute_screenings (
      grid_code text not null references areas (code),
      month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      none_found boolean not null,
      note text not null default '',
      reported_by uuid references users (id),
      reported_by_name text not null,
      reported_at timestamptz not null default now(),
      primary key (grid_code, month)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table dispute_screenings, dispute_notices, dispute_attachments, dispute_sessions, dispute_events,
      dispute_parties, disputes, dispute_kinds;
    drop sequence dispute_number_seq;
  `.execute(db);
}
