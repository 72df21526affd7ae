import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type Listener, listen } from '../db/notifications.ts';
import { ancestorCodesOf } from '../geo/area-code.ts';
import { langOf } from './i18n.ts';

/**
 * The read cache: the busiest read routes (registry and case lists and records) keep the JSON
 * they answered, per user and URL, and answer the same request again from it until something it
 * was read from changes.
 *
 * What changed comes from the database itself: statement triggers NOTIFY `civicgrid_changes`
 * with the table and the grids a statement touched (migration 0012), whoever wrote (this
 * instance, another instance, the command line, a job). An answer covers one area (a list's
 * scope, a record's grid) and names the tables it reads; a change to one of those tables in that
 * area, above it or below it drops the answer. Guarantees:
 * - Read your writes: a write through this instance answers only after this instance has heard
 *   of its own change (`Listener.sync`), so the next read is fresh.
 * - Other instances hear of a change within the notification's delivery (milliseconds).
 * - While not listening (the database restarted) nothing is served from the cache; on
 *   reconnection everything cached before is dropped.
 * - Every answer also expires after the route's `ttlMs`, for what depends on the time ("overdue").
 * - A request with `Cache-Control: no-cache` is answered afresh.
 */

export const CHANGES_CHANNEL = 'civicgrid_changes';

export interface ReadCacheRule {
  /** The tables the answer is read from. */
  reads: readonly string[];
  /**
   * The area the answer covers: a list's scope (the `areaCode` asked for, else the caller's),
   * the grid of the record answered (`gridCode` of the answer), or anywhere (`everywhere`).
   */
  area: 'scope' | 'record' | 'everywhere' | ((request: FastifyRequest) => 'scope' | 'everywhere');
  /** The longest an answer is served, changed or not. */
  ttlMs: number;
  /** When an answer turns stale with the clock alone (a deadline passing makes a case "overdue"). */
  staleAt?: (answer: unknown, request: FastifyRequest) => number | null;
  /**
   * A public route (no session, no personal data): answers are kept for requests without a session
   * and without an API key, one answer per host, language and URL for everybody. A request that
   * carries a key (an open-data partner's, counted against a quota) is always answered afresh.
   */
  public?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    readCache?: ReadCacheRule;
  }
  interface FastifyRequest {
    /** When this request began, on the change clock; null when its answer is not to be kept. */
    readCacheSince: number | null;
    readCacheArea: string | null;
    /** When this request's answer turns stale with the clock (epoch ms), if before its rule's TTL. */
    readCacheStaleAt: number | null;
    /** The answer this request computes for the others waiting for it. */
    readCacheKey: string | null;
  }
}

/** Which table changed in which areas, as a sequence number per table and area. */
export class ChangeClock {
  private sequence = 0;
  private everything = 0;
  private readonly last = new Map<string, number>();

  now(): number {
    return this.sequence;
  }

  /** `grids` null: anywhere. Every area above a grid changes with it; '' is "somewhere". */
  changed(table: string, grids: readonly string[] | null): void {
    const at = ++this.sequence;
    if (grids === null) {
      this.last.set(`${table} *`, at);
      return;
    }
    this.last.set(`${table} `, at);
    for (const grid of grids) {
      this.last.set(`${table} ${grid}`, at);
      for (const area of ancestorCodesOf(grid)) this.last.set(`${table} ${area}`, at);
    }
  }

  everythingChanged(): void {
    this.everything = ++this.sequence;
  }

  /** A notification's payload: "<table> <grid>,<grid>…" or "<table> *". */
  apply(payload: string): void {
    const space = payload.indexOf(' ');
    const table = payload.slice(0, space);
    const grids = payload.slice(space + 1);
    if (space <= 0 || grids === '' || grids === '*') this.changed(table || '?', null);
    else this.changed(table, grids.split(','));
  }

  /** Did any of `tables` change in `area` ('' = anywhere) after `since`? */
  changedSince(tables: readonly string[], area: string, since: number): boolean {
    if (this.everything > since) return true;
    for (const table of tables) {
      if ((this.last.get(`${table} ${area}`) ?? 0) > since) return true;
      if ((this.last.get(`${table} *`) ?? 0) > since) return true;
    }
    return false;
  }
}

interface Entry {
  /** The JSON as sent (UTF-8): encoded once, not on every hit. */
  body: Buffer;
  rule: ReadCacheRule;
  area: string;
  since: number;
  expiresAt: number;
}

/** Answers by key, at most `maxEntries` of them and `maxBytes` of JSON; the oldest go first. */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly clock: ChangeClock,
    private readonly maxEntries = 5_000,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  get(key: string, now = Date.now()): Buffer | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= now || this.clock.changedSince(entry.rule.reads, entry.area, entry.since)) {
      this.drop(key, entry);
      return null;
    }
    return entry.body;
  }

  set(
    key: string,
    json: string,
    rule: ReadCacheRule,
    area: string,
    since: number,
    now = Date.now(),
    staleAt: number | null = null,
  ): void {
    // Changed while it was being read: it may already be out of date.
    if (this.clock.changedSince(rule.reads, area, since) || json.length > this.maxBytes / 16) return;
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    const body = Buffer.from(json);
    const expiresAt = Math.min(now + rule.ttlMs, staleAt ?? Number.POSITIVE_INFINITY);
    this.entries.set(key, { body, rule, area, since, expiresAt });
    this.bytes += body.length;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.drop(oldest, entry);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private drop(key: string, entry: Entry) {
    this.entries.delete(key);
    this.bytes -= entry.body.length;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function keyOf(request: FastifyRequest): string {
  const auth = request.auth;
  const lang = langOf(request.headers['accept-language']);
  // A public answer names its host (CKAN's `help` and `_links` do).
  if (!auth) return `public ${request.host} ${lang} ${request.url}`;
  return `${auth.userId} ${auth.role} ${auth.areaCode} ${auth.departmentCode ?? ''} ${lang} ${request.url}`;
}

/** The headers an API key travels in (`Authorization`, and CKAN's and our own key headers). */
const KEY_HEADERS = ['authorization', 'x-ckan-api-key', 'x-api-key'];

/** Whether this request's answer may be kept or served: a session's, or a keyless public one. */
function cacheable(request: FastifyRequest, rule: ReadCacheRule): boolean {
  if (request.auth) return true;
  const headers = request.headers;
  return rule.public === true && !KEY_HEADERS.some((name) => headers[name] !== undefined);
}

function scopeOf(request: FastifyRequest, rule: ReadCacheRule): string | null {
  const area = typeof rule.area === 'function' ? rule.area(request) : rule.area;
  if (area === 'everywhere') return '';
  if (area === 'record') return null;
  const query = request.query as { areaCode?: unknown; communityCode?: unknown };
  // A public list covers the community it is asked for, or everywhere.
  const asked = request.auth ? query.areaCode : (query.areaCode ?? query.communityCode);
  if (typeof asked === 'string' && asked !== '') return asked;
  return request.auth ? request.auth.areaCode : '';
}

export interface ReadCacheOptions {
  /** Where to LISTEN for changes; without it (most tests) nothing is cached. */
  databaseUrl?: string;
  enabled: boolean;
}

/**
 * Register after the idempotency plugin and before compress: its onSend must see the JSON
 * before it is compressed. Lookups wait for preParsing, after every onRequest hook (the session).
 */
export const readCachePlugin = fp(async (app: FastifyInstance, options: ReadCacheOptions) => {
  app.decorateRequest('readCacheSince', null);
  app.decorateRequest('readCacheArea', null);
  app.decorateRequest('readCacheKey', null);
  app.decorateRequest('readCacheStaleAt', null);
  if (!options.enabled || !options.databaseUrl) return;
  const clock = new ChangeClock();
  const cache = new AnswerCache(clock);
  const feed: Listener = listen(options.databaseUrl, CHANGES_CHANNEL, (payload) => {
    if (payload === undefined) {
      clock.everythingChanged();
      cache.clear();
    } else clock.apply(payload);
  });
  app.decorate('readCache', cache);
  app.addHook('onClose', () => feed.close());

  // One computation per key at a time: requests for an answer being computed wait for it
  // (50 clients opening the same list at once compute it once).
  const computing = new Map<string, { done: Promise<Buffer | null>; finish(body: Buffer | null): void }>();

  app.addHook('preParsing', async (request, reply, payload) => {
    const rule = request.routeOptions.config.readCache;
    if (!rule || request.method !== 'GET' || !cacheable(request, rule) || !feed.connected) return payload;
    const key = keyOf(request);
    if (!/no-cache|no-store/.test(request.headers['cache-control'] ?? '')) {
      const body = cache.get(key) ?? (await computing.get(key)?.done) ?? null;
      if (body !== null) {
        reply.header('x-cache', 'hit').type('application/json; charset=utf-8');
        return reply.send(body);
      }
      if (!computing.has(key)) {
        let finish: (body: Buffer | null) => void = () => {};
        const done = new Promise<Buffer | null>((resolve) => {
          finish = resolve;
        });
        computing.set(key, { done, finish });
        request.readCacheKey = key;
      }
    }
    request.readCacheSince = clock.now();
    request.readCacheArea = scopeOf(request, rule);
    return payload;
  });
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (request.readCacheSince === null || reply.statusCode !== 200) return payload;
    if (request.readCacheArea === null) {
      const grid = (payload as { gridCode?: unknown } | null)?.gridCode;
      if (typeof grid === 'string') request.readCacheArea = grid;
    }
    request.readCacheStaleAt = request.routeOptions.config.readCache?.staleAt?.(payload, request) ?? null;
    return payload;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!SAFE_METHODS.has(request.method)) {
      // Read your writes: whatever this request changed is known here before the client hears back.
      if (reply.statusCode < 400) await feed.sync();
      return payload;
    }
    const rule = request.routeOptions.config.readCache;
    const since = request.readCacheSince;
    const area = request.readCacheArea;
    if (rule && since !== null && area !== null && reply.statusCode === 200 && typeof payload === 'string') {
      const key = keyOf(request);
      cache.set(key, payload, rule, area, since, Date.now(), request.readCacheStaleAt);
      settle(request, cache.get(key));
    }
    return payload;
  });
  // Whatever the answer (an error, an aborted request), those waiting stop waiting.
  app.addHook('onResponse', async (request) => settle(request, null));
  app.addHook('onRequestAbort', async (request) => settle(request, null));

  function settle(request: FastifyRequest, body: Buffer | null) {
    const key = request.readCacheKey;
    if (key === null) return;
    request.readCacheKey = null;
    computing.get(key)?.finish(body);
    computing.delete(key);
  }
});

declare module 'fastify' {
  interface FastifyInstance {
    /** Present when the read cache is on (listening to the change feed). */
    readCache?: AnswerCache;
  }
}
