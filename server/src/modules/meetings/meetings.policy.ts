import type { Db } from '../../db/database.ts';
import { isWithin, levelOfCode } from '../../geo/area-code.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './meetings.repository.ts';

/** Staff's area for community-level records: a grid worker's is their grid's community. */
export function communityScope(areaCode: string): string {
  return levelOfCode(areaCode) === 'grid' ? areaCode.slice(0, 12) : areaCode;
}

export const isStaff = (auth: Auth) => auth.permissions.includes('meetings.read');

/**
 * Who sees a meeting: staff with meetings.read whose area holds its community; a resident or deputy
 * (votes.cast) of the community when it is public, or any participant. Else it does not exist.
 */
export async function visibleMeeting(db: Db, auth: Auth | null, id: string) {
  if (!auth) throw new AppError('unauthenticated');
  if (!isStaff(auth) && !auth.permissions.includes('votes.cast')) throw new AppError('forbidden');
  const meeting = await repo.meetingById(db, id);
  if (!meeting) throw new AppError('record_not_found');
  if (isStaff(auth)) {
    if (!isWithin(meeting.community_code, communityScope(auth.areaCode)))
      throw new AppError('record_not_found');
    return { meeting, staff: true };
  }
  const participants = await repo.participantsOf(db, id);
  const participant = participants.some((p) => p.user_id === auth.userId);
  if (participant || (meeting.is_public && isWithin(auth.areaCode, meeting.community_code)))
    return { meeting, staff: false };
  throw new AppError('record_not_found');
}

export async function manageableMeeting(db: Db, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'meetings.manage');
  const meeting = await repo.meetingById(db, id);
  if (!meeting || !isWithin(meeting.community_code, communityScope(caller.areaCode)))
    throw new AppError('record_not_found');
  return { caller, meeting };
}
