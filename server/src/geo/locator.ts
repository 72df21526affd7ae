import Flatbush from 'flatbush';
import { type Boundary, polygonsOf } from './geojson.ts';

export interface LocatorGrid {
  code: string;
  boundary: Boundary;
}

export interface LocatorOptions {
  /** Raster cells per grid on average; more cells answer more points without a polygon test. */
  cellsPerGrid?: number;
}

export interface LocatorStats {
  columns: number;
  rows: number;
  /** Cells answered without any polygon test (wholly inside one grid, or outside all). */
  pureCells: number;
  mixedCells: number;
  /** Edges held by the per-row edge lists (an edge reaching several rows is held once per row). */
  rowEdges: number;
  bytes: number;
}

/**
 * Whether the ray from (x, y) towards +x crosses edge e of `edges`, which
 * holds each edge as xLow, yLow, xHigh, yHigh: lower endpoint first.
 *
 * Two rules make a point on an edge shared by two grids land in exactly one:
 * - Half-open in y (lower end included, upper excluded), so a ray through a
 *   vertex counts each boundary passing through it once, and a point on a
 *   horizontal edge behaves as if slightly above it.
 * - The crossing x is computed from the lower endpoint, whichever way the
 *   ring runs. Neighbours traverse a shared edge in opposite directions;
 *   computing from a fixed endpoint gives both the bit-identical xc, so
 *   `x < xc` is true for one and false for the other, never both or neither.
 * Together they act like nudging every point a hair up and right, which puts
 * a point on an edge or a vertex shared by any number of grids into exactly
 * one of them, whatever order the grids came in.
 *
 * Locator.locateIndex repeats this inline; the two must stay identical.
 */
function crosses(edges: Float64Array, e: number, x: number, y: number): boolean {
  const yLow = edges[e + 1];
  const yHigh = edges[e + 3];
  if (!(yLow <= y && y < yHigh)) return false;
  return x < edges[e] + ((y - yLow) * (edges[e + 2] - edges[e])) / (yHigh - yLow);
}

/** Below this many points sorting costs more than it saves; above BATCH_CHUNK, sort in chunks to bound memory. */
const BATCH_SORT_MIN = 20_000;
const BATCH_CHUNK = 1 << 20;

/** A growable Int32Array, for lists whose length is only known at the end. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
}

/** The flat arrays a Locator answers from. */
interface Tables {
  codes: string[];
  x0: number;
  y0: number;
  invW: number;
  invH: number;
  nx: number;
  ny: number;
  cells: Int32Array;
  mixed: Int32Array;
  rowEdges: Float64Array;
  stats: LocatorStats;
}

/**
 * Places points in grids. A raster of cells over the district records for each
 * cell that it lies wholly inside one grid, outside every grid, or which grids'
 * edges pass through it. Only points in the last kind of cell need a
 * crossing-number test, and it reads only that grid's edges in the cell's row,
 * stored side by side so that a test costs one or two cache misses.
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
  /** Per cell: the grid (input index) wholly containing it, -1 for no grid, or -2 - k for a mixed cell described at mixed[k]. */
  private readonly cells: Int32Array;
  /** Per mixed cell: a count, then that many candidates in code order: grid (input index), start and end in rowEdges. */
  private readonly mixed: Int32Array;
  /** Edges as xLow, yLow, xHigh, yHigh, grouped by grid and row; horizontal edges left out. */
  private readonly rowEdges: Float64Array;

  private constructor(t: Tables) {
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
    this.mixed = t.mixed;
    this.rowEdges = t.rowEdges;
  }

  static build(grids: LocatorGrid[], options: LocatorOptions = {}): Locator {
    return new Locator(buildTables(grids, options.cellsPerGrid ?? 16));
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
    const sorted = new Int32Array(chunk);
    const start = new Int32Array(ny + 1);
    for (let from = 0; from < n; from += chunk) {
      const to = Math.min(n, from + chunk);
      start.fill(0);
      for (let i = from; i < to; i++) {
        const r = Math.floor((lats[i] - y0) * invH);
        // Points outside the raster's rows are answered in the pass below like any other.
        row[i - from] = r >= 0 && r < ny ? r : 0;
        start[row[i - from] + 1]++;
      }
      for (let r = 0; r < ny; r++) start[r + 1] += start[r];
      for (let i = from; i < to; i++) sorted[start[row[i - from]]++] = i;
      for (let k = 0; k < to - from; k++) {
        const i = sorted[k];
        out[i] = this.locateIndex(lons[i], lats[i]);
      }
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
    const mixed = this.mixed;
    const edges = this.rowEdges;
    for (let k = -1 - v, end = k + 3 * mixed[k - 1]; k < end; k += 3) {
      let inside = false;
      for (let e = mixed[k + 1], last = mixed[k + 2]; e < last; e += 4) {
        // `crosses`, inlined by hand.
        const yLow = edges[e + 1];
        const yHigh = edges[e + 3];
        if (
          yLow <= lat &&
          lat < yHigh &&
          lon < edges[e] + ((lat - yLow) * (edges[e + 2] - edges[e])) / (yHigh - yLow)
        ) {
          inside = !inside;
        }
      }
      if (inside) return mixed[k];
    }
    return -1;
  }
}

/** Code order independent of locale, so every instance sorts alike. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether segment ab meets the box: its bounding box does, and the box's corners are not all on one side. */
function segmentMeetsBox(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  left: number,
  bottom: number,
  right: number,
  top: number,
): boolean {
  if (
    Math.max(ax, bx) < left ||
    Math.min(ax, bx) > right ||
    Math.max(ay, by) < bottom ||
    Math.min(ay, by) > top
  ) {
    return false;
  }
  const dx = bx - ax;
  const dy = by - ay;
  const s1 = Math.sign(dx * (bottom - ay) - dy * (left - ax));
  const s2 = Math.sign(dx * (bottom - ay) - dy * (right - ax));
  const s3 = Math.sign(dx * (top - ay) - dy * (left - ax));
  const s4 = Math.sign(dx * (top - ay) - dy * (right - ax));
  return !(s1 === s2 && s2 === s3 && s3 === s4 && s1 !== 0);
}

interface Flat {
  /** order[g] is the input index of the g-th grid in code order. */
  order: number[];
  /** Every edge (zero-length ones dropped) as xLow, yLow, xHigh, yHigh; grid g owns edges gridEdgeStart[g] .. gridEdgeStart[g + 1]. */
  edges: Float64Array;
  gridEdgeStart: Int32Array;
  /** minX, minY, maxX, maxY per grid (minX > maxX for a grid without rings). */
  gridBox: Float64Array;
}

interface Raster {
  x0: number;
  y0: number;
  cellW: number;
  cellH: number;
  nx: number;
  ny: number;
  margin: number;
  colOf: (x: number) => number;
  rowOf: (y: number) => number;
}

function buildTables(grids: LocatorGrid[], cellsPerGrid: number): Tables {
  const codes = grids.map((g) => g.code);
  // Code order, so that even overlapping (invalid) grids resolve the same way whatever the input order.
  const order = grids.map((_, i) => i).sort((a, b) => compare(codes[a], codes[b]) || a - b);
  const flat = flatten(grids, order);
  const raster = rasterFor(flat, cellsPerGrid);
  const rows = buildRowLists(flat, raster);
  const { cells, perCell, mixed, mixedCells } = markCells(flat, raster, rows);
  classifyPureCells(flat, raster, cells, perCell);
  const { nx, ny } = raster;
  return {
    codes,
    x0: raster.x0,
    y0: raster.y0,
    invW: 1 / raster.cellW,
    invH: 1 / raster.cellH,
    nx,
    ny,
    cells,
    mixed,
    rowEdges: rows.rowEdges,
    stats: {
      columns: nx,
      rows: ny,
      pureCells: cells.length - mixedCells,
      mixedCells,
      rowEdges: rows.rowEdges.length / 4,
      bytes: [cells, mixed, rows.rowEdges].reduce((sum, a) => sum + a.byteLength, 0),
    },
  };
}

function flatten(grids: LocatorGrid[], order: number[]): Flat {
  const n = order.length;
  const edges: number[] = [];
  const gridEdgeStart = new Int32Array(n + 1);
  const gridBox = new Float64Array(4 * n);
  order.forEach((input, g) => {
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const polygon of polygonsOf(grids[input].boundary)) {
      for (const ring of polygon) {
        if (ring.length < 3) continue;
        for (let k = 0; k < ring.length; k++) {
          const [ax, ay] = ring[k];
          const [bx, by] = ring[(k + 1) % ring.length];
          box[0] = Math.min(box[0], ax);
          box[1] = Math.min(box[1], ay);
          box[2] = Math.max(box[2], ax);
          box[3] = Math.max(box[3], ay);
          if (ax === bx && ay === by) continue;
          if (ay < by || (ay === by && ax < bx)) edges.push(ax, ay, bx, by);
          else edges.push(bx, by, ax, ay);
        }
      }
    }
    gridEdgeStart[g + 1] = edges.length / 4;
    gridBox.set(box, 4 * g);
  });
  return { order, edges: Float64Array.from(edges), gridEdgeStart, gridBox };
}

/** About cellsPerGrid cells per grid over the extent, shaped like the average grid's bounding box. */
function rasterFor({ gridBox }: Flat, cellsPerGrid: number): Raster {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  let sumW = 0;
  let sumH = 0;
  let grids = 0;
  for (let g = 0; 4 * g < gridBox.length; g++) {
    const [bx0, by0, bx1, by1] = gridBox.subarray(4 * g, 4 * g + 4);
    if (!(bx0 <= bx1)) continue;
    [minX, minY, maxX, maxY] = [
      Math.min(minX, bx0),
      Math.min(minY, by0),
      Math.max(maxX, bx1),
      Math.max(maxY, by1),
    ];
    sumW += bx1 - bx0;
    sumH += by1 - by0;
    grids++;
  }
  if (grids === 0) [minX, minY, maxX, maxY] = [0, 0, 1, 1];
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const aspect = sumW > 0 && sumH > 0 ? sumW / sumH : 1;
  const target = Math.min(Math.max(grids, 1) * cellsPerGrid, 1 << 26);
  const side = Math.sqrt((spanX * spanY) / (aspect * target));
  const nx = grids === 0 ? 0 : Math.max(1, Math.ceil(spanX / (aspect * side)));
  const ny = grids === 0 ? 0 : Math.max(1, Math.ceil(spanY / side));
  // A cell counts as touched by an edge that comes within `margin` of it. That is far more than
  // the rounding in putting a point into a cell or in computing xc, so a cell called pure really
  // is, and a point's answer never depends on which side of a cell border rounding put it.
  const maxAbs = Math.max(Math.abs(minX), Math.abs(minY), Math.abs(maxX), Math.abs(maxY));
  const margin = Math.max(spanX / Math.max(nx, 1), spanY / Math.max(ny, 1)) * 1e-6 + maxAbs * 1e-13;
  const x0 = minX - margin;
  const y0 = minY - margin;
  const cellW = (spanX + 2 * margin) / Math.max(nx, 1);
  const cellH = (spanY + 2 * margin) / Math.max(ny, 1);
  return {
    x0,
    y0,
    cellW,
    cellH,
    nx,
    ny,
    margin,
    colOf: (x) => Math.min(nx - 1, Math.max(0, Math.floor((x - x0) / cellW))),
    rowOf: (y) => Math.min(ny - 1, Math.max(0, Math.floor((y - y0) / cellH))),
  };
}

interface RowLists {
  rowEdges: Float64Array;
  /** List l holds rowEdges[listStart[l] .. listStart[l + 1]) (offsets in numbers, 4 per edge). */
  listStart: Int32Array;
  /** The list of grid g for row r is listOf[listBase[g] + r - gridRow0[g]]. */
  listOf: Int32Array;
  listBase: Int32Array;
  gridRow0: Int32Array;
}

/**
 * For each grid and each row it spans, a copy of its non-horizontal edges
 * reaching that row (within the margin), sorted by right end, rightmost first.
 * Lists are laid out row by row, so the candidates of one cell sit near each
 * other in memory: with random points, memory latency is the cost that counts.
 */
function buildRowLists(flat: Flat, { rowOf, margin, ny }: Raster): RowLists {
  const { order, edges, gridEdgeStart, gridBox } = flat;
  const n = order.length;
  const gridRow0 = new Int32Array(n);
  const listBase = new Int32Array(n + 1);
  const perRow = new Int32Array(ny + 1);
  for (let g = 0; g < n; g++) {
    const empty = !(gridBox[4 * g] <= gridBox[4 * g + 2]);
    gridRow0[g] = empty ? 0 : rowOf(gridBox[4 * g + 1] - margin);
    const rows = empty ? 0 : rowOf(gridBox[4 * g + 3] + margin) - gridRow0[g] + 1;
    listBase[g + 1] = listBase[g] + rows;
    for (let r = gridRow0[g]; r < gridRow0[g] + rows; r++) perRow[r + 1]++;
  }
  for (let r = 0; r < ny; r++) perRow[r + 1] += perRow[r];
  // Within a row, lists follow the grids from west to east.
  const listOf = new Int32Array(listBase[n]);
  const byWest = Int32Array.from(order.keys()).sort((a, b) => gridBox[4 * a] - gridBox[4 * b] || a - b);
  for (const g of byWest) {
    for (let i = listBase[g]; i < listBase[g + 1]; i++) listOf[i] = perRow[gridRow0[g] + i - listBase[g]]++;
  }

  const listCount = listBase[n];
  const listStart = new Int32Array(listCount + 1);
  const forEachEdgeRow = (g: number, visit: (list: number, e: number) => void) => {
    for (let e = 4 * gridEdgeStart[g]; e < 4 * gridEdgeStart[g + 1]; e += 4) {
      if (edges[e + 1] === edges[e + 3]) continue;
      const last = rowOf(edges[e + 3] + margin);
      for (let r = rowOf(edges[e + 1] - margin); r <= last; r++)
        visit(listOf[listBase[g] + r - gridRow0[g]], e);
    }
  };
  for (let g = 0; g < n; g++) forEachEdgeRow(g, (list) => listStart[list + 1]++);
  for (let l = 0; l < listCount; l++) listStart[l + 1] += listStart[l];
  const members = new Int32Array(listStart[listCount]);
  const next = listStart.slice(0, listCount);
  for (let g = 0; g < n; g++) {
    forEachEdgeRow(g, (list, e) => {
      members[next[list]++] = e;
    });
  }
  const rightEnd = (e: number) => Math.max(edges[e], edges[e + 2]);
  const rowEdges = new Float64Array(4 * members.length);
  for (let l = 0; l < listCount; l++) {
    const list = members.subarray(listStart[l], listStart[l + 1]);
    list.sort((a, b) => rightEnd(b) - rightEnd(a));
    for (let i = 0; i < list.length; i++)
      rowEdges.set(edges.subarray(list[i], list[i] + 4), 4 * (listStart[l] + i));
  }
  for (let l = 0; l <= listCount; l++) listStart[l] *= 4;
  return { rowEdges, listStart, listOf, listBase, gridRow0 };
}

/**
 * Finds the cells each grid's edges touch (horizontal edges too) and gives
 * each such cell its candidates: for every grid touching it, the part of the
 * grid's row list that reaches the cell or lies east of it (an edge wholly
 * west of the cell cannot cross a ray going east from a point in it).
 */
function markCells(flat: Flat, raster: Raster, rows: RowLists) {
  const { order, edges, gridEdgeStart } = flat;
  const { x0, y0, cellW, cellH, nx, ny, margin, colOf, rowOf } = raster;
  const { rowEdges, listStart } = rows;
  const cellCount = nx * ny;
  const stamp = new Int32Array(cellCount).fill(-1);
  const pairCell = new IntList();
  const pairList = new IntList();
  const pairGrid = new IntList();
  for (let g = 0; g < order.length; g++) {
    for (let e = 4 * gridEdgeStart[g]; e < 4 * gridEdgeStart[g + 1]; e += 4) {
      const [ax, ay, bx, by] = edges.subarray(e, e + 4);
      const c1 = colOf(Math.max(ax, bx) + margin);
      const r1 = rowOf(by + margin);
      for (let r = rowOf(ay - margin); r <= r1; r++) {
        for (let c = colOf(Math.min(ax, bx) - margin); c <= c1; c++) {
          const cell = r * nx + c;
          if (stamp[cell] === g) continue;
          const left = x0 + c * cellW - margin;
          const bottom = y0 + r * cellH - margin;
          const right = left + cellW + 2 * margin;
          if (!segmentMeetsBox(ax, ay, bx, by, left, bottom, right, bottom + cellH + 2 * margin)) continue;
          stamp[cell] = g;
          pairCell.push(cell);
          pairList.push(rows.listOf[rows.listBase[g] + r - rows.gridRow0[g]]);
          pairGrid.push(order[g]);
        }
      }
    }
  }
  // Each mixed cell's candidates sit in `mixed` as [count, (grid, start, end) × count]; a stable
  // counting sort by cell keeps them in code order.
  const cells = new Int32Array(cellCount);
  const perCell = new Int32Array(cellCount);
  for (let k = 0; k < pairCell.length; k++) perCell[pairCell.data[k]]++;
  const slot = new Int32Array(cellCount);
  let size = 0;
  let mixedCells = 0;
  for (let c = 0; c < cellCount; c++) {
    if (perCell[c] === 0) continue;
    cells[c] = -2 - size;
    slot[c] = size + 1;
    size += 1 + 3 * perCell[c];
    mixedCells++;
  }
  const mixed = new Int32Array(size);
  for (let k = 0; k < pairCell.length; k++) {
    const cell = pairCell.data[k];
    const list = pairList.data[k];
    const at = slot[cell];
    const west = x0 + (cell % nx) * cellW - margin;
    let end = listStart[list];
    while (end < listStart[list + 1] && Math.max(rowEdges[end], rowEdges[end + 2]) >= west) end += 4;
    mixed[-2 - cells[cell]]++;
    mixed[at] = pairGrid.data[k];
    mixed[at + 1] = listStart[list];
    mixed[at + 2] = end;
    slot[cell] += 3;
  }
  return { cells, perCell, mixed, mixedCells };
}

/**
 * Gives each untouched cell the grid containing its centre, or -1. Neighbouring
 * untouched cells in a row share a side no edge comes near, so they share the
 * answer and one test serves the whole run.
 */
function classifyPureCells(flat: Flat, raster: Raster, cells: Int32Array, perCell: Int32Array): void {
  const { order, edges, gridEdgeStart, gridBox } = flat;
  const { x0, y0, cellW, cellH, nx, ny } = raster;
  const n = order.length;
  if (n === 0) return;
  const boxes = new Flatbush(n);
  for (let g = 0; g < n; g++)
    boxes.add(gridBox[4 * g], gridBox[4 * g + 1], gridBox[4 * g + 2], gridBox[4 * g + 3]);
  boxes.finish();
  const inside = (g: number, x: number, y: number) => {
    let odd = false;
    for (let e = 4 * gridEdgeStart[g]; e < 4 * gridEdgeStart[g + 1]; e += 4)
      if (crosses(edges, e, x, y)) odd = !odd;
    return odd;
  };
  for (let r = 0; r < ny; r++) {
    for (let c = 0; c < nx; c++) {
      const cell = r * nx + c;
      if (perCell[cell] > 0) continue;
      if (c > 0 && perCell[cell - 1] === 0) {
        cells[cell] = cells[cell - 1];
        continue;
      }
      const x = x0 + (c + 0.5) * cellW;
      const y = y0 + (r + 0.5) * cellH;
      let first = n;
      for (const g of boxes.search(x, y, x, y)) if (g < first && inside(g, x, y)) first = g;
      cells[cell] = first < n ? order[first] : -1;
    }
  }
}
