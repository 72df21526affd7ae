import type { Db } from '../../db/database.ts';
import { isWithin, levelOfCode } from '../../geo/area-code.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import { estatesOwnedBy } from '../estates/index.ts';
import { personOfResident } from '../residents/index.ts';
import type { VoteRow } from './votes.repository.ts';
import * as repo from './votes.repository.ts';

/** Staff's area for community-level records: a grid worker's is their grid's community. */
export function communityScope(areaCode: string): string {
  return levelOfCode(areaCode) === 'grid' ? areaCode.slice(0, 12) : areaCode;
}

export const isStaff = (auth: Auth) => auth.permissions.includes('meetings.read');

/** The registry person of a resident's account (null for other accounts or unmatched sign-ups). */
export async function personOf(db: Db, auth: Auth): Promise<string | null> {
  return auth.role === 'resident' ? personOfResident(db, auth.userId) : null;
}

/**
 * Who sees a vote: staff with meetings.read whose area holds its community; a voter (votes.cast) of
 * its electorate once it is open — an owner of the estate, a participant of the meeting — and, once
 * published, a resident of the community when the vote is public. To anyone else it does not exist.
 */
export async function visibleVote(db: Db, auth: Auth | null, id: string) {
  if (!auth) throw new AppError('unauthenticated');
  if (!isStaff(auth) && !auth.permissions.includes('votes.cast')) throw new AppError('forbidden');
  const vote = await repo.findVote(db, id);
  if (!vote) throw new AppError('record_not_found');
  if (isStaff(auth)) {
    if (!isWithin(vote.community_code, communityScope(auth.areaCode))) throw new AppError('record_not_found');
    return { vote, staff: true as const, personId: null };
  }
  const personId = await personOf(db, auth);
  if (vote.state !== 'draft' && (await isVoter(db, vote, auth, personId)))
    return { vote, staff: false as const, personId };
  if (vote.state === 'published' && vote.is_public && isWithin(auth.areaCode, vote.community_code))
    return { vote, staff: false as const, personId };
  throw new AppError('record_not_found');
}

async function isVoter(db: Db, vote: VoteRow, auth: Auth, personId: string | null) {
  if (vote.kind === 'owners')
    return personId !== null && (await estatesOwnedBy(db, personId)).includes(vote.estate_id ?? '');
  return (await repo.unitsOfVoter(db, vote.id, personId, auth.userId)).length > 0;
}

/** A staff write on a vote: the permission, then the vote inside the caller's area (else 404). */
export async function manageableVote(
  db: Db,
  auth: Auth | null,
  id: string,
  permission: 'meetings.manage' | 'votes.paper',
) {
  const caller = requirePermission(auth, permission);
  const vote = await repo.findVote(db, id);
  if (!vote || !isWithin(vote.community_code, communityScope(caller.areaCode)))
    throw new AppError('record_not_found');
  return { caller, vote };
}
