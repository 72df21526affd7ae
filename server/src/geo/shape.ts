import Flatbush from 'flatbush';
import type { Ring } from './geojson.ts';

/**
 * Relations between boundaries drawn by different hands (a grid inside its
 * community, two neighbouring grids) are judged within this distance in
 * degrees (~0.1 mm): a vertex placed "on" a neighbour's edge is never exactly
 * on it in floating point, and must not count as an overlap.
 */
export const TOLERANCE = 1e-9;

/** Below this many edges a linear scan beats building an index. */
const INDEX_THRESHOLD = 48;

/** Where a point lies relative to a shape: the polygon containing it (or -1), and whether it is within TOLERANCE of an edge. */
export interface PointLocation {
  polygon: number;
  onBoundary: boolean;
}

/**
 * The edges of one or more polygons as flat arrays, for the relation checks.
 * Zero-length edges (repeated vertices) are dropped; an unclosed ring is closed.
 * Each edge remembers the polygon, ring and position index it starts at, so a
 * problem can name the vertex as the user numbered it.
 */
export class Shape {
  readonly ax: Float64Array;
  readonly ay: Float64Array;
  readonly bx: Float64Array;
  readonly by: Float64Array;
  readonly polygon: Int32Array;
  readonly ring: Int32Array;
  readonly vertex: Int32Array;
  /** Edges of polygon p are polygonStart[p] .. polygonStart[p + 1] - 1. */
  readonly polygonStart: Int32Array;
  readonly count: number;
  readonly bbox: [number, number, number, number];
  private readonly index: Flatbush | null;

  private constructor(edges: number[], meta: number[], polygonStart: number[]) {
    this.count = meta.length / 3;
    const n = this.count;
    this.ax = new Float64Array(n);
    this.ay = new Float64Array(n);
    this.bx = new Float64Array(n);
    this.by = new Float64Array(n);
    this.polygon = new Int32Array(n);
    this.ring = new Int32Array(n);
    this.vertex = new Int32Array(n);
    this.polygonStart = Int32Array.from(polygonStart);
    const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      this.ax[i] = edges[4 * i];
      this.ay[i] = edges[4 * i + 1];
      this.bx[i] = edges[4 * i + 2];
      this.by[i] = edges[4 * i + 3];
      this.polygon[i] = meta[3 * i];
      this.ring[i] = meta[3 * i + 1];
      this.vertex[i] = meta[3 * i + 2];
      bbox[0] = Math.min(bbox[0], this.ax[i]);
      bbox[1] = Math.min(bbox[1], this.ay[i]);
      bbox[2] = Math.max(bbox[2], this.ax[i]);
      bbox[3] = Math.max(bbox[3], this.ay[i]);
    }
    this.bbox = bbox;
    this.index = null;
    if (n > INDEX_THRESHOLD) {
      const index = new Flatbush(n);
      for (let i = 0; i < n; i++) {
        index.add(
          Math.min(this.ax[i], this.bx[i]),
          Math.min(this.ay[i], this.by[i]),
          Math.max(this.ax[i], this.bx[i]),
          Math.max(this.ay[i], this.by[i]),
        );
      }
      index.finish();
      this.index = index;
    }
  }

  /** `ringNumbers` renumbers rings, so a hole checked on its own still reports its index in the polygon. */
  static of(polygons: Ring[][], ringNumbers?: number[]): Shape {
    const edges: number[] = [];
    const meta: number[] = [];
    const polygonStart: number[] = [0];
    polygons.forEach((rings, p) => {
      rings.forEach((ring, r) => {
        const n = ring.length;
        if (n < 2) return;
        const closed = ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1];
        const last = closed ? n - 1 : n;
        for (let k = 0; k < last; k++) {
          const a = ring[k];
          const b = ring[(k + 1) % n];
          if (a[0] === b[0] && a[1] === b[1]) continue;
          edges.push(a[0], a[1], b[0], b[1]);
          meta.push(p, ringNumbers?.[r] ?? r, k);
        }
      });
      polygonStart.push(meta.length / 3);
    });
    return new Shape(edges, meta, polygonStart);
  }

  get polygonCount(): number {
    return this.polygonStart.length - 1;
  }

  /** Edges whose bounding box meets the given box. */
  edgesNear(minX: number, minY: number, maxX: number, maxY: number): number[] {
    if (this.index) return this.index.search(minX, minY, maxX, maxY);
    const found: number[] = [];
    for (let i = 0; i < this.count; i++) {
      if (
        Math.max(this.ax[i], this.bx[i]) >= minX &&
        Math.min(this.ax[i], this.bx[i]) <= maxX &&
        Math.max(this.ay[i], this.by[i]) >= minY &&
        Math.min(this.ay[i], this.by[i]) <= maxY
      ) {
        found.push(i);
      }
    }
    return found;
  }

  locate(x: number, y: number): PointLocation {
    const parity = new Uint8Array(this.polygonCount);
    // Crossing number on a ray towards +x, half-open in y so a vertex counts once.
    for (const i of this.edgesNear(x, y, Infinity, y)) {
      const ay = this.ay[i];
      const by = this.by[i];
      if (ay <= y === by <= y) continue;
      const xc = this.ax[i] + ((y - ay) * (this.bx[i] - this.ax[i])) / (by - ay);
      if (x < xc) parity[this.polygon[i]] ^= 1;
    }
    let onBoundary = false;
    const t = TOLERANCE;
    for (const i of this.edgesNear(x - t, y - t, x + t, y + t)) {
      if (distanceToSegment(x, y, this.ax[i], this.ay[i], this.bx[i], this.by[i]) <= t) {
        onBoundary = true;
        break;
      }
    }
    return { polygon: parity.indexOf(1), onBoundary };
  }

  /**
   * A point well inside polygon p (farther than TOLERANCE from every edge), or
   * null for a polygon too thin to have one: the midpoint of an outer edge,
   * nudged a little to its inner side.
   */
  interiorPoint(p: number): [number, number] | null {
    for (let i = this.polygonStart[p]; i < this.polygonStart[p + 1]; i++) {
      if (this.ring[i] !== this.ring[this.polygonStart[p]]) break;
      const dx = this.bx[i] - this.ax[i];
      const dy = this.by[i] - this.ay[i];
      const mx = (this.ax[i] + this.bx[i]) / 2;
      const my = (this.ay[i] + this.by[i]) / 2;
      const length = Math.hypot(dx, dy);
      for (const share of [1e-2, 1e-4]) {
        const step = Math.max(share * length, 8 * TOLERANCE) / length;
        for (const side of [1, -1]) {
          const x = mx - side * dy * step;
          const y = my + side * dx * step;
          const where = this.locate(x, y);
          if (where.polygon === p && !where.onBoundary) return [x, y];
        }
      }
    }
    return null;
  }
}

export function distanceToSegment(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  let t = lengthSquared === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / lengthSquared;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Signed distance of p from the line through a and b (positive on the left). */
function sideOf(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  return ((bx - ax) * (py - ay) - (by - ay) * (px - ax)) / Math.hypot(bx - ax, by - ay);
}

/**
 * Where along edge i of s (0 at its start, 1 at its end) it crosses edge j of
 * t at a point interior to both, with every endpoint farther than TOLERANCE
 * from the other edge's line; -1 if it does not. Touching, sharing an edge, or
 * a vertex resting on the other edge is not a crossing.
 */
export function properCrossing(s: Shape, i: number, t: Shape, j: number): number {
  const c1 = sideOf(t.ax[j], t.ay[j], s.ax[i], s.ay[i], s.bx[i], s.by[i]);
  const c2 = sideOf(t.bx[j], t.by[j], s.ax[i], s.ay[i], s.bx[i], s.by[i]);
  if (!(c1 * c2 < 0) || Math.abs(c1) <= TOLERANCE || Math.abs(c2) <= TOLERANCE) return -1;
  const c3 = sideOf(s.ax[i], s.ay[i], t.ax[j], t.ay[j], t.bx[j], t.by[j]);
  const c4 = sideOf(s.bx[i], s.by[i], t.ax[j], t.ay[j], t.bx[j], t.by[j]);
  if (!(c3 * c4 < 0) || Math.abs(c3) <= TOLERANCE || Math.abs(c4) <= TOLERANCE) return -1;
  return c3 / (c3 - c4);
}
