import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { inScope } from '../../db/scope.ts';
import type { AreasTable } from '../../db/types.ts';
import { type AreaLevel, type Boundary, bboxOf } from '../../geo/geojson.ts';
import type { AreaSummary } from './areas.schemas.ts';

type AreaRow = Omit<AreasTable, 'boundary' | 'version' | 'created_at' | 'updated_at'> & {
  boundary: Boundary;
  version: number;
  created_at: Date;
  updated_at: Date;
};

const summaryColumns = [
  'code',
  'name',
  'level',
  'parent_code as parentCode',
  'households',
  'population',
  sql<boolean>`retired_at is not null`.as('retired'),
] as const;

export function findArea(db: Db, code: string): Promise<AreaRow | undefined> {
  return db.selectFrom('areas').selectAll().where('code', '=', code).executeTakeFirst() as Promise<
    AreaRow | undefined
  >;
}

export function findHeadName(db: Db, userId: string) {
  return db.selectFrom('users').select(['display_name']).where('id', '=', userId).executeTakeFirst();
}

export function userExists(db: Db, userId: string) {
  return db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
}

export function findSummaries(db: Db, codes: string[]): Promise<AreaSummary[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('areas').select(summaryColumns).where('code', 'in', codes).orderBy('code').execute();
}

export function findChildren(db: Db, code: string, includeRetired = false): Promise<AreaSummary[]> {
  return db
    .selectFrom('areas')
    .select(summaryColumns)
    .where('parent_code', '=', code)
    .$if(!includeRetired, (q) => q.where('retired_at', 'is', null))
    .orderBy('code')
    .execute();
}

/** Active siblings of a new or changed area, with their boundaries, for the overlap check. */
export function findSiblingBoundaries(db: Db, parentCode: string | null, exceptCode: string) {
  return db
    .selectFrom('areas')
    .select(['code', 'boundary'])
    .$if(parentCode === null, (q) => q.where('parent_code', 'is', null))
    .$if(parentCode !== null, (q) => q.where('parent_code', '=', parentCode))
    .where('code', '!=', exceptCode)
    .where('retired_at', 'is', null)
    .orderBy('code')
    .execute() as Promise<{ code: string; boundary: Boundary }[]>;
}

export function findChildBoundaries(db: Db, code: string) {
  return db
    .selectFrom('areas')
    .select(['code', 'boundary'])
    .where('parent_code', '=', code)
    .where('retired_at', 'is', null)
    .orderBy('code')
    .execute() as Promise<{ code: string; boundary: Boundary }[]>;
}

/** Grid count and the sums of households and population of the grids under an area. */
export function gridStats(db: Db, code: string) {
  return db
    .selectFrom('areas')
    .select([
      sql<number>`count(*)`.as('grids'),
      sql<number>`coalesce(sum(households), 0)`.as('households'),
      sql<number>`coalesce(sum(population), 0)`.as('population'),
    ])
    .where(inScope('code', code))
    .where('level', '=', 'grid')
    .where('retired_at', 'is', null)
    .executeTakeFirstOrThrow();
}

export async function listAreas(
  db: Db,
  scopeCode: string,
  filter: { q?: string; level?: AreaLevel; parentCode?: string; includeRetired?: boolean },
  page: { page: number; pageSize: number },
) {
  const base = db
    .selectFrom('areas')
    .where(inScope('code', scopeCode))
    .$if(!filter.includeRetired, (q) => q.where('retired_at', 'is', null))
    .$if(filter.level !== undefined, (q) => q.where('level', '=', filter.level!))
    .$if(filter.parentCode !== undefined, (q) => q.where('parent_code', '=', filter.parentCode!))
    .$if(Boolean(filter.q?.trim()), (q) => {
      const text = filter.q!.trim();
      const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
      return q.where((eb) => eb.or([eb('name', 'like', `%${escaped}%`), eb('code', 'like', `${escaped}%`)]));
    });
  const { rows, total } = await pageAndTotal(
    db,
    base
      .select(summaryColumns)
      // Upper levels first, so that a search for "桃源" lists the community before its grids.
      .orderBy(sql`array_position(array['district','street','community','grid'], level)`)
      .orderBy('code')
      .$call((q) => pageOf(q, page)),
    base.select(sql<number>`count(*)`.as('count')),
  );
  return { items: rows, total };
}

export function treeRows(db: Db, scopeCode: string, depth: AreaLevel) {
  const levels = ['district', 'street', 'community', 'grid'];
  return db
    .selectFrom('areas')
    .select(['code', 'name', 'level', 'parent_code as parentCode'])
    .where(inScope('code', scopeCode))
    .where('retired_at', 'is', null)
    .where('level', 'in', levels.slice(0, levels.indexOf(depth) + 1) as AreaLevel[])
    .orderBy('code')
    .execute();
}

/** The whole FeatureCollection built by PostgreSQL as one string: 30,000 grids serialise in one pass. */
export async function featureCollection(
  db: Db,
  scopeCode: string,
  level: AreaLevel | undefined,
): Promise<string> {
  const result = await db
    .selectFrom('areas')
    .select(
      sql<string>`json_build_object(
        'type', 'FeatureCollection',
        'features', coalesce(json_agg(json_build_object(
          'type', 'Feature',
          'id', code,
          'geometry', boundary,
          'properties', json_build_object(
            'code', code, 'name', name, 'level', level, 'parentCode', parent_code,
            'households', households, 'population', population)
        ) order by code), '[]'::json))::text`.as('json'),
    )
    .where(inScope('code', scopeCode))
    .where('retired_at', 'is', null)
    .$if(level !== undefined, (q) => q.where('level', '=', level!))
    .executeTakeFirstOrThrow();
  return result.json;
}

export function activeGridBoundaries(db: Db) {
  return db
    .selectFrom('areas')
    .select(['code', 'boundary'])
    .where('level', '=', 'grid')
    .where('retired_at', 'is', null)
    .orderBy('code')
    .execute() as Promise<{ code: string; boundary: Boundary }[]>;
}

export interface AreaWrite {
  name: string;
  boundary: Boundary;
  households: number | null;
  population: number | null;
  headId: string | null;
}

function boundaryColumns(boundary: Boundary) {
  const [minLon, minLat, maxLon, maxLat] = bboxOf(boundary);
  return {
    boundary: JSON.stringify(boundary),
    min_lon: minLon,
    min_lat: minLat,
    max_lon: maxLon,
    max_lat: maxLat,
  };
}

export function insertAreas(
  db: Db,
  areas: (AreaWrite & { code: string; level: AreaLevel; parentCode: string | null })[],
) {
  return db
    .insertInto('areas')
    .values(
      areas.map((a) => ({
        code: a.code,
        name: a.name,
        level: a.level,
        parent_code: a.parentCode,
        households: a.households,
        population: a.population,
        head_id: a.headId,
        ...boundaryColumns(a.boundary),
      })),
    )
    .execute();
}

/** Writes the change only if nobody changed the area since `version` was read. */
export function updateArea(db: Db, code: string, version: number, change: Partial<AreaWrite>) {
  return db
    .updateTable('areas')
    .set({
      ...(change.name !== undefined && { name: change.name }),
      ...(change.households !== undefined && { households: change.households }),
      ...(change.population !== undefined && { population: change.population }),
      ...(change.headId !== undefined && { head_id: change.headId }),
      ...(change.boundary !== undefined && boundaryColumns(change.boundary)),
      version: sql`version + 1`,
      updated_at: new Date(),
    })
    .where('code', '=', code)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
}

export function retireArea(db: Db, code: string, version: number) {
  return db
    .updateTable('areas')
    .set({ retired_at: new Date(), version: sql`version + 1`, updated_at: new Date() })
    .where('code', '=', code)
    .where('version', '=', version)
    .where('retired_at', 'is', null)
    .returning('version')
    .executeTakeFirst();
}

export function countActiveChildren(db: Db, code: string) {
  return db
    .selectFrom('areas')
    .select(sql<number>`count(*)`.as('count'))
    .where('parent_code', '=', code)
    .where('retired_at', 'is', null)
    .executeTakeFirstOrThrow();
}

export function insertHistory(
  db: Db,
  entries: {
    areaCode: string;
    version: number;
    changedBy: string | null;
    source: string;
    changes: Record<string, [unknown, unknown]>;
  }[],
) {
  if (entries.length === 0) return Promise.resolve();
  return db
    .insertInto('area_history')
    .values(
      entries.map((e) => ({
        area_code: e.areaCode,
        version: e.version,
        changed_by: e.changedBy,
        source: e.source,
        changes: JSON.stringify(e.changes),
      })),
    )
    .execute();
}

export function historyOf(db: Db, code: string) {
  return db
    .selectFrom('area_history as h')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .select([
      'h.version',
      'h.changed_at as changedAt',
      'u.display_name as changedBy',
      'h.source',
      'h.changes',
    ])
    .where('h.area_code', '=', code)
    .orderBy('h.id', 'desc')
    .execute();
}

export async function notifyAreasChanged(db: Db) {
  await sql`select pg_notify('civicgrid_areas', '')`.execute(db);
}

export function allCodes(db: Db, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('areas').selectAll().where('code', 'in', codes).execute() as Promise<AreaRow[]>;
}

export type { AreaRow };

export function lockArea(db: Db, code: string): Promise<AreaRow | undefined> {
  return db
    .selectFrom('areas')
    .selectAll()
    .where('code', '=', code)
    .forUpdate()
    .executeTakeFirst() as Promise<AreaRow | undefined>;
}

/** The areas an import touches: those it names, their parents, and the children of both. */
export function findAreasAround(db: Db, codes: string[], parentCodes: string[]): Promise<AreaRow[]> {
  const named = [...new Set([...codes, ...parentCodes])];
  if (named.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('areas')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('code', '=', sql<string>`any(${named})`),
        eb('parent_code', '=', sql<string>`any(${named})`),
      ]),
    )
    .execute() as Promise<AreaRow[]>;
}
