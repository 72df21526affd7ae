import { Type } from 'typebox';
import type { AreaLevel } from './geojson.ts';

/**
 * Area codes: 12-digit statistical division codes for the district (6 digits + 000000), its
 * streets (9 + 000) and communities (12), and 15 digits for a grid (its community's code + a
 * 3-digit serial). Codes nest by prefix: a district's 6 digits begin every street, community and
 * grid code under it, a street's 9 digits every community and grid under it, and so on. "Inside
 * an area" is therefore a prefix match, and this file is the one place that knows the prefix.
 */
export const AreaCode = Type.String({
  pattern: '^[0-9]{12}([0-9]{3})?$',
  description: '12-digit division code; grids 15',
});

const PREFIX_LENGTH: Record<AreaLevel, number> = { district: 6, street: 9, community: 12, grid: 15 };

export function levelOfCode(code: string): AreaLevel | null {
  if (/^\d{15}$/.test(code)) return 'grid';
  if (!/^\d{12}$/.test(code)) return null;
  if (code.endsWith('000000')) return 'district';
  if (code.endsWith('000')) return 'street';
  return 'community';
}

/**
 * The digits every code under `code` begins with. Not the code without its trailing zeros: a
 * community `…010` would then be the prefix of communities `…011`–`…019`.
 */
export function prefixOf(code: string): string {
  const level = levelOfCode(code);
  if (!level) throw new Error(`Not an area code: ${code}`);
  return code.slice(0, PREFIX_LENGTH[level]);
}

/** `code` is the area `scopeCode` or lies under it. */
export function isWithin(code: string, scopeCode: string): boolean {
  return code.startsWith(prefixOf(scopeCode));
}

/** The codes of the areas above `code`, root first (derived from the code alone). */
export function ancestorCodesOf(code: string): string[] {
  const level = levelOfCode(code);
  const result: string[] = [];
  if (!level || level === 'district') return result;
  result.push(`${code.slice(0, 6)}000000`);
  if (level === 'street') return result;
  result.push(`${code.slice(0, 9)}000`);
  if (level === 'community') return result;
  result.push(code.slice(0, 12));
  return result;
}

/** The code of the area directly above `code`, or null for a district (or not a code). */
export function parentOf(code: string): string | null {
  return ancestorCodesOf(code).at(-1) ?? null;
}
