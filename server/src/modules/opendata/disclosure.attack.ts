/** For the tests: the differencing attack the published tables must withstand. */

/**
 * An attacker holding every published figure: substitutes what is known into every equation and
 * every difference of two equations (a street minus a community, a grid's total minus its other
 * bands…), solves any that is left with one unknown, and repeats until nothing new is learned.
 */
export function attack(equations: string[][], published: Map<string, number>): Map<string, number> {
  const known = new Map(published);
  // Each equation as coefficients: +1 for the total, -1 per part, = 0.
  const rows = equations.map((eq) => {
    const row = new Map<string, number>();
    eq.forEach((key, i) => {
      row.set(key, (row.get(key) ?? 0) + (i === 0 ? 1 : -1));
    });
    return row;
  });
  const combos: Map<string, number>[] = [...rows];
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++) {
      const shared = [...rows[i].keys()].some((key) => rows[j].has(key));
      if (!shared) continue;
      const diff = new Map(rows[i]);
      for (const [key, c] of rows[j]) diff.set(key, (diff.get(key) ?? 0) - c);
      combos.push(diff);
    }
  for (let learned = true; learned; ) {
    learned = false;
    for (const combo of combos) {
      let rest = 0;
      const unknown: [string, number][] = [];
      for (const [key, c] of combo) {
        if (c === 0) continue;
        if (known.has(key)) rest += c * known.get(key)!;
        else unknown.push([key, c]);
      }
      if (unknown.length === 1) {
        known.set(unknown[0][0], -rest / unknown[0][1]);
        learned = true;
      }
    }
  }
  return known;
}
