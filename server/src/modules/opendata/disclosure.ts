/**
 * Statistical disclosure control for the published aggregates. A grid holds ~1,000 people, so a
 * count of 3 people aged 85+ in one grid points at neighbours. The tables here are counts by an
 * area tree (grid → community → street → district) and a flat category (age band, usage…) with a
 * total column; every area carries its total row, every parent the sum of its children.
 *
 * - Primary suppression: every count below k (including 0, so that "none" and "a few" look alike).
 * - Secondary suppression: no equation of the table (an area's total over its categories, a
 *   parent's cell over its children's) may be left with exactly one hidden cell, and no hidden
 *   cell may follow from the published ones by any combination of equations (differencing nested
 *   areas, e.g. a street minus its other communities minus the community's other grids). The
 *   second is checked exactly, by Gaussian elimination over the hidden cells.
 *
 * Not covered (documented in docs/opendata.md): bounds from non-negativity (a hidden cell is
 * known to lie between 0 and the equation's remainder, which is below k + the other hidden cells).
 */

export interface CountTable {
  /** Every area and its parent (null for the root); all levels are published together. */
  parents: ReadonlyMap<string, string | null>;
  /** The categories, without the total. */
  categories: readonly string[];
  /** The count of an area and category; `TOTAL` for the area's total. */
  count(area: string, category: string): number;
}

export const TOTAL = '*';

export const cellKey = (area: string, category: string) => `${area}\u0000${category}`;

/** The table's equations: the first cell of each is the sum of the others. */
export function equationsOf(table: CountTable): string[][] {
  const children = new Map<string, string[]>();
  for (const [area, parent] of table.parents)
    if (parent !== null && table.parents.has(parent))
      children.set(parent, [...(children.get(parent) ?? []), area]);
  const equations: string[][] = [];
  for (const area of table.parents.keys()) {
    if (table.categories.length > 1)
      equations.push([cellKey(area, TOTAL), ...table.categories.map((c) => cellKey(area, c))]);
    const kids = children.get(area);
    if (kids)
      for (const category of [...table.categories, TOTAL])
        equations.push([cellKey(area, category), ...kids.map((kid) => cellKey(kid, category))]);
  }
  return equations;
}

export interface Protection {
  /** Hidden cells: `primary` below k, `secondary` hidden to protect them. */
  suppressed: Map<string, 'primary' | 'secondary'>;
}

export function protect(table: CountTable, k: number): Protection {
  const value = new Map<string, number>();
  for (const area of table.parents.keys())
    for (const category of [...table.categories, TOTAL])
      value.set(cellKey(area, category), table.count(area, category));
  const suppressed = new Map<string, 'primary' | 'secondary'>();
  for (const [key, v] of value) if (v < k) suppressed.set(key, 'primary');
  if (suppressed.size === 0) return { suppressed };
  const equations = equationsOf(table);

  // Hide the smallest published cell of the equation (other than those already hidden).
  const hideOneMore = (equation: string[]) => {
    let best: string | null = null;
    for (const key of equation)
      if (!suppressed.has(key) && (best === null || value.get(key)! < value.get(best)!)) best = key;
    if (best !== null) suppressed.set(best, 'secondary');
    return best !== null;
  };

  for (;;) {
    let changed = false;
    for (const equation of equations) {
      const hidden = equation.filter((key) => suppressed.has(key)).length;
      if (hidden === 1) changed = hideOneMore(equation) || changed;
    }
    if (changed) continue;
    const determined = recoverable(equations, suppressed);
    if (determined.length === 0) break;
    const equation = equations.find(
      (eq) => eq.includes(determined[0]) && eq.some((key) => !suppressed.has(key)),
    );
    if (!equation || !hideOneMore(equation)) break;
  }
  return { suppressed };
}

/**
 * The hidden cells that the published ones determine: unknowns are the hidden cells, each
 * equation a linear row over them; a hidden cell is determined when it is a pivot whose reduced
 * row has no free unknown. Exported for the tests, which also attack the tables by subtraction.
 */
export function recoverable(equations: string[][], hidden: ReadonlyMap<string, unknown>): string[] {
  const unknowns = [...hidden.keys()];
  const index = new Map(unknowns.map((key, i) => [key, i]));
  const rows: number[][] = [];
  for (const equation of equations) {
    if (!equation.some((key) => index.has(key))) continue;
    const row = new Array<number>(unknowns.length).fill(0);
    equation.forEach((key, i) => {
      const at = index.get(key);
      if (at !== undefined) row[at] += i === 0 ? 1 : -1;
    });
    rows.push(row);
  }
  const pivots: { col: number; row: number[] }[] = [];
  const eps = 1e-9;
  let remaining = rows;
  for (let col = 0; col < unknowns.length; col++) {
    const at = remaining.findIndex((r) => Math.abs(r[col]) > eps);
    if (at < 0) continue;
    const pivot = remaining[at].map((x) => x / remaining[at][col]);
    remaining = remaining.filter((_, i) => i !== at);
    for (const r of remaining) {
      const f = r[col];
      if (Math.abs(f) > eps) for (let j = col; j < r.length; j++) r[j] -= f * pivot[j];
    }
    for (const p of pivots) {
      const f = p.row[col];
      if (Math.abs(f) > eps) for (let j = col; j < p.row.length; j++) p.row[j] -= f * pivot[j];
    }
    pivots.push({ col, row: pivot });
  }
  return pivots
    .filter((p) => p.row.every((x, j) => j === p.col || Math.abs(x) <= eps))
    .map((p) => unknowns[p.col]);
}

/** A rate is published only over at least k cases. */
export function protectedRate(numerator: number, denominator: number, k: number): number | null {
  if (denominator < k) return null;
  return Math.round((numerator / denominator) * 1000) / 1000;
}
