/** Deterministic randomness shared by the demo generators. */

export type Random = () => number;

/** mulberry32: tiny, fast and good enough for demo data; the same seed always gives the same sequence. */
export function createRandom(seed: number): Random {
  let state = toUint32(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes integers into one 32-bit seed, so that sub-generators keyed by ids stay independent of call order. */
export function hashSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ toUint32(part), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return h >>> 0;
}

export function randomBetween(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}

/** Integer in [min, max], both inclusive. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Fisher–Yates, in place. */
export function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function toUint32(value: number): number {
  if (!Number.isFinite(value)) return 0;
  if (!Number.isInteger(value)) return toUint32(Math.floor(value * 2 ** 32));
  // Fold the high bits in too, so that seeds beyond 2^32 do not collide with small ones.
  return ((value >>> 0) ^ Math.imul(Math.floor(value / 2 ** 32) >>> 0, 0x9e3779b1)) >>> 0;
}
