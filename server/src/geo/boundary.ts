import type { Boundary, Ring } from './geojson.ts';
import { polygonsOf } from './geojson.ts';
import { isSpike, segmentsTouch } from './predicates.ts';
import { distanceToSegment, type PointLocation, properCrossing, Shape, TOLERANCE } from './shape.ts';

export type BoundaryProblemCode =
  | 'invalid_geometry'
  | 'coordinate_out_of_range'
  | 'too_few_positions'
  | 'ring_not_closed'
  | 'duplicate_vertex'
  | 'self_intersection'
  | 'hole_outside_shell'
  | 'outside_parent'
  | 'overlaps_sibling';

/**
 * One thing wrong with a boundary, located by 0-based indexes into its
 * coordinates ("polygon 0, ring 1, vertex 7"; a Polygon is polygon 0). Where
 * two edges are involved, `vertex` is where the first one starts and params
 * name the other (`otherVertex`, `otherPolygon`, `otherRing`, or `parent…`
 * for the parent's edge). `vertex` is null when no single vertex is to blame.
 * The errors module turns code + indexes + params into words.
 */
export interface BoundaryProblem {
  code: BoundaryProblemCode;
  polygon: number;
  ring: number;
  vertex: number | null;
  params?: Record<string, string | number>;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Structure and ring rules for one Polygon or MultiPolygon; the first problem of each kind per ring. */
export function validateBoundary(b: unknown): BoundaryProblem[] {
  const problems: BoundaryProblem[] = [];
  const whole = (reason: string): BoundaryProblem[] => [
    { code: 'invalid_geometry', polygon: 0, ring: 0, vertex: null, params: { reason } },
  ];
  if (typeof b !== 'object' || b === null) return whole('not_an_object');
  const { type, coordinates } = b as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') return whole('type');
  if (!Array.isArray(coordinates) || coordinates.length === 0) return whole('coordinates');
  const polygons = (type === 'Polygon' ? [coordinates] : coordinates) as unknown[];

  const sound: Ring[][] = [];
  polygons.forEach((polygon, p) => {
    if (!Array.isArray(polygon) || polygon.length === 0) {
      problems.push({
        code: 'invalid_geometry',
        polygon: p,
        ring: 0,
        vertex: null,
        params: { reason: 'rings' },
      });
      return;
    }
    let allSound = true;
    polygon.forEach((ring, r) => {
      if (!checkRing(ring, p, r, problems)) allSound = false;
    });
    if (allSound) {
      sound[p] = polygon as Ring[];
      checkHoles(polygon as Ring[], p, problems);
    }
  });
  checkParts(sound, problems);
  return problems;
}

/** Pushes the ring's problems; true when the ring is usable for relation checks. */
function checkRing(ring: unknown, p: number, r: number, problems: BoundaryProblem[]): boolean {
  const at = (code: BoundaryProblemCode, vertex: number | null, params?: BoundaryProblem['params']) =>
    problems.push({ code, polygon: p, ring: r, vertex, ...(params && { params }) });
  if (!Array.isArray(ring)) {
    at('invalid_geometry', null, { reason: 'ring' });
    return false;
  }
  const badPosition = ring.findIndex((pos) => !Array.isArray(pos) || pos.length < 2);
  if (badPosition >= 0) {
    at('invalid_geometry', badPosition, { reason: 'position' });
    return false;
  }
  const positions = ring as unknown[][];
  const outOfRange = positions.findIndex(
    ([lon, lat]) => !isNumber(lon) || !isNumber(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90,
  );
  if (outOfRange >= 0) {
    const [lon, lat] = positions[outOfRange];
    at('coordinate_out_of_range', outOfRange, { lon: String(lon), lat: String(lat) });
    return false;
  }
  return checkRingShape(positions as number[][], p, r, problems);
}

/** The ring rules proper, for a ring whose positions are all numbers in range. */
function checkRingShape(positions: number[][], p: number, r: number, problems: BoundaryProblem[]): boolean {
  const at = (code: BoundaryProblemCode, vertex: number | null, params?: BoundaryProblem['params']) =>
    problems.push({ code, polygon: p, ring: r, vertex, ...(params && { params }) });
  if (positions.length < 4) {
    at('too_few_positions', null, { count: positions.length });
    return false;
  }
  const n = positions.length;
  const first = positions[0];
  const last = positions[n - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) at('ring_not_closed', n - 1);

  // Distinct vertices in order, remembering where each sat in the input.
  const kept: number[] = [];
  let reportedDuplicate = false;
  const end = first[0] === last[0] && first[1] === last[1] ? n - 1 : n;
  for (let k = 0; k < end; k++) {
    const prev = kept.length > 0 ? positions[kept[kept.length - 1]] : null;
    if (prev && prev[0] === positions[k][0] && prev[1] === positions[k][1]) {
      if (!reportedDuplicate) at('duplicate_vertex', k);
      reportedDuplicate = true;
      continue;
    }
    kept.push(k);
  }
  while (kept.length > 1) {
    const a = positions[kept[kept.length - 1]];
    if (a[0] !== first[0] || a[1] !== first[1]) break;
    if (!reportedDuplicate) at('duplicate_vertex', kept[kept.length - 1]);
    reportedDuplicate = true;
    kept.pop();
  }
  if (kept.length < 3) {
    at('too_few_positions', null, { distinct: kept.length });
    return false;
  }
  const crossing = firstSelfIntersection(kept.map((k) => positions[k]));
  if (crossing) {
    at('self_intersection', kept[crossing[0]], { otherVertex: kept[crossing[1]] });
    return false;
  }
  return true;
}

/**
 * The first pair of edges (by starting vertex) of a closed ring of distinct
 * consecutive vertices that touch where they should not, or null. A sweep over
 * edges sorted by their left end keeps this near-linear for ordinary rings.
 */
function firstSelfIntersection(v: number[][]): [number, number] | null {
  const n = v.length;
  let best: [number, number] | null = null;
  const consider = (i: number, j: number) => {
    const pair: [number, number] = i < j ? [i, j] : [j, i];
    if (!best || pair[0] < best[0] || (pair[0] === best[0] && pair[1] < best[1])) best = pair;
  };
  for (let i = 0; i < n; i++) {
    const a = v[(i + n - 1) % n];
    const b = v[i];
    const c = v[(i + 1) % n];
    if (isSpike(a[0], a[1], b[0], b[1], c[0], c[1])) consider((i + n - 1) % n, i);
  }
  const minX = (i: number) => Math.min(v[i][0], v[(i + 1) % n][0]);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => minX(i) - minX(j));
  for (let s = 0; s < n; s++) {
    const i = order[s];
    const [ax, ay] = v[i];
    const [bx, by] = v[(i + 1) % n];
    const maxX = Math.max(ax, bx);
    for (let u = s + 1; u < n && minX(order[u]) <= maxX; u++) {
      const j = order[u];
      if (j === (i + 1) % n || i === (j + 1) % n) continue;
      const [cx, cy] = v[j];
      const [dx, dy] = v[(j + 1) % n];
      if (Math.max(cy, dy) < Math.min(ay, by) || Math.min(cy, dy) > Math.max(ay, by)) continue;
      if (segmentsTouch(ax, ay, bx, by, cx, cy, dx, dy)) consider(i, j);
    }
  }
  return best;
}

const inside = (where: PointLocation) => where.polygon >= 0 && !where.onBoundary;
const outside = (where: PointLocation) => where.polygon < 0 && !where.onBoundary;

interface Violation {
  /** Edge of the shape being checked; where it starts is the offending vertex. */
  edge: number;
  /** Edge of the other shape that it crosses, when it does. */
  crosses?: number;
}

/**
 * The first place where polygon p of s reaches a region of t it must keep out
 * of (`bad`: t's inside, or t's outside), looking at vertices, then proper edge
 * crossings, then the stretches of each edge between t's vertices that lie on
 * it. Checking those stretches catches an edge that enters t exactly through t's
 * vertices, which neither of the first two tests sees.
 */
function firstViolation(
  s: Shape,
  p: number,
  t: Shape,
  bad: (where: PointLocation) => boolean,
): Violation | null {
  const from = s.polygonStart[p];
  const to = s.polygonStart[p + 1];
  for (let i = from; i < to; i++) {
    if (bad(t.locate(s.ax[i], s.ay[i]))) return { edge: i };
  }
  const tol = TOLERANCE;
  for (let i = from; i < to; i++) {
    const near = t.edgesNear(
      Math.min(s.ax[i], s.bx[i]) - tol,
      Math.min(s.ay[i], s.by[i]) - tol,
      Math.max(s.ax[i], s.bx[i]) + tol,
      Math.max(s.ay[i], s.by[i]) + tol,
    );
    // The crossing nearest the edge's start, which is where it first leaves (or enters).
    let crosses = -1;
    let nearest = Infinity;
    for (const j of near) {
      const at = properCrossing(s, i, t, j);
      if (at >= 0 && (at < nearest || (at === nearest && j < crosses))) [crosses, nearest] = [j, at];
    }
    if (crosses >= 0) return { edge: i, crosses };
    const dx = s.bx[i] - s.ax[i];
    const dy = s.by[i] - s.ay[i];
    const cuts = [0, 1];
    for (const j of near) {
      const [x, y] = [t.ax[j], t.ay[j]];
      if (distanceToSegment(x, y, s.ax[i], s.ay[i], s.bx[i], s.by[i]) > tol) continue;
      cuts.push(((x - s.ax[i]) * dx + (y - s.ay[i]) * dy) / (dx * dx + dy * dy));
    }
    cuts.sort((a, b) => a - b);
    for (let k = 1; k < cuts.length; k++) {
      const m = (cuts[k - 1] + cuts[k]) / 2;
      if (m > 0 && m < 1 && bad(t.locate(s.ax[i] + m * dx, s.ay[i] + m * dy))) return { edge: i };
    }
  }
  return null;
}

function whereIn(s: Shape, v: Violation, other: Shape, prefix: string): Omit<BoundaryProblem, 'code'> {
  const problem: Omit<BoundaryProblem, 'code'> = {
    polygon: s.polygon[v.edge],
    ring: s.ring[v.edge],
    vertex: s.vertex[v.edge],
  };
  if (v.crosses !== undefined) {
    problem.params = {
      [`${prefix}Polygon`]: other.polygon[v.crosses],
      [`${prefix}Ring`]: other.ring[v.crosses],
      [`${prefix}Vertex`]: other.vertex[v.crosses],
    };
  }
  return problem;
}

/** Holes must lie within their polygon's outer ring (touching it is allowed). */
function checkHoles(rings: Ring[], p: number, problems: BoundaryProblem[]): void {
  if (rings.length < 2) return;
  const shell = Shape.of([[rings[0]]]);
  for (let h = 1; h < rings.length; h++) {
    const hole = Shape.of([[rings[h]]], [h]);
    const v = firstViolation(hole, 0, shell, outside);
    const point = v ? null : hole.interiorPoint(0);
    if (v) {
      problems.push({ code: 'hole_outside_shell', polygon: p, ring: h, vertex: hole.vertex[v.edge] });
    } else if (point && outside(shell.locate(point[0], point[1]))) {
      problems.push({ code: 'hole_outside_shell', polygon: p, ring: h, vertex: null });
    }
  }
}

/** The polygons of a MultiPolygon may touch but not overlap. */
function checkParts(polygons: Ring[][], problems: BoundaryProblem[]): void {
  const shapes = Array.from(polygons, (rings) => (rings ? Shape.of([rings]) : null));
  for (let i = 0; i < shapes.length; i++) {
    for (let j = i + 1; j < shapes.length; j++) {
      const a = shapes[i];
      const b = shapes[j];
      if (!a || !b) continue;
      const found = overlap(a, b);
      if (found) {
        problems.push({
          code: 'self_intersection',
          ...found,
          polygon: i,
          params: { ...found.params, otherPolygon: j },
        });
      }
    }
  }
}

function bboxesApart(a: Shape, b: Shape): boolean {
  const t = TOLERANCE;
  return (
    a.bbox[0] > b.bbox[2] + t ||
    b.bbox[0] > a.bbox[2] + t ||
    a.bbox[1] > b.bbox[3] + t ||
    b.bbox[1] > a.bbox[3] + t
  );
}

/** Where the interiors of a and b overlap, located in a's terms; null if they only touch or are apart. */
function overlap(a: Shape, b: Shape): Omit<BoundaryProblem, 'code'> | null {
  if (bboxesApart(a, b)) return null;
  for (let p = 0; p < a.polygonCount; p++) {
    const v = firstViolation(a, p, b, inside);
    if (v) return whereIn(a, v, b, 'other');
  }
  for (let p = 0; p < b.polygonCount; p++) {
    const v = firstViolation(b, p, a, inside);
    if (!v) continue;
    if (v.crosses !== undefined) return whereIn(a, { edge: v.crosses, crosses: v.edge }, b, 'other');
    const where = a.locate(b.ax[v.edge], b.ay[v.edge]);
    return {
      polygon: Math.max(where.polygon, 0),
      ring: 0,
      vertex: null,
      params: { otherPolygon: b.polygon[v.edge], otherRing: b.ring[v.edge], otherVertex: b.vertex[v.edge] },
    };
  }
  // Neither boundary enters the other's interior: they overlap only if some polygon is the same region in both.
  for (let p = 0; p < a.polygonCount; p++) {
    const point = a.interiorPoint(p);
    if (point && inside(b.locate(point[0], point[1]))) return { polygon: p, ring: 0, vertex: null };
  }
  return null;
}

/**
 * Every part of child must lie inside parent or on its boundary (within
 * TOLERANCE). At most one problem per child polygon, naming the first vertex
 * that lies outside, else the first edge that crosses out of the parent.
 */
export function checkInsideParent(child: Boundary, parent: Boundary): BoundaryProblem[] {
  const c = Shape.of(polygonsOf(child));
  const parentPolygons = polygonsOf(parent);
  const t = Shape.of(parentPolygons);
  const problems: BoundaryProblem[] = [];
  for (let p = 0; p < c.polygonCount; p++) {
    const v = firstViolation(c, p, t, outside);
    if (v) {
      problems.push({ code: 'outside_parent', ...whereIn(c, v, t, 'parent') });
      continue;
    }
    const point = c.interiorPoint(p);
    if (point && outside(t.locate(point[0], point[1]))) {
      problems.push({ code: 'outside_parent', polygon: p, ring: 0, vertex: null });
    }
  }
  // A child whose boundary stays within the parent can still swallow one of the parent's holes.
  parentPolygons.forEach((rings, pp) => {
    for (let h = 1; h < rings.length; h++) {
      const point = Shape.of([[rings[h]]]).interiorPoint(0);
      const where = point && c.locate(point[0], point[1]);
      if (where && inside(where) && !problems.some((q) => q.polygon === where.polygon)) {
        problems.push({
          code: 'outside_parent',
          polygon: where.polygon,
          ring: 0,
          vertex: null,
          params: { parentPolygon: pp, parentRing: h },
        });
      }
    }
  });
  return problems;
}

/**
 * Sibling grids may share edges and vertices but not interior. Returns at most
 * one problem, located in a's terms; the caller adds `{ sibling: code }`.
 */
export function checkNoOverlap(a: Boundary, b: Boundary): BoundaryProblem[] {
  const found = overlap(Shape.of(polygonsOf(a)), Shape.of(polygonsOf(b)));
  return found ? [{ code: 'overlaps_sibling', ...found }] : [];
}
