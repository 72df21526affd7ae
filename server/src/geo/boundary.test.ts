import { describe, expect, it } from 'vitest';
import { checkInsideParent, checkNoOverlap, validateBoundary } from './boundary.ts';
import { lattice, square } from './fixtures.ts';
import type { Boundary, Position } from './geojson.ts';

const polygon = (...rings: Position[][]): Boundary => ({ type: 'Polygon', coordinates: rings });
const ring = (...points: Position[]): Position[] => [...points, points[0]];

describe('validateBoundary', () => {
  it('accepts a valid polygon, a polygon with a hole and a MultiPolygon whose parts touch', () => {
    expect(validateBoundary(polygon(square(114, 22, 0.01)))).toEqual([]);
    expect(validateBoundary(polygon(square(0, 0, 10), square(2, 2, 3).reverse()))).toEqual([]);
    const touching = {
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 1)], [square(1, 0, 1)], [square(2, 1, 1)]],
    };
    expect(validateBoundary(touching)).toEqual([]);
    for (const grid of lattice({ columns: 3, rows: 3, bends: 12 }))
      expect(validateBoundary(grid.boundary)).toEqual([]);
  });

  it('refuses what is not a Polygon or MultiPolygon', () => {
    for (const bad of [
      null,
      'POLYGON',
      { type: 'Point', coordinates: [1, 2] },
      { type: 'Polygon' },
      { type: 'Polygon', coordinates: [] },
    ]) {
      expect(validateBoundary(bad)).toMatchObject([{ code: 'invalid_geometry', vertex: null }]);
    }
    expect(
      validateBoundary({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], 'x', [0, 1], [0, 0]]] }),
    ).toEqual([{ code: 'invalid_geometry', polygon: 0, ring: 0, vertex: 2, params: { reason: 'position' } }]);
    expect(validateBoundary({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], 7] })).toMatchObject([
      { code: 'invalid_geometry', polygon: 1, ring: 0 },
    ]);
  });

  it('names the coordinate out of range or not a number', () => {
    expect(
      validateBoundary(
        polygon([
          [0, 0],
          [1, 0],
          [181, 1],
          [0, 1],
          [0, 0],
        ]),
      ),
    ).toEqual([
      { code: 'coordinate_out_of_range', polygon: 0, ring: 0, vertex: 2, params: { lon: '181', lat: '1' } },
    ]);
    expect(
      validateBoundary(
        polygon([
          [0, 0],
          [1, Number.NaN],
          [1, 1],
          [0, 1],
          [0, 0],
        ]),
      ),
    ).toMatchObject([{ code: 'coordinate_out_of_range', vertex: 1 }]);
    expect(
      validateBoundary(
        polygon([
          [0, 0],
          [1, 0],
          [1, -90.5],
          [0, 0],
        ]),
      ),
    ).toMatchObject([{ code: 'coordinate_out_of_range', vertex: 2 }]);
  });

  it('needs four positions per ring, and a closed ring', () => {
    expect(
      validateBoundary(
        polygon([
          [0, 0],
          [1, 0],
          [0, 0],
        ]),
      ),
    ).toEqual([{ code: 'too_few_positions', polygon: 0, ring: 0, vertex: null, params: { count: 3 } }]);
    expect(
      validateBoundary(
        polygon([
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ]),
      ),
    ).toEqual([{ code: 'ring_not_closed', polygon: 0, ring: 0, vertex: 3 }]);
  });

  it('names a repeated vertex', () => {
    expect(
      validateBoundary(
        polygon([
          [0, 0],
          [1, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ]),
      ),
    ).toEqual([{ code: 'duplicate_vertex', polygon: 0, ring: 0, vertex: 2 }]);
    expect(
      validateBoundary(
        polygon([
          [0, 0],
          [1, 0],
          [1, 0],
          [1, 0],
          [0, 0],
        ]),
      ),
    ).toEqual([
      { code: 'duplicate_vertex', polygon: 0, ring: 0, vertex: 2 },
      { code: 'too_few_positions', polygon: 0, ring: 0, vertex: null, params: { distinct: 2 } },
    ]);
  });

  it('names the two edges of a self-intersection', () => {
    // A bow tie: edge 0 crosses edge 2.
    expect(validateBoundary(polygon(ring([0, 0], [2, 2], [2, 0], [0, 2])))).toEqual([
      { code: 'self_intersection', polygon: 0, ring: 0, vertex: 0, params: { otherVertex: 2 } },
    ]);
    // Vertex 3 touches edge 0 without crossing it: touching counts too.
    expect(validateBoundary(polygon(ring([0, 0], [4, 0], [4, 4], [2, 0], [0, 4])))).toMatchObject([
      { code: 'self_intersection', vertex: 0, params: { otherVertex: 2 } },
    ]);
    // A spike: the ring doubles back along itself at vertex 2.
    expect(validateBoundary(polygon(ring([0, 0], [3, 0], [3, 3], [3, 1], [0, 3])))).toMatchObject([
      { code: 'self_intersection', vertex: 1, params: { otherVertex: 2 } },
    ]);
    // All on one line: no area at all.
    expect(validateBoundary(polygon(ring([0, 0], [1, 1], [2, 2], [3, 3])))).toMatchObject([
      { code: 'self_intersection' },
    ]);
    // In the hole (ring 1) of the second polygon, found among 60 vertices.
    const circle = Array.from(
      { length: 60 },
      (_, k): Position => [5 + 4 * Math.cos(k / 9.55), 5 + 4 * Math.sin(k / 9.55)],
    );
    const hole = ring([4, 4], [6, 6], [6, 4], [4, 6]);
    const problems = validateBoundary({
      type: 'MultiPolygon',
      coordinates: [[square(20, 20, 1)], [ring(...circle), hole]],
    });
    expect(problems).toEqual([
      { code: 'self_intersection', polygon: 1, ring: 1, vertex: 0, params: { otherVertex: 2 } },
    ]);
  });

  it('finds the nearly collinear touch exactly', () => {
    // (1, 1e-17) is above edge 0 by less than rounding would notice; exact arithmetic sees no touch.
    expect(validateBoundary(polygon(ring([0, 0], [2, 0], [2, 2], [1, 1e-17], [0, 2])))).toEqual([]);
    const [ax, ay, bx, by] = [114.0625, 22.5, 114.0703125, 22.515625];
    const onEdge = [(ax + bx) / 2, (ay + by) / 2];
    expect(
      validateBoundary(polygon(ring([ax, ay], [bx, by], [bx, 22.53], onEdge, [ax, 22.53]))),
    ).toMatchObject([{ code: 'self_intersection', vertex: 0, params: { otherVertex: 2 } }]);
  });

  it('names the vertex of a hole outside its shell', () => {
    expect(validateBoundary(polygon(square(0, 0, 10), ring([8, 8], [12, 8], [12, 9], [8, 9])))).toEqual([
      { code: 'hole_outside_shell', polygon: 0, ring: 1, vertex: 1 },
    ]);
    // Every vertex on the shell, but the hole bulges out between them.
    expect(validateBoundary(polygon(square(0, 0, 10), ring([10, 2], [10, 8], [11, 5])))).toMatchObject([
      { code: 'hole_outside_shell', ring: 1 },
    ]);
    expect(validateBoundary(polygon(square(0, 0, 10), ring([10, 2], [10, 8], [9, 5])))).toEqual([]);
  });

  it('refuses overlapping polygons in a MultiPolygon', () => {
    const problems = validateBoundary({
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 2)], [square(1, 1, 2)]],
    });
    expect(problems).toMatchObject([{ code: 'self_intersection', polygon: 0, params: { otherPolygon: 1 } }]);
  });
});

describe('checkInsideParent', () => {
  const parent = polygon(ring([0, 0], [10, 0], [10, 10], [6, 10], [6, 4], [4, 4], [4, 10], [0, 10]));

  it('accepts a child inside or sharing the parent boundary', () => {
    expect(checkInsideParent(polygon(square(1, 1, 2)), parent)).toEqual([]);
    expect(checkInsideParent(polygon(square(0, 0, 4)), parent)).toEqual([]);
    expect(checkInsideParent(polygon(ring([0, 0], [10, 0], [10, 4], [0, 4])), parent)).toEqual([]);
    // A hair outside (below the 1e-9 degree tolerance) still counts as on the boundary.
    expect(checkInsideParent(polygon(ring([-1e-10, 0], [3, 0], [3, 3], [0, 3])), parent)).toEqual([]);
  });

  it('names the first vertex outside', () => {
    expect(checkInsideParent(polygon(ring([1, 1], [3, 1], [5, 6], [1, 3])), parent)).toEqual([
      { code: 'outside_parent', polygon: 0, ring: 0, vertex: 2 },
    ]);
    expect(checkInsideParent(polygon(ring([1, 1], [3, 1], [3, 3], [-1e-6, 3])), parent)).toMatchObject([
      { vertex: 3 },
    ]);
  });

  it('finds an edge leaving the parent between two vertices inside it', () => {
    // From one arm of the U to the other, across the notch.
    expect(checkInsideParent(polygon(ring([1, 8], [9, 8], [9, 9], [1, 9])), parent)).toEqual([
      {
        code: 'outside_parent',
        polygon: 0,
        ring: 0,
        vertex: 0,
        params: { parentPolygon: 0, parentRing: 0, parentVertex: 5 },
      },
    ]);
    // Corner to corner of the notch: no proper crossing, but the edge runs outside.
    expect(checkInsideParent(polygon(ring([4, 4], [6, 4], [6, 10], [4, 10])), parent)).toMatchObject([
      { code: 'outside_parent', vertex: 2 },
    ]);
  });

  it('refuses a child in or around a hole of the parent', () => {
    const holed = polygon(square(0, 0, 10), square(4, 4, 2).reverse());
    expect(checkInsideParent(polygon(square(4, 4, 2)), holed)).toMatchObject([
      { code: 'outside_parent', vertex: null },
    ]);
    expect(checkInsideParent(polygon(square(3, 3, 4)), holed)).toMatchObject([
      { code: 'outside_parent', params: { parentPolygon: 0, parentRing: 1 } },
    ]);
    expect(checkInsideParent(polygon(square(1, 1, 2)), holed)).toEqual([]);
  });
});

describe('checkNoOverlap', () => {
  it('lets siblings share edges, stretches of edges and vertices', () => {
    expect(checkNoOverlap(polygon(square(0, 0, 1)), polygon(square(1, 0, 1)))).toEqual([]);
    expect(checkNoOverlap(polygon(square(0, 0, 1)), polygon(square(1, 1, 1)))).toEqual([]);
    expect(checkNoOverlap(polygon(square(0, 0, 2)), polygon(square(2, 0.5, 1)))).toEqual([]);
    expect(checkNoOverlap(polygon(square(0, 0, 1)), polygon(square(5, 5, 1)))).toEqual([]);
    const grids = lattice({ columns: 3, rows: 3, bends: 10 });
    for (const a of grids)
      for (const b of grids) if (a !== b) expect(checkNoOverlap(a.boundary, b.boundary)).toEqual([]);
  });

  it('refuses crossing edges, naming both', () => {
    expect(checkNoOverlap(polygon(square(0, 0, 2)), polygon(square(1, 1, 2)))).toMatchObject([
      { code: 'overlaps_sibling', polygon: 0, ring: 0 },
    ]);
    const a = polygon(ring([0, 0], [4, 0], [4, 1], [0, 1]));
    const b = polygon(ring([1, -1], [2, -1], [2, 2], [1, 2]));
    expect(checkNoOverlap(a, b)).toEqual([
      {
        code: 'overlaps_sibling',
        polygon: 0,
        ring: 0,
        vertex: 0,
        params: { otherPolygon: 0, otherRing: 0, otherVertex: 3 },
      },
    ]);
  });

  it('refuses a vertex inside the other, containment and identical shapes', () => {
    expect(
      checkNoOverlap(polygon(ring([0, 0], [2, 0], [2, 2], [1, 2.5], [0, 2])), polygon(square(0, 2, 2))),
    ).toMatchObject([{ code: 'overlaps_sibling', vertex: 3 }]);
    expect(checkNoOverlap(polygon(square(1, 1, 1)), polygon(square(0, 0, 4)))).toMatchObject([
      { code: 'overlaps_sibling' },
    ]);
    expect(checkNoOverlap(polygon(square(0, 0, 4)), polygon(square(1, 1, 1)))).toMatchObject([
      { code: 'overlaps_sibling' },
    ]);
    expect(checkNoOverlap(polygon(square(0, 0, 1)), polygon(square(0, 0, 1)))).toMatchObject([
      { code: 'overlaps_sibling', vertex: null },
    ]);
    // Half of the square, along its diagonal: every vertex on the other's boundary.
    expect(checkNoOverlap(polygon(ring([0, 0], [1, 0], [1, 1])), polygon(square(0, 0, 1)))).toMatchObject([
      { code: 'overlaps_sibling' },
    ]);
  });

  it("lets a grid fill another grid's hole", () => {
    const holed = polygon(square(0, 0, 10), square(4, 4, 2).reverse());
    expect(checkNoOverlap(holed, polygon(square(4, 4, 2)))).toEqual([]);
    expect(checkNoOverlap(polygon(square(4, 4, 2)), holed)).toEqual([]);
    expect(checkNoOverlap(holed, polygon(square(3, 3, 4)))).toMatchObject([{ code: 'overlaps_sibling' }]);
  });
});
