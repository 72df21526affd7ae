/** GeoJSON geometry types used for area boundaries. Coordinates are [lon, lat] in WGS84. */
export type Position = [number, number] | number[];
export type Ring = Position[];
export interface Polygon {
  type: 'Polygon';
  coordinates: Ring[];
}
export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
export type Boundary = Polygon | MultiPolygon;
export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export const AREA_LEVELS = ['district', 'street', 'community', 'grid'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** The polygons of a boundary as a list, whatever its type. */
export function polygonsOf(boundary: Boundary): Ring[][] {
  return boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
}

export function bboxOf(boundary: Boundary): BBox {
  let minLon = Number.POSITIVE_INFINITY;
  let minLat = Number.POSITIVE_INFINITY;
  let maxLon = Number.NEGATIVE_INFINITY;
  let maxLat = Number.NEGATIVE_INFINITY;
  for (const polygon of polygonsOf(boundary)) {
    for (const [lon, lat] of polygon[0] ?? []) {
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}

/** Planar area in square degrees (outer rings minus holes): for comparing shapes, not for hectares. */
export function areaOf(boundary: Boundary): number {
  let total = 0;
  for (const rings of polygonsOf(boundary)) {
    rings.forEach((ring, i) => {
      let twice = 0;
      for (let k = 0; k < ring.length - 1; k++)
        twice += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
      total += (i === 0 ? 1 : -1) * Math.abs(twice / 2);
    });
  }
  return total;
}
