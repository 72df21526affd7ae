import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.ts';
import { AppError } from './errors.ts';
import {
  type Claim,
  complete,
  heldKey,
  release,
  type Stored,
  sweepExpiredKeys,
  takeKey,
} from './idempotency.repository.ts';

export { sweepExpiredKeys } from './idempotency.repository.ts';

/**
 * Exactly-once writes for clients that retry (the field app's outbox, a flaky network): routes
 * marked `config: { idempotent: true }` honour an `Idempotency-Key` header
 * (draft-ietf-httpapi-idempotency-key-header). Per user and key, the first request's status and
 * body are kept for 24 hours together with a fingerprint of the request; a repeat of the same
 * request is answered from them (`Idempotent-Replayed: true`) without running the handler again;
 * the same key on another request is 422 `idempotency_key_reused`; a duplicate arriving while
 * the first still runs is 409 `idempotency_in_progress`. Without the header a route behaves as
 * before. A 5xx is not kept, so the client's retry runs the handler afresh.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency: Claim | null;
  }
}

const SWEEP_EVERY_MS = 10 * 60 * 1000;

/** The key from the header: a structured-field string (`"…"`) per the draft, or the bare token. */
export function parseKey(header: string | string[]): string {
  const raw = Array.isArray(header) ? header[0]! : header;
  const quoted = /^"(.*)"$/.exec(raw.trim());
  const key = quoted ? quoted[1]! : raw.trim();
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new AppError('idempotency_key_invalid');
  return key;
}

/** Objects with their keys sorted, so the same JSON in another order has the same fingerprint. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const object = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(object)
        .sort()
        .map((k) => [k, canonical(object[k])]),
    );
  }
  return value;
}

export function fingerprintOf(request: Pick<FastifyRequest, 'method' | 'url' | 'body'>): string {
  const hash = createHash('sha256').update(`${request.method} ${request.url}\n`);
  const body = request.body;
  if (Buffer.isBuffer(body)) hash.update(body);
  else if (typeof body === 'string') hash.update(body);
  else if (body !== undefined && body !== null) hash.update(JSON.stringify(canonical(body)));
  return hash.digest('hex');
}

/**
 * Takes the key for this request (new, expired, or abandoned by a crashed request), or answers
 * the row that holds it.
 */
async function claimKey(
  db: Db,
  userId: string,
  key: string,
  fingerprint: string,
): Promise<{ claimedAt: Date } | Stored> {
  // A row deleted between the insert and the read (a 5xx released it) is taken on the next turn.
  for (let turn = 0; turn < 3; turn++) {
    const claimedAt = await takeKey(db, userId, key, fingerprint);
    if (claimedAt) return { claimedAt };
    const held = await heldKey(db, userId, key);
    if (held) return held;
  }
  throw new AppError('idempotency_in_progress');
}

/**
 * Register before @fastify/compress: `onSend` hooks run in registration order, and this one must
 * see the serialized body before it is compressed into a stream.
 */
export const idempotencyPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('idempotency', null);
  // Swept from requests rather than a timer: every instance may do it, and a DELETE twice is harmless.
  let lastSweep = 0;

  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.idempotent) return;
    const header = request.headers['idempotency-key'];
    // Without a session the handler answers 401 itself; keys are kept per user.
    if (header === undefined || !request.auth) return;
    const key = parseKey(header);
    const userId = request.auth.userId;
    const fingerprint = fingerprintOf(request);
    const held = await claimKey(app.db, userId, key, fingerprint);
    if ('claimedAt' in held) {
      request.idempotency = { userId, key, claimedAt: held.claimedAt };
      if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = Date.now();
        sweepExpiredKeys(app.db).catch((err) => request.log.warn({ err }, 'idempotency sweep failed'));
      }
      return;
    }
    if (held.fingerprint !== fingerprint) throw new AppError('idempotency_key_reused');
    if (held.status === null) throw new AppError('idempotency_in_progress');
    reply.code(held.status).header('idempotent-replayed', 'true');
    if (held.content_type) reply.type(held.content_type);
    return reply.send(held.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = null;
    const body = Buffer.isBuffer(payload) ? payload.toString('utf8') : payload;
    if (reply.statusCode >= 500 || typeof body !== 'string') {
      await release(app.db, claim);
    } else {
      const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
      await complete(app.db, claim, reply.statusCode, contentType, body);
    }
    return payload;
  });

  // A request that ends without a response (the client went away mid-handler) frees its key.
  app.addHook('onResponse', async (request) => {
    const claim = request.idempotency;
    if (!claim) return;
    request.idempotency = null;
    await release(app.db, claim);
  });
});
