import { type RawBuilder, type SqlBool, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { containsText, inScope } from '../../db/scope.ts';
import type { UsersTable } from '../../db/types.ts';

/**
 * Whether the login throttle holds the account: as many failures since its last success, within
 * the window, as `checkThrottle` refuses at (the same count, read per row).
 */
function lockedExpr(windowMinutes: number, maxFailures: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`(
    select count(*) from login_attempts f
    where f.username = u.username and not f.succeeded
      and f.attempted_at > now() - make_interval(mins => ${sql.lit(windowMinutes)})
      and not exists (
        select 1 from login_attempts ok
        where ok.username = u.username and ok.succeeded and ok.attempted_at > f.attempted_at)
  ) >= ${sql.lit(maxFailures)}`;
}

export interface Throttle {
  windowMinutes: number;
  maxFailures: number;
}

function selectUsers(db: Db, throttle: Throttle) {
  return db
    .selectFrom('users as u')
    .leftJoin('areas as a', 'a.code', 'u.area_code')
    .leftJoin('departments as d', 'd.code', 'u.department_code')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.area_code',
      'a.name as area_name',
      'u.department_code',
      'd.name_zh as department_zh',
      'd.name_en as department_en',
      'u.work_phone_mask',
      'u.status',
      'u.must_change_password',
      'u.totp_enabled_at',
      'u.last_login_at',
      'u.created_at',
      'u.version',
    ])
    .select(lockedExpr(throttle.windowMinutes, throttle.maxFailures).as('locked'));
}
export type UserRow = Awaited<ReturnType<ReturnType<typeof selectUsers>['executeTakeFirstOrThrow']>>;

export interface UserFilter {
  scope: string;
  roles: readonly string[];
  role?: string;
  state?: 'active' | 'disabled' | 'locked';
  text?: string;
}

export function listUsers(
  db: Db,
  throttle: Throttle,
  filter: UserFilter,
  page: { page: number; pageSize: number },
) {
  const locked = lockedExpr(throttle.windowMinutes, throttle.maxFailures);
  const where = <Q extends ReturnType<typeof selectUsers>>(q: Q) =>
    q
      .where(inScope('u.area_code', filter.scope))
      .where('u.role', 'in', filter.roles.length > 0 ? [...filter.roles] : ['-'])
      .$if(filter.role !== undefined, (q) => q.where('u.role', '=', filter.role!))
      .$if(filter.state === 'disabled', (q) => q.where('u.status', '=', 'disabled'))
      .$if(filter.state === 'active', (q) =>
        q.where('u.status', '=', 'active').where(sql<SqlBool>`not ${locked}`),
      )
      .$if(filter.state === 'locked', (q) => q.where('u.status', '=', 'active').where(locked))
      .$if(filter.text !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('u.username', 'like', `%${filter.text!.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
            containsText('u.display_name', filter.text!),
          ]),
        ),
      ) as Q;
  const rows = pageOf(where(selectUsers(db, throttle)).orderBy('u.area_code').orderBy('u.username'), page);
  const total = where(selectUsers(db, throttle)).clearSelect().select(sql<number>`count(*)`.as('n'));
  return pageAndTotal(db, rows, total);
}

export function findUser(db: Db, throttle: Throttle, id: string) {
  return selectUsers(db, throttle).where('u.id', '=', id).executeTakeFirst();
}

export function lockUser(db: Db, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function usernamesTaken(db: Db, usernames: string[]) {
  if (usernames.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select('username').where('username', 'in', usernames).execute();
}

export type NewUser = {
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  area_code: string;
  department_code: string | null;
  work_phone_enc: string | null;
  work_phone_mask: string | null;
  must_change_password: boolean;
  created_by: string | null;
};

export function insertUsers(db: Db, users: NewUser[]) {
  return db.insertInto('users').values(users).returning(['id', 'username']).execute();
}

export function updateUser(db: Db, id: string, version: number, values: Updateable<UsersTable>) {
  return db
    .updateTable('users')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
}

export function deleteSessionsOf(db: Db, userId: string) {
  return db.deleteFrom('sessions').where('user_id', '=', userId).returning('id').execute();
}

/** Lifts the login throttle's hold on the account (the audit log keeps the failed logins). */
export function clearFailedLogins(db: Db, username: string) {
  return db
    .deleteFrom('login_attempts')
    .where('username', '=', username)
    .where('succeeded', '=', false)
    .executeTakeFirst();
}

/** Active areas under `scope` (itself included), for checking and for resolving name paths. */
export function areasIn(db: Db, scope: string) {
  return db
    .selectFrom('areas')
    .select(['code', 'name', 'level', 'parent_code'])
    .where(inScope('code', scope))
    .where('retired_at', 'is', null)
    .execute();
}

export function activeDepartments(db: Db) {
  return db
    .selectFrom('departments')
    .select(['code', 'name_zh', 'name_en'])
    .where('retired_at', 'is', null)
    .execute();
}
