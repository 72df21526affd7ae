import { type Random, randomBetween } from './random.ts';

type Point = [number, number];

/**
 * The inner points of a Voronoi edge drawn as a hand-drawn boundary (km coordinates): cut into
 * pieces about a tenth of the site spacing long and pushed sideways by a smooth bump of a few
 * sine modes plus a little roughness. The push is at most 8% of the edge's length and fades out
 * towards both ends, so that edges meeting at a vertex never cross; very short edges stay straight.
 */
export function wigglyEdge(
  from: Point,
  to: Point,
  spacing: number,
  amplitude: number,
  random: Random,
): Point[] {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  const length = Math.hypot(dx, dy);
  const pieces = Math.min(16, Math.max(1, Math.round(length / (spacing / 10))));
  const scale = length < spacing * 0.15 ? 0 : amplitude;
  const a1 = randomBetween(random, -0.04, 0.04);
  const a2 = randomBetween(random, -0.022, 0.022);
  const a3 = randomBetween(random, -0.012, 0.012);
  const p2 = randomBetween(random, 0, 2 * Math.PI);
  const p3 = randomBetween(random, 0, 2 * Math.PI);
  const points: Point[] = [];
  for (let i = 1; i < pieces; i++) {
    const t = (i + (random() - 0.5) * 0.4) / pieces;
    const bump =
      a1 +
      a2 * Math.sin(2 * Math.PI * t + p2) +
      a3 * Math.sin(3 * Math.PI * t + p3) +
      (random() - 0.5) * 0.012;
    const offset = scale * Math.sin(Math.PI * t) * bump; // a fraction of the length, along the normal
    points.push([from[0] + t * dx - offset * dy, from[1] + t * dy + offset * dx]);
  }
  return points;
}
