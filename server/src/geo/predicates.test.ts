import { describe, expect, it } from 'vitest';
import { orient, segmentsTouch } from './predicates.ts';

describe('orient', () => {
  it('is exact where the plain cross product is not', () => {
    // The classic failure: points a few ulps from the line y = x through (12, 12) and (24, 24).
    const ulp = 2 ** -53;
    let plainWrong = 0;
    for (let i = 0; i < 64; i++) {
      for (let j = 0; j < 64; j++) {
        const cx = 0.5 + i * ulp;
        const cy = 0.5 + j * ulp;
        expect(orient(12, 12, 24, 24, cx, cy)).toBe(Math.sign(j - i));
        if (Math.sign((12 - cx) * (24 - cy) - (12 - cy) * (24 - cx)) !== Math.sign(j - i)) plainWrong++;
      }
    }
    expect(plainWrong).toBeGreaterThan(0);
  });

  it('sees a vertex exactly on a neighbour edge at city coordinates', () => {
    const [ax, ay, bx, by] = [114.0625, 22.5, 114.0703125, 22.515625];
    const [mx, my] = [(ax + bx) / 2, (ay + by) / 2];
    expect(orient(ax, ay, bx, by, mx, my)).toBe(0);
    expect(segmentsTouch(ax, ay, bx, by, mx, my, mx + 1e-3, my - 1e-3)).toBe(true);
    expect(segmentsTouch(ax, ay, bx, by, mx + 1e-13, my - 1e-13, mx + 1e-3, my - 1e-3)).toBe(false);
  });
});
