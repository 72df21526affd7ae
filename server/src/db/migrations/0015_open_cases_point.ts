import { type Kysely, sql } from 'kysely';

/**
 * Open cases by point, for "likely duplicates" at report time: the nearest first straight from the
 * index (GiST, k-nearest-neighbour), however many open reports one spot has collected.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index cases_open_point_idx on cases using gist (point(lon, lat))
      where closed_at is null and lon is not null and lat is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index cases_open_point_idx`.execute(db);
}
