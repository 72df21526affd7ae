import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * The demo's estates, set-based over what the population loader wrote: the demo names a building
 * after its compound ("桃源小区3栋"), so each compound with homes becomes an estate of its community,
 * with the homeowners' committee named after it and a property company of its grid; every house of
 * its buildings gets its exclusive floor area in hundredths of m² (a few hundredths off the rounded
 * usable area, as real surveys are); owners are the household's head (and the spouse for about
 * half of the homes they live in); rented, vacant and commercial houses belong to an adult of the
 * community who lives elsewhere.
 */
export async function insertDemoEstates(
  db: Db,
): Promise<{ estates: number; houses: number; owners: number }> {
  return db.transaction().execute(async (trx) => {
    await sql`
      create temporary table demo_compounds on commit drop as
      select left(b.grid_code, 12) as community_code, regexp_replace(b.name, '[0-9]+栋$', '') as name,
             b.id as building_id, b.grid_code, b.address
      from buildings b
      where b.retired_at is null and b.name ~ '[0-9]+栋$'
        and exists (select 1 from houses h where h.building_id = b.id and h.usage <> 'commercial' and h.retired_at is null)
    `.execute(trx);
    // Tables just filled have no statistics yet: without them the planner guesses nested loops over
    // hundreds of thousands of rows (seen taking minutes on a first start).
    await sql`analyze demo_compounds`.execute(trx);
    const estates = await sql<{ n: number }>`
      with e as (
        select community_code, name, min(grid_code) as grid_code, min(address) as address
        from demo_compounds group by community_code, name
      ), ins as (
        insert into estates (community_code, name, address, committee_org_id, property_org_id)
        select e.community_code, e.name, regexp_replace(e.address, ' [0-9]+ 栋$', ''),
          (select o.id from orgs o where o.kind = 'owners_committee' and o.retired_at is null
             and o.name = e.name || '业主委员会' and left(o.grid_code, 12) = e.community_code limit 1),
          (select o.id from orgs o where o.kind = 'property_company' and o.retired_at is null
             and left(o.grid_code, 12) = e.community_code
           order by o.grid_code = e.grid_code desc, md5(o.id::text || e.name) limit 1)
        from e
        returning 1
      ) select count(*)::int as n from ins
    `.execute(trx);
    await sql`
      insert into estate_buildings (building_id, estate_id)
      select c.building_id, e.id from demo_compounds c
      join estates e on e.community_code = c.community_code and e.name = c.name and e.retired_at is null
    `.execute(trx);
    const houses = await sql<{ n: number }>`
      with ins as (
        insert into estate_houses (house_id, estate_id, floor_area)
        select h.id, eb.estate_id,
          greatest(100, round(coalesce(h.area_m2, 60) * 100)::int + (abs(hashtext(h.id::text)) % 100) - 50)
        from houses h join estate_buildings eb on eb.building_id = h.building_id
        where h.retired_at is null
        returning 1
      ) select count(*)::int as n from ins
    `.execute(trx);
    await sql`analyze estate_buildings, estate_houses`.execute(trx);
    // Owners living in the house: the head, and the spouse for about half of the homes.
    await sql`
      insert into house_owners (house_id, person_id, since)
      select eh.house_id, p.id, p.move_in_date
      from estate_houses eh
      join houses h on h.id = eh.house_id and h.usage = 'own_occupied'
      join people p on p.house_id = h.id and p.retired_at is null
        and (p.relation = 'head' or (p.relation = 'spouse' and abs(hashtext(h.id::text)) % 2 = 0))
      on conflict do nothing
    `.execute(trx);
    // Everyone else's house (and an own-occupied house without a head) belongs to an adult of the
    // community picked by a hash of the house: the pick is computed first, so adults are joined on
    // equal columns.
    await sql`analyze house_owners`.execute(trx);
    await sql`
      with adults as (
        select p.id, left(p.grid_code, 12) as community_code,
               row_number() over (partition by left(p.grid_code, 12) order by p.id) - 1 as i
        from people p
        where p.retired_at is null and p.relation in ('head', 'spouse') and p.residency = 'registered'
      ), sizes as (
        select community_code, count(*) as n from adults group by community_code
      ), orphans as (
        select eh.house_id, e.community_code, abs(hashtext(eh.house_id::text)) % s.n as pick
        from estate_houses eh
        join estates e on e.id = eh.estate_id
        join sizes s on s.community_code = e.community_code
        where not exists (select 1 from house_owners o where o.house_id = eh.house_id)
      )
      insert into house_owners (house_id, person_id)
      select o.house_id, a.id
      from orphans o join adults a on a.community_code = o.community_code and a.i = o.pick
    `.execute(trx);
    const owners = await sql<{ n: number }>`select count(*)::int as n from house_owners`.execute(trx);
    return { estates: estates.rows[0]!.n, houses: houses.rows[0]!.n, owners: owners.rows[0]!.n };
  });
}
