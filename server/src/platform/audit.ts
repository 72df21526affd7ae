import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.ts';
import * as repo from './audit.repository.ts';

/**
 * The audit log: every login, logout, reveal, export, import, permission change and registry or
 * case write, as one append-only row each, chained by hashes so that a changed, removed or
 * reordered row is found by `verifyAudit` (`civicgrid audit verify`).
 *
 * Writers only append; `sealAudit` links what was appended since into the chain, in batches
 * (every second in the server: `sealAll`). Writers therefore never wait for each other, and
 * an entry is protected by the chain from its seal on, about a second after its commit.
 */

export type AuditResult = 'ok' | 'denied' | 'failed';

/** Who acted: a logged-in user (an `Auth` fits), an API client, or someone who only typed a name. */
export interface Actor {
  userId: string | null;
  username: string;
  role: string | null;
}

/** The command line, and the server's own jobs. */
export const SYSTEM_ACTOR: Actor = { userId: null, username: 'system', role: null };

export interface AuditEntry {
  /** `<domain>.<verb>`, e.g. `auth.login`, `registry.update`, `case.dispatch`. */
  action: string;
  targetType?: string;
  targetId?: string | null;
  /** What was done, never personal data itself: field names, filters, counts, a stated purpose. */
  detail?: Record<string, unknown>;
  result?: AuditResult;
  /** Defaults to the address of the request being served. */
  ip?: string | null;
}

// The request's address, so that services (which know nothing of HTTP) can record where from.
const requestContext = new AsyncLocalStorage<{ ip: string }>();

export const auditPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', (request, _reply, done) => requestContext.run({ ip: request.ip }, done));
  // Every refusal of a logged-in user, whatever refused it: probing shows in the log.
  // Before the answer leaves, so that the entry exists when the client sees the refusal.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 403 || !request.auth) return payload;
    const detail = { method: request.method, route: request.routeOptions.url ?? request.url };
    await audit(app.db, request.auth, { action: 'access.denied', detail, result: 'denied', ip: request.ip });
    return payload;
  });
});

/** JSON with keys sorted at every level: the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object)
    .filter((k) => object[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k])}`).join(',')}}`;
}

function canonicalOf(v: repo.AuditValues): string {
  return canonicalJson({ ...v, at: v.at.toISOString() });
}

export function chainHash(prevHash: string | null, v: repo.AuditValues): string {
  return createHash('sha256')
    .update((prevHash ?? '') + canonicalOf(v), 'utf8')
    .digest('hex');
}

/** Appends an entry. Given a transaction, the entry commits or rolls back with the change it describes. */
export async function audit(db: Db, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await repo.entriesInsert([auditValues(actor, entry)]).execute(db);
}

/**
 * The row an entry becomes, stamped now with the address of the request being served: taken
 * while serving it when the entry is written later with others (`repo.entriesInsert`).
 */
export function auditValues(actor: Actor | null, entry: AuditEntry): repo.AuditValues {
  return {
    at: new Date(),
    actorId: actor?.userId ?? null,
    actorName: actor?.username ?? null,
    role: actor?.role ?? null,
    ip: entry.ip ?? requestContext.getStore()?.ip ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    // As jsonb will give it back: no undefined, dates as strings.
    detail: JSON.parse(JSON.stringify(entry.detail ?? {})),
    result: entry.result ?? 'ok',
  };
}

function valuesOf(row: repo.AuditRow): repo.AuditValues {
  return {
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    role: row.role,
    ip: row.ip,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    detail: row.detail,
    result: row.result,
  };
}

const SEAL_BATCH = 10_000;

/**
 * Links the entries committed since the last seal into the chain, oldest first, at most `limit`;
 * answers how many. One sealer at a time: another one running makes this one answer 0 at once.
 */
export async function sealAudit(db: Db, limit = SEAL_BATCH): Promise<number> {
  return db.transaction().execute(async (trx) => {
    if (!(await repo.takeSealLock(trx))) return 0;
    const rows = await repo.unsealedEntries(trx, limit);
    if (rows.length === 0) return 0;
    const last = await repo.lastSealed(trx);
    let seal = last?.seal ?? 0;
    let prev = last?.hash ?? null;
    const links = rows.map((row) => {
      const hash = chainHash(prev, valuesOf(row));
      const link = { id: row.id, seal: ++seal, prevHash: prev, hash };
      prev = hash;
      return link;
    });
    await repo.sealEntries(trx, links);
    return links.length;
  });
}

/** Seals everything committed so far, batch after batch. */
export async function sealAll(db: Db): Promise<void> {
  while ((await sealAudit(db, SEAL_BATCH)) === SEAL_BATCH);
}

/**
 * Filters as the log keeps them: a search by exact ID or phone number would otherwise put the
 * number itself into the log, so runs of 7 or more digits keep only their first 3 and last 4.
 */
export function maskNumbers<T extends object>(values: T): Record<string, unknown> {
  const mask = (text: string) =>
    text.replace(/\d{6,}[\dXx]/g, (run) => `${run.slice(0, 3)}${'*'.repeat(run.length - 7)}${run.slice(-4)}`);
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? mask(v) : v]));
}

export interface VerifyReport {
  ok: boolean;
  checked: number;
  /** Entries not sealed yet: not covered by the chain. */
  unsealed: number;
  firstBroken?: { id: string; reason: string };
}

/** Walks the chain in seal order from the first entry; stops at the first one that does not fit. */
export async function verifyAudit(db: Db, batchSize = 5_000): Promise<VerifyReport> {
  let checked = 0;
  let prev: { id: string; seal: number; hash: string } | null = null;
  const unsealed = await repo.countUnsealed(db);
  for (;;) {
    const rows = await repo.entriesAfter(db, prev?.seal ?? 0, batchSize);
    for (const row of rows) {
      if (row.prev_hash !== (prev?.hash ?? null)) {
        const reason = prev
          ? `its prev_hash does not match entry ${prev.id}: an entry before it was removed, added or changed`
          : 'the first entry links to an entry that is not there: earlier entries were removed';
        return { ok: false, checked, unsealed, firstBroken: { id: row.id, reason } };
      }
      if (chainHash(row.prev_hash, valuesOf(row)) !== row.hash) {
        return {
          ok: false,
          checked,
          unsealed,
          firstBroken: { id: row.id, reason: 'its content does not match its hash: the entry was changed' },
        };
      }
      checked++;
      prev = { id: row.id, seal: row.seal!, hash: row.hash! };
    }
    if (rows.length < batchSize) return { ok: true, checked, unsealed };
  }
}
