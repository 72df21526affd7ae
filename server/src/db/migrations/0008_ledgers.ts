import { type Kysely, sql } from 'kysely';

/**
 * The data centre: department ledgers (台账) imported into the registry. A ledger type maps a
 * department's columns to registry fields; an import reads one file against one type, keeps every
 * problem per row and column, and commits in batches whose progress is recorded in the same
 * transaction (`committed_rows`), so a killed import resumes exactly where its last batch ended.
 * `ledger_undo` keeps the values an import replaced, so it can be rolled back as a whole.
 * Each registry record keeps the source of every field's current value in `field_sources`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ledger_types (
      code text primary key check (code ~ '^[a-z][a-z0-9_]{1,40}$'),
      department_code text not null references departments (code),
      name_zh text not null check (length(trim(name_zh)) > 0),
      name_en text not null check (length(trim(name_en)) > 0),
      entity text not null check (entity in ('person', 'org', 'thing')),
      -- [{ "header": "公民身份号码", "field": "idNumber" }, …]
      columns jsonb not null check (jsonb_typeof(columns) = 'array'),
      -- Values every row gets unless a column says otherwise, e.g. { "tags": ["low_income"] }.
      defaults jsonb not null default '{}',
      -- Decides the current value between two ledgers under the 'priority' rule: higher wins.
      priority integer not null default 0,
      version integer not null default 1,
      updated_at timestamptz not null default now(),
      updated_by uuid references users (id)
    );

    create table ledger_imports (
      id uuid primary key default gen_random_uuid(),
      ledger_type text not null references ledger_types (code),
      file_name text not null,
      file_path text not null,
      file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
      file_size bigint not null,
      format text not null check (format in ('csv', 'xlsx')),
      encoding text,
      sheet text,
      header_row integer,
      -- The columns and defaults as they were when the import was made.
      mapping jsonb not null,
      area_code text not null references areas (code),
      state text not null check (state in
        ('validating', 'validated', 'importing', 'done', 'cancelled', 'failed', 'rolled_back')),
      error text,
      rows_read integer not null default 0,
      bytes_read bigint not null default 0,
      rows_valid integer not null default 0,
      rows_rejected integer not null default 0,
      rows_new integer not null default 0,
      rows_updated integer not null default 0,
      rows_unchanged integer not null default 0,
      -- Data rows (valid or not, in file order) that the committed batches cover.
      committed_rows integer not null default 0,
      started_by uuid references users (id),
      started_at timestamptz not null default now(),
      validated_at timestamptz,
      commit_started_at timestamptz,
      finished_at timestamptz,
      rolled_back_at timestamptz,
      rolled_back_by uuid references users (id)
    );
    create index ledger_imports_type_idx on ledger_imports (ledger_type, started_at desc);
    create index ledger_imports_file_idx on ledger_imports (file_sha256, ledger_type);

    create table ledger_problems (
      id bigserial primary key,
      import_id uuid not null references ledger_imports (id),
      sheet text not null,
      row_number integer not null,
      column_name text,
      code text not null,
      -- What the cell held, masked when it is (or looks like) an ID or phone number.
      value text,
      detail jsonb
    );
    create index ledger_problems_import_idx on ledger_problems (import_id, id);

    -- What an import replaced: the columns of each record before the import's version of it
    -- (null for a record the import created).
    create table ledger_undo (
      import_id uuid not null references ledger_imports (id),
      entity text not null check (entity in ('person', 'org', 'thing')),
      record_id uuid not null,
      version_after integer not null,
      before jsonb,
      primary key (import_id, entity, record_id)
    );

    create table ledger_conflicts (
      id bigserial primary key,
      entity text not null check (entity in ('person', 'org', 'thing')),
      record_id uuid not null,
      field text not null,
      state text not null default 'open' check (state in ('open', 'resolved')),
      -- [{ "source": …, "ledgerType": …, "importId": …, "row": …, "value": …, "at": … }]
      candidates jsonb not null,
      -- The candidate the rule (or the reviewer) made current.
      current_index integer not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      resolved_by uuid references users (id),
      resolved_at timestamptz
    );
    create unique index ledger_conflicts_open_uq on ledger_conflicts (entity, record_id, field) where state = 'open';
    create index ledger_conflicts_state_idx on ledger_conflicts (state, id);

    alter table people add column field_sources jsonb not null default '{}';
    alter table orgs add column field_sources jsonb not null default '{}';
    alter table things add column field_sources jsonb not null default '{}';

    alter table people drop constraint people_retired_reason_check;
    alter table people add constraint people_retired_reason_check
      check (retired_reason in ('moved_out', 'deceased', 'duplicate', 'import_rolled_back'));

    alter table registry_history add column source_row integer;
    create index registry_history_ledger_idx on registry_history (source_ref) where source = 'ledger';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index registry_history_ledger_idx;
    alter table registry_history drop column source_row;
    alter table people drop constraint people_retired_reason_check;
    alter table people add constraint people_retired_reason_check
      check (retired_reason in ('moved_out', 'deceased', 'duplicate'));
    alter table people drop column field_sources;
    alter table orgs drop column field_sources;
    alter table things drop column field_sources;
    drop table ledger_conflicts, ledger_undo, ledger_problems, ledger_imports, ledger_types;
  `.execute(db);
}
