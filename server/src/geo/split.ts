import type { Boundary, Position, Ring } from './geojson.ts';
import { polygonsOf } from './geojson.ts';

/** A line n·p = d, with n a unit normal. */
interface Cut {
  nx: number;
  ny: number;
  d: number;
}

/**
 * The part of a ring on one side of the cut (Sutherland–Hodgman against a half-plane). Both sides
 * walk the ring in the same order and compute each crossing from the same two vertices, so the
 * two halves share their cut vertices exactly, as neighbouring grids must.
 */
function clipRing(ring: Ring, cut: Cut, side: 1 | -1): Ring {
  const out: Position[] = [];
  const n = ring.length - 1; // closed ring: last = first
  const value = (p: Position) => side * (cut.nx * p[0] + cut.ny * p[1] - cut.d);
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    const va = value(a);
    const vb = value(b);
    if (va <= 0) out.push([a[0], a[1]]);
    if ((va < 0 && vb > 0) || (va > 0 && vb < 0)) {
      // Always interpolate from the lexicographically smaller end: the same number on both sides.
      const [p, q, vp, vq] = a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]) ? [a, b, va, vb] : [b, a, vb, va];
      const t = vp / (vp - vq);
      out.push([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t]);
    }
  }
  const cleaned = out.filter((p, i) => i === 0 || p[0] !== out[i - 1][0] || p[1] !== out[i - 1][1]);
  if (cleaned.length > 1 && cleaned[0][0] === cleaned.at(-1)![0] && cleaned[0][1] === cleaned.at(-1)![1])
    cleaned.pop();
  return cleaned.length >= 3 ? [...cleaned, cleaned[0]] : [];
}

/** The boundary's part on one side of the cut, or null when nothing is left there. Holes are kept. */
function clipBoundary(boundary: Boundary, cut: Cut, side: 1 | -1): Boundary | null {
  const polygons = polygonsOf(boundary)
    .map((rings) => rings.map((r) => clipRing(r, cut, side)))
    .filter((rings) => rings[0].length > 0)
    .map((rings) => [rings[0], ...rings.slice(1).filter((r) => r.length > 0)]);
  if (polygons.length === 0) return null;
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}

export interface WeightedPoint {
  lon: number;
  lat: number;
  weight: number;
}

/**
 * Splits a boundary into `parts` pieces of about equal weight (households): recursive bisection,
 * each cut perpendicular to the points' longest spread, at their weighted median. Returns the
 * pieces with the points that fall in each.
 */
export function splitByWeight(
  boundary: Boundary,
  points: WeightedPoint[],
  parts: number,
): { boundary: Boundary; points: WeightedPoint[] }[] {
  if (parts <= 1 || points.length < 2) return [{ boundary, points }];
  const meanLon = points.reduce((s, p) => s + p.lon, 0) / points.length;
  const meanLat = points.reduce((s, p) => s + p.lat, 0) / points.length;
  // Principal axis of the points (2×2 covariance), so the cut runs across the longest spread.
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const p of points) {
    const dx = p.lon - meanLon;
    const dy = p.lat - meanLat;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const nx = Math.cos(angle);
  const ny = Math.sin(angle);
  const sorted = [...points].sort((a, b) => nx * a.lon + ny * a.lat - (nx * b.lon + ny * b.lat));
  const leftParts = Math.floor(parts / 2);
  const total = points.reduce((s, p) => s + p.weight, 0);
  const target = (total * leftParts) / parts;
  let acc = 0;
  let index = 0;
  while (index < sorted.length - 1 && acc + sorted[index].weight <= target) acc += sorted[index++].weight;
  index = Math.max(1, index);
  const before = sorted[index - 1];
  const after = sorted[index];
  const d = (nx * before.lon + ny * before.lat + nx * after.lon + ny * after.lat) / 2;
  const cut = { nx, ny, d };
  const left = clipBoundary(boundary, cut, 1);
  const right = clipBoundary(boundary, cut, -1);
  if (!left || !right) return [{ boundary, points }];
  return [
    ...splitByWeight(left, sorted.slice(0, index), leftParts),
    ...splitByWeight(right, sorted.slice(index), parts - leftParts),
  ];
}
