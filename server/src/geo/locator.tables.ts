import Flatbush from 'flatbush';
import { type Boundary, polygonsOf } from './geojson.ts';
import {
  findTouches,
  GrowingArray,
  type Raster,
  rasterFor,
  sharedEdges,
  type Touches,
} from './locator.raster.ts';

export interface LocatorGrid {
  code: string;
  boundary: Boundary;
}

export interface LocatorStats {
  columns: number;
  rows: number;
  /** Cells answered without any polygon test (wholly inside one grid, or outside all). */
  pureCells: number;
  mixedCells: number;
  /** Mixed cells lying wholly within the union of the grids, where the last candidate needs no test. */
  closedCells: number;
  bytes: number;
}

/** What a Locator answers from; see Locator for the layout of `cells` and `blob`. */
export interface LocatorTables {
  codes: string[];
  x0: number;
  y0: number;
  invW: number;
  invH: number;
  nx: number;
  ny: number;
  cells: Int32Array;
  blob: Float64Array;
  stats: LocatorStats;
}

/**
 * The crossing test every answer rests on (Locator.locateIndex inlines it,
 * and the two must stay identical; its comment says why it is written so).
 * `edges` holds each edge as xLow, yLow, xHigh, yHigh: lower endpoint first.
 */
function crosses(edges: Float64Array, e: number, x: number, y: number): boolean {
  const yLow = edges[e + 1];
  const yHigh = edges[e + 3];
  if (!(yLow <= y && y < yHigh)) return false;
  return x < edges[e] + ((y - yLow) * (edges[e + 2] - edges[e])) / (yHigh - yLow);
}

export interface Flat {
  /** order[g] is the input index of the g-th grid in code order. */
  order: number[];
  /** Every edge (zero-length ones dropped) as xLow, yLow, xHigh, yHigh. */
  edges: Float64Array;
  /** Grid g owns edges gridEdgeStart[g] .. gridEdgeStart[g + 1]. */
  gridEdgeStart: Int32Array;
  /** minX, minY, maxX, maxY per grid (minX > maxX for a grid without rings). */
  gridBox: Float64Array;
}

export function buildTables(grids: LocatorGrid[], cellsPerGrid: number): LocatorTables {
  const codes = grids.map((g) => g.code);
  // Code order, so that even overlapping (invalid) grids resolve the same way whatever the input order.
  const order = grids
    .map((_, i) => i)
    .sort((a, b) => (codes[a] < codes[b] ? -1 : codes[a] > codes[b] ? 1 : a - b));
  const flat = flatten(grids, order);
  const raster = rasterFor(flat, cellsPerGrid);
  const touches = findTouches(flat, raster, sharedEdges(flat));
  const cells = new Int32Array(raster.nx * raster.ny);
  const { blob, mixedCells, closedCells } = describeMixedCells(flat, raster, touches, cells);
  classifyPureCells(flat, raster, touches.perCell, cells);
  return {
    codes,
    x0: raster.x0,
    y0: raster.y0,
    invW: 1 / raster.cellW,
    invH: 1 / raster.cellH,
    nx: raster.nx,
    ny: raster.ny,
    cells,
    blob,
    stats: {
      columns: raster.nx,
      rows: raster.ny,
      pureCells: cells.length - mixedCells,
      mixedCells,
      closedCells,
      bytes: cells.byteLength + blob.byteLength,
    },
  };
}

function flatten(grids: LocatorGrid[], order: number[]): Flat {
  const n = order.length;
  let capacity = 0;
  for (const grid of grids)
    for (const polygon of polygonsOf(grid.boundary)) for (const ring of polygon) capacity += ring.length;
  const edges = new Float64Array(4 * capacity);
  let count = 0;
  const gridEdgeStart = new Int32Array(n + 1);
  const gridBox = new Float64Array(4 * n);
  for (let g = 0; g < n; g++) {
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const polygon of polygonsOf(grids[order[g]].boundary)) {
      for (const ring of polygon) {
        if (ring.length < 3) continue;
        for (let k = 0; k < ring.length; k++) {
          const a = ring[k];
          const b = ring[k + 1 < ring.length ? k + 1 : 0];
          const [ax, ay, bx, by] = [a[0], a[1], b[0], b[1]];
          if (ax < minX) minX = ax;
          if (ax > maxX) maxX = ax;
          if (ay < minY) minY = ay;
          if (ay > maxY) maxY = ay;
          if (ax === bx && ay === by) continue;
          const lowFirst = ay < by || (ay === by && ax < bx);
          edges[4 * count] = lowFirst ? ax : bx;
          edges[4 * count + 1] = lowFirst ? ay : by;
          edges[4 * count + 2] = lowFirst ? bx : ax;
          edges[4 * count + 3] = lowFirst ? by : ay;
          count++;
        }
      }
    }
    gridEdgeStart[g + 1] = count;
    gridBox[4 * g] = minX;
    gridBox[4 * g + 1] = minY;
    gridBox[4 * g + 2] = maxX;
    gridBox[4 * g + 3] = maxY;
  }
  return { order, edges: edges.slice(0, 4 * count), gridEdgeStart, gridBox };
}

/**
 * Writes each mixed cell's description into the blob and points the cell at
 * it. For a candidate grid, only its edges in the cell's row can cross a ray
 * from a point in the cell; of those, edges wholly west of the cell never do,
 * and edges wholly east of it always do when the point's latitude is within
 * their span, so they reduce to a starting parity and a few latitudes where it
 * flips. Only edges overlapping the cell's columns are kept whole.
 */
function describeMixedCells(flat: Flat, raster: Raster, touches: Touches, cells: Int32Array) {
  const { order, edges, gridEdgeStart } = flat;
  const { x0, y0, cellW, cellH, nx, margin } = raster;
  const { perCell, open, pairCell, pairGrid } = touches;
  // The touching grids of each cell, in code order (a stable counting sort of the pairs).
  const first = new Int32Array(perCell.length + 1);
  for (let c = 0; c < perCell.length; c++) first[c + 1] = first[c] + perCell[c];
  const byCell = new Int32Array(pairCell.length);
  const fill = first.slice(0, perCell.length);
  for (let k = 0; k < pairCell.length; k++) byCell[fill[pairCell[k]]++] = pairGrid[k];

  const blob = new GrowingArray(Float64Array, 12 * pairCell.length);
  let mixedCells = 0;
  let closedCells = 0;
  let mostEdges = 0;
  let mostCandidates = 0;
  for (let g = 0; g + 1 < gridEdgeStart.length; g++)
    mostEdges = Math.max(mostEdges, gridEdgeStart[g + 1] - gridEdgeStart[g]);
  for (let c = 0; c < perCell.length; c++) mostCandidates = Math.max(mostCandidates, perCell[c]);
  // Each edge adds at most two flips or one middle edge, so these never overflow.
  const flips = new Float64Array(2 * mostEdges);
  const middle = new Float64Array(4 * mostEdges);
  const scratch = new Float64Array(mostCandidates * (3 + 6 * mostEdges));
  const start = new Int32Array(mostCandidates + 1);
  const byCost = new Int32Array(mostCandidates);
  for (let cell = 0; cell < perCell.length; cell++) {
    const count = perCell[cell];
    if (count === 0) continue;
    mixedCells++;
    const west = x0 + (cell % nx) * cellW - margin;
    const east = west + cellW + 2 * margin;
    const low = y0 + ((cell - (cell % nx)) / nx) * cellH - margin;
    const high = low + cellH + 2 * margin;
    for (let j = 0; j < count; j++) {
      const g = byCell[first[cell] + j];
      let parity = 0;
      let flipCount = 0;
      let middleCount = 0;
      for (let e = 4 * gridEdgeStart[g]; e < 4 * gridEdgeStart[g + 1]; e += 4) {
        const yLow = edges[e + 1];
        const yHigh = edges[e + 3];
        if (yLow === yHigh || yHigh < low || yLow > high) continue;
        if (Math.max(edges[e], edges[e + 2]) < west) continue;
        if (Math.min(edges[e], edges[e + 2]) > east) {
          // Counted when yLow <= lat < yHigh, i.e. (lat >= yLow) xor (lat >= yHigh).
          if (yLow <= low) parity ^= 1;
          else if (yLow <= high) flipCount = addFlip(flips, flipCount, yLow);
          if (yHigh <= low) parity ^= 1;
          else if (yHigh <= high) flipCount = addFlip(flips, flipCount, yHigh);
        } else {
          for (let i = 0; i < 4; i++) middle[4 * middleCount + i] = edges[e + i];
          middleCount++;
        }
      }
      let at = start[j];
      scratch[at++] = order[g];
      scratch[at++] = 2 * flipCount + parity;
      scratch[at++] = middleCount;
      for (let i = 0; i < flipCount; i++) scratch[at++] = flips[i];
      for (let i = 0; i < 4 * middleCount; i++) scratch[at++] = middle[i];
      start[j + 1] = at;
      // Insertion sort by size; equal sizes stay in code order.
      let slot = j;
      while (slot > 0 && start[byCost[slot - 1] + 1] - start[byCost[slot - 1]] > at - start[j]) {
        byCost[slot] = byCost[slot - 1];
        slot--;
      }
      byCost[slot] = j;
    }
    // Cheapest tests first. Where the grids cover the cell without gap, the most expensive
    // candidate is not tested at all: it is the answer when no other candidate claims the point.
    const closed = !open[cell];
    if (closed) closedCells++;
    const tested = closed ? count - 1 : count;
    cells[cell] = -2 - blob.length;
    blob.push(tested);
    blob.push(closed ? scratch[start[byCost[count - 1]]] : -1);
    for (let k = 0; k < tested; k++) {
      for (let i = start[byCost[k]]; i < start[byCost[k] + 1]; i++) blob.push(scratch[i]);
    }
  }
  return { blob: blob.done(), mixedCells, closedCells };
}

/**
 * Gives each untouched cell the grid containing its centre, or -1. Neighbouring
 * untouched cells in a row share a side no edge comes near, so they share the
 * answer and one test serves the whole run.
 */
function classifyPureCells(flat: Flat, raster: Raster, perCell: Int32Array, cells: Int32Array): void {
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
      let found = n;
      for (const g of boxes.search(x, y, x, y)) if (g < found && inside(g, x, y)) found = g;
      cells[cell] = found < n ? order[found] : -1;
    }
  }
}

/**
 * Adds latitude t to the sorted set of flips, or removes it if present: a
 * latitude flipped twice (two east edges meeting at a vertex) flips nothing.
 */
function addFlip(flips: Float64Array, count: number, t: number): number {
  let i = 0;
  while (i < count && flips[i] < t) i++;
  if (i < count && flips[i] === t) {
    flips.copyWithin(i, i + 1, count);
    return count - 1;
  }
  flips.copyWithin(i + 1, i, count);
  flips[i] = t;
  return count + 1;
}
