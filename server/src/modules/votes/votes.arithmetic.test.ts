import { describe, expect, it } from 'vitest';
import {
  atLeast,
  type Choice,
  decideOwners,
  decideSimple,
  formatArea,
  moreThan,
  tallyOwners,
  UNOWNED,
  unitsOf,
} from './votes.arithmetic.ts';

/** `n` units of area `a` each (hundredths), keys u0…; choices for the first ones in order. */
function units(areas: number[]) {
  return areas.map((a, i) => ({ key: `u${i}`, area: BigInt(a) }));
}
function choose(list: (Choice | null)[]) {
  const m = new Map<string, Choice>();
  list.forEach((c, i) => {
    if (c) m.set(`u${i}`, c);
  });
  return m;
}

describe('exact fractions by cross-multiplication', () => {
  it('2/3 at, just below and just above', () => {
    expect(atLeast(2n, 3n, 2n, 3n)).toBe(true);
    expect(atLeast(199_999n, 300_000n, 2n, 3n)).toBe(false);
    expect(atLeast(200_000n, 300_000n, 2n, 3n)).toBe(true);
    expect(atLeast(200_001n, 300_001n, 2n, 3n)).toBe(true);
    expect(atLeast(200_000n, 300_001n, 2n, 3n)).toBe(false);
  });
  it('more than half excludes exactly half', () => {
    expect(moreThan(5n, 10n, 1n, 2n)).toBe(false);
    expect(moreThan(6n, 10n, 1n, 2n)).toBe(true);
    expect(moreThan(5_000_001n, 10_000_000n, 1n, 2n)).toBe(true);
  });
  it('3/4 at and just below', () => {
    expect(atLeast(3n, 4n, 3n, 4n)).toBe(true);
    expect(atLeast(299_999n, 400_000n, 3n, 4n)).toBe(false);
  });
  it('holds for areas far beyond float precision', () => {
    const whole = 3n * 10n ** 30n + 3n;
    expect(atLeast(2n * 10n ** 30n + 2n, whole, 2n, 3n)).toBe(true);
    expect(atLeast(2n * 10n ** 30n + 1n, whole, 2n, 3n)).toBe(false);
  });
});

describe('voting units (人数 under the 2009 interpretation, art. 9)', () => {
  it('co-owners of a house are one unit; one owner of several houses is one unit; unowned houses one', () => {
    const u = unitsOf([
      { houseId: 'h1', floorArea: 8950, ownerIds: ['a', 'b'] },
      { houseId: 'h2', floorArea: 10000, ownerIds: ['c'] },
      { houseId: 'h3', floorArea: 6000, ownerIds: ['c'] },
      { houseId: 'h4', floorArea: 7000, ownerIds: ['b', 'a'] },
      { houseId: 'h5', floorArea: 5000, ownerIds: [] },
      { houseId: 'h6', floorArea: 5001, ownerIds: [] },
    ]);
    expect(u.map((x) => [x.key, x.houseIds, x.area])).toEqual([
      ['a,b', ['h1', 'h4'], 15950n],
      ['c', ['h2', 'h3'], 16000n],
      [UNOWNED, ['h5', 'h6'], 10001n],
    ]);
  });
  it('an unowned unit counts in both denominators but never takes part', () => {
    const t = tallyOwners(
      [
        { key: 'x', area: 100n },
        { key: UNOWNED, area: 50n },
      ],
      new Map<string, Choice>([
        ['x', 'yes'],
        [UNOWNED, 'yes'],
      ]),
    );
    expect(t.total).toEqual({ area: 150n, heads: 2n });
    expect(t.participating).toEqual({ area: 100n, heads: 1n });
  });
});

describe('art. 278: participation (≥ 2/3 of area AND of heads)', () => {
  // Three units of 1.00 m² each: 2 of 3 take part = exactly 2/3.
  it('exactly 2/3 of both takes part', () => {
    const d = decideOwners('ordinary', tallyOwners(units([100, 100, 100]), choose(['yes', 'yes', null])));
    expect([d.quorumArea, d.quorumHeads, d.outcome]).toEqual([true, true, 'passed']);
  });
  it('area fails alone: 2 of 3 heads but 1 hundredth short of 2/3 of the area', () => {
    // total 30000; the two voters hold 19999 < 20000.
    const d = decideOwners(
      'ordinary',
      tallyOwners(units([10000, 9999, 10001]), choose(['yes', 'yes', null])),
    );
    expect([d.quorumArea, d.quorumHeads, d.outcome]).toEqual([false, true, 'no_quorum']);
  });
  it('heads fail alone: a big owner holds the area but is 1 of 2 heads', () => {
    const d = decideOwners('ordinary', tallyOwners(units([90000, 10000]), choose(['yes', null])));
    expect([d.quorumArea, d.quorumHeads, d.outcome]).toEqual([true, false, 'no_quorum']);
  });
  it('one hundredth above 2/3 of the area passes the area test', () => {
    const d = decideOwners(
      'ordinary',
      tallyOwners(units([10000, 10000, 9999]), choose(['yes', 'yes', null])),
    );
    expect(d.quorumArea).toBe(true);
  });
});

describe('art. 278: an ordinary matter (> 1/2 of participating area AND heads)', () => {
  it('exactly half of the participating area is not enough', () => {
    // 4 units take part (all), yes: 2 heads holding exactly half the area.
    const d = decideOwners(
      'ordinary',
      tallyOwners(units([100, 100, 100, 100]), choose(['yes', 'yes', 'no', 'no'])),
    );
    expect([d.approvedArea, d.approvedHeads, d.outcome]).toEqual([false, false, 'rejected']);
  });
  it('one hundredth more than half of the area, and more than half of the heads: passed', () => {
    const d = decideOwners(
      'ordinary',
      tallyOwners(units([101, 100, 100, 100, 99]), choose(['yes', 'yes', 'yes', 'no', 'no'])),
    );
    expect([d.approvedArea, d.approvedHeads, d.outcome]).toEqual([true, true, 'passed']);
  });
  it('area approves but heads do not', () => {
    const d = decideOwners('ordinary', tallyOwners(units([1000, 100, 100]), choose(['yes', 'no', 'no'])));
    expect([d.approvedArea, d.approvedHeads, d.outcome]).toEqual([true, false, 'rejected']);
  });
  it('heads approve but area does not', () => {
    const d = decideOwners('ordinary', tallyOwners(units([100, 100, 1000]), choose(['yes', 'yes', 'no'])));
    expect([d.approvedArea, d.approvedHeads, d.outcome]).toEqual([false, true, 'rejected']);
  });
  it('abstentions take part and do not agree', () => {
    const d = decideOwners(
      'ordinary',
      tallyOwners(units([100, 100, 100]), choose(['yes', 'abstain', 'abstain'])),
    );
    expect([d.quorumArea, d.quorumHeads, d.outcome]).toEqual([true, true, 'rejected']);
  });
});

describe('art. 278 items 6–8 (≥ 3/4 of participating area AND heads)', () => {
  it('exactly 3/4 of both passes', () => {
    for (const matter of ['fund', 'rebuild', 'common_use'] as const) {
      const d = decideOwners(
        matter,
        tallyOwners(units([100, 100, 100, 100]), choose(['yes', 'yes', 'yes', 'no'])),
      );
      expect([d.threshold, d.outcome]).toEqual(['three_quarters', 'passed']);
    }
  });
  it('one hundredth short of 3/4 of the area fails on the area alone', () => {
    // participating 40000; yes 29999.
    const d = decideOwners(
      'fund',
      tallyOwners(units([10000, 10000, 9999, 10001]), choose(['yes', 'yes', 'yes', 'no'])),
    );
    expect([d.approvedArea, d.approvedHeads, d.outcome]).toEqual([false, true, 'rejected']);
  });
  it('area ≥ 3/4 but heads 2 of 3 fail', () => {
    const d = decideOwners('rebuild', tallyOwners(units([1000, 1000, 100]), choose(['yes', 'yes', 'no'])));
    expect([d.approvedArea, d.approvedHeads, d.outcome]).toEqual([true, false, 'rejected']);
  });
  it('the same count passes as an ordinary matter', () => {
    const t = tallyOwners(units([1000, 1000, 100]), choose(['yes', 'yes', 'no']));
    expect(decideOwners('ordinary', t).outcome).toBe('passed');
  });
});

describe('simple votes (one person, one vote)', () => {
  const m = (yes: number, no: number, abstain: number) => {
    const out = new Map<string, Choice>();
    let i = 0;
    for (const [c, n] of [
      ['yes', yes],
      ['no', no],
      ['abstain', abstain],
    ] as const)
      for (let k = 0; k < n; k++) out.set(`p${i++}`, c);
    return out;
  };
  it('majority of votes cast: half is not enough, abstentions are cast', () => {
    expect(decideSimple('cast', 20, m(5, 5, 0)).passed).toBe(false);
    expect(decideSimple('cast', 20, m(6, 5, 0)).passed).toBe(true);
    expect(decideSimple('cast', 20, m(6, 3, 3)).passed).toBe(false);
  });
  it('majority of participants counts those who did not vote', () => {
    expect(decideSimple('participants', 20, m(10, 0, 0)).passed).toBe(false);
    expect(decideSimple('participants', 20, m(11, 0, 0)).passed).toBe(true);
  });
});

it('areas print exactly with two decimals', () => {
  expect(formatArea(8950n)).toBe('89.50');
  expect(formatArea(5)).toBe('0.05');
  expect(formatArea(123456789012345678901n)).toBe('1234567890123456789.01');
});
