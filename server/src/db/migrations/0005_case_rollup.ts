import { type Kysely, sql } from 'kysely';

/**
 * Case rollups: small tables of counts the dashboard reads instead of `cases`, kept by
 * statement-level triggers in the same transaction as every write. Statement-level (with transition
 * tables) rather than per row, so a COPY of a million cases is one grouped pass, not a million
 * upserts; each statement adds its new rows' contribution and takes away its old rows'.
 *
 * Each table has as few keys as its questions need, because a district-wide read sums every row of
 * the scope: grid × department × category × day would be nearly as many rows as cases.
 * - `case_rollup_now`: cases per grid, department and state, with how many are yellow or red.
 * - `case_rollup_daily`: cases reported, and closed, per day (Beijing time) and grid.
 * - `case_rollup_categories`: the same per day, street, category and department (per community it
 *   would be 38 × 59 × 2 rows a day at district scale; a community's or grid's cases are few enough
 *   to count from `cases`).
 * - `case_rollup_deadlines`: open cases per grid, department and step-deadline day; "overdue" moves
 *   with the clock, so it is the days before today from here plus today's few from `cases`.
 * Keys are grid or street level, never the district: two writers wait on each other's row lock
 * only for the same street, day and category, so there is no district-wide hot row.
 * `department_code` is '' for none, so it can be part of a primary key.
 */
export const DELTA_COLUMNS = `grid_code, coalesce(department_code, '') as department_code, category_code, state, alarm,
  (reported_at at time zone 'Asia/Shanghai')::date as reported_day,
  case when state = 'closed' then (closed_at at time zone 'Asia/Shanghai')::date end as closed_day,
  case when state not in ('closed', 'rejected', 'merged') then (step_deadline at time zone 'Asia/Shanghai')::date
  end as deadline_day`;

/**
 * Adds the contribution of the rows of `delta` (with a `sign` column, +1 or -1) to the tables.
 * `before`: common table expressions the delta reads (a data-modifying one must be at the top).
 * `more`: further common table expressions writing tables of later migrations (0039's cohorts),
 * each starting with a comma; without it the statement is this migration's own.
 */
export function applyDelta(delta: string, before = '', more = ''): string {
  // Rows go in key order, so two statements touching the same keys lock them in the same order.
  return `
    with ${before} d as materialized (${delta}),
    days as (
      select reported_day as day, grid_code, category_code, department_code, sign as reported, 0 as closed from d
      union all
      select closed_day, grid_code, category_code, department_code, 0, sign from d where closed_day is not null
    ),
    now_rows as (
      insert into case_rollup_now as r (grid_code, department_code, state, n, yellow, red)
      select grid_code, department_code, state, sum(sign), sum(sign * (alarm = 'yellow')::int),
        sum(sign * (alarm = 'red')::int)
      from d group by 1, 2, 3
      having sum(sign) <> 0 or sum(sign * (alarm = 'yellow')::int) <> 0 or sum(sign * (alarm = 'red')::int) <> 0
      order by 1, 2, 3
      on conflict (grid_code, department_code, state) do update
        set n = r.n + excluded.n, yellow = r.yellow + excluded.yellow, red = r.red + excluded.red
    ),
    daily_rows as (
      insert into case_rollup_daily as r (day, grid_code, reported, closed)
      select day, grid_code, sum(reported), sum(closed) from days
      group by 1, 2 having sum(reported) <> 0 or sum(closed) <> 0
      order by 1, 2
      on conflict (day, grid_code) do update
        set reported = r.reported + excluded.reported, closed = r.closed + excluded.closed
    ),
    category_rows as (
      insert into case_rollup_categories as r (day, street_code, category_code, department_code, reported, closed)
      select day, left(grid_code, 9) || '000', category_code, department_code, sum(reported), sum(closed) from days
      group by 1, 2, 3, 4 having sum(reported) <> 0 or sum(closed) <> 0
      order by 1, 2, 3, 4
      on conflict (day, street_code, category_code, department_code) do update
        set reported = r.reported + excluded.reported, closed = r.closed + excluded.closed
    )${more}
    insert into case_rollup_deadlines as r (deadline_day, grid_code, department_code, n)
    select deadline_day, grid_code, department_code, sum(sign)
    from d where deadline_day is not null
    group by 1, 2, 3 having sum(sign) <> 0
    order by 1, 2, 3
    on conflict (deadline_day, grid_code, department_code) do update set n = r.n + excluded.n;`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    create table case_rollup_now (
      grid_code text not null,
      department_code text not null,
      state text not null,
      n bigint not null,
      yellow bigint not null,
      red bigint not null,
      primary key (grid_code, department_code, state)
    );
    create table case_rollup_daily (
      day date not null,
      grid_code text not null,
      reported bigint not null,
      closed bigint not null,
      primary key (day, grid_code)
    );
    create table case_rollup_categories (
      day date not null,
      street_code text not null,
      category_code text not null,
      department_code text not null,
      reported bigint not null,
      closed bigint not null,
      primary key (day, street_code, category_code, department_code)
    );
    create table case_rollup_deadlines (
      deadline_day date not null,
      grid_code text not null,
      department_code text not null,
      n bigint not null,
      primary key (deadline_day, grid_code, department_code)
    );

    create function cg_case_rollup_insert() returns trigger language plpgsql as $$
    begin
      ${applyDelta(`select ${DELTA_COLUMNS}, 1 as sign from new_rows`)}
      return null;
    end $$;
    create function cg_case_rollup_update() returns trigger language plpgsql as $$
    begin
      ${applyDelta(`select ${DELTA_COLUMNS}, -1 as sign from old_rows
        union all select ${DELTA_COLUMNS}, 1 from new_rows`)}
      return null;
    end $$;
    create function cg_case_rollup_delete() returns trigger language plpgsql as $$
    begin
      ${applyDelta(`select ${DELTA_COLUMNS}, -1 as sign from old_rows`)}
      return null;
    end $$;
    -- Rebuilds every table from scratch: after a load that bypassed the triggers, or to check them.
    create function cg_case_rollup_rebuild() returns void language plpgsql as $$
    begin
      truncate case_rollup_now, case_rollup_daily, case_rollup_categories, case_rollup_deadlines;
      ${applyDelta(`select ${DELTA_COLUMNS}, 1 as sign from cases`)}
    end $$;
    create function cg_case_rollup_truncate() returns trigger language plpgsql as $$
    begin
      truncate case_rollup_now, case_rollup_daily, case_rollup_categories, case_rollup_deadlines;
      return null;
    end $$;

    create trigger cases_rollup_insert after insert on cases referencing new table as new_rows
      for each statement execute function cg_case_rollup_insert();
    create trigger cases_rollup_update after update on cases
      referencing old table as old_rows new table as new_rows
      for each statement execute function cg_case_rollup_update();
    create trigger cases_rollup_delete after delete on cases referencing old table as old_rows
      for each statement execute function cg_case_rollup_delete();
    create trigger cases_rollup_truncate after truncate on cases
      for each statement execute function cg_case_rollup_truncate();

  `)
    .execute(db);
  // Cases already there (a database migrated after cases were loaded).
  await sql`select cg_case_rollup_rebuild()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger cases_rollup_insert on cases;
    drop trigger cases_rollup_update on cases;
    drop trigger cases_rollup_delete on cases;
    drop trigger cases_rollup_truncate on cases;
    drop function cg_case_rollup_insert(), cg_case_rollup_update(), cg_case_rollup_delete(),
      cg_case_rollup_truncate(), cg_case_rollup_rebuild();
    drop table case_rollup_now, case_rollup_daily, case_rollup_categories, case_rollup_deadlines;
  `.execute(db);
}
