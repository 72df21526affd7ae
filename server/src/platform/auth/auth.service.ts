import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { audit } from '../audit.ts';
import { AppError } from '../errors.ts';
import type { Pii } from '../pii.ts';
import { commandAccount } from './accounts.repository.ts';
import * as repo from './auth.repository.ts';
import { dummyHash, verifyPassword } from './passwords.ts';
import { isRole, type Permission, permissionsOf, type Role } from './permissions.ts';
import { matchingStep } from './totp.ts';

export interface Auth {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** The root of the part of the tree this user may see. */
  areaCode: string;
  areaName: string | null;
  /** The department a department handler works for. */
  departmentCode: string | null;
  permissions: readonly Permission[];
  sessionId: string;
  csrfToken: string;
  /** Until the user sets a password of their own, the session can do nothing else (see pendingStepOf). */
  mustChangePassword: boolean;
  totpEnabled: boolean;
}

export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_USER = 5;
const MAX_FAILURES_PER_ADDRESS = 30;
const SESSION_MAX_HOURS = 12;
// Writing last_seen_at on every request would make each read a write; once a minute is enough.
const TOUCH_EVERY_MS = 60_000;

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function requirePermission(auth: Auth | null, permission: Permission): Auth {
  if (!auth) throw new AppError('unauthenticated');
  if (!auth.permissions.includes(permission)) throw new AppError('forbidden');
  return auth;
}

/**
 * Whether a role must log in with a second factor: those that can unmask personal data. Only
 * enforced in production, so that demo, development and test runs work with passwords alone.
 */
export function requiresTotp(role: Role): boolean {
  return permissionsOf(role).includes('pii.reveal');
}

export type PendingStep = 'password_change_required' | 'totp_enrolment_required';

/** What the user must do before the session may do anything but manage the account. */
export function pendingStepOf(auth: Auth, production: boolean): PendingStep | null {
  if (auth.mustChangePassword) return 'password_change_required';
  if (production && requiresTotp(auth.role) && !auth.totpEnabled) return 'totp_enrolment_required';
  return null;
}

export function publicUser(auth: Auth, production: boolean) {
  const pending = pendingStepOf(auth, production);
  return {
    id: auth.userId,
    username: auth.username,
    displayName: auth.displayName,
    role: auth.role,
    areaCode: auth.areaCode,
    areaName: auth.areaName,
    departmentCode: auth.departmentCode,
    permissions: [...auth.permissions],
    mustChangePassword: auth.mustChangePassword,
    totpEnabled: auth.totpEnabled,
    totpEnrolmentRequired: pending === 'totp_enrolment_required',
  };
}

export async function checkThrottle(db: Db, username: string, ip: string) {
  const { byUser, byIp } = await repo.recentFailures(db, username, ip, THROTTLE_WINDOW_MINUTES);
  const blocking = [
    byUser.count >= MAX_FAILURES_PER_USER ? byUser : null,
    byIp.count >= MAX_FAILURES_PER_ADDRESS ? byIp : null,
  ].filter((b) => b !== null);
  if (blocking.length === 0) return;
  const oldest = Math.min(...blocking.map((b) => new Date(b.oldest ?? Date.now()).getTime()));
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((oldest + THROTTLE_WINDOW_MINUTES * 60_000 - Date.now()) / 1000),
  );
  throw new AppError('login_throttled', {
    retryAfterSeconds,
    retryAfterMinutes: Math.ceil(retryAfterSeconds / 60),
  });
}

export async function login(
  db: Db,
  pii: Pii,
  input: {
    username: string;
    password: string;
    totpCode?: string;
    ip: string;
    userAgent: string | null;
    now?: Date;
  },
): Promise<{ token: string; auth: Auth }> {
  const username = input.username.trim().toLowerCase();
  await checkThrottle(db, username, input.ip);
  const user = await repo.findUserByUsername(db, username);
  const valid = await verifyPassword(user?.password_hash ?? (await dummyHash()), input.password);
  const actor = { userId: user?.id ?? null, username, role: user?.role ?? null };
  const secondFactor = Boolean(user && valid && user.totp_enabled_at && user.totp_secret_enc);
  if (secondFactor && !input.totpCode) {
    // Neither a failure nor a success for the throttle: a success would clear the failures of
    // wrong codes, and the password is not what is wrong.
    await audit(db, actor, { action: 'auth.login', result: 'failed', detail: { reason: 'totp_required' } });
    throw new AppError('totp_required');
  }
  const codeOk =
    !secondFactor ||
    (await acceptTotpCode(
      db,
      user!.id,
      pii.decrypt(user!.totp_secret_enc!),
      input.totpCode ?? '',
      input.now,
    ));
  const succeeded = Boolean(user && valid && codeOk);
  await repo.recordLoginAttempt(db, { username, ip: input.ip, succeeded });
  const result = !succeeded ? 'failed' : user!.status !== 'active' ? 'denied' : 'ok';
  await audit(db, actor, {
    action: 'auth.login',
    result,
    ip: input.ip,
    detail: secondFactor ? { factor: 'totp', ...(!codeOk && { reason: 'totp_invalid' }) } : {},
  });
  if (!user || !valid) throw new AppError('invalid_credentials');
  if (!codeOk) throw new AppError('totp_invalid');
  if (user.status !== 'active') throw new AppError('account_disabled');

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const sessionId = sessionIdOf(token);
  await repo.createSession(db, {
    id: sessionId,
    userId: user.id,
    csrfToken,
    ip: input.ip,
    userAgent: input.userAgent,
    expiresAt: new Date(Date.now() + SESSION_MAX_HOURS * 3600_000),
  });
  await repo.setLastLogin(db, user.id);
  const auth = await authenticate(db, token, SESSION_MAX_HOURS * 60);
  if (!auth) throw new AppError('internal');
  return { token, auth };
}

/**
 * Whether `code` is the user's TOTP code around `now`, for a later time step than any accepted
 * before: the step is recorded in the same statement that checks it, so two requests with one
 * code cannot both pass.
 */
export async function acceptTotpCode(
  db: Db,
  userId: string,
  secret: string,
  code: string,
  now = new Date(),
): Promise<boolean> {
  const step = matchingStep(secret, code.trim(), now);
  return step !== null && (await repo.claimTotpStep(db, userId, step));
}

/**
 * Sessions resolved in the last few seconds, per database: a page of the web app makes several
 * requests at once, and looking the session up for each was a fifth of a list request's cost. A
 * logout on this instance takes effect at once; a logout or a disabled account on another
 * instance within SESSION_CACHE_MS.
 */
const SESSION_CACHE_MS = 5_000;
const sessionCache = new WeakMap<Db, Map<string, { auth: Auth; until: number; lastSeenAt: number }>>();

function cacheOf(db: Db) {
  let cache = sessionCache.get(db);
  if (!cache) {
    cache = new Map();
    sessionCache.set(db, cache);
  }
  return cache;
}

/** Makes this instance look a session up again: after a revocation or a change to its user. */
export function forgetSession(db: Db, sessionId: string): void {
  cacheOf(db).delete(sessionId);
}

export async function authenticate(db: Db, token: string, idleMinutes: number): Promise<Auth | null> {
  const id = sessionIdOf(token);
  const cache = cacheOf(db);
  const now = Date.now();
  const hit = cache.get(id);
  if (hit && hit.until > now && now - hit.lastSeenAt < idleMinutes * 60_000) return hit.auth;
  const row = await repo.findLiveSession(db, id, idleMinutes);
  if (!row || !isRole(row.role)) {
    cache.delete(id);
    return null;
  }
  let lastSeenAt = new Date(row.lastSeenAt).getTime();
  if (now - lastSeenAt > TOUCH_EVERY_MS) {
    await repo.touchSession(db, row.sessionId);
    lastSeenAt = now;
  }
  const auth: Auth = {
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    areaCode: row.areaCode,
    areaName: row.areaName,
    departmentCode: row.departmentCode,
    permissions: permissionsOf(row.role),
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
    mustChangePassword: row.mustChangePassword,
    totpEnabled: row.totpEnabledAt !== null,
  };
  // Bounded: expired entries go first when it grows.
  if (cache.size > 10_000) for (const [key, entry] of cache) if (entry.until <= now) cache.delete(key);
  if (cache.size <= 10_000) cache.set(id, { auth, until: now + SESSION_CACHE_MS, lastSeenAt });
  return auth;
}

export async function logout(db: Db, auth: Auth): Promise<void> {
  cacheOf(db).delete(auth.sessionId);
  await repo.deleteSession(db, auth.sessionId);
  await audit(db, auth, { action: 'auth.logout' });
}

/**
 * The account a command-line command acts as (`--as`), with its role's permissions and area,
 * without a session; null when there is no such active account or it lacks `permission`.
 */
export async function commandAuth(db: Db, username: string, permission: Permission): Promise<Auth | null> {
  const user = await commandAccount(db, username);
  if (user?.status !== 'active') return null;
  const role = user.role as Role;
  const permissions = permissionsOf(role);
  if (!permissions.includes(permission)) return null;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role,
    areaCode: user.area_code,
    areaName: user.name,
    departmentCode: user.department_code,
    permissions,
    sessionId: 'command-line',
    csrfToken: '',
    mustChangePassword: false,
    totpEnabled: true,
  };
}
