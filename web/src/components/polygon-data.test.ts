import type { Feature, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { buildPolygonData, featureAt } from './polygon-data';

type Named = Feature<Geometry, { name: string }>;

function ring(lon: number, lat: number, size: number): number[][] {
  return [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ];
}

function feature(name: string, geometry: Geometry): Named {
  return { type: 'Feature', properties: { name }, geometry };
}

describe('polygon data', () => {
  const data = buildPolygonData([
    feature('a', { type: 'Polygon', coordinates: [ring(113.9, 22.5, 0.01)] }),
    feature('b', { type: 'Polygon', coordinates: [ring(113.91, 22.5, 0.01), ring(113.913, 22.503, 0.004)] }),
    feature('point', { type: 'Point', coordinates: [113.95, 22.55] }),
    feature('c', {
      type: 'MultiPolygon',
      coordinates: [[ring(113.9, 22.52, 0.005)], [ring(113.92, 22.52, 0.005)]],
    }),
  ]);
  const at = (lon: number, lat: number) => data.features[featureAt(data, lon, lat)]?.properties.name ?? null;

  it('keeps the polygon features, and knows their extent', () => {
    expect(data.features.map((f) => f.properties.name)).toEqual(['a', 'b', 'c']);
    const [minLon, minLat, maxLon, maxLat] = data.extent!;
    expect(minLon).toBeCloseTo(113.9, 9);
    expect(minLat).toBeCloseTo(22.5, 9);
    expect(maxLon).toBeCloseTo(113.925, 9);
    expect(maxLat).toBeCloseTo(22.525, 9);
  });

  it('finds the polygon under a point, not counting holes and gaps', () => {
    expect(at(113.905, 22.505)).toBe('a');
    expect(at(113.911, 22.505)).toBe('b');
    expect(at(113.915, 22.505)).toBeNull(); // in b's hole
    expect(at(113.9225, 22.5225)).toBe('c'); // the second part of the multipolygon
    expect(at(113.91, 22.5225)).toBeNull();
    expect(at(100, 10)).toBeNull();
  });

  it('copes with no polygons at all', () => {
    const empty = buildPolygonData([]);
    expect(empty.extent).toBeNull();
    expect(featureAt(empty, 113.9, 22.5)).toBe(-1);
  });
});
