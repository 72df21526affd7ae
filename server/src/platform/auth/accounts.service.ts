import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../audit.ts';
import { AppError } from '../errors.ts';
import type { Lang } from '../i18n.ts';
import type { Pii } from '../pii.ts';
import * as repo from './accounts.repository.ts';
import { recordLoginAttempt } from './auth.repository.ts';
import {
  type Auth,
  acceptTotpCode,
  checkThrottle,
  forgetSession,
  requirePermission,
} from './auth.service.ts';
import { passwordProblems } from './password-policy.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { grantableRoles } from './permissions.ts';
import { newTotpSecret, otpauthUri } from './totp.ts';

/** The name authenticator apps show beside the code. */
export const TOTP_ISSUER = 'CivicGrid 网格通';
/** Sessions are named by this many hex digits of their id: enough to be unique, short to read. */
export const SESSION_ID_DIGITS = 16;

const fields: Record<string, [zh: string, en: string]> = {
  currentPassword: ['当前密码', 'Current password'],
  newPassword: ['新密码', 'New password'],
  code: ['动态验证码', 'Authenticator code'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  wrong_password: ['不正确', 'is wrong'],
  too_short: ['至少需要 10 个字符', 'needs at least 10 characters'],
  too_simple: [
    '需包含大写字母、小写字母、数字、符号中的至少三类（或至少 16 个字符）',
    'needs three of: upper-case letters, lower-case letters, digits, symbols (or at least 16 characters)',
  ],
  contains_username: ['不能包含用户名', 'must not contain the username'],
  too_common: ['是常见密码，很容易被猜中', 'is a common password that is easily guessed'],
  same_as_current: ['不能与当前密码相同', 'must differ from the current password'],
  totp_invalid: ['不正确或已使用过', 'is wrong or was already used'],
};

/** A 422 listing every problem of the fields, in the caller's language. */
function fieldErrors(problems: { field: string; code: string }[]): AppError {
  const text = (lang: Lang, key: string, table: typeof reasons) => table[key]?.[lang === 'zh' ? 0 : 1] ?? key;
  return new AppError(
    'invalid_field',
    (lang) => ({
      field: text(lang, problems[0]!.field, fields),
      reason: problems
        .filter((p) => p.field === problems[0]!.field)
        .map((p) => text(lang, p.code, reasons))
        .join(lang === 'zh' ? '；' : '; '),
    }),
    (lang) => ({
      errors: problems.map((p) => ({ field: p.field, code: p.code, message: text(lang, p.code, reasons) })),
    }),
  );
}

function requireAuth(auth: Auth | null): Auth {
  if (!auth) throw new AppError('unauthenticated');
  return auth;
}

function forgetAll(db: Db, ids: { id: string }[]) {
  for (const { id } of ids) forgetSession(db, id);
}

/**
 * Sets a new password after checking the current one (a session left open is not enough to take
 * the account over). Wrong current passwords count towards the login throttle. Every other
 * session of the user ends: whoever knew the old password is logged out.
 */
export async function changePassword(
  db: Db,
  auth: Auth | null,
  input: { currentPassword: string; newPassword: string; ip: string },
): Promise<void> {
  const me = requireAuth(auth);
  await checkThrottle(db, me.username, input.ip);
  const user = await repo.findUserById(db, me.userId);
  if (!user) throw new AppError('unauthenticated');
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    await recordLoginAttempt(db, { username: me.username, ip: input.ip, succeeded: false });
    await audit(db, me, {
      action: 'auth.password_change',
      result: 'failed',
      detail: { reason: 'wrong_password' },
    });
    throw fieldErrors([{ field: 'currentPassword', code: 'wrong_password' }]);
  }
  const problems = passwordProblems(input.newPassword, me.username).map((code) => ({
    field: 'newPassword',
    code: code as string,
  }));
  if (input.newPassword === input.currentPassword)
    problems.push({ field: 'newPassword', code: 'same_as_current' });
  if (problems.length > 0) throw fieldErrors(problems);

  const passwordHash = await hashPassword(input.newPassword);
  const ended = await db.transaction().execute(async (trx) => {
    await repo.setPassword(trx, me.userId, passwordHash);
    const others = await repo.deleteOtherSessions(trx, me.userId, me.sessionId);
    await audit(trx, me, { action: 'auth.password_change', detail: { endedSessions: others.length } });
    return others;
  });
  forgetAll(db, [...ended, { id: me.sessionId }]);
}

/** A new secret for the user to scan; it takes effect once `enableTotp` sees a code made with it. */
export async function setupTotp(db: Db, pii: Pii, auth: Auth | null) {
  const me = requireAuth(auth);
  const user = await repo.findUserById(db, me.userId);
  if (!user) throw new AppError('unauthenticated');
  if (user.totp_enabled_at) throw new AppError('totp_already_enabled');
  // A secret not yet in use is shown again rather than replaced: the one `civicgrid init` printed
  // for the first administrator, or one scanned before the page was reloaded, stays good.
  const pending = user.totp_secret_enc ? pii.decrypt(user.totp_secret_enc) : null;
  const secret = pending ?? newTotpSecret();
  if (!pending) await repo.setPendingTotpSecret(db, me.userId, pii.encrypt(secret));
  await audit(db, me, { action: 'auth.totp_setup', detail: { reused: pending !== null } });
  return { secret, otpauthUri: otpauthUri(secret, me.username, TOTP_ISSUER) };
}

export async function enableTotp(db: Db, pii: Pii, auth: Auth | null, code: string, now = new Date()) {
  const me = requireAuth(auth);
  const user = await repo.findUserById(db, me.userId);
  if (!user) throw new AppError('unauthenticated');
  if (user.totp_enabled_at) throw new AppError('totp_already_enabled');
  if (!user.totp_secret_enc) throw new AppError('totp_not_set_up');
  if (!(await acceptTotpCode(db, me.userId, pii.decrypt(user.totp_secret_enc), code, now))) {
    await audit(db, me, { action: 'auth.totp_enable', result: 'failed' });
    throw fieldErrors([{ field: 'code', code: 'totp_invalid' }]);
  }
  await repo.enableTotp(db, me.userId);
  await audit(db, me, { action: 'auth.totp_enable' });
  // The cached session still says "no second factor": let the next request see it has one.
  forgetSession(db, me.sessionId);
}

/** Turning the second factor off takes a current code: a borrowed session cannot do it. */
export async function disableTotp(db: Db, pii: Pii, auth: Auth | null, code: string, now = new Date()) {
  const me = requireAuth(auth);
  const user = await repo.findUserById(db, me.userId);
  if (!user) throw new AppError('unauthenticated');
  if (!user.totp_enabled_at || !user.totp_secret_enc) throw new AppError('totp_not_set_up');
  if (!(await acceptTotpCode(db, me.userId, pii.decrypt(user.totp_secret_enc), code, now))) {
    await audit(db, me, { action: 'auth.totp_disable', result: 'failed' });
    throw fieldErrors([{ field: 'code', code: 'totp_invalid' }]);
  }
  await repo.disableTotp(db, me.userId);
  await audit(db, me, { action: 'auth.totp_disable' });
  forgetSession(db, me.sessionId);
}

function sessionView(row: Awaited<ReturnType<typeof repo.liveSessionsOf>>[number], current: string | null) {
  return {
    id: row.id.slice(0, SESSION_ID_DIGITS),
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    ip: row.ip,
    userAgent: row.user_agent,
    current: row.id === current,
  };
}

export async function listMySessions(db: Db, auth: Auth | null, idleMinutes: number) {
  const me = requireAuth(auth);
  const rows = await repo.liveSessionsOf(db, me.userId, idleMinutes);
  return rows.map((row) => sessionView(row, me.sessionId));
}

async function revoke(db: Db, actor: Auth, userId: string, prefix: string) {
  const deleted = await repo.deleteSessionByPrefix(db, userId, prefix);
  if (deleted.length === 0) throw new AppError('session_not_found');
  forgetAll(db, deleted);
  await audit(db, actor, {
    action: 'auth.session_revoke',
    targetType: 'user',
    targetId: userId,
    detail: { session: prefix },
  });
}

export async function revokeMySession(db: Db, auth: Auth | null, prefix: string) {
  const me = requireAuth(auth);
  await revoke(db, me, me.userId, prefix);
}

/**
 * A user the admin may manage: in their area, with a role they may grant (so never an audit
 * administrator, see ACCOUNT_GRANTS). Otherwise the same answer as a missing one.
 */
export function mayManage(admin: Auth, user: { role: string; area_code: string }): boolean {
  return (
    isWithin(user.area_code, admin.areaCode) && (grantableRoles(admin.role) as string[]).includes(user.role)
  );
}

async function managedUser(db: Db, auth: Auth | null, userId: string) {
  const admin = requirePermission(auth, 'accounts.manage');
  const user = await repo.findUserById(db, userId);
  if (!user || !mayManage(admin, user)) throw new AppError('user_not_found');
  return { admin, user };
}

export async function listUserSessions(db: Db, auth: Auth | null, userId: string, idleMinutes: number) {
  const { admin, user } = await managedUser(db, auth, userId);
  const rows = await repo.liveSessionsOf(db, user.id, idleMinutes);
  return rows.map((row) => sessionView(row, admin.sessionId));
}

export async function revokeUserSession(db: Db, auth: Auth | null, userId: string, prefix: string) {
  const { admin, user } = await managedUser(db, auth, userId);
  await revoke(db, admin, user.id, prefix);
}
