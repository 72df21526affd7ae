/**
 * Test fixtures for the geometry core: a deterministic tiling of grids that
 * share their edges vertex for vertex, like real grid boundaries do.
 */
import type { Polygon, Position } from './geojson.ts';

export interface LatticeGrid {
  code: string;
  boundary: Polygon;
}

export interface LatticeOptions {
  columns: number;
  rows: number;
  seed?: number;
  /** Extra vertices on each side of a cell (0 gives quadrilaterals). */
  bends?: number;
  /** Keep every row line at one latitude, so shared edges are horizontal. */
  flatRows?: boolean;
  origin?: [number, number];
  cell?: number;
}

/** mulberry32 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * columns × rows quadrilateral-ish grids on a jittered lattice near Shenzhen.
 * Each lattice side is bent through `bends` jittered points, computed once per
 * side, so the two grids on either side of it have the very same vertices.
 */
export function lattice(options: LatticeOptions): LatticeGrid[] {
  const { columns, rows, bends = 4, flatRows = false } = options;
  const [lon0, lat0] = options.origin ?? [114.05, 22.53];
  const size = options.cell ?? 0.003;
  const random = seededRandom(options.seed ?? 1);
  const round = (v: number) => Math.round(v * 1e7) / 1e7;
  const node: Position[][] = [];
  for (let i = 0; i <= columns; i++) {
    node.push([]);
    for (let j = 0; j <= rows; j++) {
      const inner = i > 0 && i < columns && j > 0 && j < rows;
      const jx = inner ? (random() - 0.5) * 0.4 * size : 0;
      const jy = inner && !flatRows ? (random() - 0.5) * 0.4 * size : 0;
      node[i].push([round(lon0 + i * size + jx), round(lat0 + j * size + jy)]);
    }
  }
  // The inner points of the side from a to b, in that direction.
  const sides = new Map<string, Position[]>();
  const side = (a: Position, b: Position, straight: boolean): Position[] => {
    const key = `${a}|${b}`;
    const reverse = sides.get(`${b}|${a}`);
    if (reverse) return [...reverse].reverse();
    const points: Position[] = [];
    for (let k = 1; k <= bends; k++) {
      const t = k / (bends + 1);
      const wobble = straight ? 0 : (random() - 0.5) * 0.15 * size;
      const dx = b[0] - a[0];
      const dy = b[1] - a[1];
      const length = Math.hypot(dx, dy);
      points.push([
        round(a[0] + t * dx - (wobble * dy) / length),
        round(a[1] + t * dy + (wobble * dx) / length),
      ]);
    }
    sides.set(key, points);
    return points;
  };
  const grids: LatticeGrid[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < columns; i++) {
      const [sw, se, ne, nw] = [node[i][j], node[i + 1][j], node[i + 1][j + 1], node[i][j + 1]];
      const ring: Position[] = [
        sw,
        ...side(sw, se, flatRows),
        se,
        ...side(se, ne, false),
        ne,
        ...side(ne, nw, flatRows),
        nw,
        ...side(nw, sw, false),
        sw,
      ];
      grids.push({
        code: `G${String(j).padStart(3, '0')}${String(i).padStart(3, '0')}`,
        boundary: { type: 'Polygon', coordinates: [ring] },
      });
    }
  }
  return grids;
}

export function square(x: number, y: number, size: number): Position[] {
  return [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ];
}
