import type { Db } from './database.ts';

/**
 * Small, rarely changed tables (categories, settings) read on every write path, kept per database
 * for a few seconds. Another instance's change shows after at most `ttlMs`; a change made here
 * calls `forget` and shows at once.
 */
const caches = new WeakMap<Db, Map<string, { value: Promise<unknown>; until: number }>>();

export function cached<T>(db: Db, key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { value, until: now + ttlMs });
  // A failed load is not kept.
  value.catch(() => cache.delete(key));
  return value;
}

export function forget(db: Db, keyPrefix: string): void {
  const cache = caches.get(db);
  if (!cache) return;
  for (const key of cache.keys()) if (key.startsWith(keyPrefix)) cache.delete(key);
}
