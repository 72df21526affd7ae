import { type Kysely, sql } from 'kysely';

/**
 * Self-governance: meetings (consultations 协商议事, hearings 听证会, owners' assemblies 业主大会)
 * with their agenda, participants, attachments, minutes and decisions followed to completion;
 * and votes: simple votes of a meeting's participants and owners' votes of an estate under Civil
 * Code art. 278 (docs/self-governance.md).
 *
 * An owners' vote freezes its electorate when it opens (`vote_units`): one row per voting unit
 * (the houses of one owner or set of co-owners) with its exclusive area in hundredths of m².
 * Every ballot ever cast is kept; `current` marks the one that counts per unit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table meetings (
      id uuid primary key default gen_random_uuid(),
      community_code text not null references areas (code),
      estate_id uuid references estates (id),
      kind text not null check (kind in ('consultation', 'hearing', 'owners_assembly')),
      title text not null check (length(trim(title)) > 0),
      place text not null default '',
      starts_at timestamptz not null,
      is_public boolean not null default true,
      state text not null default 'planned' check (state in ('planned', 'held', 'cancelled')),
      notice_id uuid references notices (id),
      minutes text,
      created_by uuid references users (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index meetings_community_idx on meetings (community_code text_pattern_ops, starts_at);

    create table meeting_items (
      id uuid primary key default gen_random_uuid(),
      meeting_id uuid not null references meetings (id),
      position smallint not null,
      title text not null check (length(trim(title)) > 0),
      description text not null default '',
      unique (meeting_id, position)
    );

    create table meeting_participants (
      id uuid primary key default gen_random_uuid(),
      meeting_id uuid not null references meetings (id),
      kind text not null check (kind in ('resident', 'deputy', 'organization', 'department')),
      name text not null,
      person_id uuid references people (id),
      user_id uuid references users (id),
      org_id uuid references orgs (id),
      department_code text references departments (code),
      registered_at timestamptz not null default now(),
      attended boolean
    );
    create index meeting_participants_meeting_idx on meeting_participants (meeting_id);
    create unique index meeting_participants_user_uq on meeting_participants (meeting_id, user_id)
      where user_id is not null;

    create table meeting_attachments (
      id uuid primary key default gen_random_uuid(),
      meeting_id uuid not null references meetings (id),
      file_name text not null,
      content_type text not null,
      size integer not null,
      sha256 text not null,
      created_at timestamptz not null default now()
    );
    create index meeting_attachments_meeting_idx on meeting_attachments (meeting_id);

    -- A decision on an agenda item, followed to completion (responsible unit, status, progress).
    create table meeting_decisions (
      id uuid primary key default gen_random_uuid(),
      meeting_id uuid not null references meetings (id),
      item_id uuid references meeting_items (id),
      text text not null check (length(trim(text)) > 0),
      responsible text not null,
      due_date date,
      status text not null default 'not_started'
        check (status in ('not_started', 'in_progress', 'completed', 'cancelled')),
      progress smallint not null default 0 check (progress between 0 and 100),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index meeting_decisions_meeting_idx on meeting_decisions (meeting_id);

    create table decision_milestones (
      id uuid primary key default gen_random_uuid(),
      decision_id uuid not null references meeting_decisions (id),
      title text not null,
      due_date date,
      done_on date
    );
    create index decision_milestones_decision_idx on decision_milestones (decision_id);

    create table decision_cases (
      decision_id uuid not null references meeting_decisions (id),
      case_id uuid not null references cases (id),
      primary key (decision_id, case_id)
    );

    create table votes (
      id uuid primary key default gen_random_uuid(),
      community_code text not null references areas (code),
      kind text not null check (kind in ('simple', 'owners')),
      -- Owners' votes: the estate, and the matter (ordinary, or items 6–8 of art. 278).
      estate_id uuid references estates (id),
      matter text check (matter in ('ordinary', 'fund', 'rebuild', 'common_use')),
      -- Simple votes: the meeting whose participants vote, and the majority basis.
      meeting_id uuid references meetings (id),
      basis text check (basis in ('cast', 'participants')),
      item_id uuid references meeting_items (id),
      title text not null check (length(trim(title)) > 0),
      question text not null,
      closes_at timestamptz not null,
      is_public boolean not null default false,
      state text not null default 'draft' check (state in ('draft', 'open', 'closed', 'published')),
      opened_at timestamptz,
      closed_at timestamptz,
      result jsonb,
      created_by uuid references users (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((kind = 'owners' and estate_id is not null and matter is not null)
          or (kind = 'simple' and meeting_id is not null and basis is not null))
    );
    create index votes_community_idx on votes (community_code text_pattern_ops);
    create index votes_estate_idx on votes (estate_id);

    -- The electorate frozen when the vote opens: a unit is one owner (or set of co-owners) with
    -- all their houses; its area is the sum of their exclusive areas (hundredths of m²).
    create table vote_units (
      vote_id uuid not null references votes (id),
      unit_key text not null,
      house_ids uuid[] not null,
      owner_ids uuid[] not null,
      -- Simple votes: the participant's account (a unit is one participant, area 1).
      user_id uuid references users (id),
      area bigint not null check (area > 0),
      primary key (vote_id, unit_key)
    );
    create index vote_units_owners_idx on vote_units using gin (owner_ids);

    create table ballots (
      id uuid primary key default gen_random_uuid(),
      vote_id uuid not null references votes (id),
      unit_key text not null,
      choice text not null check (choice in ('yes', 'no', 'abstain')),
      voter_id uuid references people (id),
      channel text not null check (channel in ('online', 'paper')),
      entered_by uuid references users (id),
      photo_sha256 text,
      photo_type text,
      receipt text not null unique,
      current boolean not null default true,
      cast_at timestamptz not null default now(),
      check (channel = 'online' or photo_sha256 is not null)
    );
    create unique index ballots_current_uq on ballots (vote_id, unit_key) where current;
    create index ballots_vote_idx on ballots (vote_id, unit_key, cast_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table ballots, vote_units, votes, decision_cases, decision_milestones, meeting_decisions,
      meeting_attachments, meeting_participants, meeting_items, meetings;
  `.execute(db);
}
