import { isWithin } from '../../geo/area-code.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { MemberRow } from './party.repository.ts';

/**
 * Who sees a party member: the party workers of the area their organization is in, who keep the
 * record; and, for an in-service member registered at a residential community (双报到), that
 * community's party workers, who record the hours served there but change nothing else.
 * Party data is for party roles only: the permissions (party.read, party.manage) say that.
 */
export function canSeeMember(caller: Auth, row: MemberRow): boolean {
  return (
    isWithin(row.area_code, caller.areaCode) ||
    (row.in_service && row.residence_community !== null && isWithin(row.residence_community, caller.areaCode))
  );
}

/** The organization's area decides who keeps the record. */
export function canKeepMember(caller: Auth, row: MemberRow): boolean {
  return isWithin(row.area_code, caller.areaCode);
}

export function seenMember(caller: Auth, row: MemberRow | undefined): MemberRow {
  if (!row || !canSeeMember(caller, row)) throw new AppError('record_not_found');
  return row;
}

export function keptMember(caller: Auth, row: MemberRow | undefined): MemberRow {
  if (!row || !canKeepMember(caller, row)) throw new AppError('record_not_found');
  return row;
}
