import { isWithin } from '../../geo/area-code.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import type { CaseChange } from './cases.bus.ts';
import { SUPERVISING_ROLES } from './cases.machine.ts';
import type { CaseScope } from './cases.repository.ts';
import type { FiguresScope } from './figures.repository.ts';

/**
 * Who sees which case: the one rule of the cases module, used for one case, for lists and
 * figures (as a scope the repositories filter by) and for live events.
 *
 * - The reporter always sees their own report.
 * - Staff with `cases.read` see the cases in their area; a department handler only those
 *   dispatched to their department. Residents see only their own reports.
 */
export function maySeeCase(
  auth: Auth,
  row: { grid_code: string; reporter_id: string | null; department_code: string | null },
): boolean {
  if (row.reporter_id === auth.userId) return true;
  return seesAsStaff(auth, row.grid_code, row.department_code);
}

/** Live events are for staff who read cases; each change is then filtered by `hearsChange`. */
export function requireLiveEvents(auth: Auth | null): Auth {
  if (!auth) throw new AppError('unauthenticated');
  if (!auth.permissions.includes('cases.read')) throw new AppError('forbidden');
  return auth;
}

/** A live change concerns the staff who may see the case (reporters follow their own case by id). */
export function hearsChange(auth: Auth, change: CaseChange): boolean {
  return seesAsStaff(auth, change.gridCode, change.departmentCode);
}

function seesAsStaff(auth: Auth, gridCode: string, departmentCode: string | null): boolean {
  if (auth.role === 'resident' || !auth.permissions.includes('cases.read')) return false;
  if (!isWithin(gridCode, auth.areaCode)) return false;
  if (auth.role === 'dept_handler') return departmentCode === auth.departmentCode;
  return true;
}

/** Area leaders and administrators may push a late case in their area (督办). */
export function maySupervise(auth: Auth, row: { grid_code: string }): boolean {
  return SUPERVISING_ROLES.includes(auth.role) && isWithin(row.grid_code, auth.areaCode);
}

/** Whose cases a list may show: the reporter's own, a handler's department's, or the caller's area. */
export function listScope(auth: Auth, mine: boolean): CaseScope {
  if (mine) return { reporterId: auth.userId };
  if (auth.role === 'dept_handler')
    return { areaCode: auth.areaCode, departmentCode: auth.departmentCode ?? '' };
  return { areaCode: auth.areaCode };
}

/**
 * Whose figures the caller may see: the area asked for (it must lie in theirs), and a department
 * handler only their department's. Residents have no figures.
 */
export function figuresScope(auth: Auth | null, areaCode: string | undefined): FiguresScope {
  if (!auth) throw new AppError('unauthenticated');
  if (!auth.permissions.includes('cases.read') || auth.role === 'resident') throw new AppError('forbidden');
  const area = resolveScope(auth, areaCode);
  if (auth.role === 'dept_handler') return { areaCode: area, departmentCode: auth.departmentCode ?? '' };
  return { areaCode: area };
}
