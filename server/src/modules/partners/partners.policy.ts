import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import { partnerOfUser } from './partners.repository.ts';

/**
 * Who sees what of partners (docs/partners.md):
 * - staff with `partners.read`: the partners placed in their area, the services placed there and
 *   the bookings of residents living there;
 * - a partner account (`partners.serve`): its own partner, services and bookings, wherever they are;
 * - a resident (`partners.book`): the open services of approved partners offered to where they
 *   live (placed there or in an area above it), and their own bookings.
 * Anything else answers 404, as if it did not exist.
 */
export type Viewer =
  | { kind: 'staff'; auth: Auth; scope: string }
  | { kind: 'partner'; auth: Auth; partnerId: string; area: string }
  | { kind: 'resident'; auth: Auth };

export async function viewerOf(db: Db, auth: Auth | null): Promise<Viewer> {
  if (!auth) throw new AppError('unauthenticated');
  if (auth.permissions.includes('partners.read')) return { kind: 'staff', auth, scope: auth.areaCode };
  if (auth.permissions.includes('partners.serve')) {
    const partner = await partnerOfUser(db, auth.userId);
    // An account bound to no approved partner serves nothing.
    if (!partner) throw new AppError('forbidden');
    return { kind: 'partner', auth, partnerId: partner.id, area: partner.area_code };
  }
  if (auth.permissions.includes('partners.book')) return { kind: 'resident', auth };
  throw new AppError('forbidden');
}

export function seesService(
  v: Viewer,
  s: { partner_id: string; area_code: string; partner_state: string; state: string },
): boolean {
  if (v.kind === 'staff') return isWithin(s.area_code, v.scope);
  if (v.kind === 'partner') return s.partner_id === v.partnerId;
  return s.partner_state === 'approved' && s.state === 'open' && isWithin(v.auth.areaCode, s.area_code);
}

export function seesBooking(v: Viewer, b: { partner_id: string; resident_id: string; area_code: string }) {
  if (v.kind === 'staff') return isWithin(b.area_code, v.scope);
  if (v.kind === 'partner') return b.partner_id === v.partnerId;
  return b.resident_id === v.auth.userId;
}
