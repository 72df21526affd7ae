import { describe, expect, it } from 'vitest';
import type { AreaProperties } from '../../app/areas.model';
import { buildScale, NO_DATA_COLOUR, quantileBreaks, roundNice } from './figures';

function grid(households: number | null, population: number | null = null): { properties: AreaProperties } {
  return {
    properties: {
      code: '440305001001001',
      name: 'g',
      level: 'grid',
      parentCode: '440305001001',
      households,
      population,
    },
  };
}

describe('map figures', () => {
  it('rounds legend breaks to two significant digits', () => {
    expect([roundNice(247), roundNice(1187), roundNice(8), roundNice(0)]).toEqual([250, 1200, 8, 0]);
  });

  it('makes strictly increasing quantile breaks', () => {
    expect(quantileBreaks([100, 200, 300, 400, 500])).toEqual([200, 300, 400, 500]);
    expect(quantileBreaks([300, 300, 300])).toEqual([]);
  });

  it('colours grids by their deviation from 300 households, counting each band', () => {
    const scale = buildScale(
      [grid(100), grid(240), grid(300), grid(360), grid(420), grid(600), grid(null)],
      'householdRule',
    );
    expect(scale.classes.map((c) => [c.label.key, c.count])).toEqual([
      ['map.deviation.under50', 1],
      ['map.deviation.under20', 0],
      ['map.deviation.within', 3],
      ['map.deviation.over20', 1],
      ['map.deviation.over50', 1],
      ['map.legendNoData', 1],
    ]);
    expect(scale.colourOf(grid(null).properties)).toBe(NO_DATA_COLOUR);
    expect(scale.colourOf(grid(300).properties)).toBe(scale.classes[2].colour);
  });

  it('puts every grid with a value in exactly one class', () => {
    const grids = Array.from({ length: 97 }, (_, i) => grid(null, 500 + i * 13));
    const scale = buildScale(grids, 'population');
    expect(scale.classes.reduce((sum, c) => sum + c.count, 0)).toBe(97);
    expect(scale.classes[0].label.key).toBe('map.legendBelow');
    expect(scale.classes.at(-1)?.label.key).toBe('map.legendAbove');
  });

  it('shows one class when all grids have the same value', () => {
    const scale = buildScale([grid(310), grid(310)], 'households');
    expect(scale.classes).toEqual([
      { colour: expect.any(String), label: { key: 'map.legendValue', values: { value: 310 } }, count: 2 },
    ]);
  });
});
