import type { Db } from '../../db/database.ts';
import { ancestorCodesOf, isWithin, levelOfCode } from '../../geo/area-code.ts';
import { checkInsideParent, checkNoOverlap, validateBoundary } from '../../geo/boundary.ts';
import { type Crs, toWgs84 } from '../../geo/coordinates.ts';
import { type AreaLevel, type Boundary, bboxOf } from '../../geo/geojson.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import { type AreaProblem, localize } from './areas.messages.ts';
import * as repo from './areas.repository.ts';
import type { Area, CreateAreaBody, ListQuery, TreeNode, UpdateAreaBody } from './areas.schemas.ts';
import type { GridIndex } from './grid-index.ts';

export type Source = 'manual' | 'import' | 'demo';

function summaryOf(row: repo.AreaRow) {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    households: row.households,
    population: row.population,
    retired: row.retired_at !== null,
  };
}

/** Reads an area the caller may see; anything else is "not found", never "forbidden". */
async function visibleArea(db: Db, auth: Auth, code: string): Promise<repo.AreaRow> {
  const row = isWithin(code, auth.areaCode) ? await repo.findArea(db, code) : undefined;
  if (!row) throw new AppError('area_not_found', { code });
  return row;
}

export async function getArea(db: Db, auth: Auth | null, code: string): Promise<Area> {
  const caller = requirePermission(auth, 'areas.read');
  return detailOf(db, await visibleArea(db, caller, code));
}

async function detailOf(db: Db, row: repo.AreaRow): Promise<Area> {
  const [ancestors, children, stats, head] = await Promise.all([
    repo.findSummaries(db, ancestorCodesOf(row.code)),
    repo.findChildren(db, row.code),
    repo.gridStats(db, row.code),
    row.head_id ? repo.findHeadName(db, row.head_id) : undefined,
  ]);
  return {
    ...summaryOf(row),
    boundary: row.boundary as Area['boundary'],
    bbox: [row.min_lon, row.min_lat, row.max_lon, row.max_lat],
    headId: row.head_id,
    headName: head?.display_name ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    ancestors,
    children,
    stats,
  };
}

export async function listAreas(db: Db, auth: Auth | null, query: ListQuery) {
  const caller = requirePermission(auth, 'areas.read');
  return repo.listAreas(db, caller.areaCode, query, query);
}

export async function areaTree(db: Db, auth: Auth | null, depth: AreaLevel = 'grid'): Promise<TreeNode[]> {
  const caller = requirePermission(auth, 'areas.read');
  const rows = await repo.treeRows(db, caller.areaCode, depth);
  const nodes = new Map<string, TreeNode>();
  const roots: TreeNode[] = [];
  for (const row of rows)
    nodes.set(row.code, { code: row.code, name: row.name, level: row.level, children: [] });
  for (const row of rows) {
    const parent = row.parentCode ? nodes.get(row.parentCode) : undefined;
    (parent ? parent.children : roots).push(nodes.get(row.code)!);
  }
  return roots;
}

export async function areaHistory(db: Db, auth: Auth | null, code: string) {
  const caller = requirePermission(auth, 'areas.read');
  await visibleArea(db, caller, code);
  const rows = await repo.historyOf(db, code);
  return rows.map((r) => ({ ...r, changedAt: r.changedAt.toISOString() }));
}

export async function areasGeoJson(db: Db, auth: Auth | null, level?: AreaLevel, within?: string) {
  const caller = requirePermission(auth, 'areas.read');
  const root = within ?? caller.areaCode;
  if (within) await visibleArea(db, caller, within);
  return repo.featureCollection(db, root, level);
}

export async function locate(
  db: Db,
  index: GridIndex,
  auth: Auth | null,
  lon: number,
  lat: number,
  crs: Crs,
) {
  const caller = requirePermission(auth, 'areas.read');
  const [wgsLon, wgsLat] = toWgs84(lon, lat, crs);
  const gridCode = (await index.current()).locate(wgsLon, wgsLat);
  const params = { lon: wgsLon.toFixed(6), lat: wgsLat.toFixed(6) };
  if (!gridCode) throw new AppError('point_outside_district', params);
  if (!isWithin(gridCode, caller.areaCode)) throw new AppError('point_outside_scope', params);
  const areas = await repo.findSummaries(db, [...ancestorCodesOf(gridCode), gridCode]);
  const grid = areas.find((a) => a.code === gridCode);
  if (!grid) throw new AppError('point_outside_district', params);
  return { grid, ancestors: areas.filter((a) => a.code !== gridCode), point: { lon: wgsLon, lat: wgsLat } };
}

// ---------------------------------------------------------------------------------------------
// Writes

/** The code's own structure decides its level and parent; `parentCode` must agree with it. */
export function checkCode(code: string, level: AreaLevel, parentCode: string | null) {
  const actual = levelOfCode(code);
  if (actual !== level) {
    throw new AppError('invalid_area_code', {
      code,
      reason:
        actual === null
          ? 'not a 12-digit division code (15 digits for a grid)'
          : `the code is that of a ${actual}, not a ${level}`,
    });
  }
  const expectedParent = ancestorCodesOf(code).at(-1) ?? null;
  if (parentCode !== expectedParent) {
    throw new AppError('invalid_parent', {
      reason:
        expectedParent === null
          ? 'a district has no parent'
          : `the parent of ${code} is ${expectedParent} (from its code), not ${parentCode ?? 'none'}`,
    });
  }
}

function boundaryError(problems: AreaProblem[]): AppError {
  return new AppError(
    'invalid_boundary',
    { summary: problems.length === 1 ? problems[0].code : `${problems.length} problems` },
    (lang) => ({ errors: problems.map((p) => localize(p, lang)) }),
  );
}

/** All rules a boundary must meet in its place in the tree. */
export function placeProblems(
  boundary: Boundary,
  parent: { code: string; boundary: Boundary } | null,
  siblings: { code: string; boundary: Boundary }[],
  children: { code: string; boundary: Boundary }[],
): AreaProblem[] {
  const own = validateBoundary(boundary);
  if (own.length > 0) return own;
  const problems: AreaProblem[] = [];
  if (parent) {
    for (const p of checkInsideParent(boundary, parent.boundary)) {
      problems.push({ ...p, params: { ...p.params, parent: parent.code } });
    }
  }
  const [minLon, minLat, maxLon, maxLat] = bboxOf(boundary);
  for (const sibling of siblings) {
    const [sMinLon, sMinLat, sMaxLon, sMaxLat] = bboxOf(sibling.boundary);
    if (sMinLon > maxLon || sMaxLon < minLon || sMinLat > maxLat || sMaxLat < minLat) continue;
    for (const p of checkNoOverlap(boundary, sibling.boundary)) {
      problems.push({ ...p, params: { ...p.params, sibling: sibling.code } });
    }
  }
  for (const child of children) {
    for (const p of checkInsideParent(child.boundary, boundary)) {
      problems.push({ ...p, code: 'child_outside', params: { ...p.params, child: child.code } });
    }
  }
  return problems;
}

async function checkHead(db: Db, headId: string | null | undefined) {
  if (headId && !(await repo.userExists(db, headId))) throw new AppError('invalid_head', { headId });
}

function requireWritable(auth: Auth | null, code: string): Auth {
  const caller = requirePermission(auth, 'areas.write');
  if (!isWithin(code, caller.areaCode)) throw new AppError('area_not_found', { code });
  return caller;
}

/**
 * A boundary that holds any point of the country: the district starts with it and gets its real
 * one when its map is imported; streets and communities imported before then fit inside it.
 */
const PROVISIONAL_BOUNDARY: Boundary = {
  type: 'Polygon',
  coordinates: [
    [
      [73, 3],
      [136, 3],
      [136, 54],
      [73, 54],
      [73, 3],
    ],
  ],
};

/**
 * The root of a new installation's tree (first setup): the district, with a provisional boundary
 * until its map is imported. In the caller's transaction, which also creates the first account.
 */
export async function createDistrictRoot(trx: Db, district: { code: string; name: string }) {
  const write = {
    code: district.code,
    level: 'district' as const,
    parentCode: null,
    name: district.name,
    boundary: PROVISIONAL_BOUNDARY,
    households: null,
    population: null,
    headId: null,
  };
  await repo.insertAreas(trx, [write]);
  await repo.insertHistory(trx, [
    {
      areaCode: district.code,
      version: 1,
      changedBy: null,
      source: 'manual',
      changes: createdChanges(write),
    },
  ]);
  await repo.notifyAreasChanged(trx);
}

export async function createArea(
  db: Db,
  index: GridIndex,
  auth: Auth | null,
  input: CreateAreaBody,
): Promise<Area> {
  const caller = requireWritable(auth, input.code);
  checkCode(input.code, input.level, input.parentCode);
  const boundary = input.boundary as Boundary;
  const row = await db.transaction().execute(async (trx) => {
    if (await repo.findArea(trx, input.code)) throw new AppError('area_exists', { code: input.code });
    let parent: repo.AreaRow | undefined;
    if (input.parentCode) {
      // Locking the parent serialises writes among siblings, so two overlapping grids cannot both pass.
      parent = await repo.lockArea(trx, input.parentCode);
      if (!parent || parent.retired_at) {
        throw new AppError('invalid_parent', { reason: `${input.parentCode} does not exist or is retired` });
      }
    }
    const siblings = await repo.findSiblingBoundaries(trx, input.parentCode, input.code);
    const problems = placeProblems(boundary, parent ?? null, siblings, []);
    if (problems.length > 0) throw boundaryError(problems);
    await checkHead(trx, input.headId);
    const write = {
      code: input.code,
      level: input.level,
      parentCode: input.parentCode,
      name: input.name.trim(),
      boundary,
      households: input.households ?? null,
      population: input.population ?? null,
      headId: input.headId ?? null,
    };
    await repo.insertAreas(trx, [write]);
    await repo.insertHistory(trx, [
      {
        areaCode: input.code,
        version: 1,
        changedBy: caller.userId,
        source: 'manual',
        changes: createdChanges(write),
      },
    ]);
    await repo.notifyAreasChanged(trx);
    return repo.findArea(trx, input.code);
  });
  index.invalidate();
  return detailOf(db, row!);
}

export function createdChanges(area: repo.AreaWrite & { level: AreaLevel; parentCode: string | null }) {
  return {
    name: [null, area.name],
    level: [null, area.level],
    parentCode: [null, area.parentCode],
    households: [null, area.households],
    population: [null, area.population],
    headId: [null, area.headId],
  } satisfies Record<string, [unknown, unknown]>;
}

export function changesOf(
  row: repo.AreaRow,
  change: Partial<repo.AreaWrite>,
): Record<string, [unknown, unknown]> {
  const current: repo.AreaWrite = {
    name: row.name,
    boundary: row.boundary,
    households: row.households,
    population: row.population,
    headId: row.head_id,
  };
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(change) as (keyof repo.AreaWrite)[]) {
    const next = change[key];
    if (next === undefined) continue;
    if (JSON.stringify(current[key]) !== JSON.stringify(next)) changes[key] = [current[key], next];
  }
  return changes;
}

async function conflict(db: Db, code: string): Promise<AppError> {
  const current = await repo.findArea(db, code);
  if (!current) return new AppError('area_not_found', { code });
  const detail = await detailOf(db, current);
  return new AppError('version_conflict', { currentVersion: current.version }, { current: detail });
}

export async function updateArea(
  db: Db,
  index: GridIndex,
  auth: Auth | null,
  code: string,
  input: UpdateAreaBody,
): Promise<Area> {
  const caller = requireWritable(auth, code);
  const boundary = input.boundary as Boundary | undefined;
  const row = await db.transaction().execute(async (trx) => {
    const existing = await repo.lockArea(trx, code);
    if (!existing) throw new AppError('area_not_found', { code });
    if (existing.version !== input.version) throw await conflict(trx, code);
    if (existing.retired_at) throw new AppError('area_retired', { code });
    if (input.headId !== undefined && input.headId !== null && existing.level !== 'grid') {
      throw new AppError('validation_failed', { summary: 'only grids have a grid head' });
    }
    await checkHead(trx, input.headId);
    const change: Partial<repo.AreaWrite> = {
      name: input.name?.trim(),
      boundary,
      households: input.households,
      population: input.population,
      headId: input.headId,
    };
    if (boundary) {
      const parent = existing.parent_code ? await repo.findArea(trx, existing.parent_code) : null;
      const problems = placeProblems(
        boundary,
        parent ?? null,
        await repo.findSiblingBoundaries(trx, existing.parent_code, code),
        await repo.findChildBoundaries(trx, code),
      );
      if (problems.length > 0) throw boundaryError(problems);
    }
    const changes = changesOf(existing, change);
    if (Object.keys(changes).length === 0) return existing;
    const updated = await repo.updateArea(trx, code, input.version, change);
    if (!updated) throw await conflict(trx, code);
    await repo.insertHistory(trx, [
      { areaCode: code, version: updated.version, changedBy: caller.userId, source: 'manual', changes },
    ]);
    if (boundary) await repo.notifyAreasChanged(trx);
    return repo.findArea(trx, code);
  });
  if (boundary) index.invalidate();
  return detailOf(db, row!);
}

export async function retireArea(db: Db, index: GridIndex, auth: Auth | null, code: string, version: number) {
  const caller = requireWritable(auth, code);
  const row = await db.transaction().execute(async (trx) => {
    const existing = await repo.lockArea(trx, code);
    if (!existing) throw new AppError('area_not_found', { code });
    if (existing.version !== version) throw await conflict(trx, code);
    if (existing.retired_at) throw new AppError('area_retired', { code });
    const { count } = await repo.countActiveChildren(trx, code);
    if (count > 0) throw new AppError('area_has_children', { code, children: count });
    const updated = await repo.retireArea(trx, code, version);
    if (!updated) throw await conflict(trx, code);
    await repo.insertHistory(trx, [
      {
        areaCode: code,
        version: updated.version,
        changedBy: caller.userId,
        source: 'manual',
        changes: { retired: [false, true] },
      },
    ]);
    await repo.notifyAreasChanged(trx);
    return repo.findArea(trx, code);
  });
  index.invalidate();
  return detailOf(db, row!);
}
