import { describe, expect, it } from 'vitest';
import { fromWgs84, toWgs84 } from './coordinates.ts';

/** Metres between two WGS84 points (equirectangular; fine at these distances). */
function metres([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const k = (Math.PI / 180) * 6_371_000;
  return Math.hypot((lon2 - lon1) * k * Math.cos((lat1 * Math.PI) / 180), (lat2 - lat1) * k);
}

// Shenzhen civic centre, as a GPS would give it.
const wgs: [number, number] = [114.0579, 22.5431];

describe('toWgs84', () => {
  it('leaves WGS84 alone', () => {
    expect(toWgs84(...wgs, 'wgs84')).toEqual(wgs);
  });

  it('undoes the GCJ-02 offset, a few hundred metres in southern China', () => {
    const gcj = fromWgs84(...wgs, 'gcj02');
    const offset = metres(wgs, gcj);
    expect(offset).toBeGreaterThan(200);
    expect(offset).toBeLessThan(800);
    expect(metres(toWgs84(...gcj, 'gcj02'), wgs)).toBeLessThan(0.5);
  });

  it('undoes the BD-09 offset, larger again', () => {
    const bd = fromWgs84(...wgs, 'bd09');
    expect(metres(wgs, bd)).toBeGreaterThan(metres(wgs, fromWgs84(...wgs, 'gcj02')));
    expect(metres(wgs, bd)).toBeLessThan(2000);
    expect(metres(toWgs84(...bd, 'bd09'), wgs)).toBeLessThan(0.5);
  });

  it('applies no offset outside China', () => {
    expect(toWgs84(2.3522, 48.8566, 'gcj02')).toEqual([2.3522, 48.8566]);
  });
});
