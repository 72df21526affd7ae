import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';

/**
 * Polygons projected once, at REF_ZOOM, into flat typed arrays, with a bucket index to find
 * the one under a point. Pure code (no DOM, no Leaflet): it runs over every vertex of a city
 * (a million), so it is written as indexed loops over typed arrays.
 */
export const REF_ZOOM = 18;
const WORLD = 256 * 2 ** REF_ZOOM;
const RADIUS = WORLD / (2 * Math.PI);
const DEGREE = Math.PI / 180;
const MAX_LAT = 85.0511287798;

/** Web Mercator pixels at REF_ZOOM, as Leaflet's EPSG:3857 computes them. */
export function projectX(lon: number): number {
  return (lon / 360 + 0.5) * WORLD;
}
export function projectY(lat: number): number {
  return WORLD / 2 - RADIUS * Math.atanh(Math.sin(Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * DEGREE));
}
function unprojectX(x: number): number {
  return (x / WORLD - 0.5) * 360;
}
function unprojectY(y: number): number {
  return Math.atan(Math.sinh((WORLD / 2 - y) / RADIUS)) / DEGREE;
}

export interface PolygonData<P> {
  /** The features with a polygon geometry, in input order; indexes below refer to this list. */
  features: Feature<Geometry, P>[];
  /** x, y of every vertex, projected, relative to `origin` (Path2D keeps only float32). */
  coords: Float64Array;
  /** Start of each ring in `coords` (in vertices), plus one past the end. */
  ringStart: Uint32Array;
  /** First ring of each feature, plus one past the end. */
  featureRing: Uint32Array;
  /** minX, minY, maxX, maxY of each feature, relative to `origin`. */
  boxes: Float64Array;
  /** Projected top-left corner of all the data. */
  origin: { x: number; y: number };
  /** [minLon, minLat, maxLon, maxLat], or null when there is no feature. */
  extent: [number, number, number, number] | null;
  /** Average of the features' larger bbox side, projected. */
  meanSize: number;
  index: { cell: number; columns: number; rows: number; buckets: number[][] };
}

function polygonsOf(geometry: Geometry | null): number[][][][] | null {
  if (geometry?.type === 'Polygon') return [(geometry as Polygon).coordinates];
  if (geometry?.type === 'MultiPolygon') return (geometry as MultiPolygon).coordinates;
  return null;
}

export function buildPolygonData<P>(input: Feature<Geometry, P>[]): PolygonData<P> {
  const features: Feature<Geometry, P>[] = [];
  let points = 0;
  let rings = 0;
  for (const feature of input) {
    const polygons = polygonsOf(feature.geometry);
    if (!polygons) continue;
    features.push(feature);
    for (const polygon of polygons) {
      rings += polygon.length;
      for (const ring of polygon) points += ring.length;
    }
  }

  const n = features.length;
  const coords = new Float64Array(points * 2);
  const ringStart = new Uint32Array(rings + 1);
  const featureRing = new Uint32Array(n + 1);
  const boxes = new Float64Array(n * 4);
  let originX = Number.POSITIVE_INFINITY;
  let originY = Number.POSITIVE_INFINITY;
  let farX = Number.NEGATIVE_INFINITY;
  let farY = Number.NEGATIVE_INFINITY;
  let p = 0;
  let r = 0;
  for (let i = 0; i < n; i++) {
    featureRing[i] = r;
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    const polygons = polygonsOf(features[i].geometry)!;
    for (let j = 0; j < polygons.length; j++) {
      const polygon = polygons[j];
      for (let k = 0; k < polygon.length; k++) {
        const ring = polygon[k];
        ringStart[r++] = p;
        for (let v = 0; v < ring.length; v++) {
          const x = projectX(ring[v][0]);
          const y = projectY(ring[v][1]);
          coords[2 * p] = x;
          coords[2 * p + 1] = y;
          p++;
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
      }
    }
    boxes[4 * i] = minX;
    boxes[4 * i + 1] = minY;
    boxes[4 * i + 2] = maxX;
    boxes[4 * i + 3] = maxY;
    if (minX < originX) originX = minX;
    if (minY < originY) originY = minY;
    if (maxX > farX) farX = maxX;
    if (maxY > farY) farY = maxY;
  }
  ringStart[r] = p;
  featureRing[n] = r;

  if (n === 0) {
    return {
      features,
      coords,
      ringStart,
      featureRing,
      boxes,
      origin: { x: 0, y: 0 },
      extent: null,
      meanSize: 0,
      index: emptyIndex(),
    };
  }
  for (let i = 0; i < coords.length; i += 2) {
    coords[i] -= originX;
    coords[i + 1] -= originY;
  }
  let sizes = 0;
  for (let i = 0; i < boxes.length; i += 4) {
    boxes[i] -= originX;
    boxes[i + 1] -= originY;
    boxes[i + 2] -= originX;
    boxes[i + 3] -= originY;
    sizes += Math.max(boxes[i + 2] - boxes[i], boxes[i + 3] - boxes[i + 1]);
  }
  const data: PolygonData<P> = {
    features,
    coords,
    ringStart,
    featureRing,
    boxes,
    origin: { x: originX, y: originY },
    // y grows southwards: the projected top is the northern edge.
    extent: [unprojectX(originX), unprojectY(farY), unprojectX(farX), unprojectY(originY)],
    meanSize: sizes / n,
    index: emptyIndex(),
  };
  data.index = buildIndex(data, farX - originX, farY - originY);
  return data;
}

function emptyIndex(): PolygonData<unknown>['index'] {
  return { cell: 1, columns: 0, rows: 0, buckets: [] };
}

/** A uniform grid of buckets about two features wide: a point query looks into one bucket. */
function buildIndex(
  data: PolygonData<unknown>,
  width: number,
  height: number,
): PolygonData<unknown>['index'] {
  const { boxes } = data;
  const cell = Math.max(data.meanSize * 2, 1);
  const columns = Math.floor(width / cell) + 1;
  const rows = Math.floor(height / cell) + 1;
  const buckets: number[][] = new Array(columns * rows);
  for (let i = 0; i < data.features.length; i++) {
    const b = 4 * i;
    for (let row = Math.floor(boxes[b + 1] / cell); row <= Math.floor(boxes[b + 3] / cell); row++) {
      for (let column = Math.floor(boxes[b] / cell); column <= Math.floor(boxes[b + 2] / cell); column++) {
        const key = row * columns + column;
        if (buckets[key]) buckets[key].push(i);
        else buckets[key] = [i];
      }
    }
  }
  return { cell, columns, rows, buckets };
}

/** Index of the feature containing the point (WGS84), or -1. */
export function featureAt(data: PolygonData<unknown>, lon: number, lat: number): number {
  const x = projectX(lon) - data.origin.x;
  const y = projectY(lat) - data.origin.y;
  const { cell, columns, rows, buckets } = data.index;
  const column = Math.floor(x / cell);
  const row = Math.floor(y / cell);
  if (column < 0 || row < 0 || column >= columns || row >= rows) return -1;
  const { boxes } = data;
  for (const i of buckets[row * columns + column] ?? []) {
    const b = 4 * i;
    if (x < boxes[b] || x > boxes[b + 2] || y < boxes[b + 1] || y > boxes[b + 3]) continue;
    if (contains(data, i, x, y)) return i;
  }
  return -1;
}

/** Even-odd rule over all rings of the feature: holes and multipolygons come out right. */
function contains(data: PolygonData<unknown>, i: number, x: number, y: number): boolean {
  const { coords: c, ringStart, featureRing } = data;
  let inside = false;
  for (let r = featureRing[i]; r < featureRing[i + 1]; r++) {
    const start = ringStart[r];
    const end = ringStart[r + 1];
    for (let a = start, b = end - 1; a < end; b = a++) {
      const ya = c[2 * a + 1];
      const yb = c[2 * b + 1];
      if (ya > y !== yb > y && x < ((c[2 * b] - c[2 * a]) * (y - ya)) / (yb - ya) + c[2 * a])
        inside = !inside;
    }
  }
  return inside;
}
