import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { inScope } from '../../db/scope.ts';

const houseCount = sql<number>`(select count(*) from houses h where h.building_id = b.id and h.retired_at is null)`;
const residentCount = sql<number>`(select count(*) from people p where p.house_id = h.id and p.retired_at is null)`;

export function findBuilding(db: Db, id: string, scopeCode: string) {
  return db
    .selectFrom('buildings as b')
    .selectAll('b')
    .select(houseCount.as('houses'))
    .where('b.id', '=', id)
    .where(inScope('b.grid_code', scopeCode))
    .executeTakeFirst();
}

const ADDRESS_SORTS = {
  address: ['address', 'asc'],
  '-address': ['address', 'desc'],
  updatedAt: ['updated_at', 'asc'],
  '-updatedAt': ['updated_at', 'desc'],
} as const;
export type AddressSort = keyof typeof ADDRESS_SORTS;

export async function listBuildings(
  db: Db,
  scopeCode: string,
  filter: { text?: string; includeRetired?: boolean },
  page: { page: number; pageSize: number },
  sort: AddressSort = 'address',
) {
  const base = db
    .selectFrom('buildings as b')
    .where(inScope('b.grid_code', scopeCode))
    .$if(!filter.includeRetired, (q) => q.where('b.retired_at', 'is', null))
    .$if(filter.text !== undefined, (q) =>
      q.where((eb) =>
        eb.or([eb('b.address', 'like', `%${filter.text}%`), eb('b.name', 'like', `%${filter.text}%`)]),
      ),
    );
  const [column, direction] = ADDRESS_SORTS[sort];
  return pageAndTotal(
    db,
    base
      .selectAll('b')
      .select(houseCount.as('houses'))
      .orderBy(`b.${column}`, direction)
      .orderBy('b.id')
      .$call((q) => pageOf(q, page)),
    base.select(sql<number>`count(*)`.as('count')),
  );
}

function housesWithAddress(db: Db) {
  return db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .selectAll('h')
    .select([sql<string>`b.address || ' ' || h.room`.as('address'), residentCount.as('residents')]);
}

export function findHouse(db: Db, id: string, scopeCode: string) {
  return housesWithAddress(db)
    .where('h.id', '=', id)
    .where(inScope('h.grid_code', scopeCode))
    .executeTakeFirst();
}

export async function listHouses(
  db: Db,
  scopeCode: string,
  filter: { text?: string; buildingId?: string; usage?: string; includeRetired?: boolean },
  page: { page: number; pageSize: number },
  sort: AddressSort = 'address',
) {
  const base = db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .where(inScope('h.grid_code', scopeCode))
    .$if(!filter.includeRetired, (q) => q.where('h.retired_at', 'is', null))
    .$if(filter.buildingId !== undefined, (q) => q.where('h.building_id', '=', filter.buildingId!))
    .$if(filter.usage !== undefined, (q) => q.where('h.usage', '=', filter.usage as 'rented'))
    .$if(filter.text !== undefined, (q) =>
      q.where(sql<boolean>`(b.address || ' ' || h.room) like ${`%${filter.text}%`}`),
    );
  const order = sort.endsWith('address') ? sql`b.address || ' ' || h.room` : sql.ref('h.updated_at');
  return pageAndTotal(
    db,
    base
      .selectAll('h')
      .select([sql<string>`b.address || ' ' || h.room`.as('address'), residentCount.as('residents')])
      .orderBy(order, sort.startsWith('-') ? 'desc' : 'asc')
      .orderBy('h.id')
      .$call((q) => pageOf(q, page)),
    base.select(sql<number>`count(*)`.as('count')),
  );
}

export function activeBuilding(db: Db, id: string) {
  return db
    .selectFrom('buildings')
    .select(['id', 'grid_code'])
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

/**
 * After a building moved to another grid: its houses, households and residents follow it. Each
 * moved record gets a new version, so an editor holding the old one is told it changed.
 */
export async function replaceBuildingContents(db: Db, buildingId: string, gridCode: string) {
  const houses = db.selectFrom('houses').select('id').where('building_id', '=', buildingId);
  const bump = { grid_code: gridCode, version: sql<number>`version + 1`, updated_at: new Date() };
  const moved = await Promise.all([
    db
      .updateTable('houses')
      .set(bump)
      .where('building_id', '=', buildingId)
      .returning(['id', 'version'])
      .execute(),
    db
      .updateTable('households')
      .set(bump)
      .where('house_id', 'in', houses)
      .returning(['id', 'version'])
      .execute(),
    db.updateTable('people').set(bump).where('house_id', 'in', houses).returning(['id', 'version']).execute(),
  ]);
  return { houses: moved[0], households: moved[1], people: moved[2] };
}

export async function countActiveResidents(db: Db, houseId: string) {
  const row = await db
    .selectFrom('people')
    .select(sql<number>`count(*)`.as('count'))
    .where('house_id', '=', houseId)
    .where('retired_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.count;
}

export async function countActiveHouses(db: Db, buildingId: string) {
  const row = await db
    .selectFrom('houses')
    .select(sql<number>`count(*)`.as('count'))
    .where('building_id', '=', buildingId)
    .where('retired_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** The tables buildings and houses are read from (with their house and resident counts). */
export const BUILDING_READS = ['buildings', 'houses'] as const;
export const HOUSE_READS = ['houses', 'buildings', 'people'] as const;
