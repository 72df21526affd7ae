import type { Static } from 'typebox';
import type { LocalizedProblem } from '../../../../server/src/modules/areas/areas.messages.ts';
import type * as schemas from '../../../../server/src/modules/areas/areas.schemas.ts';
import { AREA_LEVELS, type AreaLevel, type Boundary } from '../../app/areas.model';

export type ImportResult = Static<typeof schemas.ImportResult>;
/** One entry of `errors` on 422 `invalid_boundary`, and of `problems` on 422 `import_invalid`. */
export type BoundaryProblem = LocalizedProblem;

/** One entry of `errors` on 422 `import_invalid`; `index` is the feature's position in the file, from 0. */
export interface ImportFeatureError {
  index: number;
  code: string | null;
  problems: BoundaryProblem[];
}

export function childLevel(level: AreaLevel): AreaLevel | null {
  return AREA_LEVELS[AREA_LEVELS.indexOf(level) + 1] ?? null;
}

/**
 * Code rules: street = district's first 6 + 3 digits + 000; community = street's first 9 + 3 digits;
 * grid = community code + 3 digits. `template` shows the free digits as underscores.
 */
export function childCodeRule(parent: {
  code: string;
  level: AreaLevel;
}): { pattern: RegExp; template: string } | null {
  const rule = (prefix: string, suffix: string) => ({
    pattern: new RegExp(`^${prefix}\\d{3}${suffix}$`),
    template: `${prefix}___${suffix}`,
  });
  switch (parent.level) {
    case 'district':
      return rule(parent.code.slice(0, 6), '000');
    case 'street':
      return rule(parent.code.slice(0, 9), '');
    case 'community':
      return rule(parent.code, '');
    default:
      return null;
  }
}

/**
 * Reads a boundary typed or pasted by a user: a Polygon or MultiPolygon, or a Feature (or a
 * FeatureCollection of one feature) holding one. Returns a translation key when it is none of these.
 */
export function parseBoundary(
  text: string,
):
  | { boundary: Boundary }
  | { error: 'areas.boundaryNotJson' | 'areas.boundaryNotPolygon'; message?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: 'areas.boundaryNotJson', message: (error as Error).message };
  }
  const candidate = value as { type?: string; geometry?: unknown; features?: { geometry?: unknown }[] };
  const geometry =
    candidate?.type === 'Feature'
      ? candidate.geometry
      : candidate?.type === 'FeatureCollection' && candidate.features?.length === 1
        ? candidate.features[0].geometry
        : value;
  const type = (geometry as { type?: string } | null)?.type;
  if (type === 'Polygon' || type === 'MultiPolygon') return { boundary: geometry as Boundary };
  return { error: 'areas.boundaryNotPolygon' };
}
