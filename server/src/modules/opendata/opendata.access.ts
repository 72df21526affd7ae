import type { Db } from '../../db/database.ts';
import { verifyApiKey } from '../../platform/auth/apikeys.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './opendata.repository.ts';

/**
 * Who reads open data: anyone (public datasets), or a partner presenting a key of scope
 * `opendata` (restricted datasets it is allowed, with a daily quota and a rate per minute).
 * Keys are sent as CKAN clients send them: `Authorization: <key>` (or `Bearer <key>`), or
 * `X-CKAN-API-Key` / `X-API-Key`.
 */
export interface Reader {
  partner: repo.PartnerRow | null;
}

export const ANONYMOUS: Reader = { partner: null };

export function keyOfHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const auth = one(headers.authorization);
  if (auth) return auth.replace(/^Bearer\s+/i, '').trim();
  return one(headers['x-ckan-api-key']) ?? one(headers['x-api-key']);
}

/** The reader a request speaks for; a key that is sent must be valid (403 otherwise). */
export async function readerOf(db: Db, rawKey: string | undefined): Promise<Reader> {
  if (!rawKey) return ANONYMOUS;
  const client = await verifyApiKey(db, rawKey, 'opendata');
  const partner = client ? await repo.partner(db, client.id) : undefined;
  if (!partner) throw new AppError('api_key_invalid');
  return { partner };
}

/** CST calendar day of an instant (quotas reset at midnight in China). */
export const cstDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const secondsToCstMidnight = (at: Date) => {
  const next = Date.parse(`${cstDay(at)}T00:00:00+08:00`) + 86_400_000;
  return Math.max(1, Math.ceil((next - at.getTime()) / 1000));
};

/**
 * Calls per key in the current minute. Kept in memory: each instance counts its own calls, so N
 * instances allow up to N times the rate; the daily quota, counted in the database, is exact.
 */
const windows = new Map<string, { minute: number; calls: number }>();

/** Refuses (429, with the seconds to wait) a partner beyond its rate or its daily quota. */
export async function admit(db: Db, reader: Reader, now = new Date()): Promise<void> {
  const p = reader.partner;
  if (!p) return;
  const minute = Math.floor(now.getTime() / 60_000);
  const window = windows.get(p.api_key_id);
  const current = window && window.minute === minute ? window : { minute, calls: 0 };
  if (current.calls >= p.rate_per_minute)
    throw quotaError('rate', Math.max(1, Math.ceil(((minute + 1) * 60_000 - now.getTime()) / 1000)));
  if ((await repo.callsToday(db, p.api_key_id, cstDay(now))) >= p.daily_quota)
    throw quotaError('day', secondsToCstMidnight(now));
  current.calls += 1;
  windows.set(p.api_key_id, current);
}

function quotaError(which: 'rate' | 'day', retryAfter: number) {
  return new AppError('quota_exceeded', (lang) => ({
    retryAfter,
    limit:
      which === 'rate'
        ? lang === 'zh'
          ? '每分钟请求次数'
          : 'calls per minute'
        : lang === 'zh'
          ? '每日请求配额'
          : 'daily quota',
  }));
}

/** A restricted dataset is read only with a key that names it. */
export function mayRead(reader: Reader, dataset: { name: string; access: string }): boolean {
  return dataset.access === 'public' || Boolean(reader.partner?.datasets.includes(dataset.name));
}

export async function recordUse(db: Db, reader: Reader, dataset: string, rows: number, now = new Date()) {
  if (reader.partner) await repo.addUsage(db, reader.partner.api_key_id, cstDay(now), dataset, rows);
}

/** Forget the per-minute counts (tests). */
export function resetRates() {
  windows.clear();
}
