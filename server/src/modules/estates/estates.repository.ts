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
