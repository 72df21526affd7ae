import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';

export type Kind = 'funds' | 'people' | 'rooms';
const TABLE = { funds: 'resource_funds', people: 'resource_people', rooms: 'resource_rooms' } as const;

export interface FundRow {
  community_code: string;
  year: number;
  category: string;
  allocated: number;
  spent: number;
  note: string | null;
}
export interface PersonRow {
  community_code: string;
  year: number;
  name: string;
  from_unit: string;
  since: string;
  role: string | null;
}
export interface RoomRow {
  community_code: string;
  year: number;
  purpose: string;
  area_m2: number;
  address: string | null;
}

export async function entries(db: Db, communityCode: string, year: number) {
  const [funds, people, rooms] = await Promise.all([
    db
      .selectFrom('resource_funds')
      .selectAll()
      .where('community_code', '=', communityCode)
      .where('year', '=', year)
      .orderBy('category')
      .execute(),
    db
      .selectFrom('resource_people')
      .selectAll()
      .where('community_code', '=', communityCode)
      .where('year', '=', year)
      .orderBy('since')
      .orderBy('name')
      .execute(),
    db
      .selectFrom('resource_rooms')
      .selectAll()
      .where('community_code', '=', communityCode)
      .where('year', '=', year)
      .orderBy('purpose')
      .execute(),
  ]);
  return { funds, people, rooms };
}

export async function findEntry(db: Db, kind: Kind, id: string) {
  return db
    .selectFrom(TABLE[kind])
    .select(['id', 'community_code', 'version'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertFunds(db: Db, rows: FundRow[]) {
  if (rows.length === 0) return [];
  return db
    .insertInto('resource_funds')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['community_code', 'year', 'category']).doUpdateSet((eb) => ({
        allocated: eb.ref('excluded.allocated'),
        spent: eb.ref('excluded.spent'),
        note: eb.ref('excluded.note'),
        version: eb('resource_funds.version', '+', 1),
        updated_at: new Date(),
      })),
    )
    .returningAll()
    .execute();
}

export async function insertPeople(db: Db, rows: PersonRow[]) {
  if (rows.length === 0) return [];
  return db.insertInto('resource_people').values(rows).returningAll().execute();
}

export async function insertRooms(db: Db, rows: RoomRow[]) {
  if (rows.length === 0) return [];
  return db.insertInto('resource_rooms').values(rows).returningAll().execute();
}

/** Replaces an entry's fields when its version is still `version`; undefined otherwise. */
export async function updateEntry(
  db: Db,
  kind: Kind,
  id: string,
  version: number,
  values: Partial<FundRow & PersonRow & RoomRow>,
) {
  const { rows } = await sql<Record<string, unknown>>`
    update ${sql.table(TABLE[kind])}
    set ${sql.join(Object.entries(values).map(([k, v]) => sql`${sql.ref(k)} = ${v}`))},
      version = version + 1, updated_at = now()
    where id = ${id} and version = ${version}
    returning *`.execute(db);
  return rows[0];
}

export async function deleteEntry(db: Db, kind: Kind, id: string) {
  await db.deleteFrom(TABLE[kind]).where('id', '=', id).execute();
}

/** Per community of an area and year: funds allocated and spent, people sunk, m² of rooms. */
export async function totalsByCommunity(db: Db, areaCode: string, year: number) {
  const { rows } = await sql<{
    community_code: string;
    allocated: number;
    spent: number;
    people: number;
    rooms_m2: number;
  }>`
    with f as (
      select community_code, sum(allocated)::float8 as allocated, sum(spent)::float8 as spent
      from resource_funds c where year = ${year} and ${inScope('c.community_code', areaCode)} group by 1
    ), p as (
      select community_code, count(*)::int8 as people
      from resource_people c where year = ${year} and ${inScope('c.community_code', areaCode)} group by 1
    ), r as (
      select community_code, sum(area_m2)::float8 as rooms_m2
      from resource_rooms c where year = ${year} and ${inScope('c.community_code', areaCode)} group by 1
    )
    select community_code, coalesce(f.allocated, 0) as allocated, coalesce(f.spent, 0) as spent,
      coalesce(p.people, 0) as people, coalesce(r.rooms_m2, 0) as rooms_m2
    from f full join p using (community_code) full join r using (community_code)`.execute(db);
  return rows;
}

export async function totalsByCategory(db: Db, areaCode: string, year: number) {
  const { rows } = await sql<{ category: string; allocated: number; spent: number }>`
    select category, sum(allocated)::float8 as allocated, sum(spent)::float8 as spent
    from resource_funds c where year = ${year} and ${inScope('c.community_code', areaCode)}
    group by 1 order by 2 desc, 1`.execute(db);
  return rows;
}
