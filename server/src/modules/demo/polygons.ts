import { type Boundary, type Position, polygonsOf, type Ring } from '../../geo/geojson.ts';

/**
 * Twice the signed area of a closed ring (positive = counter-clockwise). Coordinates are taken
 * relative to the first vertex: with raw lon/lat near (114, 22) the products would lose about
 * six significant digits to cancellation.
 */
export function ringArea2(ring: Ring): number {
  const [x0, y0] = ring[0];
  let sum = 0;
  for (let i = 1; i + 1 < ring.length; i++) {
    const ax = ring[i][0] - x0;
    const ay = ring[i][1] - y0;
    const bx = ring[i + 1][0] - x0;
    const by = ring[i + 1][1] - y0;
    sum += ax * by - bx * ay;
  }
  return sum;
}

/** Area of a boundary in squared degrees (outer rings minus holes). */
export function boundaryArea(boundary: Boundary): number {
  let area = 0;
  for (const polygon of polygonsOf(boundary)) {
    for (const ring of polygon) area += ringArea2(ring) / 2;
  }
  return area;
}

/** Even-odd ray casting; points exactly on the ring count as 'on'. */
export function pointInRing(point: Position, ring: Ring): 'inside' | 'outside' | 'on' {
  const [px, py] = point;
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (onSegment(px, py, xj, yj, xi, yi)) return 'on';
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 'inside' : 'outside';
}

function onSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean {
  if (px < Math.min(ax, bx) || px > Math.max(ax, bx) || py < Math.min(ay, by) || py > Math.max(ay, by)) {
    return false;
  }
  return (bx - ax) * (py - ay) - (by - ay) * (px - ax) === 0;
}

/**
 * The union of boundaries that tile a region without overlapping and share their common edges
 * vertex for vertex (bit-identical coordinates). Every directed edge that also appears reversed
 * is interior and cancels; what remains chains into the outer rings (counter-clockwise) and
 * holes (clockwise) of the union.
 */
export function unionBoundaries(boundaries: Boundary[]): Boundary {
  const ids = new PointIds();
  const rings: number[][] = [];
  for (const boundary of boundaries) {
    for (const polygon of polygonsOf(boundary)) {
      for (const ring of polygon) rings.push(ring.map((p) => ids.idOf(p)));
    }
  }

  const n = ids.positions.length;
  const edges = new Map<number, number>(); // from * n + to → multiplicity
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i];
      const b = ring[i + 1];
      if (a === b) continue;
      const reverse = b * n + a;
      const count = edges.get(reverse);
      if (count !== undefined) {
        if (count === 1) edges.delete(reverse);
        else edges.set(reverse, count - 1);
      } else {
        edges.set(a * n + b, (edges.get(a * n + b) ?? 0) + 1);
      }
    }
  }

  const outgoing = new Map<number, number[]>();
  for (const [key, count] of edges) {
    const from = Math.floor(key / n);
    const list = outgoing.get(from) ?? [];
    for (let c = 0; c < count; c++) list.push(key % n);
    outgoing.set(from, list);
  }

  const positions = ids.positions;
  const outers: { ring: Ring; area: number; holes: Ring[] }[] = [];
  const holes: Ring[] = [];
  for (const [start, list] of outgoing) {
    while (list.length > 0) {
      const ring: Ring = [positions[start]];
      let prev = start;
      let current = list.pop()!;
      while (current !== start) {
        ring.push(positions[current]);
        const next = takeLeftmost(positions, prev, current, outgoing.get(current));
        prev = current;
        current = next;
      }
      ring.push(positions[start]);
      const area = ringArea2(ring);
      if (area > 0) outers.push({ ring, area, holes: [] });
      else holes.push(ring);
    }
  }
  if (outers.length === 0) throw new Error('union has no outer ring');

  outers.sort((a, b) => b.area - a.area);
  for (const hole of holes) {
    // The smallest outer ring around the hole holds it (an island inside a hole is its own outer).
    let owner: (typeof outers)[number] | undefined;
    for (const outer of outers) {
      if (containsRing(outer.ring, hole) && (!owner || outer.area < owner.area)) owner = outer;
    }
    (owner ?? outers[0]).holes.push(hole);
  }

  const polygons = outers.map((outer) => [outer.ring, ...outer.holes]);
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}

function containsRing(outer: Ring, inner: Ring): boolean {
  for (const point of inner) {
    const where = pointInRing(point, outer);
    if (where !== 'on') return where === 'inside';
  }
  return false;
}

/**
 * Where a vertex has more than one way out (two pieces touching at a point), take the sharpest
 * left turn: that keeps each ring simple instead of crossing over to the other piece.
 */
function takeLeftmost(
  positions: Position[],
  prev: number,
  at: number,
  candidates: number[] | undefined,
): number {
  if (!candidates || candidates.length === 0) throw new Error('union boundary does not close');
  if (candidates.length === 1) return candidates.pop()!;
  const [x, y] = positions[at];
  const back = Math.atan2(positions[prev][1] - y, positions[prev][0] - x);
  let best = 0;
  let bestAngle = Number.POSITIVE_INFINITY;
  candidates.forEach((candidate, index) => {
    const out = Math.atan2(positions[candidate][1] - y, positions[candidate][0] - x);
    let clockwise = back - out;
    while (clockwise <= 0) clockwise += 2 * Math.PI;
    if (clockwise < bestAngle) {
      bestAngle = clockwise;
      best = index;
    }
  });
  return candidates.splice(best, 1)[0];
}

/** Interns positions by their value at 1e-7 degree resolution; keeps the first array seen for each. */
class PointIds {
  readonly positions: Position[] = [];
  private readonly byKey = new Map<number | string, number>();
  private originX = Number.NaN;
  private originY = Number.NaN;

  idOf(position: Position): number {
    const qx = Math.round(position[0] * 1e7);
    const qy = Math.round(position[1] * 1e7);
    if (Number.isNaN(this.originX)) {
      this.originX = qx;
      this.originY = qy;
    }
    // A number key while within ±3 degrees of the first point (always, for areas), a string beyond.
    const dx = qx - this.originX + 2 ** 25;
    const dy = qy - this.originY + 2 ** 25;
    const key = dx >= 0 && dx < 2 ** 26 && dy >= 0 && dy < 2 ** 26 ? dx * 2 ** 26 + dy : `${qx},${qy}`;
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.positions.length;
      this.positions.push(position);
      this.byKey.set(key, id);
    }
    return id;
  }
}

/**
 * True when two segments of the ring that are not neighbours touch or cross. A sweep over the
 * segments sorted by their west end keeps this near-linear.
 */
export function ringSelfIntersects(ring: Ring): boolean {
  const n = ring.length - 1;
  const west = new Float64Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    west[i] = Math.min(ring[i][0], ring[i + 1][0]);
    order[i] = i;
  }
  order.sort((a, b) => west[a] - west[b]);
  for (let s = 0; s < n; s++) {
    const i = order[s];
    const [ax, ay] = ring[i];
    const [bx, by] = ring[i + 1];
    const east = Math.max(ax, bx);
    for (let u = s + 1; u < n && west[order[u]] <= east; u++) {
      const j = order[u];
      if (j === i + 1 || i === j + 1 || (i === 0 && j === n - 1) || (j === 0 && i === n - 1)) continue;
      const [cx, cy] = ring[j];
      const [dx, dy] = ring[j + 1];
      if (Math.max(cy, dy) < Math.min(ay, by) || Math.min(cy, dy) > Math.max(ay, by)) continue;
      if (segmentsTouch(ax, ay, bx, by, cx, cy, dx, dy)) return true;
    }
  }
  return false;
}

function segmentsTouch(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  const d1 = orient(cx, cy, dx, dy, ax, ay);
  const d2 = orient(cx, cy, dx, dy, bx, by);
  const d3 = orient(ax, ay, bx, by, cx, cy);
  const d4 = orient(ax, ay, bx, by, dx, dy);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && onSegment(ax, ay, cx, cy, dx, dy)) ||
    (d2 === 0 && onSegment(bx, by, cx, cy, dx, dy)) ||
    (d3 === 0 && onSegment(cx, cy, ax, ay, bx, by)) ||
    (d4 === 0 && onSegment(dx, dy, ax, ay, bx, by))
  );
}

function orient(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}
