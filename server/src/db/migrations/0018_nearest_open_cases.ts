import { type Kysely, sql } from 'kysely';

/**
 * The open cases of a category nearest a point, within a box, for "likely duplicates".
 *
 * Asked as a plain query, the planner estimates how many open cases lie in the box with a fixed
 * selectivity (PostgreSQL has no statistics for points in a box). Where one spot had collected
 * 15,000 open reports (a flood of reports of one thing, or a camera repeating its alarm), it took
 * every one of them from a bitmap scan and sorted them to keep 20: 65 ms per report. As a function
 * whose settings rule out bitmaps and sorts, the only plan left is the k-nearest-neighbour walk of
 * the point index (migration 0015), which stops after `p_limit` cases: 0.5 ms on that spot.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function cg_nearest_open_cases(
      p_category text, p_lon float8, p_lat float8, p_box box, p_since timestamptz, p_exclude uuid, p_limit int
    ) returns table (id uuid, lon float8, lat float8)
    language sql stable
    set enable_seqscan = off set enable_bitmapscan = off set enable_sort = off
    as $$
      select n.id, n.lon, n.lat from cases n
      where n.closed_at is null and n.lon is not null and n.lat is not null
        and point(n.lon, n.lat) <@ p_box
        and n.category_code = p_category
        and n.state not in ('rejected', 'merged')
        and n.reported_at >= p_since
        and (p_exclude is null or n.id <> p_exclude)
      order by point(n.lon, n.lat) <-> point(p_lon, p_lat)
      limit p_limit
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function cg_nearest_open_cases`.execute(db);
}
