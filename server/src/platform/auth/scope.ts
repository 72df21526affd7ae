import { isWithin } from '../../geo/area-code.ts';
import { AppError } from '../errors.ts';

/**
 * The one scope resolver: the area a request covers. Without an `areaCode` it is the caller's own
 * area; an `areaCode` outside the caller's area is answered exactly as one that does not exist
 * (404 `area_not_found`), on every route, so that no answer tells which areas exist elsewhere.
 */
export function resolveScope(caller: { areaCode: string }, areaCode: string | undefined): string {
  if (areaCode === undefined) return caller.areaCode;
  if (!isWithin(areaCode, caller.areaCode)) throw new AppError('area_not_found', { code: areaCode });
  return areaCode;
}
