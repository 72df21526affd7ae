import { DBSCAN } from 'density-clustering';

export interface HotspotPoint {
  id: string;
  categoryCode: string;
  gridCode: string;
  lon: number;
  lat: number;
  reportedAt: Date;
}

export interface HotspotSettings {
  /** Two cases are neighbours when at most this far apart… */
  meters: number;
  /** …and reported at most this many days apart. */
  days: number;
  /** A hot spot has at least this many cases (DBSCAN's minimum points, the case itself included). */
  minCases: number;
}

export interface Cluster {
  categoryCode: string;
  /** The grid most of its cases lie in. */
  gridCode: string;
  members: HotspotPoint[];
  lon: number;
  lat: number;
  /** The farthest member from the centre, in metres. */
  radius: number;
  first: Date;
  last: Date;
  /** Members reported in the later and the earlier half of the cluster's span up to `now`. */
  recent: number;
  earlier: number;
  trend: 'up' | 'down' | 'flat';
}

const EARTH_M = 6_371_000;
const RAD = Math.PI / 180;

/** Metres between two points (equirectangular: exact enough within a district). */
export function metresBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const x = (b.lon - a.lon) * RAD * Math.cos(((a.lat + b.lat) / 2) * RAD);
  const y = (b.lat - a.lat) * RAD;
  return Math.sqrt(x * x + y * y) * EARTH_M;
}

/**
 * Hot spots: clusters of cases of one category close in space and time, by DBSCAN over a distance
 * that scales metres and days to the settings (1 = at the limit of either), so two cases are
 * neighbours when both are within limits. Cases not dense enough anywhere are noise.
 *
 * DBSCAN asks, for a case, which cases lie within the distance; the library compares it with every
 * case of the category (`search: 'all'`, kept as the reference the tests compare with). By default
 * (`'band'`) only the cases in the cells of a grid around it that can be within `meters` are compared,
 * with the same distance, in the same order, so the clusters are the same, member for member.
 */
export function findHotspots(
  points: HotspotPoint[],
  settings: HotspotSettings,
  now: Date,
  search: 'band' | 'all' = 'band',
): Cluster[] {
  const byCategory = new Map<string, HotspotPoint[]>();
  for (const p of points) {
    const list = byCategory.get(p.categoryCode);
    if (list) list.push(p);
    else byCategory.set(p.categoryCode, [p]);
  }
  const clusters: Cluster[] = [];
  const dayMs = 86_400_000;
  for (const [categoryCode, members] of byCategory) {
    if (members.length < settings.minCases) continue;
    const data = members.map((p) => [p.lon, p.lat, p.reportedAt.getTime() / dayMs]);
    const distance = (p: number[], q: number[]) =>
      Math.max(
        metresBetween({ lon: p[0]!, lat: p[1]! }, { lon: q[0]!, lat: q[1]! }) / settings.meters,
        Math.abs(p[2]! - q[2]!) / settings.days,
      );
    const dbscan = new DBSCAN();
    if (search === 'band') bandedRegionQuery(dbscan, data, settings);
    const found = dbscan.run(data, 1, settings.minCases, distance);
    for (const indexes of found)
      clusters.push(
        describe(
          categoryCode,
          indexes.map((i) => members[i]!),
          now,
        ),
      );
  }
  return clusters.sort((a, b) => b.members.length - a.members.length || b.last.getTime() - a.last.getTime());
}

/**
 * Replaces the library's neighbourhood query (every point against every point) by one over the
 * points in the 3×3 cells around the point, of a grid whose cells are a little more than `meters`
 * high (in degrees of latitude) and wide (in degrees of longitude at the data's highest latitude,
 * where a degree is shortest): a point in no such cell is farther than `meters` whatever the
 * rounding. The candidates are then tested with the same distance, computed by the same
 * operations in the same order (`metresBetween`, inlined over typed arrays; the days, which cost
 * less, first: the larger of two ratios is below 1 when both are), and listed in the dataset's
 * order, as the library lists them, so DBSCAN expands the same clusters in the same order.
 */
function bandedRegionQuery(dbscan: DBSCAN, data: number[][], settings: HotspotSettings) {
  const { meters, days } = settings;
  const n = data.length;
  const lons = new Float64Array(n);
  const lats = new Float64Array(n);
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lons[i] = data[i]![0]!;
    lats[i] = data[i]![1]!;
    times[i] = data[i]![2]!;
  }
  const margin = 1 + 1e-6;
  const height = (meters * margin) / (RAD * EARTH_M);
  let highest = 0;
  for (let i = 0; i < n; i++) highest = Math.max(highest, Math.abs(lats[i]!));
  highest += height;
  // Near a pole a degree of longitude shrinks to nothing: cells as wide as the world there.
  const width = highest < 80 ? height / Math.cos(highest * RAD) : Number.POSITIVE_INFINITY;
  // A cell's key as a number: |x| stays below 2^22 (at least 10 m wide cells over 360°), |y| below 2^21.
  const SPAN = 8_388_608;
  const rows = new Float64Array(n);
  const columns = new Float64Array(n);
  const cells = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const y = Math.floor(lats[i]! / height);
    const x = Number.isFinite(width) ? Math.floor(lons[i]! / width) : 0;
    rows[i] = y;
    columns[i] = x;
    const key = y * SPAN + x;
    const cell = cells.get(key);
    if (cell) cell.push(i);
    else cells.set(key, [i]);
  }
  (dbscan as unknown as { _regionQuery: (pointId: number) => number[] })._regionQuery = (pointId) => {
    const lon = lons[pointId]!;
    const lat = lats[pointId]!;
    const time = times[pointId]!;
    const y = rows[pointId]!;
    const x = columns[pointId]!;
    const neighbours: number[] = [];
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const cell = cells.get((y + dy) * SPAN + x + dx);
        if (!cell) continue;
        for (const id of cell) {
          // The library's test, strictly closer than the radius 1, of the distance findHotspots
          // gives it ('all'): max(metres / meters, days apart / days).
          if (!(Math.abs(time - times[id]!) / days < 1)) continue;
          const qlat = lats[id]!;
          const ex = (lons[id]! - lon) * RAD * Math.cos(((lat + qlat) / 2) * RAD);
          const ey = (qlat - lat) * RAD;
          if ((Math.sqrt(ex * ex + ey * ey) * EARTH_M) / meters < 1) neighbours.push(id);
        }
      }
    return neighbours.sort((a, b) => a - b);
  };
}

function describe(categoryCode: string, members: HotspotPoint[], now: Date): Cluster {
  const lon = members.reduce((s, p) => s + p.lon, 0) / members.length;
  const lat = members.reduce((s, p) => s + p.lat, 0) / members.length;
  const grids = new Map<string, number>();
  for (const p of members) grids.set(p.gridCode, (grids.get(p.gridCode) ?? 0) + 1);
  const gridCode = [...grids].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  const times = members.map((p) => p.reportedAt.getTime());
  const first = Math.min(...times);
  const last = Math.max(...times);
  // Split at the middle of the span from the first case to now: more in the later half is rising.
  const middle = first + (now.getTime() - first) / 2;
  const recent = times.filter((t) => t >= middle).length;
  const earlier = members.length - recent;
  return {
    categoryCode,
    gridCode,
    members: [...members].sort((a, b) => b.reportedAt.getTime() - a.reportedAt.getTime()),
    lon,
    lat,
    radius: Math.max(...members.map((p) => metresBetween({ lon, lat }, p))),
    first: new Date(first),
    last: new Date(last),
    recent,
    earlier,
    trend: recent > earlier ? 'up' : recent < earlier ? 'down' : 'flat',
  };
}
