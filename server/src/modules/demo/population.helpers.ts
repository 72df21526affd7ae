import { type Boundary, polygonsOf } from '../../geo/geojson.ts';
import { pointInRing } from './polygons.ts';
import type { GridScope } from './population.model.ts';
import { type Random, randomBetween } from './random.ts';

// ---------------------------------------------------------------------------------------------
// Geometry and small helpers

export function insideTest(boundary: Boundary): (lon: number, lat: number) => boolean {
  const polygons = polygonsOf(boundary);
  return (lon, lat) =>
    polygons.some(
      ([outer, ...holes]) =>
        pointInRing([lon, lat], outer) === 'inside' &&
        holes.every((hole) => pointInRing([lon, lat], hole) === 'outside'),
    );
}

export function randomPointInside(scope: GridScope): [number, number] {
  const [minLon, minLat, maxLon, maxLat] = scope.bbox;
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const lon = round6(randomBetween(scope.random, minLon, maxLon));
    const lat = round6(randomBetween(scope.random, minLat, maxLat));
    if (scope.inside(lon, lat)) return [lon, lat];
  }
  throw new Error(`no room inside grid ${scope.code}`);
}

/** A point within `radius` degrees of (lon, lat) and inside the grid; (lon, lat) itself if none is found. */
export function nearbyPointInside(
  scope: GridScope,
  lon: number,
  lat: number,
  radius: number,
): [number, number] {
  for (let attempt = 0; attempt < 20; attempt++) {
    const x = round6(lon + randomBetween(scope.random, -radius, radius));
    const y = round6(lat + randomBetween(scope.random, -radius, radius));
    if (scope.inside(x, y)) return [x, y];
  }
  return [lon, lat];
}

/** About 10 cm: enough for a map, and short in JSON. */
export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function stochasticRound(random: Random, value: number): number {
  const whole = Math.floor(value);
  return whole + (random() < value - whole ? 1 : 0);
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export function pickSome<T>(random: Random, items: readonly T[], count: number): T[] {
  const copy = [...items];
  const picked: T[] = [];
  while (picked.length < count && copy.length > 0)
    picked.push(copy.splice(Math.floor(random() * copy.length), 1)[0]);
  return picked;
}

export function pickWeighted<T>(random: Random, items: readonly T[], weight: (item: T) => number): T {
  let total = 0;
  for (const item of items) total += weight(item);
  let r = random() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return items[items.length - 1];
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** YYYY-MM-DD of a day number (proleptic Gregorian, without Date objects: this runs 600,000 times). */
export function isoDate(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
