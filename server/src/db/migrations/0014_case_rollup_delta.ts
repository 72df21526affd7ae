import { type Kysely, sql } from 'kysely';
import { applyDelta, DELTA_COLUMNS } from './0005_case_rollup.ts';

/** A statement changing more cases than this adds them to the rollup at once (a bulk load). */
const DIRECT_ROWS = 100;
const DELTA_FIELDS = `grid_code, department_code, category_code, state, alarm, reported_day, closed_day, deadline_day, sign`;

/**
 * Case rollups without hot rows. Before, every statement on `cases` added its contribution to the
 * rollup rows in the writer's transaction, so all reports of one grid, day and category waited on
 * the same row locks until each commit: about 40 reports a second in one grid. Now a small
 * statement appends its contribution to `case_rollup_delta` (no row is shared, nobody waits), and
 * `cg_case_rollup_fold()` moves what is committed there into the rollup tables: every second in the
 * server, and before the overview is read (figures.repository.ts `foldRollup`). Bulk statements
 * (a COPY of the demo's cases, more than DIRECT_ROWS rows) still add theirs at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const appendOrApply = (delta: string, rows: string) => `
      if (select count(*) from ${rows}) > ${DIRECT_ROWS} then
        ${applyDelta(delta)}
      else
        insert into case_rollup_delta (${DELTA_FIELDS}) ${delta};
      end if;`;
  const insertDelta = `select ${DELTA_COLUMNS}, 1 as sign from new_rows`;
  const updateDelta = `select ${DELTA_COLUMNS}, -1 as sign from old_rows union all select ${DELTA_COLUMNS}, 1 from new_rows`;
  const deleteDelta = `select ${DELTA_COLUMNS}, -1 as sign from old_rows`;
  await sql
    .raw(`
    create table case_rollup_delta (
      grid_code text not null,
      department_code text not null,
      category_code text not null,
      state text not null,
      alarm text not null,
      reported_day date not null,
      closed_day date,
      deadline_day date,
      sign integer not null
    );

    create or replace function cg_case_rollup_insert() returns trigger language plpgsql as $$
    begin
      ${appendOrApply(insertDelta, 'new_rows')}
      return null;
    end $$;
    create or replace function cg_case_rollup_update() returns trigger language plpgsql as $$
    begin
      ${appendOrApply(updateDelta, 'new_rows')}
      return null;
    end $$;
    create or replace function cg_case_rollup_delete() returns trigger language plpgsql as $$
    begin
      ${appendOrApply(deleteDelta, 'old_rows')}
      return null;
    end $$;

    -- Moves the committed contributions into the rollup tables; answers whether it ran (one at a time).
    create function cg_case_rollup_fold() returns boolean language plpgsql as $$
    begin
      if not pg_try_advisory_xact_lock(hashtext('civicgrid.case_rollup_fold')) then
        return false;
      end if;
      ${applyDelta(`select * from moved`, `moved as (delete from case_rollup_delta returning ${DELTA_FIELDS}),`)}
      return true;
    end $$;

    create or replace function cg_case_rollup_rebuild() returns void language plpgsql as $$
    begin
      truncate case_rollup_now, case_rollup_daily, case_rollup_categories, case_rollup_deadlines, case_rollup_delta;
      ${applyDelta(`select ${DELTA_COLUMNS}, 1 as sign from cases`)}
    end $$;
    create or replace function cg_case_rollup_truncate() returns trigger language plpgsql as $$
    begin
      truncate case_rollup_now, case_rollup_daily, case_rollup_categories, case_rollup_deadlines, case_rollup_delta;
      return null;
    end $$;
  `)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`select cg_case_rollup_fold()`.execute(db);
  await sql
    .raw(`
    drop function cg_case_rollup_fold();
    drop table case_rollup_delta;
    create or replace function cg_case_rollup_insert() returns trigger language plpgsql as $$
    begin
      ${applyDelta(`select ${DELTA_COLUMNS}, 1 as sign from new_rows`)}
      return null;
    end $$;
    create or replace function cg_case_rollup_update() returns trigger language plpgsql as $$
    begin
      ${applyDelta(`select ${DELTA_COLUMNS}, -1 as sign from old_rows union all select ${DELTA_COLUMNS}, 1 from new_rows`)}
      return null;
    end $$;
    create or replace function cg_case_rollup_delete() returns trigger language plpgsql as $$
    begin
      ${applyDelta(`select ${DELTA_COLUMNS}, -1 as sign from old_rows`)}
      return null;
    end $$;
    create or replace function cg_case_rollup_rebuild() returns void language plpgsql as $$
    begin
      truncate case_rollup_now, case_rollup_daily, case_rollup_categories, case_rollup_deadlines;
      ${applyDelta(`select ${DELTA_COLUMNS}, 1 as sign from cases`)}
    end $$;
    create or replace function cg_case_rollup_truncate() returns trigger language plpgsql as $$
    begin
      truncate case_rollup_now, case_rollup_daily, case_rollup_categories, case_rollup_deadlines;
      return null;
    end $$;
  `)
    .execute(db);
}
