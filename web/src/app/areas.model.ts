import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Static } from 'typebox';
import type * as schemas from '../../../server/src/modules/areas/areas.schemas.ts';

// The areas every page uses, as types and figures (their queries are in areas.api.ts). Types come
// from the server's schemas (docs/api-foundation.md), so the two cannot drift apart.
export const AREA_LEVELS = ['district', 'street', 'community', 'grid'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];
/** A boundary as GeoJSON types know it (the server's schema only says `coordinates: unknown[][]`). */
export type Boundary = Polygon | MultiPolygon;

export type AreaSummary = schemas.AreaSummary;
export type Area = schemas.Area;
export type TreeNode = schemas.TreeNode;
export type HistoryEntry = Static<typeof schemas.HistoryEntry>;
export type LocateResult = Static<typeof schemas.LocateResponse>;

/** `feature.properties` of `GET /api/areas.geojson`. */
export type AreaProperties = Pick<
  AreaSummary,
  'code' | 'name' | 'level' | 'parentCode' | 'households' | 'population'
>;
export type AreaCollection = FeatureCollection<Boundary, AreaProperties>;

/** Households a grid should hold (GLOSSARY: ~300 households / ~1,000 people). */
export const GRID_HOUSEHOLDS_NORM = 300;

/** Households/population of an area: its own for a grid, the sum over its grids otherwise. */
export function figuresOf(area: Area): { households: number | null; population: number | null } {
  if (area.level === 'grid') return { households: area.households, population: area.population };
  return { households: area.stats?.households ?? null, population: area.stats?.population ?? null };
}
