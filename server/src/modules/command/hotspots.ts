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
 */
export function findHotspots(points: HotspotPoint[], settings: HotspotSettings, now: Date): Cluster[] {
  const byCategory = new Map<string, HotspotPoint[]>();
  for (const p of points) byCategory.set(p.categoryCode, [...(byCategory.get(p.categoryCode) ?? []), p]);
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
    const found = new DBSCAN().run(data, 1, settings.minCases, distance);
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
