import { buildTables, type LocatorGrid, type LocatorStats, type LocatorTables } from './locator.tables.ts';

export type { LocatorGrid, LocatorStats } from './locator.tables.ts';

export interface LocatorOptions {
  /** Raster cells per grid on average; more cells answer more points without a polygon test, for more memory. */
  cellsPerGrid?: number;
}

/** Below this many points sorting costs more than it saves; above BATCH_CHUNK, sort in chunks to bound memory. */
const BATCH_SORT_MIN = 20_000;
const BATCH_CHUNK = 1 << 20;

/**
 * Places points in grids with the crossing-number test (a ray from the point
 * towards +x crosses a grid's boundary an odd number of times iff the point is
 * inside), made fast by a raster of cells over the district, sized from the
 * data. Each cell is either pure (wholly inside one grid, or outside all: no
 * edge comes near it, so its centre's answer is every point's answer) or mixed
 * (described in `blob`: the candidate grids whose edges touch it, each reduced
 * to what a ray from inside the cell can cross). Most points need no polygon
 * test, and the rest read one small contiguous block: with random points, the
 * cost that counts is cache and TLB misses, not arithmetic.
 *
 * Points on a shared edge or vertex land in exactly one grid thanks to two rules:
 * - Half-open in y (an edge counts when yLow <= lat < yHigh), so a ray through
 *   a vertex counts each boundary passing through it once, and a point on a
 *   horizontal edge behaves as if slightly above it.
 * - The crossing x is computed from the edge's lower endpoint, whichever way
 *   the ring runs. Neighbours traverse a shared edge in opposite directions;
 *   computing from a fixed endpoint gives both the bit-identical xc, so
 *   `lon < xc` is true for one and false for the other, never both or neither.
 * Together they act like nudging every point a hair up and right, which puts
 * a point on an edge or a vertex shared by any number of grids into exactly one
 * of them, whatever order the grids came in. A point on the district's outer
 * edge gets the grid or null, the same every time. This holds where neighbours
 * share their edges vertex for vertex; at a T-junction (a vertex of one grid
 * lying on a neighbour's edge) a point within rounding (~1e-15°) of the edges
 * may fall in either grid or, rarely, neither. Overlapping grids (which
 * boundary validation refuses) give a point in the overlap to one of them,
 * the same one for any input order.
 */
export class Locator {
  readonly size: number;
  readonly stats: LocatorStats;
  private readonly codes: string[];
  private readonly x0: number;
  private readonly y0: number;
  private readonly invW: number;
  private readonly invH: number;
  private readonly nx: number;
  private readonly ny: number;
  /** Per cell: the grid (input index) wholly containing it, -1 for none, or -2 - o for a mixed cell described at blob[o]. */
  private readonly cells: Int32Array;
  /**
   * A mixed cell: the number of candidates to test, then the answer when none
   * claims the point (-1, or the one candidate left untested where the grids
   * cover the cell without gap). Each candidate: grid (input index);
   * 2 × flips + starting parity; m; the flip latitudes, ascending; m edges as
   * xLow, yLow, xHigh, yHigh.
   */
  private readonly blob: Float64Array;

  private constructor(t: LocatorTables) {
    this.size = t.codes.length;
    this.stats = t.stats;
    this.codes = t.codes;
    this.x0 = t.x0;
    this.y0 = t.y0;
    this.invW = t.invW;
    this.invH = t.invH;
    this.nx = t.nx;
    this.ny = t.ny;
    this.cells = t.cells;
    this.blob = t.blob;
  }

  static build(grids: LocatorGrid[], options: LocatorOptions = {}): Locator {
    return new Locator(buildTables(grids, options.cellsPerGrid ?? 32));
  }

  /** The code of the grid containing the WGS84 point, or null. */
  locate(lon: number, lat: number): string | null {
    const i = this.locateIndex(lon, lat);
    return i < 0 ? null : this.codes[i];
  }

  /**
   * locateIndex for many points: out[i] is the grid of (lons[i], lats[i]).
   * Points arriving in random order make nearly every lookup a cache and TLB
   * miss on tens of megabytes of tables; visiting them row by row of the raster
   * keeps one row's tables in cache, which is several times faster for big batches.
   */
  locateAll(lons: ArrayLike<number>, lats: ArrayLike<number>, out = new Int32Array(lons.length)): Int32Array {
    const n = lons.length;
    if (n < BATCH_SORT_MIN || this.ny < 2) {
      for (let i = 0; i < n; i++) out[i] = this.locateIndex(lons[i], lats[i]);
      return out;
    }
    const { ny, y0, invH } = this;
    const chunk = Math.min(n, BATCH_CHUNK);
    const row = new Int32Array(chunk);
    const start = new Int32Array(ny + 1);
    // The points themselves are copied into row order, so the main pass reads them sequentially too.
    const xs = new Float64Array(chunk);
    const ys = new Float64Array(chunk);
    const index = new Int32Array(chunk);
    for (let from = 0; from < n; from += chunk) {
      const size = Math.min(n, from + chunk) - from;
      start.fill(0);
      for (let k = 0; k < size; k++) {
        const r = Math.floor((lats[from + k] - y0) * invH);
        // Points outside the raster's rows are answered like any other, from bucket 0.
        row[k] = r >= 0 && r < ny ? r : 0;
        start[row[k] + 1]++;
      }
      for (let r = 0; r < ny; r++) start[r + 1] += start[r];
      for (let k = 0; k < size; k++) {
        const at = start[row[k]]++;
        xs[at] = lons[from + k];
        ys[at] = lats[from + k];
        index[at] = from + k;
      }
      for (let k = 0; k < size; k++) out[index[k]] = this.locateIndex(xs[k], ys[k]);
    }
    return out;
  }

  /** Index (into the array given to build) of the grid containing the point, or -1: the fast path for bulk work. */
  locateIndex(lon: number, lat: number): number {
    const cx = Math.floor((lon - this.x0) * this.invW);
    const cy = Math.floor((lat - this.y0) * this.invH);
    if (!(cx >= 0 && cx < this.nx && cy >= 0 && cy < this.ny)) return -1;
    const v = this.cells[cy * this.nx + cx];
    if (v >= -1) return v;
    const blob = this.blob;
    let o = -2 - v;
    const tested = blob[o];
    const fallback = blob[o + 1];
    o += 2;
    for (let k = 0; k < tested; k++) {
      const grid = blob[o];
      const flipsAndParity = blob[o + 1];
      const middle = blob[o + 2];
      o += 3;
      let inside = (flipsAndParity & 1) === 1;
      for (const end = o + (flipsAndParity >> 1); o < end; o++) {
        if (lat >= blob[o]) inside = !inside;
      }
      for (const end = o + 4 * middle; o < end; o += 4) {
        const yLow = blob[o + 1];
        const yHigh = blob[o + 3];
        if (
          yLow <= lat &&
          lat < yHigh &&
          lon < blob[o] + ((lat - yLow) * (blob[o + 2] - blob[o])) / (yHigh - yLow)
        ) {
          inside = !inside;
        }
      }
      if (inside) return grid;
    }
    return fallback;
  }
}
