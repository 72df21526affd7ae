import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import type { UsersTable } from '../../db/types.ts';

/** Accounts as other modules see them: who someone is and what role and area they hold. */

/** An active account, by id. */
export function activeAccount(db: Db, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'area_code', 'department_code'])
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/**
 * The active accounts of a role, by display name. `inside` keeps those whose area lies inside it,
 * `orAt` adds those whose area is one of these codes; `containing` keeps those whose area contains
 * the code (it included).
 */
export function activeAccountsWithRole(
  db: Db,
  role: UsersTable['role'],
  where: { inside?: string; orAt?: string[]; containing?: string } = {},
) {
  const { inside, orAt = [], containing } = where;
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'area_code'])
    .where('role', '=', role)
    .where('status', '=', 'active')
    .$if(inside !== undefined, (q) =>
      q.where((eb) =>
        orAt.length
          ? eb.or([inScope('area_code', inside!), eb('area_code', 'in', orAt)])
          : inScope('area_code', inside!),
      ),
    )
    .$if(containing !== undefined, (q) => q.where(sql<boolean>`${containing} like users.area_code || '%'`))
    .orderBy('display_name')
    .execute();
}
