import type { Auth } from '../../platform/auth/auth.service.ts';

/**
 * Who sees what of the registry beyond its permissions (`registry.read`, `registry.lookup`) and the
 * caller's area (`resolveScope`): the one place for the rules on sensitive focus groups.
 */

/** A focus-group tag restricted to some roles (community corrections, …) is seen only by them. */
export function maySeeTag(auth: Auth, tag: { visible_to: string[] | null }): boolean {
  return tag.visible_to === null || tag.visible_to.includes(auth.role);
}

/**
 * The address as the caller may see it: a person with a focus-group tag the caller may not see
 * keeps their building but not their room, so that they cannot be found out.
 */
export function visibleAddress(address: string | null, tags: { visible_to: string[] | null }[], auth: Auth) {
  if (!address || tags.every((tag) => maySeeTag(auth, tag))) return address;
  const room = address.lastIndexOf(' ');
  return `${room > 0 ? address.slice(0, room) : address} ***`;
}
