import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit, SYSTEM_ACTOR } from '../audit.ts';
import { AppError } from '../errors.ts';
import * as repo from './apikeys.repository.ts';
import type { ApiKeyScope, ApiKeyView, CreateApiKeyInput } from './apikeys.schemas.ts';
import { type Auth, requirePermission } from './auth.service.ts';

/**
 * API keys for machines (Open311 clients, camera platforms, partners). A key reads
 * `cg_<prefix>_<secret>`: the 8-hex-digit prefix is stored in clear to find the key, the secret is
 * 32 random bytes; only the SHA-256 of the whole key is kept. A keyed hash would add nothing: the
 * secret has 256 bits, so the hash cannot be reversed by guessing.
 */
const KEY_PATTERN = /^cg_([0-9a-f]{8})_([A-Za-z0-9_-]{43,})$/;

/** The machine a verified key speaks for. */
export interface ApiClient {
  id: string;
  name: string;
  scopes: string[];
  /** Where it may act. */
  areaCode: string;
}

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

/** The prefix of a well-formed key (for rate limiting and logs), or null. */
export function prefixOfKey(raw: string | undefined): string | null {
  return raw ? (KEY_PATTERN.exec(raw)?.[1] ?? null) : null;
}

function isActive(row: { revoked_at: Date | null; expires_at: Date | null }, now = new Date()) {
  return row.revoked_at === null && (row.expires_at === null || row.expires_at > now);
}

export function apiKeyView(row: repo.ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as ApiKeyScope[],
    areaCode: row.area_code,
    areaName: row.area_name,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    createdByName: row.created_by_name,
    createdAt: row.created_at.toISOString(),
    active: isActive(row),
  };
}

/** Issues a key; the whole key is in the answer and nowhere else. */
export async function createApiKey(
  db: Db,
  input: {
    name: string;
    scopes: ApiKeyScope[];
    areaCode: string;
    expiresAt: Date | null;
    createdBy: string | null;
  },
): Promise<ApiKeyView & { key: string }> {
  for (let attempt = 0; ; attempt++) {
    const prefix = randomBytes(4).toString('hex');
    const key = `cg_${prefix}_${randomBytes(32).toString('base64url')}`;
    try {
      const { id } = await repo.insertApiKey(db, {
        name: input.name.trim(),
        prefix,
        key_hash: hashOf(key),
        scopes: [...new Set(input.scopes)],
        area_code: input.areaCode,
        expires_at: input.expiresAt,
        created_by: input.createdBy,
      });
      const row = await repo.findApiKey(db, id);
      return { ...apiKeyView(row!), key };
    } catch (error) {
      // Two keys drew the same prefix (1 in 4 billion): draw again.
      if ((error as { code?: string }).code === '23505' && attempt < 3) continue;
      throw error;
    }
  }
}

/** The client a key belongs to, or null when the key is unknown, revoked, expired or lacks the scope. */
export async function verifyApiKey(
  db: Db,
  raw: string | undefined,
  scope: ApiKeyScope,
): Promise<ApiClient | null> {
  const prefix = prefixOfKey(raw);
  if (!raw || !prefix) return null;
  const row = await repo.findApiKeyByPrefix(db, prefix);
  if (!row) return null;
  const presented = Buffer.from(hashOf(raw), 'hex');
  if (!timingSafeEqual(presented, Buffer.from(row.key_hash, 'hex'))) return null;
  const now = new Date();
  if (!isActive(row, now) || !row.scopes.includes(scope)) return null;
  // Writing last_used_at on every call would make each read a write; once a minute is enough.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= 60_000)
    await repo.touchApiKey(db, row.id, now);
  return { id: row.id, name: row.name, scopes: row.scopes, areaCode: row.area_code };
}

// ---- administration (routes and CLI) ----

export async function listKeys(db: Db, auth: Auth | null) {
  const admin = requirePermission(auth, 'cases.configure');
  return (await repo.listApiKeys(db, admin.areaCode)).map(apiKeyView);
}

export async function issueKey(db: Db, auth: Auth | null, input: CreateApiKeyInput) {
  const admin = requirePermission(auth, 'cases.configure');
  const areaCode = input.areaCode ?? admin.areaCode;
  if (!isWithin(areaCode, admin.areaCode) || !(await repo.activeArea(db, areaCode)))
    throw new AppError('area_not_found', { code: areaCode });
  const created = await createApiKey(db, {
    name: input.name,
    scopes: input.scopes,
    areaCode,
    expiresAt: expiryOf(input.expiresInDays),
    createdBy: admin.userId,
  });
  await audit(db, admin, {
    action: 'apikey.create',
    targetType: 'api_key',
    targetId: created.id,
    detail: { name: created.name, scopes: created.scopes, areaCode },
  });
  return created;
}

export async function revokeKey(db: Db, auth: Auth | null, id: string) {
  const admin = requirePermission(auth, 'cases.configure');
  const row = await repo.findApiKey(db, id);
  if (!row || !isWithin(row.area_code, admin.areaCode)) throw new AppError('api_key_not_found', { id });
  await repo.revokeApiKey(db, id, new Date());
  await audit(db, admin, {
    action: 'apikey.revoke',
    targetType: 'api_key',
    targetId: id,
    detail: { name: row.name },
  });
  return apiKeyView((await repo.findApiKey(db, id))!);
}

export function expiryOf(days: number | undefined): Date | null {
  return days === undefined ? null : new Date(Date.now() + days * 86_400_000);
}

/** For the CLI, which acts as the system: every key, and revocation by id or prefix. */
export async function allKeys(db: Db) {
  const roots = await repo.rootAreaCodes(db);
  const rows = await Promise.all(roots.map((r) => repo.listApiKeys(db, r.code)));
  return rows.flat().map(apiKeyView);
}

/** Revokes a key named by its id or its prefix (as `apikey list` shows them). */
export async function revokeKeyAsSystem(db: Db, ref: string) {
  let id: string | undefined;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref)) id = ref;
  else if (/^[0-9a-f]{8}$/.test(ref)) id = (await repo.findApiKeyByPrefix(db, ref))?.id;
  const revoked = id ? await repo.revokeApiKey(db, id, new Date()) : undefined;
  if (!revoked) throw new AppError('api_key_not_found', { id: ref });
  await audit(db, SYSTEM_ACTOR, { action: 'apikey.revoke', targetType: 'api_key', targetId: revoked.id });
  return apiKeyView((await repo.findApiKey(db, revoked.id))!);
}

/** The area a key is issued for when none is named: the district, when there is exactly one. */
export async function defaultKeyArea(db: Db): Promise<string | null> {
  const roots = await repo.rootAreaCodes(db);
  return roots.length === 1 ? roots[0].code : null;
}

export async function areaExists(db: Db, code: string) {
  return Boolean(await repo.activeArea(db, code));
}
