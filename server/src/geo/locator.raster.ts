/**
 * The raster under the Locator: its size, and which cells each grid's edges
 * touch. Kept apart from locator.tables.ts, which turns this into answers.
 */
import type { Flat } from './locator.tables.ts';

export interface Raster {
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

/** About cellsPerGrid cells per grid over the extent, shaped like the average grid's bounding box. */
export function rasterFor({ gridBox }: Flat, cellsPerGrid: number): Raster {
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
  // the rounding in putting a point into a cell or in computing a crossing, so a cell called pure
  // really is, and an answer never depends on which side of a cell border rounding put the point.
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

/**
 * Marks edges that two different grids both have, bit for bit. Where only such
 * edges pass, the grids tile the ground without gap, so a point in a cell that
 * none of the other candidates claims belongs to the last one.
 */
export function sharedEdges({ edges, gridEdgeStart }: Flat): Uint8Array {
  const count = edges.length / 4;
  const shared = new Uint8Array(count);
  const gridOf = new Int32Array(count);
  for (let g = 0; g + 1 < gridEdgeStart.length; g++) gridOf.fill(g, gridEdgeStart[g], gridEdgeStart[g + 1]);
  const words = new Int32Array(edges.buffer, edges.byteOffset, 2 * edges.length);
  const size = 2 ** Math.ceil(Math.log2(2 * count + 2));
  const table = new Int32Array(size).fill(-1);
  const same = (a: number, b: number) =>
    edges[4 * a] === edges[4 * b] &&
    edges[4 * a + 1] === edges[4 * b + 1] &&
    edges[4 * a + 2] === edges[4 * b + 2] &&
    edges[4 * a + 3] === edges[4 * b + 3];
  for (let e = 0; e < count; e++) {
    let h = 0x811c9dc5;
    for (let w = 8 * e; w < 8 * e + 8; w++) h = Math.imul(h ^ words[w], 0x01000193);
    let slot = (h ^ (h >>> 15)) & (size - 1);
    while (table[slot] !== -1 && !same(table[slot], e)) slot = (slot + 1) & (size - 1);
    const first = table[slot];
    if (first === -1) table[slot] = e;
    else if (gridOf[first] !== gridOf[e]) shared[first] = shared[e] = 1;
  }
  return shared;
}

export interface Touches {
  /** How many grids' edges touch each cell. */
  perCell: Int32Array;
  /** Cells touched by an edge not shared by two grids (the district's edge, holes, gaps). */
  open: Uint8Array;
  /** (cell, grid) pairs in code order of grid. */
  pairCell: Int32Array;
  pairGrid: Int32Array;
}

/** Finds the cells each grid's edges come within `margin` of, horizontal edges included. */
export function findTouches(flat: Flat, raster: Raster, shared: Uint8Array): Touches {
  const { edges, gridEdgeStart } = flat;
  const { x0, y0, cellW, cellH, nx, ny, margin, colOf, rowOf } = raster;
  const stamp = new Int32Array(nx * ny).fill(-1);
  const open = new Uint8Array(nx * ny);
  const perCell = new Int32Array(nx * ny);
  const pairCell = new GrowingArray(Int32Array);
  const pairGrid = new GrowingArray(Int32Array);
  for (let g = 0; g + 1 < gridEdgeStart.length; g++) {
    for (let e = gridEdgeStart[g]; e < gridEdgeStart[g + 1]; e++) {
      const ax = edges[4 * e];
      const ay = edges[4 * e + 1];
      const bx = edges[4 * e + 2];
      const by = edges[4 * e + 3];
      const c1 = colOf(Math.max(ax, bx) + margin);
      const r1 = rowOf(by + margin);
      for (let r = rowOf(ay - margin); r <= r1; r++) {
        for (let c = colOf(Math.min(ax, bx) - margin); c <= c1; c++) {
          const cell = r * nx + c;
          const left = x0 + c * cellW - margin;
          const bottom = y0 + r * cellH - margin;
          if (
            !segmentMeetsBox(
              ax,
              ay,
              bx,
              by,
              left,
              bottom,
              left + cellW + 2 * margin,
              bottom + cellH + 2 * margin,
            )
          ) {
            continue;
          }
          if (!shared[e]) open[cell] = 1;
          if (stamp[cell] === g) continue;
          stamp[cell] = g;
          perCell[cell]++;
          pairCell.push(cell);
          pairGrid.push(g);
        }
      }
    }
  }
  return { perCell, open, pairCell: pairCell.done(), pairGrid: pairGrid.done() };
}

/** Whether segment ab meets the box: their bounding boxes overlap and the box's corners are not all on one side. */
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

type TypedArray = Int32Array | Float64Array;

/** A typed array that grows as it is filled, for lists whose length is known only at the end. */
export class GrowingArray<T extends TypedArray> {
  data: T;
  length = 0;
  constructor(
    private readonly Type: { new (length: number): T },
    capacity = 1 << 16,
  ) {
    this.data = new Type(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) this.grow(1);
    this.data[this.length++] = v;
  }
  done(): T {
    return this.data.slice(0, this.length) as T;
  }
  private grow(atLeast: number): void {
    const bigger = new this.Type(Math.max(2 * this.data.length, this.length + atLeast));
    bigger.set(this.data as never);
    this.data = bigger;
  }
}
