import type { Db } from '../../db/database.ts';
import { audit } from '../../platform/audit.ts';
import { mayManage } from '../../platform/auth/accounts.service.ts';
import {
  type Auth,
  forgetSession,
  MAX_FAILURES_PER_USER,
  requirePermission,
  THROTTLE_WINDOW_MINUTES,
} from '../../platform/auth/auth.service.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { grantableRoles, type Role } from '../../platform/auth/permissions.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import type { Pii } from '../../platform/pii.ts';
import { FieldRefusal, fieldError } from './users.messages.ts';
import * as repo from './users.repository.ts';
import { AccountRules, temporaryPassword } from './users.rules.ts';
import type { CreateUserBody, UpdateUserBody, User, UsersQuery } from './users.schemas.ts';

/**
 * Account administration: district administrators manage every account of the district but the
 * audit administrator's; area leaders the grid workers of their area (ACCOUNT_GRANTS). An account
 * outside what one manages answers as if it did not exist.
 */

export interface UsersContext {
  db: Db;
  pii: Pii;
}

const THROTTLE = { windowMinutes: THROTTLE_WINDOW_MINUTES, maxFailures: MAX_FAILURES_PER_USER };

function toUser(row: repo.UserRow, lang: Lang): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    areaCode: row.area_code,
    areaName: row.area_name,
    departmentCode: row.department_code,
    departmentName: row.department_code
      ? ((lang === 'zh' ? row.department_zh : row.department_en) ?? null)
      : null,
    workPhone: row.work_phone_mask,
    state: row.status === 'disabled' ? 'disabled' : row.locked ? 'locked' : 'active',
    mustChangePassword: row.must_change_password,
    totpEnabled: row.totp_enabled_at !== null,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    version: row.version,
  };
}

export function grants(auth: Auth | null) {
  const admin = requirePermission(auth, 'accounts.manage');
  return { roles: [...grantableRoles(admin.role)] };
}

export async function listUsers(ctx: UsersContext, auth: Auth | null, query: UsersQuery, lang: Lang) {
  const admin = requirePermission(auth, 'accounts.manage');
  const scope = resolveScope(admin, query.areaCode);
  const { rows, total } = await repo.listUsers(
    ctx.db,
    THROTTLE,
    {
      scope,
      roles: grantableRoles(admin.role),
      role: query.role,
      state: query.state,
      text: query.text?.trim() || undefined,
    },
    query,
  );
  return { items: rows.map((r) => toUser(r, lang)), total };
}

async function visibleUser(ctx: UsersContext, admin: Auth, id: string, lang: Lang): Promise<User> {
  const row = await repo.findUser(ctx.db, THROTTLE, id);
  if (!row || !mayManage(admin, row)) throw new AppError('user_not_found');
  return toUser(row, lang);
}

export async function getUser(ctx: UsersContext, auth: Auth | null, id: string, lang: Lang) {
  const admin = requirePermission(auth, 'accounts.manage');
  return visibleUser(ctx, admin, id, lang);
}

/** The rules for `admin`, with the areas of their scope and the active departments loaded. */
export async function rulesFor(ctx: UsersContext, admin: Auth): Promise<AccountRules> {
  const [areas, departments] = await Promise.all([
    repo.areasIn(ctx.db, admin.areaCode),
    repo.activeDepartments(ctx.db),
  ]);
  return new AccountRules(admin, ctx.pii, areas, departments);
}

function firstProblem(problems: FieldRefusal['problem'][]): AppError {
  return fieldError(problems[0]!);
}

export async function createUser(ctx: UsersContext, auth: Auth | null, input: CreateUserBody, lang: Lang) {
  const admin = requirePermission(auth, 'accounts.manage');
  const rules = await rulesFor(ctx, admin);
  const { values, problems } = rules.check({
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    area: input.areaCode,
    department: input.departmentCode,
    workPhone: input.workPhone,
  });
  if (!values) throw firstProblem(problems);
  if ((await repo.usernamesTaken(ctx.db, [values.username])).length > 0) throw new AppError('username_taken');
  const password = temporaryPassword(values.username);
  const passwordHash = await hashPassword(password);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const [created] = await repo.insertUsers(trx, [
      { ...values, password_hash: passwordHash, must_change_password: true, created_by: admin.userId },
    ]);
    await audit(trx, admin, {
      action: 'user.create',
      targetType: 'user',
      targetId: created!.id,
      detail: { username: values.username, role: values.role, areaCode: values.area_code },
    });
    return created!.id;
  });
  return { user: await visibleUser(ctx, admin, id, lang), temporaryPassword: password };
}

/** The user `admin` may manage, locked for the change; a change of one's own account is refused. */
async function lockedManaged(trx: Db, admin: Auth, id: string, ownRefused: boolean) {
  const current = await repo.lockUser(trx, id);
  if (!current || !mayManage(admin, current)) throw new AppError('user_not_found');
  if (ownRefused && current.id === admin.userId) throw new AppError('own_account');
  return current;
}

function endSessions(db: Db, ended: { id: string }[]) {
  for (const { id } of ended) forgetSession(db, id);
}

export async function updateUser(
  ctx: UsersContext,
  auth: Auth | null,
  id: string,
  input: UpdateUserBody,
  lang: Lang,
) {
  const admin = requirePermission(auth, 'accounts.manage');
  const rules = await rulesFor(ctx, admin);
  const ended = await ctx.db.transaction().execute(async (trx) => {
    const current = await lockedManaged(trx, admin, id, false);
    if (current.version !== input.version) {
      const now = await visibleUser(ctx, admin, id, lang);
      throw new AppError('version_conflict', { currentVersion: now.version }, { current: now });
    }
    const role = input.role ?? (current.role as Role);
    const changesAuthority =
      (input.role !== undefined && input.role !== current.role) ||
      (input.areaCode !== undefined && input.areaCode !== current.area_code);
    if (changesAuthority && current.id === admin.userId) throw new AppError('own_account');
    const next: Record<string, unknown> = {};
    try {
      if (input.displayName !== undefined) next.display_name = rules.displayName(input.displayName);
      if (input.role !== undefined) next.role = rules.role(input.role);
      if (input.areaCode !== undefined || input.role !== undefined)
        next.area_code = rules.area(input.areaCode ?? current.area_code, role);
      if (input.departmentCode !== undefined || input.role !== undefined) {
        const department =
          input.departmentCode !== undefined ? input.departmentCode : current.department_code;
        // Only a department handler works for a department.
        next.department_code = role === 'dept_handler' ? rules.department(department, role) : null;
      }
      if (input.workPhone !== undefined) {
        const phone = rules.workPhone(input.workPhone);
        next.work_phone_enc = phone.enc;
        next.work_phone_mask = phone.mask;
      }
    } catch (error) {
      if (error instanceof FieldRefusal) throw fieldError(error.problem);
      throw error;
    }
    const before = current as unknown as Record<string, unknown>;
    const changed = Object.keys(next).filter((k) =>
      k === 'work_phone_enc'
        ? next.work_phone_mask !== current.work_phone_mask
        : k !== 'work_phone_mask' && next[k] !== before[k],
    );
    if (changed.length === 0) return [];
    const updated = await repo.updateUser(trx, id, input.version, next);
    if (!updated) throw new AppError('version_conflict', { currentVersion: current.version + 1 });
    const fields = changed.map((k) => (k === 'work_phone_enc' ? 'work_phone' : k));
    await audit(trx, admin, {
      action: 'user.update',
      targetType: 'user',
      targetId: id,
      detail: {
        fields,
        ...(next.role !== undefined && next.role !== current.role && { role: [current.role, next.role] }),
        ...(next.area_code !== undefined &&
          next.area_code !== current.area_code && { areaCode: [current.area_code, next.area_code] }),
      },
    });
    // A new role or area takes effect at once: the user's sessions are read afresh.
    return changesAuthority ? await repo.deleteSessionsOf(trx, id) : [];
  });
  endSessions(ctx.db, ended);
  return visibleUser(ctx, admin, id, lang);
}

type Action = 'disable' | 'enable' | 'unlock';

/** Disable (every session ends at once), enable, or lift the login throttle's lock. */
export async function setState(ctx: UsersContext, auth: Auth | null, id: string, action: Action, lang: Lang) {
  const admin = requirePermission(auth, 'accounts.manage');
  const ended = await ctx.db.transaction().execute(async (trx) => {
    const current = await lockedManaged(trx, admin, id, action === 'disable');
    let ended: { id: string }[] = [];
    if (action === 'unlock') {
      await repo.clearFailedLogins(trx, current.username);
    } else {
      const status = action === 'disable' ? 'disabled' : 'active';
      if (current.status === status) return [];
      await repo.updateUser(trx, id, current.version, { status });
      if (action === 'disable') ended = await repo.deleteSessionsOf(trx, id);
    }
    await audit(trx, admin, {
      action: `user.${action}`,
      targetType: 'user',
      targetId: id,
      detail: action === 'disable' ? { endedSessions: ended.length } : {},
    });
    return ended;
  });
  endSessions(ctx.db, ended);
  return visibleUser(ctx, admin, id, lang);
}

/**
 * A new temporary password, shown once in the answer: the user must change it at the next login.
 * Every session of the user ends and the login lock lifts (the reset is usually why they call).
 */
export async function resetPassword(ctx: UsersContext, auth: Auth | null, id: string, lang: Lang) {
  const admin = requirePermission(auth, 'accounts.manage');
  const current = await repo.findUser(ctx.db, THROTTLE, id);
  if (!current || !mayManage(admin, current)) throw new AppError('user_not_found');
  const password = temporaryPassword(current.username);
  const passwordHash = await hashPassword(password);
  const ended = await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockedManaged(trx, admin, id, true);
    await repo.updateUser(trx, id, locked.version, {
      password_hash: passwordHash,
      must_change_password: true,
      password_changed_at: new Date(),
    });
    await repo.clearFailedLogins(trx, locked.username);
    const ended = await repo.deleteSessionsOf(trx, id);
    await audit(trx, admin, {
      action: 'user.reset_password',
      targetType: 'user',
      targetId: id,
      detail: { endedSessions: ended.length },
    });
    return ended;
  });
  endSessions(ctx.db, ended);
  return { user: await visibleUser(ctx, admin, id, lang), temporaryPassword: password };
}
