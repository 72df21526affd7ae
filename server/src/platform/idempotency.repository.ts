import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** The claim a request holds on its key (see idempotency.ts). */
export interface Claim {
  userId: string;
  key: string;
  /** When this request took the key: identifies the claim, so a stale one never completes a newer. */
  claimedAt: Date;
}

export interface Stored {
  fingerprint: string;
  status: number | null;
  content_type: string | null;
  body: string | null;
}

const KEY_TTL = sql`interval '24 hours'`;
/** A key still "running" after this long belongs to a request that died (the process crashed). */
const ABANDONED_AFTER = sql`interval '2 minutes'`;
/**
 * Takes the key (new, expired, or abandoned by a crashed request): the claim's time, or null when
 * another request holds it. The insert comes first, so of two concurrent duplicates exactly one wins.
 */
export async function takeKey(
  db: Db,
  userId: string,
  key: string,
  fingerprint: string,
): Promise<Date | null> {
  const claimed = await sql<{ claimed_at: Date }>`
    insert into idempotency_keys (user_id, key, fingerprint, created_at)
    values (${userId}, ${key}, ${fingerprint}, date_trunc('milliseconds', now()))
    on conflict (user_id, key) do update set
      fingerprint = excluded.fingerprint,
      status = null,
      content_type = null,
      body = null,
      created_at = excluded.created_at,
      completed_at = null
    where idempotency_keys.created_at < now() - ${KEY_TTL}
      or (idempotency_keys.status is null and idempotency_keys.created_at < now() - ${ABANDONED_AFTER})
    returning created_at as claimed_at
  `.execute(db);
  return claimed.rows[0]?.claimed_at ?? null;
}

/** The row holding the key, if any. */
export function heldKey(db: Db, userId: string, key: string): Promise<Stored | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'status', 'content_type', 'body'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function complete(db: Db, claim: Claim, status: number, contentType: string, body: string) {
  await db
    .updateTable('idempotency_keys')
    .set({ status, content_type: contentType, body, completed_at: sql`now()` })
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .where('created_at', '=', claim.claimedAt)
    .execute();
}

export async function release(db: Db, claim: Claim) {
  await db
    .deleteFrom('idempotency_keys')
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .where('created_at', '=', claim.claimedAt)
    .where('status', 'is', null)
    .execute();
}

/** Deletes keys past their 24 hours; the claim above also ignores them, so this only frees space. */
export async function sweepExpiredKeys(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`now() - ${KEY_TTL}`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
