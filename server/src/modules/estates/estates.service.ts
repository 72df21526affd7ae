import type { Db } from '../../db/database.ts';
import { isWithin, levelOfCode } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { houseBriefs, maskName, peopleBriefs } from '../registry/index.ts';
import { fieldError } from './estates.messages.ts';
import * as repo from './estates.repository.ts';
import type { HouseBody } from './estates.schemas.ts';

/** Hundredths of m² as exact text with two decimals. */
export function formatHundredths(value: number): string {
  const v = BigInt(value);
  return `${v / 100n}.${(v % 100n).toString().padStart(2, '0')}`;
}

/** "89.5" → 8950: digits only, never through a float; null when not m² > 0 with ≤ 2 decimals. */
export function parseHundredths(text: string): number | null {
  const m = /^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const value = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return value > 0 ? value : null;
}

const communityScope = (area: string) => (levelOfCode(area) === 'grid' ? area.slice(0, 12) : area);

export async function listEstates(db: Db, auth: Auth | null, areaCode: string | undefined) {
  const caller = requirePermission(auth, 'estates.read');
  const estates = await repo.estatesIn(db, communityScope(resolveScope(caller, areaCode)));
  const counts = await repo.estateCounts(
    db,
    estates.map((e) => e.id),
  );
  return estates.map((e) => {
    const c = counts.get(e.id) ?? { buildings: 0, houses: 0, area: 0, owners: 0 };
    return {
      ...e,
      buildings: c.buildings,
      houses: c.houses,
      owners: c.owners,
      totalArea: formatHundredths(c.area),
    };
  });
}

export async function readable(
  db: Db,
  auth: Auth | null,
  id: string,
  permission: 'estates.read' | 'estates.write',
) {
  const caller = requirePermission(auth, permission);
  const estate = await repo.estateById(db, id);
  if (!estate || !isWithin(estate.communityCode, communityScope(caller.areaCode)))
    throw new AppError('record_not_found');
  return { caller, estate };
}

/** An estate with its houses: exclusive floor areas and owners (names masked). */
export async function getEstate(db: Db, auth: Auth | null, id: string) {
  const { estate } = await readable(db, auth, id, 'estates.read');
  const houses = await repo.housesOfEstate(db, id);
  const ids = houses.map((h) => h.house_id);
  const [owners, briefs, counts] = await Promise.all([
    repo.ownersOfHouses(db, ids),
    houseBriefs(db, ids),
    repo.estateCounts(db, [id]),
  ]);
  const people = await peopleBriefs(
    db,
    owners.map((o) => o.person_id),
  );
  const c = counts.get(id) ?? { buildings: 0, houses: 0, area: 0, owners: 0 };
  const houseList = houses
    .map((h) => ({
      houseId: h.house_id,
      label: briefs.get(h.house_id)?.label ?? h.house_id,
      buildingId: briefs.get(h.house_id)?.buildingId ?? null,
      floorArea: formatHundredths(h.floor_area),
      owners: owners
        .filter((o) => o.house_id === h.house_id)
        .map((o) => ({ id: o.person_id, name: maskName(people.get(o.person_id)?.name ?? '') })),
      version: h.version,
    }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN', { numeric: true }));
  return {
    ...estate,
    buildings: c.buildings,
    houses: c.houses,
    owners: c.owners,
    totalArea: formatHundredths(c.area),
    houseList,
  };
}

/** A house's exclusive floor area and owners, with the version the caller saw. */
export async function updateHouse(db: Db, auth: Auth | null, id: string, houseId: string, input: HouseBody) {
  const { caller } = await readable(db, auth, id, 'estates.write');
  const house = await repo.estateHouse(db, houseId);
  if (!house || house.estate_id !== id) throw new AppError('record_not_found');
  const area = parseHundredths(input.floorArea);
  if (area === null) throw fieldError('floorArea', 'bad_area');
  if (input.ownerIds) {
    const found = await peopleBriefs(db, input.ownerIds);
    if (found.size !== new Set(input.ownerIds).size) throw fieldError('ownerIds', 'outside_scope');
  }
  if (house.version !== input.version)
    throw new AppError('version_conflict', { currentVersion: house.version });
  const done = await db
    .transaction()
    .execute((trx) => repo.updateEstateHouse(trx, houseId, input.version, area, input.ownerIds));
  if (!done) throw new AppError('version_conflict', { currentVersion: house.version + 1 });
  await audit(db, caller, {
    action: 'estate.house_update',
    targetType: 'house',
    targetId: houseId,
  });
  return getEstate(db, caller, id);
}
