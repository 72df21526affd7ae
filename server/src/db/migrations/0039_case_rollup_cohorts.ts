import { type Kysely, sql } from 'kysely';
import { applyDelta, DELTA_COLUMNS } from './0005_case_rollup.ts';

/** As in 0014: a statement changing more cases than this adds them to the rollup at once. */
const DIRECT_ROWS = 100;
const OLD_FIELDS = `grid_code, department_code, category_code, state, alarm, reported_day, closed_day, deadline_day, sign`;
const OLD_TABLES = `case_rollup_now, case_rollup_daily, case_rollup_categories, case_rollup_deadlines, case_rollup_delta`;

const COLUMNS = `${DELTA_COLUMNS}, reopen_count > 0 as reopened, satisfaction, handle_finished, handle_on_time`;
const FIELDS = `grid_code, department_code, category_code, state, alarm, reported_day, closed_day, deadline_day,
  reopened, satisfaction, handle_finished, handle_on_time, sign`;
const TABLES = `${OLD_TABLES}, case_rollup_cohorts, case_rollup_cohort_departments`;

/** What a cohort row counts, and how one case (a row of the delta, with its sign) adds to it. */
const MEASURES: [string, string][] = [
  ['reported', 'sign'],
  ['closed', `sign * (state = 'closed')::int`],
  ['dropped', `sign * (state in ('rejected', 'merged'))::int`],
  ['reopened', `sign * (state = 'closed' and reopened)::int`],
  ['satisfaction_sum', 'sign * coalesce(satisfaction, 0)'],
  ['satisfaction_n', 'sign * (satisfaction is not null)::int'],
  ['handle_finished', 'sign * handle_finished'],
  ['handle_on_time', 'sign * handle_on_time'],
];

/** One cohort table's part of the statement: its keys (names and expressions over the delta). */
function cohortRows(name: string, table: string, keys: [string, string][]) {
  const positions = keys.map((_, i) => i + 1).join(', ');
  return `, ${name} as (
      insert into ${table} as r (${[...keys.map(([k]) => k), ...MEASURES.map(([m]) => m)].join(', ')})
      select ${[...keys.map(([, e]) => e), ...MEASURES.map(([, e]) => `sum(${e})`)].join(', ')}
      from d group by ${positions}
      having ${MEASURES.map(([, e]) => `sum(${e}) <> 0`).join(' or ')}
      order by ${positions}
      on conflict (${keys.map(([k]) => k).join(', ')}) do update
        set ${MEASURES.map(([m]) => `${m} = r.${m} + excluded.${m}`).join(', ')}
    )`;
}

const COHORTS =
  cohortRows('cohort_rows', 'case_rollup_cohorts', [
    ['day', 'reported_day'],
    ['grid_code', 'grid_code'],
  ]) +
  cohortRows('cohort_department_rows', 'case_rollup_cohort_departments', [
    ['day', 'reported_day'],
    ['street_code', `left(grid_code, 9) || '000'`],
    ['department_code', 'department_code'],
  ]);

const applyAll = (delta: string, before = '') => applyDelta(delta, before, COHORTS);

/**
 * Every handle step of a case finished with a deadline, and those finished by it, counted on the
 * case (`handle_finished`, `handle_on_time`) from `case_steps` as figures.repository.ts counts them.
 */
const RECOUNT_HANDLE_STEPS = `
      update cases c set handle_finished = s.finished, handle_on_time = s.on_time
      from (
        select case_id, count(*) filter (where finished_at is not null and deadline is not null)::int as finished,
          count(*) filter (where finished_at <= deadline)::int as on_time
        from case_steps where step = 'handle' group by case_id
      ) s
      where c.id = s.case_id and (c.handle_finished <> s.finished or c.handle_on_time <> s.on_time);
      update cases c set handle_finished = 0, handle_on_time = 0
      where (c.handle_finished <> 0 or c.handle_on_time <> 0)
        and not exists (select 1 from case_steps s where s.case_id = c.id and s.step = 'handle');`;

/** The trigger functions of `cases` and the fold, rebuild and truncate functions (as in 0014). */
function rollupFunctions(
  columns: string,
  fields: string,
  apply: (delta: string, before?: string) => string,
  tables: string,
  recount = '',
) {
  const appendOrApply = (delta: string, rows: string) => `
      if (select count(*) from ${rows}) > ${DIRECT_ROWS} then
        ${apply(delta)}
      else
        insert into case_rollup_delta (${fields}) ${delta};
      end if;`;
  return `
    create or replace function cg_case_rollup_insert() returns trigger language plpgsql as $$
    begin
      ${appendOrApply(`select ${columns}, 1 as sign from new_rows`, 'new_rows')}
      return null;
    end $$;
    create or replace function cg_case_rollup_update() returns trigger language plpgsql as $$
    begin
      ${appendOrApply(`select ${columns}, -1 as sign from old_rows union all select ${columns}, 1 from new_rows`, 'new_rows')}
      return null;
    end $$;
    create or replace function cg_case_rollup_delete() returns trigger language plpgsql as $$
    begin
      ${appendOrApply(`select ${columns}, -1 as sign from old_rows`, 'old_rows')}
      return null;
    end $$;
    create or replace function cg_case_rollup_fold() returns boolean language plpgsql as $$
    begin
      if not pg_try_advisory_xact_lock(hashtext('civicgrid.case_rollup_fold')) then
        return false;
      end if;
      ${apply(`select * from moved`, `moved as (delete from case_rollup_delta returning ${fields}),`)}
      return true;
    end $$;
    create or replace function cg_case_rollup_rebuild() returns void language plpgsql as $$
    begin
      ${recount}
      truncate ${tables};
      ${apply(`select ${columns}, 1 as sign from cases`)}
    end $$;
    create or replace function cg_case_rollup_truncate() returns trigger language plpgsql as $$
    begin
      truncate ${tables};
      return null;
    end $$;`;
}

/** A statement's handle steps (old ones taken away), added to their cases' counts. */
function handleStepsFunction(name: string, rows: string) {
  return `
    create function ${name}() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from (${rows}) x where step = 'handle' and finished_at is not null and deadline is not null)
      then
        update cases c set handle_finished = c.handle_finished + s.finished, handle_on_time = c.handle_on_time + s.on_time
        from (
          select case_id, sum(sign * (finished_at is not null and deadline is not null)::int)::int as finished,
            sum(sign * (finished_at <= deadline)::int)::int as on_time
          from (${rows}) x where step = 'handle' group by case_id
        ) s
        where c.id = s.case_id and (s.finished <> 0 or s.on_time <> 0);
      end if;
      return null;
    end $$;`;
}

const stepRows = (table: string, sign: number) =>
  `select case_id, step, finished_at, deadline, ${sign} as sign from ${table}`;

/**
 * Cohort rollups for the command centre's rankings (issue 25): per day of report (Beijing time),
 * the cases reported then and what has become of them — closed, dropped (rejected or merged),
 * closed and reopened at least once, satisfaction (sum and count), handle steps finished with a
 * deadline and those finished by it. Per grid (`case_rollup_cohorts`: grid, community and street
 * rankings) and per street and department (`case_rollup_cohort_departments`: department rankings
 * of a street or district; a community's or grid's cases are few enough to count from `cases`).
 * 30 days of a district are about 9,000 rows of each, however many cases there are.
 *
 * The same mechanism as 0005 and 0014: the delta carries the new columns, the triggers of `cases`
 * append to it (or apply a bulk statement at once), the fold and the rebuild write the new tables
 * too. The handle steps live in `case_steps`, so a case counts its own (two columns kept by a
 * statement-level trigger on `case_steps`): a case moving to another department or grid then
 * moves its steps' counts with it, exactly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const measures = MEASURES.map(([m]) => `${m} bigint not null`).join(',\n      ');
  await sql
    .raw(`
    alter table cases add column handle_finished integer not null default 0,
      add column handle_on_time integer not null default 0;

    select cg_case_rollup_fold();
    alter table case_rollup_delta add column reopened boolean not null default false,
      add column satisfaction integer,
      add column handle_finished integer not null default 0,
      add column handle_on_time integer not null default 0;

    create table case_rollup_cohorts (
      day date not null,
      grid_code text not null,
      ${measures},
      primary key (day, grid_code)
    );
    create table case_rollup_cohort_departments (
      day date not null,
      street_code text not null,
      department_code text not null,
      ${measures},
      primary key (day, street_code, department_code)
    );

    ${rollupFunctions(COLUMNS, FIELDS, applyAll, TABLES, RECOUNT_HANDLE_STEPS)}

    ${handleStepsFunction('cg_case_steps_handle_insert', stepRows('new_rows', 1))}
    ${handleStepsFunction('cg_case_steps_handle_update', `${stepRows('old_rows', -1)} union all ${stepRows('new_rows', 1)}`)}
    ${handleStepsFunction('cg_case_steps_handle_delete', stepRows('old_rows', -1))}
    create function cg_case_steps_handle_truncate() returns trigger language plpgsql as $$
    begin
      update cases set handle_finished = 0, handle_on_time = 0 where handle_finished <> 0 or handle_on_time <> 0;
      return null;
    end $$;
    create trigger case_steps_handle_insert after insert on case_steps referencing new table as new_rows
      for each statement execute function cg_case_steps_handle_insert();
    create trigger case_steps_handle_update after update on case_steps
      referencing old table as old_rows new table as new_rows
      for each statement execute function cg_case_steps_handle_update();
    create trigger case_steps_handle_delete after delete on case_steps referencing old table as old_rows
      for each statement execute function cg_case_steps_handle_delete();
    create trigger case_steps_handle_truncate after truncate on case_steps
      for each statement execute function cg_case_steps_handle_truncate();
  `)
    .execute(db);
  // The counts of the steps already there, and the new tables from the cases already there.
  await sql`select cg_case_rollup_rebuild()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    select cg_case_rollup_fold();
    drop trigger case_steps_handle_insert on case_steps;
    drop trigger case_steps_handle_update on case_steps;
    drop trigger case_steps_handle_delete on case_steps;
    drop trigger case_steps_handle_truncate on case_steps;
    drop function cg_case_steps_handle_insert(), cg_case_steps_handle_update(), cg_case_steps_handle_delete(),
      cg_case_steps_handle_truncate();
    ${rollupFunctions(DELTA_COLUMNS, OLD_FIELDS, applyDelta, OLD_TABLES)}
    drop table case_rollup_cohorts, case_rollup_cohort_departments;
    alter table case_rollup_delta drop column reopened, drop column satisfaction, drop column handle_finished,
      drop column handle_on_time;
    alter table cases drop column handle_finished, drop column handle_on_time;
  `)
    .execute(db);
}
