import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';

/** Counts for one area; each query is a prefix scan of its table's grid index. */
export async function areaCounts(db: Db, areaCode: string, asOf: string) {
  const people = db
    .selectFrom('people')
    .where(inScope('grid_code', areaCode))
    .where('retired_at', 'is', null);
  const [population, ageBands, tags, households, houses, orgs, things] = await Promise.all([
    people
      .select([
        sql<number>`count(*)`.as('total'),
        sql<number>`count(*) filter (where residency = 'registered')`.as('registered'),
        sql<number>`count(*) filter (where residency = 'non_registered')`.as('nonRegistered'),
      ])
      .executeTakeFirstOrThrow(),
    people
      .select([
        sql<string>`case
          when age(${asOf}::date, birth_date) < interval '15 years' then '0-14'
          when age(${asOf}::date, birth_date) < interval '60 years' then '15-59'
          when age(${asOf}::date, birth_date) < interval '80 years' then '60-79'
          else '80+' end`.as('band'),
        sql<number>`count(*)`.as('count'),
      ])
      .groupBy('band')
      .orderBy('band')
      .execute(),
    db
      .selectFrom('person_tags as pt')
      .innerJoin('people as p', 'p.id', 'pt.person_id')
      .innerJoin('tags as t', 't.code', 'pt.tag_code')
      .where(inScope('p.grid_code', areaCode))
      .where('p.retired_at', 'is', null)
      .select([
        't.code',
        't.name_zh',
        't.name_en',
        't.visible_to',
        't.sort',
        sql<number>`count(*)`.as('count'),
      ])
      .groupBy(['t.code', 't.name_zh', 't.name_en', 't.visible_to', 't.sort'])
      .orderBy('t.sort')
      .execute(),
    db
      .selectFrom('households')
      .where(inScope('grid_code', areaCode))
      .where('retired_at', 'is', null)
      .select(sql<number>`count(*)`.as('count'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('houses')
      .where(inScope('grid_code', areaCode))
      .where('retired_at', 'is', null)
      .select(['usage', sql<number>`count(*)`.as('count')])
      .groupBy('usage')
      .execute(),
    db
      .selectFrom('orgs')
      .where(inScope('grid_code', areaCode))
      .where('retired_at', 'is', null)
      .select(['kind', sql<number>`count(*)`.as('count')])
      .groupBy('kind')
      .orderBy('kind')
      .execute(),
    db
      .selectFrom('things')
      .where(inScope('grid_code', areaCode))
      .where('retired_at', 'is', null)
      .select(['category', 'state', sql<number>`count(*)`.as('count')])
      .groupBy(['category', 'state'])
      .orderBy('category')
      .execute(),
  ]);
  return { population, ageBands, tags, households: households.count, houses, orgs, things };
}
