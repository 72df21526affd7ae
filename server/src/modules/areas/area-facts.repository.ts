import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import { levelOfCode } from '../../geo/area-code.ts';

export interface CommunityFacts {
  code: string;
  name: string;
  /** The community's own count, else the sum of its grids'. */
  households: number;
  grids: number;
}

/** The current communities in an area (or the community an area lies in), with households and grids. */
export async function communitiesIn(db: Db, areaCode: string): Promise<CommunityFacts[]> {
  // A grid's community is the one above it.
  const filter =
    levelOfCode(areaCode) === 'grid' ? sql`c.code = ${areaCode.slice(0, 12)}` : inScope('c.code', areaCode);
  const { rows } = await sql<CommunityFacts>`
    select c.code, c.name,
      coalesce(c.households, (select sum(g.households) from areas g
        where g.parent_code = c.code and g.level = 'grid' and g.retired_at is null), 0)::int8 as households,
      (select count(*) from areas g
        where g.parent_code = c.code and g.level = 'grid' and g.retired_at is null)::int8 as grids
    from areas c
    where c.level = 'community' and c.retired_at is null and ${filter}
    order by c.code`.execute(db);
  return rows;
}

/** Display names of area codes. */
export async function areaNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const { rows } = await sql<{ code: string; name: string }>`
    select code, name from areas where code = any(${codes})`.execute(db);
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** The current district and street areas: what the monthly report is written for. */
export async function districtAndStreets(db: Db): Promise<string[]> {
  const { rows } = await sql<{ code: string }>`
    select code from areas where level in ('district', 'street') and retired_at is null order by code`.execute(
    db,
  );
  return rows.map((r) => r.code);
}

/** A current (not retired) area, by code. */
export function activeArea(db: Db, code: string) {
  return db
    .selectFrom('areas')
    .select(['code', 'name', 'level'])
    .where('code', '=', code)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

/** Every current area with its level and parent: the tree an area-level aggregate is summed up. */
export function activeAreaTree(db: Db) {
  return db
    .selectFrom('areas')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('retired_at', 'is', null)
    .orderBy('code')
    .execute();
}

/** The district: the root of the current areas. */
export function districtRootArea(db: Db) {
  return db
    .selectFrom('areas')
    .select(['code', 'name'])
    .where('parent_code', 'is', null)
    .where('retired_at', 'is', null)
    .orderBy('code')
    .executeTakeFirst();
}
