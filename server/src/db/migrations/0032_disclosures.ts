import { type Kysely, sql } from 'kysely';

/**
 * Homeowners' committee accounts (业委会财务公开): a committee's statement per period, its income
 * and expense lines (amounts in integer fen) and their voucher scans, and the periods flagged as not
 * published on time.
 *
 * A published statement is immutable: triggers refuse any change to it, to its lines and to its
 * vouchers. A correction is a new revision of the same estate and period, with its reason; both
 * stay readable. Opening + income − expense = closing is checked when a statement is published.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table disclosure_statements (
      id uuid primary key default gen_random_uuid(),
      estate_id uuid not null references estates (id),
      -- The estate's community, kept for the area scope.
      community_code text not null references areas (code),
      period text not null check (period ~ '^[0-9]{4}-(Q[1-4]|0[1-9]|1[0-2])$'),
      period_start date not null,
      period_end date not null check (period_end >= period_start),
      revision integer not null default 1 check (revision >= 1),
      corrects_id uuid references disclosure_statements (id),
      correction_reason text,
      opening_balance bigint not null,
      closing_balance bigint not null,
      note text,
      state text not null default 'draft' check (state in ('draft', 'published')),
      published_at timestamptz,
      published_by uuid references users (id),
      publisher_name text,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      check ((revision = 1) = (corrects_id is null)),
      check ((corrects_id is null) = (correction_reason is null)),
      check ((state = 'published') = (published_at is not null))
    );
    create unique index disclosure_statements_revision_uq on disclosure_statements (estate_id, period, revision);
    -- One draft at a time per estate and period.
    create unique index disclosure_statements_draft_uq on disclosure_statements (estate_id, period)
      where state = 'draft';
    create index disclosure_statements_community_idx on disclosure_statements (community_code text_pattern_ops, period);

    create table disclosure_lines (
      id uuid primary key default gen_random_uuid(),
      statement_id uuid not null references disclosure_statements (id),
      position integer not null,
      direction text not null check (direction in ('income', 'expense')),
      category text not null check (category in (
        'parking', 'advertising', 'common_rent', 'other_public_revenue',
        'maintenance_fund_in', 'maintenance_fund_out', 'running_costs', 'bank_interest', 'other'
      )),
      amount bigint not null check (amount > 0),
      counterparty text not null check (length(trim(counterparty)) > 0),
      occurred_on date not null,
      description text,
      unique (statement_id, position) deferrable initially deferred
    );
    create index disclosure_lines_statement_idx on disclosure_lines (statement_id);

    create table disclosure_vouchers (
      id uuid primary key default gen_random_uuid(),
      statement_id uuid not null references disclosure_statements (id),
      line_id uuid not null references disclosure_lines (id) on delete cascade,
      file_name text not null,
      content_type text not null,
      size integer not null,
      sha256 text not null,
      created_at timestamptz not null default now()
    );
    create index disclosure_vouchers_line_idx on disclosure_vouchers (line_id);
    create index disclosure_vouchers_statement_idx on disclosure_vouchers (statement_id);

    -- A period whose statement was not published by its due date, flagged by the daily job;
    -- published_at is filled when it is published after all.
    create table disclosure_late (
      estate_id uuid not null references estates (id),
      period text not null,
      community_code text not null references areas (code),
      due_on date not null,
      flagged_at timestamptz not null default now(),
      published_at timestamptz,
      primary key (estate_id, period)
    );
    create index disclosure_late_community_idx on disclosure_late (community_code text_pattern_ops);

    create function disclosure_statement_immutable() returns trigger language plpgsql as $$
    begin
      if old.state = 'published' then
        raise exception 'disclosure statement % is published and immutable', old.id
          using errcode = 'check_violation';
      end if;
      if tg_op = 'DELETE' then return old; end if;
      return new;
    end $$;
    create trigger disclosure_statements_immutable before update or delete on disclosure_statements
      for each row execute function disclosure_statement_immutable();

    -- Lines and vouchers: statement-level triggers over the rows touched (bulk inserts stay cheap).
    create function disclosure_part_immutable() returns trigger language plpgsql as $$
    begin
      if exists (
        select 1 from disclosure_statements s
        where s.state = 'published' and s.id in (select statement_id from touched)
      ) then
        raise exception 'disclosure statement is published: its lines and vouchers are immutable'
          using errcode = 'check_violation';
      end if;
      return null;
    end $$;
    create function disclosure_part_update_immutable() returns trigger language plpgsql as $$
    begin
      if exists (
        select 1 from disclosure_statements s
        where s.state = 'published'
          and s.id in (select statement_id from touched union select statement_id from touched_new)
      ) then
        raise exception 'disclosure statement is published: its lines and vouchers are immutable'
          using errcode = 'check_violation';
      end if;
      return null;
    end $$;
    create trigger disclosure_lines_insert_immutable after insert on disclosure_lines
      referencing new table as touched for each statement execute function disclosure_part_immutable();
    create trigger disclosure_lines_update_immutable after update on disclosure_lines
      referencing old table as touched new table as touched_new
      for each statement execute function disclosure_part_update_immutable();
    create trigger disclosure_lines_delete_immutable after delete on disclosure_lines
      referencing old table as touched for each statement execute function disclosure_part_immutable();
    create trigger disclosure_vouchers_insert_immutable after insert on disclosure_vouchers
      referencing new table as touched for each statement execute function disclosure_part_immutable();
    create trigger disclosure_vouchers_update_immutable after update on disclosure_vouchers
      referencing old table as touched new table as touched_new
      for each statement execute function disclosure_part_update_immutable();
    create trigger disclosure_vouchers_delete_immutable after delete on disclosure_vouchers
      referencing old table as touched for each statement execute function disclosure_part_immutable();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table disclosure_late, disclosure_vouchers, disclosure_lines, disclosure_statements;
    drop function disclosure_part_immutable(), disclosure_part_update_immutable(), disclosure_statement_immutable();
  `.execute(db);
}
