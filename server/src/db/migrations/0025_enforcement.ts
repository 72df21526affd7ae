import { type Kysely, sql } from 'kysely';

/**
 * Administrative enforcement (执法): matters following the administrative penalty procedure, the
 * log of their steps and their evidence. Steps and evidence are the full record (全过程记录): a
 * trigger refuses to change or remove them, whatever the application does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence enforcement_matter_seq;
    create table enforcement_matters (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      state text not null,
      grid_code text not null references areas(code),
      case_id uuid references cases(id),
      case_number text,
      title text not null,
      facts text not null default '',
      address text,
      party_kind text not null check (party_kind in ('org', 'person')),
      org_id uuid references orgs(id),
      party_name text not null,
      party_id_number_enc text,
      major boolean not null default false,
      discovered_at timestamptz not null,
      filing_deadline timestamptz not null,
      filed_at timestamptz,
      decision_deadline timestamptz,
      extension_days integer not null default 0,
      extension_reason text,
      hearing_requested boolean not null default false,
      review_opinion text,
      reviewed_by text,
      reviewed_at timestamptz,
      penalty text,
      legal_basis text,
      document_number text unique,
      decided_at timestamptz,
      service_deadline timestamptz,
      served_at timestamptz,
      executed_at timestamptz,
      closed_at timestamptz,
      outcome text,
      publication_due timestamptz,
      published_at timestamptz,
      public_text jsonb,
      step_started_at timestamptz not null default now(),
      step_deadline timestamptz,
      alarm text check (alarm in ('yellow', 'red')),
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (party_kind <> 'org' or org_id is not null)
    );
    create index enforcement_matters_grid_idx on enforcement_matters (grid_code text_pattern_ops);
    create index enforcement_matters_case_idx on enforcement_matters (case_id) where case_id is not null;
    create index enforcement_matters_published_idx on enforcement_matters (published_at desc)
      where published_at is not null;

    create table enforcement_steps (
      id bigserial primary key,
      matter_id uuid not null references enforcement_matters(id),
      move text not null,
      state text not null,
      acted_at timestamptz not null default now(),
      actor_id uuid references users(id),
      actor_name text,
      second_officer_id uuid references users(id),
      second_officer_name text,
      note text,
      data jsonb not null default '{}'
    );
    create index enforcement_steps_matter_idx on enforcement_steps (matter_id, id);

    create table enforcement_evidence (
      id uuid primary key default gen_random_uuid(),
      matter_id uuid not null references enforcement_matters(id),
      seq integer not null,
      kind text not null check (kind in ('photo', 'video', 'document', 'note')),
      title text not null,
      file_name text,
      content_type text,
      size integer not null default 0,
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      note text,
      taken_at timestamptz not null,
      location text not null,
      lon double precision,
      lat double precision,
      officer_id uuid not null references users(id),
      officer_name text not null,
      second_officer_id uuid references users(id),
      second_officer_name text,
      recorded_at timestamptz not null default now(),
      unique (matter_id, seq)
    );

    create function enforcement_record_is_final() returns trigger language plpgsql as $$
    begin
      raise exception 'enforcement records are append-only: % on % refused', tg_op, tg_table_name
        using errcode = '42501';
    end $$;
    create trigger enforcement_evidence_final before update or delete on enforcement_evidence
      for each row execute function enforcement_record_is_final();
    create trigger enforcement_evidence_no_truncate before truncate on enforcement_evidence
      for each statement execute function enforcement_record_is_final();
    create trigger enforcement_steps_final before update or delete on enforcement_steps
      for each row execute function enforcement_record_is_final();
    create trigger enforcement_steps_no_truncate before truncate on enforcement_steps
      for each statement execute function enforcement_record_is_final();
    revoke update, delete, truncate on enforcement_evidence, enforcement_steps from public;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table enforcement_evidence;
    drop table enforcement_steps;
    drop table enforcement_matters;
    drop function enforcement_record_is_final();
    drop sequence enforcement_matter_seq;
  `.execute(db);
}
