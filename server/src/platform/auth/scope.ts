import type { AreaLevel } from '../../geo/geojson.ts';

/**
 * Area codes nest by prefix: a district's 6 digits begin every street, community and grid code
 * under it, a street's 9 digits every community and grid under it, and so on. The scope of a user
 * is therefore a code prefix, and "inside my area" is `code LIKE prefix || '%'`.
 */
const PREFIX_LENGTH: Record<AreaLevel, number> = { district: 6, street: 9, community: 12, grid: 15 };

export function levelOfCode(code: string): AreaLevel | null {
  if (/^\d{15}$/.test(code)) return 'grid';
  if (!/^\d{12}$/.test(code)) return null;
  if (code.endsWith('000000')) return 'district';
  if (code.endsWith('000')) return 'street';
  return 'community';
}

export function prefixOf(code: string): string {
  const level = levelOfCode(code);
  if (!level) throw new Error(`Not an area code: ${code}`);
  return code.slice(0, PREFIX_LENGTH[level]);
}

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
