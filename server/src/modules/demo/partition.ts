import type { Mesh } from './mesh.ts';
import type { Random } from './random.ts';

/**
 * Splits a connected set of cells into `count` connected, compact, roughly equal clusters:
 * a few rounds of Lloyd's algorithm where each cell goes to the centre nearest along paths
 * through the set (multi-source Dijkstra), so a cluster never jumps across a neighbour's land.
 */
export function partitionCells(mesh: Mesh, cells: number[], count: number, random: Random): number[][] {
  const k = Math.min(count, cells.length);
  if (k <= 1) return [cells.slice()];
  const { siteX, siteY, scratch: local } = mesh;
  cells.forEach((cell, i) => {
    local[cell] = i;
  });
  try {
    // Spread the first centres out (farthest-point sampling), then let Lloyd pull them inward.
    const n = cells.length;
    const centres = [Math.floor(random() * n)];
    const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    while (centres.length < k) {
      const last = cells[centres[centres.length - 1]];
      let best = 0;
      for (let i = 0; i < n; i++) {
        const d = (siteX[cells[i]] - siteX[last]) ** 2 + (siteY[cells[i]] - siteY[last]) ** 2;
        if (d < nearest[i]) nearest[i] = d;
        if (nearest[i] > nearest[best]) best = i;
      }
      centres.push(best);
    }

    let label = assignToCentres(mesh, cells, centres);
    for (let round = 0; round < 6; round++) {
      const sumX = new Float64Array(k);
      const sumY = new Float64Array(k);
      const size = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        sumX[label[i]] += siteX[cells[i]];
        sumY[label[i]] += siteY[cells[i]];
        size[label[i]]++;
      }
      const closest = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
      const moved = centres.slice();
      for (let i = 0; i < n; i++) {
        const c = label[i];
        const d = (siteX[cells[i]] - sumX[c] / size[c]) ** 2 + (siteY[cells[i]] - sumY[c] / size[c]) ** 2;
        if (d < closest[c]) {
          closest[c] = d;
          moved[c] = i;
        }
      }
      if (moved.every((centre, c) => centre === centres[c])) break;
      centres.splice(0, k, ...moved);
      label = assignToCentres(mesh, cells, centres);
    }

    const groups: number[][] = Array.from({ length: k }, () => []);
    for (let i = 0; i < n; i++) groups[label[i]].push(cells[i]);
    return groups;
  } finally {
    for (const cell of cells) local[cell] = -1;
  }
}

/**
 * Multi-source Dijkstra over the cell adjacency; a cell takes the label of the cell it was reached
 * from, so every cluster is connected to its centre.
 */
function assignToCentres(mesh: Mesh, cells: number[], centres: number[]): Int32Array {
  const { siteX, siteY, neighbours, scratch: local } = mesh;
  const n = cells.length;
  const label = new Int32Array(n).fill(-1);
  const distance = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const done = new Uint8Array(n);
  const heap = new MinHeap();
  centres.forEach((centre, c) => {
    distance[centre] = 0;
    label[centre] = c;
    heap.push(0, centre);
  });
  while (heap.size > 0) {
    const i = heap.pop();
    if (done[i]) continue;
    done[i] = 1;
    const cell = cells[i];
    for (const neighbour of neighbours[cell]) {
      const j = local[neighbour];
      if (j < 0 || done[j]) continue;
      const d = distance[i] + Math.hypot(siteX[neighbour] - siteX[cell], siteY[neighbour] - siteY[cell]);
      if (d < distance[j]) {
        distance[j] = d;
        label[j] = label[i];
        heap.push(d, j);
      }
    }
  }
  if (label.includes(-1)) throw new Error('cells to partition are not connected');
  return label;
}

class MinHeap {
  private keys: number[] = [];
  private values: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, value: number): void {
    const { keys, values } = this;
    let i = keys.length;
    keys.push(key);
    values.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      values[i] = values[parent];
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  pop(): number {
    const { keys, values } = this;
    const top = values[0];
    const lastKey = keys.pop()!;
    const lastValue = values.pop()!;
    const n = keys.length;
    if (n > 0) {
      let i = 0;
      while (true) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && keys[child + 1] < keys[child]) child++;
        if (keys[child] >= lastKey) break;
        keys[i] = keys[child];
        values[i] = values[child];
        i = child;
      }
      keys[i] = lastKey;
      values[i] = lastValue;
    }
    return top;
  }
}
