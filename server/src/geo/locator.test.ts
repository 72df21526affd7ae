import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { type LatticeGrid, lattice, seededRandom, square } from './fixtures.ts';
import { type Boundary, bboxOf, polygonsOf } from './geojson.ts';
import { Locator } from './locator.ts';
import { distanceToSegment } from './shape.ts';

/** The rule the locator promises, evaluated the slow way: half-open in y, xc from the lower endpoint. */
function claims(boundary: Boundary, x: number, y: number): boolean {
  let inside = false;
  for (const ring of polygonsOf(boundary).flat()) {
    for (let k = 0; k + 1 < ring.length; k++) {
      const [a, b] = ring[k][1] < ring[k + 1][1] ? [ring[k], ring[k + 1]] : [ring[k + 1], ring[k]];
      if (!(a[1] <= y && y < b[1])) continue;
      if (x < a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1])) inside = !inside;
    }
  }
  return inside;
}

function nearAnEdge(grids: LatticeGrid[], x: number, y: number, tolerance: number): boolean {
  return grids.some((g) =>
    polygonsOf(g.boundary)
      .flat()
      .some((ring) =>
        ring.some(
          (a, k) => k > 0 && distanceToSegment(x, y, ring[k - 1][0], ring[k - 1][1], a[0], a[1]) <= tolerance,
        ),
      ),
  );
}

function allVertices(grids: LatticeGrid[]): number[][] {
  const seen = new Map<string, number[]>();
  for (const g of grids) for (const p of g.boundary.coordinates[0]) seen.set(`${p[0]},${p[1]}`, p);
  return [...seen.values()];
}

const district = lattice({ columns: 12, rows: 10, bends: 6, seed: 7 });
const [minX, minY, maxX, maxY] = district
  .map((g) => bboxOf(g.boundary))
  .reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);

describe('Locator', () => {
  it('places interior points in the grid that contains them', () => {
    const locator = Locator.build(district);
    expect(locator.size).toBe(120);
    for (const g of district) {
      const [x0, y0, x1, y1] = bboxOf(g.boundary);
      const centre: [number, number] = [(x0 + x1) / 2, (y0 + y1) / 2];
      expect(locator.locate(...centre)).toBe(g.code);
    }
  });

  it('agrees with Turf on random points away from edges', () => {
    const locator = Locator.build(district);
    const random = seededRandom(3);
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = minX - 0.002 + random() * (maxX - minX + 0.004);
      const y = minY - 0.002 + random() * (maxY - minY + 0.004);
      const turf = district.filter((g) => booleanPointInPolygon([x, y], g.boundary)).map((g) => g.code);
      const ours = locator.locate(x, y);
      if (turf.length === 1 && turf[0] === ours) continue;
      if (turf.length === 0 && ours === null) continue;
      // Disagreement is allowed only for points on an edge, where Turf answers every grid touching it.
      expect(nearAnEdge(district, x, y, 1e-12)).toBe(true);
      checked++;
    }
    expect(checked).toBeLessThan(5);
  });

  it('puts every point of a shared edge or vertex in exactly one grid, the one the rule names', () => {
    const locator = Locator.build(district);
    // Vertices and edge midpoints, each marked whether it lies on the district's outer edge.
    const uses = new Map<string, number>();
    const key = (a: number[], b: number[]) => [a, b].map(String).sort().join('|');
    for (const g of district) {
      const ring = g.boundary.coordinates[0];
      for (let k = 1; k < ring.length; k++)
        uses.set(key(ring[k - 1], ring[k]), (uses.get(key(ring[k - 1], ring[k])) ?? 0) + 1);
    }
    const outerVertices = new Set<string>();
    const points: { x: number; y: number; outer: boolean }[] = [];
    for (const g of district) {
      const ring = g.boundary.coordinates[0];
      for (let k = 1; k < ring.length; k++) {
        const outer = uses.get(key(ring[k - 1], ring[k])) === 1;
        if (outer) outerVertices.add(String(ring[k - 1])).add(String(ring[k]));
        points.push({ x: ring[k][0], y: ring[k][1], outer: false });
        points.push({ x: (ring[k - 1][0] + ring[k][0]) / 2, y: (ring[k - 1][1] + ring[k][1]) / 2, outer });
      }
    }
    let shared = 0;
    for (const { x, y, outer } of points) {
      const claimants = district.filter((g) => claims(g.boundary, x, y)).map((g) => g.code);
      if (!outer && !outerVertices.has(String([x, y]))) {
        expect(claimants).toHaveLength(1);
        shared++;
      }
      expect(claimants.length).toBeLessThanOrEqual(1);
      expect(locator.locate(x, y)).toBe(claimants[0] ?? null);
    }
    expect(shared).toBeGreaterThan(1000);
  });

  it('splits horizontal shared edges and their vertices the same way', () => {
    const flat = lattice({ columns: 6, rows: 6, bends: 3, flatRows: true, seed: 2 });
    const locator = Locator.build(flat);
    for (const [x, y] of allVertices(flat)) {
      const claimants = flat.filter((g) => claims(g.boundary, x, y)).map((g) => g.code);
      expect(locator.locate(x, y)).toBe(claimants[0] ?? null);
      expect(claimants.length).toBeLessThanOrEqual(1);
    }
    // A point on a horizontal edge belongs to the grid above it.
    const [a, b] = flat[7].boundary.coordinates[0];
    expect(a[1]).toBe(b[1]);
    expect(locator.locate((a[0] + b[0]) / 2, a[1])).toBe(flat[7].code);
  });

  it('answers the same whatever the input order and raster size', () => {
    const reference = Locator.build(district);
    const shuffled = [...district].sort(() => 0).reverse();
    const variants = [
      Locator.build(shuffled),
      Locator.build(district, { cellsPerGrid: 1 }),
      Locator.build(district, { cellsPerGrid: 100 }),
    ];
    const points = allVertices(district);
    const random = seededRandom(11);
    for (let i = 0; i < 5000; i++)
      points.push([minX + random() * (maxX - minX), minY + random() * (maxY - minY)]);
    for (const [x, y] of points) {
      const expected = reference.locate(x, y);
      for (const variant of variants) expect(variant.locate(x, y)).toBe(expected);
    }
  });

  it('respects holes and the grid filling them', () => {
    const outer = {
      code: 'ring',
      boundary: { type: 'Polygon' as const, coordinates: [square(0, 0, 10), square(3, 3, 4).reverse()] },
    };
    const inner = { code: 'core', boundary: { type: 'Polygon' as const, coordinates: [square(3, 3, 4)] } };
    const withCore = Locator.build([outer, inner]);
    const without = Locator.build([outer]);
    expect(withCore.locate(5, 5)).toBe('core');
    expect(without.locate(5, 5)).toBeNull();
    expect(withCore.locate(1, 1)).toBe('ring');
    expect(without.locate(9, 5)).toBe('ring');
    // The hole's corner and sides go to one grid only.
    for (const [x, y] of [
      [3, 3],
      [7, 7],
      [3, 5],
      [5, 3],
      [7, 5],
      [5, 7],
    ]) {
      const inRing = claims(outer.boundary, x, y);
      const inCore = claims(inner.boundary, x, y);
      expect(inRing !== inCore).toBe(true);
      expect(withCore.locate(x, y)).toBe(inRing ? 'ring' : 'core');
    }
  });

  it('handles T-junctions, where edges meet without sharing vertices', () => {
    const left = { code: 'A', boundary: { type: 'Polygon' as const, coordinates: [square(0, 0, 2)] } };
    const low = {
      code: 'B',
      boundary: {
        type: 'Polygon' as const,
        coordinates: [
          [
            [2, 0],
            [4, 0],
            [4, 1],
            [2, 1],
            [2, 0],
          ],
        ],
      },
    };
    const high = {
      code: 'C',
      boundary: {
        type: 'Polygon' as const,
        coordinates: [
          [
            [2, 1],
            [4, 1],
            [4, 2],
            [2, 2],
            [2, 1],
          ],
        ],
      },
    };
    const grids = [left, low, high];
    const locator = Locator.build(grids);
    const random = seededRandom(9);
    const points = [
      [2, 1],
      [2, 0.5],
      [2, 1.5],
      [1.999999, 1],
      [2.000001, 0.999999],
    ];
    for (let i = 0; i < 2000; i++) points.push([1.99 + random() * 0.02, 0.99 + random() * 0.02]);
    for (const [x, y] of points) {
      const claimants = grids.filter((g) => claims(g.boundary, x, y)).map((g) => g.code);
      expect(claimants).toHaveLength(1);
      expect(locator.locate(x, y)).toBe(claimants[0]);
    }
  });

  it('handles MultiPolygons', () => {
    const islands = {
      code: 'islands',
      boundary: { type: 'MultiPolygon' as const, coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] },
    };
    const between = {
      code: 'between',
      boundary: { type: 'Polygon' as const, coordinates: [square(2, 2, 2)] },
    };
    const locator = Locator.build([islands, between]);
    expect(locator.locate(0.5, 0.5)).toBe('islands');
    expect(locator.locate(5.5, 5.5)).toBe('islands');
    expect(locator.locate(3, 3)).toBe('between');
    expect(locator.locate(1.5, 1.5)).toBeNull();
  });

  it('returns null outside every grid and for nonsense input', () => {
    const locator = Locator.build(district);
    expect(locator.locate(minX - 0.01, minY)).toBeNull();
    expect(locator.locate(0, 0)).toBeNull();
    expect(locator.locate(Number.NaN, 22.55)).toBeNull();
    expect(locator.locate(Number.POSITIVE_INFINITY, 22.55)).toBeNull();
    expect(locator.locateIndex(maxX + 1, maxY + 1)).toBe(-1);
    expect(Locator.build([]).locate(114, 22)).toBeNull();
  });

  it('gives the same answers in bulk as one at a time', () => {
    const locator = Locator.build(district);
    const random = seededRandom(5);
    const n = 50_000;
    const lons = new Float64Array(n);
    const lats = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      lons[i] = minX - 0.001 + random() * (maxX - minX + 0.002);
      lats[i] = minY - 0.001 + random() * (maxY - minY + 0.002);
    }
    const bulk = locator.locateAll(lons, lats);
    for (let i = 0; i < n; i++) expect(bulk[i]).toBe(locator.locateIndex(lons[i], lats[i]));
  });
});
