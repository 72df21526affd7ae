import type { Db } from '../../db/database.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import type { Role } from '../../platform/auth/permissions.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './users.repository.ts';
import { temporaryPassword, USERNAME } from './users.rules.ts';

/**
 * An account another module makes as part of its own decision (a partner's, when it is approved):
 * a temporary password answered once, changed at the first login. The caller audits its decision
 * and binds the account to its record in its own table, in the same transaction.
 */
export async function createBoundAccount(
  db: Db,
  input: { username: string; displayName: string; role: Role; areaCode: string; createdBy: string },
): Promise<{ id: string; username: string; temporaryPassword: string }> {
  if (!USERNAME.test(input.username)) throw new AppError('validation_failed', { summary: 'username' });
  if ((await repo.usernamesTaken(db, [input.username])).length > 0) throw new AppError('username_taken');
  const password = temporaryPassword(input.username);
  const [created] = await repo.insertUsers(db, [
    {
      username: input.username,
      display_name: input.displayName,
      password_hash: await hashPassword(password),
      role: input.role,
      area_code: input.areaCode,
      department_code: null,
      work_phone_enc: null,
      work_phone_mask: null,
      must_change_password: true,
      created_by: input.createdBy,
    },
  ]);
  return { id: created!.id, username: created!.username, temporaryPassword: password };
}
