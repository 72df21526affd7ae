import { type Kysely, sql } from 'kysely';

/**
 * Open data (datasets, their versions, partners' keys and usage) and credit records (entries per
 * organization, repairs). A version's rows live in a table of their own,
 * `opendata_store.opendata_rows_<id>`, created when the version is made
 * (opendata.datastore.repository.ts): typed columns with an index each, so `datastore_search`
 * filters and sorts with SQL on a million rows. Their own schema keeps them out of backups: they
 * are computed from the data that is backed up (after a restore, the next refresh remakes them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema opendata_store;
    create table opendata_datasets (
      name text primary key,
      access text not null default 'public' check (access in ('public', 'restricted')),
      schedule text not null default 'daily' check (schedule in ('daily', 'weekly', 'monthly')),
      enabled boolean not null default true,
      last_refreshed_at timestamptz,
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );
    create table opendata_versions (
      id bigserial primary key,
      dataset_name text not null references opendata_datasets (name),
      number integer not null,
      hash text not null,
      row_count integer not null,
      suppressed integer not null default 0,
      fields jsonb not null,
      created_at timestamptz not null default now(),
      unique (dataset_name, number)
    );
    create table opendata_partners (
      api_key_id uuid primary key references api_keys (id),
      holder text not null,
      purpose text not null,
      datasets text[] not null default '{}',
      daily_quota integer not null,
      rate_per_minute integer not null,
      org_id uuid references orgs (id),
      created_at timestamptz not null default now()
    );
    create table opendata_usage (
      api_key_id uuid not null references api_keys (id),
      day date not null,
      dataset text not null,
      calls integer not null default 0,
      rows bigint not null default 0,
      primary key (api_key_id, day, dataset)
    );
    create index opendata_usage_day_idx on opendata_usage (day);

    create table credit_entries (
      id uuid primary key default gen_random_uuid(),
      org_id uuid references orgs (id),
      credit_code text,
      org_name text not null,
      area_code text not null,
      source text not null check (source in ('enforcement', 'case', 'market_ledger', 'commendation')),
      -- Where the entry came from (an event id, a case number, a ledger line): reading twice adds nothing.
      source_ref text not null unique,
      kind text not null check (kind in ('penalty', 'case_outcome', 'abnormal_operation', 'commendation')),
      severity text not null check (severity in ('major', 'general', 'positive')),
      title text not null,
      legal_basis text,
      document_number text,
      decided_on date not null,
      publish_until date not null,
      visibility text not null check (visibility in ('public', 'restricted')),
      repaired_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index credit_entries_code_idx on credit_entries (credit_code);
    create index credit_entries_org_idx on credit_entries (org_id);
    create index credit_entries_area_idx on credit_entries (area_code text_pattern_ops);
    create table credit_repairs (
      id uuid primary key default gen_random_uuid(),
      entry_id uuid not null references credit_entries (id),
      state text not null default 'pending' check (state in ('pending', 'approved', 'refused')),
      applicant text not null,
      reason text not null,
      evidence jsonb not null default '[]',
      decided_by uuid references users (id),
      decided_at timestamptz,
      decision_reason text,
      version integer not null default 1,
      created_at timestamptz not null default now()
    );
    create unique index credit_repairs_pending_uq on credit_repairs (entry_id) where state = 'pending';
    create table credit_cursor (
      reader text primary key,
      last_id bigint not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop schema opendata_store cascade;
    drop table credit_cursor, credit_repairs, credit_entries, opendata_usage, opendata_partners,
      opendata_versions, opendata_datasets;
  `.execute(db);
}
