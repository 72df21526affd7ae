import { type Kysely, sql } from 'kysely';

/**
 * Open cases of the whole district (or a street) by deadline, as the command centre lists them:
 * the (grid, deadline) index gives the order within one grid only, so the first page sorted every
 * open case of the area (85 ms for the district's 74,000). Walking this index in deadline order
 * and keeping the cases of the area, a page stops after its 50.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index cases_open_deadline_idx on cases (step_deadline, number desc) include (grid_code)
    where closed_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index cases_open_deadline_idx`.execute(db);
}
