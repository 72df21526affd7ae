import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';

/** Registry records as other modules point to them: a person, an organization, households. */

/** A current (not retired) person, by id. */
export function activePerson(db: Db, id: string) {
  return db
    .selectFrom('people')
    .select(['id', 'name', 'grid_code', 'household_id'])
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Current (not retired) people by the keyed hash of their ID number (`Pii.hash` of the checked
 * number): a map from hash to the person. The number itself never reaches this query; callers
 * hash it and show only the mask.
 */
export async function activePeopleByIdNumberHash(db: Db, hashes: readonly string[]) {
  const distinct = [...new Set(hashes)];
  if (distinct.length === 0) return new Map<string, { id: string; name: string; gridCode: string }>();
  const rows = await db
    .selectFrom('people')
    .select(['id', 'name', 'grid_code', 'id_number_hash'])
    .where('id_number_hash', 'in', distinct)
    .where('retired_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.id_number_hash, { id: r.id, name: r.name, gridCode: r.grid_code }]));
}

/** The current houses of the given buildings, with the building's name: for matching a ledger's rooms. */
export function housesOfBuildings(db: Db, buildingIds: readonly string[]) {
  if (buildingIds.length === 0)
    return Promise.resolve([] as { id: string; room: string; buildingId: string; buildingName: string }[]);
  return db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['h.id', 'h.room', 'b.id as buildingId', 'b.name as buildingName'])
    .where('h.building_id', 'in', [...new Set(buildingIds)])
    .where('h.retired_at', 'is', null)
    .where('b.retired_at', 'is', null)
    .execute();
}

/** An organization, by id; with `activeOnly`, only a current one. */
export function orgRef(db: Db, id: string, activeOnly = false) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'credit_code', 'grid_code', 'address'])
    .where('id', '=', id)
    .$if(activeOnly, (q) => q.where('retired_at', 'is', null))
    .executeTakeFirst();
}

/** People's numbers, masked and as stored (encrypted), by id. */
export async function peopleNumbers(db: Db, ids: string[]) {
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return new Map<string, PersonNumbers>();
  const rows = await db
    .selectFrom('people')
    .select(['id', 'id_number_mask', 'phone_mask', 'id_number_enc', 'phone_enc'])
    .where('id', 'in', distinct)
    .execute();
  return new Map<string, PersonNumbers>(rows.map((r) => [r.id, r]));
}
export interface PersonNumbers {
  id_number_mask: string | null;
  phone_mask: string | null;
  id_number_enc: string | null;
  phone_enc: string | null;
}

/**
 * Current households inside `scope` and one of the `targets`, except those listed: their address,
 * head and members' focus groups; households with a focus-group member first, then by grid and
 * address, at most `limit`.
 */
export function householdsToReach(
  db: Db,
  filter: { scope: string; targets: string[]; except: string[]; limit: number },
) {
  return db
    .selectFrom('households as h')
    .innerJoin('houses as ho', 'ho.id', 'h.house_id')
    .innerJoin('buildings as b', 'b.id', 'ho.building_id')
    .leftJoin('people as head', 'head.id', 'h.head_id')
    .select([
      'h.id as household_id',
      'h.grid_code',
      sql<string>`b.name || ' ' || ho.room`.as('address'),
      'head.name as head_name',
      sql<string[]>`coalesce((select array_agg(distinct pt.tag_code order by pt.tag_code) from people m
        join person_tags pt on pt.person_id = m.id
        where m.household_id = h.id and m.retired_at is null), '{}')`.as('focus_groups'),
    ])
    .where('h.retired_at', 'is', null)
    .where(inScope('h.grid_code', filter.scope))
    .where((eb) => eb.or(filter.targets.map((t) => inScope('h.grid_code', t))))
    .$if(filter.except.length > 0, (q) => q.where(sql<boolean>`not (h.id = any(${filter.except}::uuid[]))`))
    .orderBy(
      sql`(select count(*) from people m join person_tags pt on pt.person_id = m.id where m.household_id = h.id) > 0`,
      'desc',
    )
    .orderBy('h.grid_code')
    .orderBy('address')
    .limit(filter.limit)
    .execute();
}
