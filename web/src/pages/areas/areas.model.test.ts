import { describe, expect, it } from 'vitest';
import { childCodeRule, parseBoundary } from './areas.model';

const square = {
  type: 'Polygon',
  coordinates: [
    [
      [113.9, 22.5],
      [113.91, 22.5],
      [113.91, 22.51],
      [113.9, 22.5],
    ],
  ],
};

describe('area rules', () => {
  it('derives the code a child must have from its parent', () => {
    const street = childCodeRule({ code: '440305000000', level: 'district' })!;
    expect(street.template).toBe('440305___000');
    expect(street.pattern.test('440305001000')).toBe(true);
    expect(street.pattern.test('440305001001')).toBe(false);
    const grid = childCodeRule({ code: '440305001001', level: 'community' })!;
    expect(grid.pattern.test('440305001001007')).toBe(true);
    expect(grid.pattern.test('44030500100107')).toBe(false);
    expect(childCodeRule({ code: '440305001001007', level: 'grid' })).toBeNull();
  });

  it('accepts a polygon bare, in a Feature or in a one-feature collection', () => {
    const text = JSON.stringify(square);
    expect(parseBoundary(text)).toEqual({ boundary: square });
    expect(parseBoundary(JSON.stringify({ type: 'Feature', properties: {}, geometry: square }))).toEqual({
      boundary: square,
    });
    expect(
      parseBoundary(
        JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: square }] }),
      ),
    ).toEqual({ boundary: square });
  });

  it('says why a text is not a boundary', () => {
    expect(parseBoundary('{ "type": ')).toMatchObject({ error: 'areas.boundaryNotJson' });
    expect(parseBoundary('{ "type": "Point", "coordinates": [1, 2] }')).toEqual({
      error: 'areas.boundaryNotPolygon',
    });
  });
});
