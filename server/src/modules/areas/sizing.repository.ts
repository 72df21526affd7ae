import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';

/** Households and people the registry places in each active grid under an area. */
export function gridFigures(db: Db, scopeCode: string) {
  const households = db
    .selectFrom('households')
    .select(['grid_code', sql<number>`count(*)`.as('n')])
    .where('retired_at', 'is', null)
    .where(inScope('grid_code', scopeCode))
    .groupBy('grid_code')
    .as('hh');
  const people = db
    .selectFrom('people')
    .select(['grid_code', sql<number>`count(*)`.as('n')])
    .where('retired_at', 'is', null)
    .where(inScope('grid_code', scopeCode))
    .groupBy('grid_code')
    .as('pp');
  return db
    .selectFrom('areas as a')
    .leftJoin(households, 'hh.grid_code', 'a.code')
    .leftJoin(people, 'pp.grid_code', 'a.code')
    .select([
      'a.code',
      'a.name',
      'a.parent_code as parentCode',
      sql<number>`coalesce(hh.n, 0)`.as('households'),
      sql<number>`coalesce(pp.n, 0)`.as('people'),
    ])
    .where('a.level', '=', 'grid')
    .where('a.retired_at', 'is', null)
    .where(inScope('a.code', scopeCode))
    .orderBy('a.code')
    .execute();
}

export { getSetting, putSetting } from '../../db/settings.ts';

/** The grid's buildings with the households living in each: what a split should balance. */
export function buildingsOfGrid(db: Db, gridCode: string) {
  return db
    .selectFrom('buildings as b')
    .select([
      'b.id',
      'b.lon',
      'b.lat',
      sql<number>`(select count(*) from households hh join houses h on h.id = hh.house_id
        where h.building_id = b.id and hh.retired_at is null)`.as('households'),
      sql<number>`(select count(*) from people p join houses h on h.id = p.house_id
        where h.building_id = b.id and p.retired_at is null)`.as('people'),
    ])
    .where('b.grid_code', '=', gridCode)
    .where('b.retired_at', 'is', null)
    .execute();
}

export function locatedRecords(db: Db, table: 'things' | 'orgs', gridCode: string) {
  return db
    .selectFrom(table as 'things')
    .select(['id', 'lon', 'lat', 'version'])
    .where('grid_code', '=', gridCode)
    .where('retired_at', 'is', null)
    .execute();
}

export async function gridCodesOfCommunity(db: Db, communityCode: string) {
  const rows = await db.selectFrom('areas').select('code').where('parent_code', '=', communityCode).execute();
  return rows.map((r) => r.code);
}

/** Moves every record of one grid whose id is in `ids` (by table) to `gridCode`, with a new version. */
export async function moveRecords(
  db: Db,
  table: 'buildings' | 'houses' | 'households' | 'people' | 'things' | 'orgs',
  ids: string[],
  gridCode: string,
) {
  if (ids.length === 0) return [];
  return db
    .updateTable(table as 'things')
    .set({ grid_code: gridCode, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', sql<string>`any(${ids}::uuid[])`)
    .returning(['id', 'version'])
    .execute();
}

export function contentsOfBuildings(db: Db, buildingIds: string[]) {
  const houses = db
    .selectFrom('houses')
    .select('id')
    .where('building_id', '=', sql<string>`any(${buildingIds}::uuid[])`);
  return Promise.all([
    db
      .selectFrom('houses')
      .select('id')
      .where('building_id', '=', sql<string>`any(${buildingIds}::uuid[])`)
      .execute(),
    db.selectFrom('households').select('id').where('house_id', 'in', houses).execute(),
    db.selectFrom('people').select('id').where('house_id', 'in', houses).execute(),
  ]);
}

/** People placed in the grid without a house (they follow no building). */
export function peopleWithoutHouse(db: Db, gridCode: string) {
  return db
    .selectFrom('people')
    .select('id')
    .where('grid_code', '=', gridCode)
    .where('house_id', 'is', null)
    .execute();
}
