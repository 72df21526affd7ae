import { type Kysely, sql } from 'kysely';

/**
 * The command wall's map points (1, 7 or 30 days) and hot spots (the newest 5,000 located cases of
 * 7, 30 or 90 days) read the located cases of a period, newest first (`casePoints`). Through
 * `cases_reported_idx` every one of them is a visit to the table, scattered over as many pages as
 * rows: the hot spots read 5,000 pages for 5,000 points (the `dashboard` benchmark). This index
 * holds what those queries select, so they read it alone (an index-only scan; pages changed since
 * the last vacuum are still visited). Merged cases are never shown and are left out.
 *
 * Its cost: one more index entry for each located case written (a report, and each change of a
 * case that is not a HOT update — state changes are not, other indexes hold the state already).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index cases_points_idx on cases (reported_at)
    include (id, number, category_code, grid_code, lon, lat, state)
    where lon is not null and lat is not null and state <> 'merged'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index cases_points_idx`.execute(db);
}
