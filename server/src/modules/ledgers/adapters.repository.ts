import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import type { ExistingRow } from './adapters.ts';

/** The registry reads of the ledger adapters: what a row is placed by and the records it matches. */

// ---- places ----

export function housesInArea(db: Db, areaCode: string) {
  return db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['h.id', 'h.grid_code', 'b.address', 'h.room'])
    .where('h.retired_at', 'is', null)
    .where(inScope('h.grid_code', areaCode))
    .execute();
}

export function areaNameRows(db: Db) {
  return db.selectFrom('areas').select('name').where('retired_at', 'is', null).execute();
}

export function buildingsInArea(db: Db, areaCode: string) {
  return db
    .selectFrom('buildings')
    .select(['address', 'grid_code', 'lon', 'lat'])
    .where('retired_at', 'is', null)
    .where(inScope('grid_code', areaCode))
    .execute();
}

export function orgPlacesInArea(db: Db, areaCode: string) {
  return db
    .selectFrom('orgs')
    .select(['credit_code', 'name', 'address', 'grid_code', 'lon', 'lat'])
    .where('retired_at', 'is', null)
    .where(inScope('grid_code', areaCode))
    .execute();
}

// ---- matching records ----

/** Active people by ID number hash, with their tags (locked when `lock`). */
export function peopleByIdHash(db: Db, hashes: string[], lock: boolean) {
  let query = db
    .selectFrom('people as p')
    .select([
      'p.id',
      'p.version',
      'p.field_sources',
      'p.grid_code',
      'p.id_number_hash',
      'p.name',
      'p.phone_enc',
      'p.phone_hash',
      'p.phone_mask',
      'p.residency',
      'p.house_id',
      'p.household_id',
      'p.relation',
      'p.move_in_date',
    ])
    .select(sql<string[]>`array(select t.tag_code from person_tags t where t.person_id = p.id)`.as('tags'))
    // One array parameter: an IN list of thousands of parameters took longer to plan than to run.
    .where('p.id_number_hash', '=', sql<string>`any(${hashes}::text[])`)
    .where('p.retired_at', 'is', null);
  if (lock) query = query.forUpdate();
  return query.execute();
}

/** Active organizations of the area with one of these credit codes or names (locked when `lock`). */
export function orgsByCodeOrName(db: Db, codes: string[], names: string[], areaCode: string, lock: boolean) {
  let query = db
    .selectFrom('orgs')
    .selectAll()
    .where('retired_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(codes.length ? [eb('credit_code', 'in', codes)] : []),
        ...(names.length ? [eb('name', 'in', names)] : []),
      ]),
    )
    .where(inScope('grid_code', areaCode));
  if (lock) query = query.forUpdate();
  return query.execute();
}

/** For each wanted component (`i`), the nearest active one of its category in its grid within `nearDeg`. */
export async function nearestThings(
  db: Db,
  wanted: { i: number; grid: unknown; category: unknown; lon: unknown; lat: unknown }[],
  nearDeg: number,
  lock: boolean,
) {
  const { rows: found } = await sql<ExistingRow & { i: number }>`
      select distinct on (x.i) x.i, t.*
      from jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) as x(i int, grid text, category text, lon float8, lat float8)
      join things t on t.grid_code = x.grid and t.category = x.category and t.retired_at is null
        and abs(t.lat - x.lat) < ${nearDeg}
        and abs(t.lon - x.lon) < ${nearDeg} / cos(radians(x.lat))
      order by x.i, (t.lat - x.lat) ^ 2 + (t.lon - x.lon) ^ 2
`.execute(db);
  if (lock && found.length > 0) {
    await db
      .selectFrom('things')
      .select('id')
      .where(
        'id',
        'in',
        found.map((r) => r.id),
      )
      .forUpdate()
      .execute();
  }
  return found;
}
