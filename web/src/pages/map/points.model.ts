import type { Building, Thing } from '../../app/registry.model';

/**
 * Buildings and components (urban facilities) of one small area, as points on the map. Only a
 * community or a grid: a community has about 130 buildings and 500 components, a street five
 * times that, which would hide the grids under dots.
 */
export type MapPoint =
  | { kind: 'building'; id: string; lon: number; lat: number; colour: string; record: Building }
  | {
      kind: 'thing';
      id: string;
      lon: number;
      lat: number;
      colour: string;
      record: Thing;
      attention: boolean;
    };

export type PointGroup = 'building' | ThingGroup;

/**
 * Components are coloured by the top level of their category code (GB/T 30428.2: 01 public
 * utilities, 02 road traffic, 03 city appearance, 04 landscaping, 05 housing and land, 06 other).
 */
export const THING_GROUPS = ['01', '02', '03', '04', '05', '06'] as const;
export type ThingGroup = (typeof THING_GROUPS)[number] | 'other';

export const POINT_COLOURS: Record<PointGroup, string> = {
  building: '#1e3a8a',
  '01': '#0891b2',
  '02': '#ca8a04',
  '03': '#16a34a',
  '04': '#65a30d',
  '05': '#9333ea',
  '06': '#db2777',
  other: '#6b7280',
};

export function thingGroup(category: string): ThingGroup {
  const top = category.slice(0, 2);
  return (THING_GROUPS as readonly string[]).includes(top) ? (top as ThingGroup) : 'other';
}

/** A community (12 digits, its last three not 000) or a grid (15 digits): small enough to show every point of. */
export function isSmallArea(code: string | null | undefined): code is string {
  return !!code && (code.length === 15 || (code.length === 12 && !code.endsWith('000')));
}

export interface AreaPoints {
  points: MapPoint[];
  counts: Record<PointGroup, number>;
  /** Records in the area, of which `points` may show fewer (see points.api.ts). */
  total: number;
}

export function toPoints(buildings: Building[], things: Thing[]): Omit<AreaPoints, 'total'> {
  const counts = Object.fromEntries(Object.keys(POINT_COLOURS).map((group) => [group, 0])) as Record<
    PointGroup,
    number
  >;
  const points: MapPoint[] = [];
  for (const building of buildings) {
    counts.building++;
    points.push({
      kind: 'building',
      id: building.id,
      lon: building.lon,
      lat: building.lat,
      colour: POINT_COLOURS.building,
      record: building,
    });
  }
  for (const thing of things) {
    const group = thingGroup(thing.category);
    counts[group]++;
    points.push({
      kind: 'thing',
      id: thing.id,
      lon: thing.lon,
      lat: thing.lat,
      colour: POINT_COLOURS[group],
      record: thing,
      attention: thing.state !== 'normal',
    });
  }
  return { points, counts };
}
