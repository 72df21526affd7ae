import { isWithin } from '../../geo/area-code.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';

/**
 * Who reads a committee's statements. Community staff with `disclosure.read` read every statement
 * (drafts too) of the estates in their area; with `disclosure.publish` they also prepare, publish
 * and correct them on the committee's behalf. An owner (a resident whose registry person owns a
 * house of the estate, `disclosure.own`) reads its published statements, every revision. Everyone
 * else: as if they did not exist.
 */
export interface StatementFacts {
  estate_id: string;
  community_code: string;
  state: 'draft' | 'published';
}

export const isStaffReader = (auth: Auth, s: { community_code: string }) =>
  auth.permissions.includes('disclosure.read') && isWithin(s.community_code, auth.areaCode);

export const mayPublish = (auth: Auth, s: { community_code: string }) =>
  auth.permissions.includes('disclosure.publish') && isWithin(s.community_code, auth.areaCode);

/** `ownedEstates`: the estates where the caller's registry person owns a house. */
export function maySeeStatement(auth: Auth, s: StatementFacts, ownedEstates: readonly string[]): boolean {
  if (isStaffReader(auth, s)) return true;
  return (
    auth.permissions.includes('disclosure.own') &&
    s.state === 'published' &&
    ownedEstates.includes(s.estate_id)
  );
}
