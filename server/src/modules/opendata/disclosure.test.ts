import { describe, expect, it } from 'vitest';
import { attack } from './disclosure.attack.ts';
import {
  type CountTable,
  cellKey,
  equationsOf,
  protect,
  protectedRate,
  recoverable,
  TOTAL,
} from './disclosure.ts';

/** A street of two communities of three grids each, four bands. */
function street(values: Record<string, number[]>): CountTable {
  const parents = new Map<string, string | null>([
    ['S', null],
    ['C1', 'S'],
    ['C2', 'S'],
  ]);
  for (const grid of Object.keys(values)) parents.set(grid, grid.startsWith('G1') ? 'C1' : 'C2');
  const bands = ['a', 'b', 'c', 'd'];
  const cell = new Map<string, number>();
  for (const [grid, counts] of Object.entries(values)) {
    counts.forEach((n, i) => {
      for (let area: string | null = grid; area; area = parents.get(area) ?? null) {
        cell.set(cellKey(area, bands[i]), (cell.get(cellKey(area, bands[i])) ?? 0) + n);
        cell.set(cellKey(area, TOTAL), (cell.get(cellKey(area, TOTAL)) ?? 0) + n);
      }
    });
  }
  return { parents, categories: bands, count: (a, c) => cell.get(cellKey(a, c)) ?? 0 };
}

function publishedOf(table: CountTable, suppressed: Map<string, unknown>) {
  const published = new Map<string, number>();
  for (const area of table.parents.keys())
    for (const c of [...table.categories, TOTAL])
      if (!suppressed.has(cellKey(area, c))) published.set(cellKey(area, c), table.count(area, c));
  return published;
}

describe('disclosure control', () => {
  const table = street({
    G11: [120, 300, 80, 3],
    G12: [110, 280, 60, 25],
    G13: [95, 310, 75, 30],
    G21: [130, 290, 7, 22],
    G22: [100, 260, 66, 18],
    G23: [105, 330, 71, 0],
  });

  it('hides every count below k, and none at or above it for its own sake', () => {
    const { suppressed } = protect(table, 10);
    expect(suppressed.get(cellKey('G11', 'd'))).toBe('primary');
    expect(suppressed.get(cellKey('G21', 'c'))).toBe('primary');
    expect(suppressed.get(cellKey('G23', 'd'))).toBe('primary');
    for (const [key, why] of suppressed) {
      const [area, c] = key.split('\u0000');
      if (why === 'primary') expect(table.count(area, c)).toBeLessThan(10);
      else expect(table.count(area, c)).toBeGreaterThanOrEqual(0);
    }
  });

  it('leaves no equation with exactly one hidden cell (row, column and parent totals)', () => {
    const { suppressed } = protect(table, 10);
    for (const eq of equationsOf(table)) expect(eq.filter((key) => suppressed.has(key)).length).not.toBe(1);
  });

  it('cannot be undone by subtracting published figures, across nested areas', () => {
    const { suppressed } = protect(table, 10);
    const published = publishedOf(table, suppressed);
    const known = attack(equationsOf(table), published);
    for (const key of suppressed.keys()) expect(known.has(key), key).toBe(false);
    expect(recoverable(equationsOf(table), suppressed)).toEqual([]);
  });

  it('the attack does recover a cell when only primary suppression is applied', () => {
    const primary = new Map<string, unknown>();
    for (const area of table.parents.keys())
      for (const c of [...table.categories, TOTAL])
        if (table.count(area, c) < 10) primary.set(cellKey(area, c), 'primary');
    const known = attack(equationsOf(table), publishedOf(table, primary));
    expect(known.get(cellKey('G11', 'd'))).toBe(3);
  });

  it('protects random tables, whatever their small cells', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 30; round++) {
      const values: Record<string, number[]> = {};
      for (const grid of ['G11', 'G12', 'G13', 'G21', 'G22', 'G23'])
        values[grid] = [0, 1, 2, 3].map(() =>
          next() < 0.2 ? Math.floor(next() * 10) : 10 + Math.floor(next() * 200),
        );
      const t = street(values);
      const { suppressed } = protect(t, 10);
      const known = attack(equationsOf(t), publishedOf(t, suppressed));
      for (const key of suppressed.keys()) expect(known.has(key), `round ${round} ${key}`).toBe(false);
      expect(recoverable(equationsOf(t), suppressed)).toEqual([]);
    }
  });

  it('withholds rates over fewer than k', () => {
    expect(protectedRate(4, 9, 10)).toBeNull();
    expect(protectedRate(9, 10, 10)).toBe(0.9);
  });
});
