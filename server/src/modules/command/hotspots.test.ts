import { describe, expect, it } from 'vitest';
import { findHotspots, type HotspotPoint } from './hotspots.ts';

/** A deterministic generator (mulberry32), so a failure can be run again. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOW = new Date('2026-03-10T04:00:00Z');
const DAY = 86_400_000;

/** Cases spread over a few kilometres and `days`, with dense spots planted, the newest first. */
function cases(seed: number, count: number, days: number): HotspotPoint[] {
  const r = random(seed);
  const spots = Array.from({ length: 12 }, () => ({ lon: 113.9 + r() * 0.05, lat: 22.5 + r() * 0.04 }));
  const points = Array.from({ length: count }, (_, i) => {
    const spot = r() < 0.5 ? spots[Math.floor(r() * spots.length)]! : null;
    return {
      id: `c${seed}-${i}`,
      categoryCode: ['a', 'b', 'c', 'd'][Math.floor(r() * 4)]!,
      gridCode: `g${Math.floor(r() * 20)}`,
      // Some on the same spot exactly, some at the same instant: ties in latitude and time.
      lon: spot ? spot.lon + (r() < 0.1 ? 0 : (r() - 0.5) * 0.004) : 113.9 + r() * 0.05,
      lat: spot ? spot.lat + (r() < 0.1 ? 0 : (r() - 0.5) * 0.004) : 22.5 + r() * 0.04,
      reportedAt: new Date(NOW.getTime() - (r() < 0.05 ? 0 : Math.floor(r() * days * DAY))),
    };
  });
  return points.sort((a, b) => b.reportedAt.getTime() - a.reportedAt.getTime());
}

const shape = (clusters: ReturnType<typeof findHotspots>) =>
  clusters.map((c) => ({ ...c, members: c.members.map((m) => m.id) }));

describe('hot spots: the banded neighbourhood search', () => {
  it('finds the same clusters, member for member and in the same order, as comparing every pair', () => {
    let compared = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const points = cases(seed, 1500, 30);
      for (const settings of [
        { meters: 100, days: 7, minCases: 5 },
        { meters: 200, days: 7, minCases: 5 },
        { meters: 500, days: 3, minCases: 3 },
        { meters: 200, days: 30, minCases: 8 },
      ]) {
        const band = findHotspots(points, settings, NOW);
        const all = findHotspots(points, settings, NOW, 'all');
        expect(shape(band)).toEqual(shape(all));
        compared += all.length;
      }
    }
    // The data did make clusters to compare.
    expect(compared).toBeGreaterThan(50);
  });

  it('keeps a case exactly at the distance out and one just inside in, as the library does', () => {
    // Five cases due north of each other, 199.9 m apart, and one 200.0 m from the last.
    const step = 199.9 / (6_371_000 * (Math.PI / 180));
    const points: HotspotPoint[] = Array.from({ length: 6 }, (_, i) => ({
      id: `n${i}`,
      categoryCode: 'a',
      gridCode: 'g',
      lon: 114,
      lat: 22.5 + (i < 5 ? i * step : 4 * step + 200 / (6_371_000 * (Math.PI / 180))),
      reportedAt: new Date(NOW.getTime() - i * 1000),
    }));
    const settings = { meters: 200, days: 7, minCases: 2 };
    expect(shape(findHotspots(points, settings, NOW))).toEqual(
      shape(findHotspots(points, settings, NOW, 'all')),
    );
  });
});
