import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { inScope } from '../../db/scope.ts';

function withDetails(db: Db) {
  return db
    .selectFrom('households as hh')
    .innerJoin('houses as h', 'h.id', 'hh.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .leftJoin('people as head', 'head.id', 'hh.head_id')
    .selectAll('hh')
    .select([
      sql<string>`b.address || ' ' || h.room`.as('address'),
      'head.name as head_name',
      sql<number>`(select count(*) from people m where m.household_id = hh.id and m.retired_at is null)`.as(
        'members',
      ),
    ]);
}

export function findHousehold(db: Db, id: string, scopeCode: string) {
  return withDetails(db).where('hh.id', '=', id).where(inScope('hh.grid_code', scopeCode)).executeTakeFirst();
}

export async function listHouseholds(
  db: Db,
  scopeCode: string,
  filter: { text?: string; houseId?: string; includeRetired?: boolean },
  page: { page: number; pageSize: number },
  sort = 'address',
) {
  const filtered = <Q extends ReturnType<typeof withDetails>>(q: Q) =>
    q
      .where(inScope('hh.grid_code', scopeCode))
      .$if(!filter.includeRetired, (w) => w.where('hh.retired_at', 'is', null))
      .$if(filter.houseId !== undefined, (w) => w.where('hh.house_id', '=', filter.houseId!))
      .$if(filter.text !== undefined, (w) =>
        w.where(
          sql<boolean>`(b.address || ' ' || h.room || coalesce(head.name, '')) like ${`%${filter.text}%`}`,
        ),
      );
  const order = sort.endsWith('address') ? sql`b.address || ' ' || h.room` : sql.ref('hh.updated_at');
  return pageAndTotal(
    db,
    filtered(withDetails(db))
      .orderBy(order, sort.startsWith('-') ? 'desc' : 'asc')
      .orderBy('hh.id')
      .$call((q) => pageOf(q, page)),
    filtered(withDetails(db)).clearSelect().select(sql<number>`count(*)`.as('count')),
  );
}

export function activeHouse(db: Db, id: string) {
  return db
    .selectFrom('houses')
    .select(['id', 'grid_code'])
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

export function isMember(db: Db, householdId: string, personId: string) {
  return db
    .selectFrom('people')
    .select('id')
    .where('id', '=', personId)
    .where('household_id', '=', householdId)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

export function moveMembers(db: Db, householdId: string, houseId: string, gridCode: string) {
  return db
    .updateTable('people')
    .set({
      house_id: houseId,
      grid_code: gridCode,
      version: sql<number>`version + 1`,
      updated_at: new Date(),
    })
    .where('household_id', '=', householdId)
    .where('retired_at', 'is', null)
    .returning(['id', 'version', 'house_id'])
    .execute();
}

export async function countMembers(db: Db, householdId: string) {
  const row = await db
    .selectFrom('people')
    .select(sql<number>`count(*)`.as('count'))
    .where('household_id', '=', householdId)
    .where('retired_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** The tables a household and the households list are read from. */
export const HOUSEHOLD_READS = ['households', 'houses', 'buildings', 'people'] as const;

/** The households this person heads lose their head (a new version each); returns them. */
export function clearHead(db: Db, personId: string) {
  return db
    .updateTable('households')
    .set({ head_id: null, version: sql`version + 1`, updated_at: new Date() })
    .where('head_id', '=', personId)
    .returning(['id', 'version'])
    .execute();
}
