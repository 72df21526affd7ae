import type { Db } from '../../db/database.ts';
import { ancestorCodesOf, isWithin, levelOfCode } from '../../geo/area-code.ts';
import { checkInsideParent, checkNoOverlap, validateBoundary } from '../../geo/boundary.ts';
import { AREA_LEVELS, type AreaLevel, type Boundary, bboxOf } from '../../geo/geojson.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import { type AreaProblem, localize } from './areas.messages.ts';
import * as repo from './areas.repository.ts';
import { changesOf, createdChanges, type Source } from './areas.service.ts';
import type { GridIndex } from './grid-index.ts';

/** One area as read from a GeoJSON feature. */
export interface AreaInput {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  boundary: Boundary;
  households: number | null;
  population: number | null;
}

interface Parsed {
  index: number;
  input: AreaInput | null;
  problems: AreaProblem[];
}

const BATCH = 500;

function optionalCount(properties: Record<string, unknown>, property: string, problems: AreaProblem[]) {
  const value = properties[property];
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    problems.push({ code: 'invalid_property', params: { property, reason: 'not a whole number ≥ 0' } });
    return null;
  }
  return n;
}

function parseFeature(feature: unknown, index: number): Parsed {
  const problems: AreaProblem[] = [];
  const f = feature as { type?: unknown; properties?: unknown; geometry?: unknown } | null;
  if (
    !f ||
    typeof f !== 'object' ||
    f.type !== 'Feature' ||
    typeof f.properties !== 'object' ||
    !f.properties
  ) {
    return { index, input: null, problems: [{ code: 'not_a_feature' }] };
  }
  const p = f.properties as Record<string, unknown>;
  const code = typeof p.code === 'number' ? String(p.code) : p.code;
  const name = typeof p.name === 'string' ? p.name.trim() : '';
  if (typeof code !== 'string' || code === '')
    problems.push({ code: 'missing_property', params: { property: 'code' } });
  if (!name) problems.push({ code: 'missing_property', params: { property: 'name' } });
  const level = (p.level ?? (typeof code === 'string' ? levelOfCode(code) : null)) as AreaLevel | null;
  if (typeof code === 'string' && (!level || !AREA_LEVELS.includes(level))) {
    problems.push({ code: 'invalid_property', params: { property: 'level', reason: String(p.level) } });
  }
  const households = optionalCount(p, 'households', problems);
  const population = optionalCount(p, 'population', problems);
  const parentCode =
    p.parentCode === undefined || p.parentCode === null || p.parentCode === '' ? null : String(p.parentCode);
  if (typeof code === 'string' && level && AREA_LEVELS.includes(level)) {
    const actual = levelOfCode(code);
    if (actual !== level) {
      problems.push({
        code: 'invalid_area_code',
        params: {
          reason: actual ? `${code} is a ${actual} code, not a ${level}` : `${code} is not a division code`,
        },
      });
    } else {
      const expected = ancestorCodesOf(code).at(-1) ?? null;
      if (parentCode !== expected) {
        problems.push({
          code: 'invalid_parent',
          params: {
            reason: `the parent of ${code} is ${expected ?? 'none'} (from its code), not ${parentCode ?? 'none'}`,
          },
        });
      }
    }
  }
  const shape = validateBoundary(f.geometry);
  problems.push(...shape);
  if (problems.length > 0) return { index, input: null, problems };
  return {
    index,
    input: {
      code: code as string,
      name,
      level: level as AreaLevel,
      parentCode,
      boundary: f.geometry as Boundary,
      households,
      population,
    },
    problems,
  };
}

function overlaps(a: Boundary, b: Boundary): boolean {
  const [aMinLon, aMinLat, aMaxLon, aMaxLat] = bboxOf(a);
  const [bMinLon, bMinLat, bMaxLon, bMaxLat] = bboxOf(b);
  return !(bMinLon > aMaxLon || bMaxLon < aMinLon || bMinLat > aMaxLat || bMaxLat < aMinLat);
}

/**
 * Checks every feature against the tree as it would be after the import (the database's areas,
 * replaced or extended by the file's), and writes all of it in one transaction, or nothing.
 */
export async function importAreas(
  db: Db,
  index: GridIndex,
  auth: Auth | null | 'system',
  features: unknown[],
  source: Source = 'import',
): Promise<{ created: number; updated: number; unchanged: number }> {
  const caller = auth === 'system' ? null : requirePermission(auth, 'areas.write');
  const scopeCode = caller?.areaCode ?? null;
  const parsed = features.map(parseFeature);
  const byCode = new Map<string, Parsed>();
  for (const item of parsed) {
    if (!item.input) continue;
    if (scopeCode && !isWithin(item.input.code, scopeCode)) {
      item.problems.push({
        code: 'invalid_area_code',
        params: { reason: `${item.input.code} is outside your area` },
      });
      item.input = null;
      continue;
    }
    const earlier = byCode.get(item.input.code);
    if (earlier) {
      item.problems.push({
        code: 'duplicate_in_file',
        params: { code: item.input.code, other: earlier.index },
      });
      item.input = null;
      continue;
    }
    byCode.set(item.input.code, item);
  }

  const codes = [...byCode.keys()];
  const parentCodes = [
    ...new Set(codes.map((c) => byCode.get(c)!.input!.parentCode).filter((c) => c !== null)),
  ];
  const existing = await repo.findAreasAround(db, codes, parentCodes);
  const existingByCode = new Map(existing.map((r) => [r.code, r]));

  // The tree as it would be: code → boundary and parent, the file winning over the database.
  const future = new Map<string, { parentCode: string | null; boundary: Boundary; fromFile: boolean }>();
  for (const row of existing) {
    if (!row.retired_at)
      future.set(row.code, { parentCode: row.parent_code, boundary: row.boundary, fromFile: false });
  }
  for (const [code, item] of byCode) {
    const row = existingByCode.get(code);
    if (row?.retired_at) {
      item.problems.push({ code: 'area_retired', params: { code } });
      continue;
    }
    future.set(code, { parentCode: item.input!.parentCode, boundary: item.input!.boundary, fromFile: true });
  }
  const childrenOf = new Map<string | null, string[]>();
  for (const [code, area] of future) {
    const list = childrenOf.get(area.parentCode) ?? [];
    list.push(code);
    childrenOf.set(area.parentCode, list);
  }

  for (const [code, item] of byCode) {
    if (item.problems.length > 0) continue;
    const { parentCode, boundary } = item.input!;
    if (parentCode) {
      const parent = future.get(parentCode);
      if (!parent) {
        item.problems.push({ code: 'parent_missing', params: { parent: parentCode } });
      } else {
        for (const p of checkInsideParent(boundary, parent.boundary)) {
          item.problems.push({ ...p, params: { ...p.params, parent: parentCode } });
        }
      }
    }
    for (const siblingCode of childrenOf.get(parentCode) ?? []) {
      if (siblingCode === code) continue;
      // Two features of the file that overlap are both reported: either may be the one to fix.
      const sibling = future.get(siblingCode)!;
      if (!overlaps(boundary, sibling.boundary)) continue;
      for (const p of checkNoOverlap(boundary, sibling.boundary)) {
        item.problems.push({ ...p, params: { ...p.params, sibling: siblingCode } });
      }
    }
    for (const childCode of childrenOf.get(code) ?? []) {
      const child = future.get(childCode)!;
      if (child.fromFile) continue; // checked from the child's side
      for (const p of checkInsideParent(child.boundary, boundary)) {
        item.problems.push({ ...p, code: 'child_outside', params: { ...p.params, child: childCode } });
      }
    }
  }

  const failed = parsed.filter((p) => p.problems.length > 0);
  if (failed.length > 0) {
    throw new AppError('import_invalid', { count: failed.length }, (lang) => ({
      errors: failed.map((f) => ({
        index: f.index,
        code: (f.input?.code ??
          (features[f.index] as { properties?: { code?: unknown } })?.properties?.code ??
          null) as string | null,
        problems: f.problems.map((p) => localize(p, lang)),
      })),
    }));
  }

  const actor = caller?.userId ?? null;
  const toCreate: AreaInput[] = [];
  const toUpdate: { input: AreaInput; row: repo.AreaRow; changes: Record<string, [unknown, unknown]> }[] = [];
  let unchanged = 0;
  for (const { input } of byCode.values()) {
    const row = existingByCode.get(input!.code);
    if (!row) {
      toCreate.push(input!);
      continue;
    }
    const changes = changesOf(row, {
      name: input!.name,
      boundary: input!.boundary,
      households: input!.households,
      population: input!.population,
    });
    if (Object.keys(changes).length === 0) unchanged++;
    else toUpdate.push({ input: input!, row, changes });
  }
  // Parents before children, for the foreign key.
  toCreate.sort(
    (a, b) => AREA_LEVELS.indexOf(a.level) - AREA_LEVELS.indexOf(b.level) || a.code.localeCompare(b.code),
  );

  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < toCreate.length; i += BATCH) {
      const batch = toCreate.slice(i, i + BATCH).map((a) => ({ ...a, headId: null }));
      await repo.insertAreas(trx, batch);
      await repo.insertHistory(
        trx,
        batch.map((a) => ({
          areaCode: a.code,
          version: 1,
          changedBy: actor,
          source,
          changes: createdChanges(a),
        })),
      );
    }
    for (const { input, row, changes } of toUpdate) {
      const updated = await repo.updateArea(trx, input.code, row.version, input);
      if (!updated) throw new AppError('version_conflict', { currentVersion: row.version + 1 });
      await repo.insertHistory(trx, [
        { areaCode: input.code, version: updated.version, changedBy: actor, source, changes },
      ]);
    }
    if (toCreate.length + toUpdate.length > 0) await repo.notifyAreasChanged(trx);
    if (caller)
      await audit(trx, caller, {
        action: 'areas.import',
        targetType: 'area',
        detail: { features: features.length, created: toCreate.length, updated: toUpdate.length, unchanged },
      });
  });
  index.invalidate();
  return { created: toCreate.length, updated: toUpdate.length, unchanged };
}
