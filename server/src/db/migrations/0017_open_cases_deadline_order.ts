import { type Kysely, sql } from 'kysely';

/**
 * Open cases by deadline, as the inbox and the case list sort them: `step_deadline`, then the
 * newest number first. Reports made out of working hours (a weekend, a night) share one deadline,
 * so the old (grid, deadline) index gave the order only up to a tie and the first page sorted every
 * open case of the tie: 65 ms for a grid with 10,000 open cases. With `number desc` in the index a
 * page reads its 50 entries and stops.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index cases_open_grid_idx;
    drop index cases_department_open_idx;
    create index cases_open_grid_idx on cases (grid_code, step_deadline, number desc) where closed_at is null;
    create index cases_department_open_idx on cases (department_code, step_deadline, number desc)
      where closed_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index cases_open_grid_idx;
    drop index cases_department_open_idx;
    create index cases_open_grid_idx on cases (grid_code, step_deadline) where closed_at is null;
    create index cases_department_open_idx on cases (department_code, step_deadline) where closed_at is null;
  `.execute(db);
}
