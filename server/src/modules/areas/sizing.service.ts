import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { checkInsideParent, checkNoOverlap, validateBoundary } from '../../geo/boundary.ts';
import { areaOf, type Boundary } from '../../geo/geojson.ts';
import { Locator } from '../../geo/locator.ts';
import { splitByWeight } from '../../geo/split.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { insertHistory as insertRegistryHistory } from '../registry/index.ts';
import { type AreaProblem, localize } from './areas.messages.ts';
import * as areas from './areas.repository.ts';
import type { GridIndex } from './grid-index.ts';
import * as repo from './sizing.repository.ts';

/** The ~300 households / ~1,000 people rule, with the bounds outside which a grid is flagged. */
export interface SizingRule {
  households: { target: number; min: number; max: number };
  people: { target: number; min: number; max: number };
}
export const DEFAULT_RULE: SizingRule = {
  households: { target: 300, min: 150, max: 450 },
  people: { target: 1000, min: 500, max: 1500 },
};
const RULE_KEY = 'grid_sizing';

export interface Context {
  db: Db;
  gridIndex: GridIndex;
}

const statusOf = (rule: SizingRule, households: number, people: number): 'oversized' | 'undersized' | 'ok' =>
  households > rule.households.max || people > rule.people.max
    ? 'oversized'
    : households < rule.households.min || people < rule.people.min
      ? 'undersized'
      : 'ok';

export async function gridSizing(db: Db, auth: Auth | null, areaCode?: string) {
  const caller = requirePermission(auth, 'areas.read');
  const code = resolveScope(caller, areaCode);
  const rule = (await repo.getSetting<SizingRule>(db, RULE_KEY)) ?? DEFAULT_RULE;
  const items = (await repo.gridFigures(db, code)).map((g) => ({
    ...g,
    status: statusOf(rule, g.households, g.people),
  }));
  const count = (status: string) => items.filter((i) => i.status === status).length;
  return {
    rule,
    items,
    summary: { oversized: count('oversized'), undersized: count('undersized'), ok: count('ok') },
  };
}

export async function putSizingRule(db: Db, auth: Auth | null, rule: SizingRule) {
  const caller = requirePermission(auth, 'areas.write');
  for (const key of ['households', 'people'] as const) {
    const r = rule[key];
    if (!(r.min < r.target && r.target < r.max)) {
      throw new AppError('validation_failed', { summary: `${key}: min < target < max is required` });
    }
  }
  await repo.putSetting(db, RULE_KEY, rule, caller.userId);
  await audit(db, caller, {
    action: 'areas.sizing_rule',
    targetType: 'setting',
    targetId: RULE_KEY,
    detail: { rule },
  });
  return rule;
}

async function activeGrid(db: Db, caller: Auth, code: string) {
  const grid = isWithin(code, caller.areaCode) ? await areas.findArea(db, code) : undefined;
  if (grid?.level !== 'grid') throw new AppError('area_not_found', { code });
  if (grid.retired_at) throw new AppError('area_retired', { code });
  return grid;
}

/** Cuts an oversized grid into pieces of about `target` households, along its building clusters. */
export async function splitProposal(db: Db, auth: Auth | null, code: string) {
  const caller = requirePermission(auth, 'areas.read');
  const grid = await activeGrid(db, caller, code);
  const rule = (await repo.getSetting<SizingRule>(db, RULE_KEY)) ?? DEFAULT_RULE;
  const buildings = await repo.buildingsOfGrid(db, code);
  const households = buildings.reduce((s, b) => s + b.households, 0);
  const parts = Math.max(2, Math.round(households / rule.households.target));
  const pieces = splitByWeight(
    grid.boundary,
    buildings.map((b) => ({ lon: b.lon, lat: b.lat, weight: Math.max(1, b.households) })),
    parts,
  );
  const people = new Map(buildings.map((b) => [`${b.lon},${b.lat}`, b]));
  return {
    code,
    version: grid.version,
    households,
    parts: pieces.map((piece) => {
      const inPiece = piece.points.map((p) => people.get(`${p.lon},${p.lat}`)!);
      return {
        boundary: piece.boundary,
        buildings: inPiece.length,
        households: inPiece.reduce((s, b) => s + b.households, 0),
        people: inPiece.reduce((s, b) => s + b.people, 0),
      };
    }),
  };
}

function partProblems(grid: Boundary, parts: Boundary[]): { index: number; problems: AreaProblem[] }[] {
  const report = parts.map((part, index) => {
    const own = validateBoundary(part);
    return { index, problems: own.length > 0 ? own : checkInsideParent(part, grid) };
  });
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j < parts.length; j++) {
      if (report[i].problems.length || report[j].problems.length) continue;
      for (const p of checkNoOverlap(parts[i], parts[j]))
        report[i].problems.push({ ...p, params: { sibling: `#${j + 1}` } });
    }
  }
  return report.filter((r) => r.problems.length > 0);
}

/**
 * Replaces a grid by the given parts: new grids with the next free codes of the community, the
 * old one retired, and every record re-placed by where it is, each with a history entry.
 */
export async function acceptSplit(
  ctx: Context,
  auth: Auth | null,
  code: string,
  input: { version: number; parts: { name: string; boundary: Boundary }[] },
) {
  const caller = requirePermission(auth, 'areas.write');
  const result = await ctx.db.transaction().execute(async (trx) => {
    const grid = await activeGrid(trx, caller, code);
    const locked = await areas.lockArea(trx, code);
    if (!locked || locked.version !== input.version) {
      throw new AppError('version_conflict', { currentVersion: locked?.version ?? 0 });
    }
    const bad = partProblems(
      grid.boundary,
      input.parts.map((p) => p.boundary),
    );
    if (bad.length > 0) {
      throw new AppError('invalid_boundary', { summary: `${bad.length} parts` }, (lang) => ({
        errors: bad.flatMap((b) => b.problems.map((p) => ({ part: b.index, ...localize(p, lang) }))),
      }));
    }
    const covered = input.parts.reduce((s, p) => s + areaOf(p.boundary), 0);
    if (Math.abs(covered - areaOf(grid.boundary)) > 1e-6 * areaOf(grid.boundary)) {
      throw new AppError('validation_failed', {
        summary: 'the parts must cover the whole grid, without gaps',
      });
    }

    const community = grid.parent_code!;
    const used = new Set((await repo.gridCodesOfCommunity(trx, community)).map((c) => Number(c.slice(12))));
    const codes: string[] = [];
    for (let serial = 1; serial <= 999 && codes.length < input.parts.length; serial++) {
      if (!used.has(serial)) codes.push(`${community}${String(serial).padStart(3, '0')}`);
    }
    if (codes.length < input.parts.length)
      throw new AppError('validation_failed', { summary: 'no free grid codes left' });

    // Where each record goes: buildings (and all that lives in them) and located things by position.
    const locator = Locator.build(input.parts.map((p, i) => ({ code: codes[i], boundary: p.boundary })));
    const place = (lon: number, lat: number) => locator.locate(lon, lat) ?? codes[0];
    const buildings = await repo.buildingsOfGrid(trx, code);
    const byTarget = new Map<string, Record<'buildings' | 'things' | 'orgs', string[]>>(
      codes.map((c) => [c, { buildings: [], things: [], orgs: [] }]),
    );
    for (const b of buildings) byTarget.get(place(b.lon, b.lat))!.buildings.push(b.id);
    for (const table of ['things', 'orgs'] as const) {
      for (const r of await repo.locatedRecords(trx, table, code))
        byTarget.get(place(r.lon, r.lat))![table].push(r.id);
    }

    await areas.insertAreas(
      trx,
      input.parts.map((p, i) => ({
        code: codes[i],
        level: 'grid' as const,
        parentCode: community,
        name: p.name.trim(),
        boundary: p.boundary,
        households: null,
        population: null,
        headId: null,
      })),
    );
    await areas.insertHistory(trx, [
      ...codes.map((c, i) => ({
        areaCode: c,
        version: 1,
        changedBy: caller.userId,
        source: 'manual',
        changes: {
          name: [null, input.parts[i].name] as [unknown, unknown],
          splitFrom: [null, code] as [unknown, unknown],
        },
      })),
    ]);
    const retired = await areas.retireArea(trx, code, input.version);
    await areas.insertHistory(trx, [
      {
        areaCode: code,
        version: retired!.version,
        changedBy: caller.userId,
        source: 'manual',
        changes: { retired: [false, true], splitInto: [null, codes] },
      },
    ]);

    const moved: Record<string, number> = {};
    const source = { source: 'system' as const, ref: `split:${code}` };
    for (const [target, records] of byTarget) {
      const [houses, households, people] = records.buildings.length
        ? await repo.contentsOfBuildings(trx, records.buildings)
        : [[], [], []];
      const groups = [
        ['buildings', 'building', records.buildings],
        ['houses', 'house', houses.map((r) => r.id)],
        ['households', 'household', households.map((r) => r.id)],
        ['people', 'person', people.map((r) => r.id)],
        ['things', 'thing', records.things],
        ['orgs', 'org', records.orgs],
      ] as const;
      for (const [table, entity, ids] of groups) {
        const rows = await repo.moveRecords(trx, table, ids as string[], target);
        moved[table] = (moved[table] ?? 0) + rows.length;
        await insertRegistryHistory(
          trx,
          rows.map((r) => ({
            entity,
            recordId: r.id,
            version: r.version,
            changedBy: caller.userId,
            changes: { gridCode: [code, target] },
          })),
          source,
        );
      }
    }
    // People registered in the grid without a house have no position: they go to the first part.
    const homeless = await repo.moveRecords(
      trx,
      'people',
      (await repo.peopleWithoutHouse(trx, code)).map((p) => p.id),
      codes[0],
    );
    await insertRegistryHistory(
      trx,
      homeless.map((r) => ({
        entity: 'person' as const,
        recordId: r.id,
        version: r.version,
        changedBy: caller.userId,
        changes: { gridCode: [code, codes[0]] },
      })),
      source,
    );
    await areas.notifyAreasChanged(trx);
    await audit(trx, caller, {
      action: 'areas.split',
      targetType: 'area',
      targetId: code,
      detail: { created: codes, moved },
    });
    return { retired: code, created: codes, moved };
  });
  ctx.gridIndex.invalidate();
  return result;
}
