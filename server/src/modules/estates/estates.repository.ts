import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';

export interface Estate {
  id: string;
  communityCode: string;
  name: string;
  address: string | null;
  committeeOrgId: string | null;
  propertyOrgId: string | null;
  version: number;
}

/** One house of an estate's electorate: its exclusive floor area (hundredths of m²) and owners. */
export interface ElectorateHouse {
  houseId: string;
  floorArea: number;
  ownerIds: string[];
}

const columns = [
  'id',
  'community_code as communityCode',
  'name',
  'address',
  'committee_org_id as committeeOrgId',
  'property_org_id as propertyOrgId',
  'version',
] as const;

export function estateById(db: Db, id: string): Promise<Estate | undefined> {
  return db
    .selectFrom('estates')
    .select(columns)
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

/** Active estates whose community lies inside `scope` (an area-code prefix). */
export function estatesIn(db: Db, scope: string): Promise<Estate[]> {
  return db
    .selectFrom('estates')
    .select(columns)
    .where(inScope('community_code', scope))
    .where('retired_at', 'is', null)
    .orderBy('community_code')
    .orderBy('name')
    .execute();
}

/** The estate whose homeowners' committee is the organization `orgId`. */
export function estateOfCommittee(db: Db, orgId: string): Promise<Estate | undefined> {
  return db
    .selectFrom('estates')
    .select(columns)
    .where('committee_org_id', '=', orgId)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

/** Ids of the estates in which the registry person `personId` owns a house. */
export async function estatesOwnedBy(db: Db, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('house_owners as o')
    .innerJoin('estate_houses as h', 'h.house_id', 'o.house_id')
    .select('h.estate_id')
    .distinct()
    .where('o.person_id', '=', personId)
    .execute();
  return rows.map((r) => r.estate_id);
}

/** Every house of the estate with its floor area and owners; houses without owners included. */
export async function electorateOf(db: Db, estateId: string): Promise<ElectorateHouse[]> {
  const rows = await db
    .selectFrom('estate_houses as h')
    .leftJoin('house_owners as o', 'o.house_id', 'h.house_id')
    .select(['h.house_id', 'h.floor_area', 'o.person_id'])
    .where('h.estate_id', '=', estateId)
    .orderBy('h.house_id')
    .execute();
  const houses = new Map<string, ElectorateHouse>();
  for (const r of rows) {
    let h = houses.get(r.house_id);
    if (!h) {
      h = { houseId: r.house_id, floorArea: r.floor_area, ownerIds: [] };
      houses.set(r.house_id, h);
    }
    if (r.person_id) h.ownerIds.push(r.person_id);
  }
  return [...houses.values()];
}

/** Counts per estate of an area: buildings, houses, owners and total exclusive area (hundredths). */
export async function estateCounts(db: Db, estateIds: string[]) {
  if (estateIds.length === 0)
    return new Map<string, { buildings: number; houses: number; area: number; owners: number }>();
  const [buildings, houses, owners] = await Promise.all([
    db
      .selectFrom('estate_buildings')
      .select(['estate_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('estate_id', 'in', estateIds)
      .groupBy('estate_id')
      .execute(),
    db
      .selectFrom('estate_houses')
      .select([
        'estate_id',
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.sum<number>('floor_area').as('area'),
      ])
      .where('estate_id', 'in', estateIds)
      .groupBy('estate_id')
      .execute(),
    db
      .selectFrom('house_owners as o')
      .innerJoin('estate_houses as h', 'h.house_id', 'o.house_id')
      .select(['h.estate_id', (eb) => eb.fn.count<number>('o.person_id').distinct().as('n')])
      .where('h.estate_id', 'in', estateIds)
      .groupBy('h.estate_id')
      .execute(),
  ]);
  const out = new Map<string, { buildings: number; houses: number; area: number; owners: number }>();
  for (const id of estateIds) out.set(id, { buildings: 0, houses: 0, area: 0, owners: 0 });
  for (const b of buildings) out.get(b.estate_id)!.buildings = Number(b.n);
  for (const h of houses) Object.assign(out.get(h.estate_id)!, { houses: Number(h.n), area: Number(h.area) });
  for (const o of owners) out.get(o.estate_id)!.owners = Number(o.n);
  return out;
}

export function buildingsOfEstate(db: Db, estateId: string) {
  return db.selectFrom('estate_buildings').select('building_id').where('estate_id', '=', estateId).execute();
}

export function housesOfEstate(db: Db, estateId: string) {
  return db
    .selectFrom('estate_houses')
    .select(['house_id', 'floor_area', 'version'])
    .where('estate_id', '=', estateId)
    .execute();
}

export function ownersOfHouses(db: Db, houseIds: string[]) {
  if (houseIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('house_owners')
    .select(['house_id', 'person_id'])
    .where('house_id', 'in', houseIds)
    .orderBy('created_at')
    .execute();
}

export function estateHouse(db: Db, houseId: string) {
  return db
    .selectFrom('estate_houses')
    .select(['house_id', 'estate_id', 'floor_area', 'version'])
    .where('house_id', '=', houseId)
    .executeTakeFirst();
}

/** Sets a house's floor area and owners when `version` is current; undefined when stale. */
export async function updateEstateHouse(
  db: Db,
  houseId: string,
  version: number,
  floorArea: number,
  ownerIds: string[] | undefined,
) {
  const done = await db
    .updateTable('estate_houses')
    .set({ floor_area: floorArea, version: sql`version + 1`, updated_at: new Date() })
    .where('house_id', '=', houseId)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
  if (!done || !ownerIds) return done;
  await db
    .deleteFrom('house_owners')
    .where('house_id', '=', houseId)
    .where('person_id', 'not in', ownerIds.length ? ownerIds : ['00000000-0000-0000-0000-000000000000'])
    .execute();
  if (ownerIds.length)
    await db
      .insertInto('house_owners')
      .values(ownerIds.map((p) => ({ house_id: houseId, person_id: p })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  return done;
}

/** The estate each of the given houses is recorded in (houses in none are left out). */
export async function estatesOfHouses(db: Db, houseIds: string[]) {
  if (houseIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('estate_houses')
    .select(['house_id', 'estate_id'])
    .where('house_id', 'in', houseIds)
    .execute();
  return new Map(rows.map((r) => [r.house_id, r.estate_id]));
}

/** Records a house of the estate for the first time: its floor area and owners (version 1); false when it already is. */
export async function insertEstateHouse(
  db: Db,
  estateId: string,
  houseId: string,
  floorArea: number,
  ownerIds: string[],
) {
  const done = await db
    .insertInto('estate_houses')
    .values({ house_id: houseId, estate_id: estateId, floor_area: floorArea })
    .onConflict((oc) => oc.column('house_id').doNothing())
    .returning('house_id')
    .executeTakeFirst();
  if (!done) return false;
  if (ownerIds.length)
    await db
      .insertInto('house_owners')
      .values(ownerIds.map((p) => ({ house_id: houseId, person_id: p })))
      .execute();
  return true;
}
