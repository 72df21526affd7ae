import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { activeAccount } from '../users/index.ts';
import { fieldError } from './enforcement.messages.ts';

/**
 * The other officer on an on-site step (two officers, 两人以上执法): an active enforcement officer
 * whose area overlaps the caller's, and not the caller.
 */
export async function secondOfficer(trx: Db, caller: Auth, id: string | undefined) {
  if (!id) throw fieldError('secondOfficerId', 'two_officers');
  const officer = await activeAccount(trx, id);
  if (!officer || officer.id === caller.userId || officer.role !== 'enforcement_officer')
    throw fieldError('secondOfficerId', 'not_officer');
  if (!isWithin(officer.area_code, caller.areaCode) && !isWithin(caller.areaCode, officer.area_code))
    throw fieldError('secondOfficerId', 'not_officer');
  return officer;
}
