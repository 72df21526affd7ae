import { type Insertable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { inScope } from '../../db/scope.ts';
import type { VisitsTable } from '../../db/types.ts';
import { findGrid } from './patrols.repository.ts';

/** A registry record the visit is about: its grid and a label. */
export async function findTarget(db: Db, type: 'person' | 'house' | 'org' | 'grid', id: string) {
  const uuid = /^[0-9a-f-]{36}$/i.test(id);
  switch (type) {
    case 'person':
      return uuid
        ? db
            .selectFrom('people')
            .select(['grid_code', 'name as label'])
            .where('id', '=', id)
            .where('retired_at', 'is', null)
            .executeTakeFirst()
        : undefined;
    case 'house':
      return uuid
        ? db
            .selectFrom('houses as h')
            .innerJoin('buildings as b', 'b.id', 'h.building_id')
            .select(['h.grid_code', sql<string>`b.name || ' ' || h.room`.as('label')])
            .where('h.id', '=', id)
            .where('h.retired_at', 'is', null)
            .executeTakeFirst()
        : undefined;
    case 'org':
      return uuid
        ? db
            .selectFrom('orgs')
            .select(['grid_code', 'name as label'])
            .where('id', '=', id)
            .where('retired_at', 'is', null)
            .executeTakeFirst()
        : undefined;
    case 'grid': {
      const grid = await findGrid(db, id);
      return grid && { grid_code: grid.code, label: grid.name };
    }
  }
}

export function insertVisit(db: Db, values: Insertable<VisitsTable>) {
  return db.insertInto('visits').values(values).returning('id').executeTakeFirstOrThrow();
}

export function insertPhotos(
  db: Db,
  rows: {
    visit_id: string;
    file_name: string;
    content_type: string;
    size: number;
    sha256: string;
    uploaded_by: string;
  }[],
) {
  if (rows.length === 0) return Promise.resolve([]);
  return db.insertInto('visit_photos').values(rows).execute();
}

export function findVisit(db: Db, id: string) {
  return db.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockVisit(db: Db, id: string) {
  return db.selectFrom('visits').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function photosOf(db: Db, visitIds: string[]) {
  if (visitIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('visit_photos')
    .select(['id', 'visit_id', 'file_name', 'content_type', 'size', 'sha256'])
    .where('visit_id', 'in', visitIds)
    .orderBy('created_at')
    .execute();
}

export function linkCase(db: Db, visitId: string, caseId: string) {
  return db.updateTable('visits').set({ case_id: caseId }).where('id', '=', visitId).execute();
}

export async function listVisits(
  db: Db,
  filter: {
    scopeCode: string;
    from?: Date;
    to?: Date;
    kind?: 'visit' | 'patrol';
    result?: 'normal' | 'problem';
  },
  page: { page: number; pageSize: number },
) {
  const base = db
    .selectFrom('visits')
    .where(inScope('grid_code', filter.scopeCode))
    .$if(filter.from !== undefined, (q) => q.where('visited_at', '>=', filter.from!))
    .$if(filter.to !== undefined, (q) => q.where('visited_at', '<', filter.to!))
    .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind!))
    .$if(filter.result !== undefined, (q) => q.where('result', '=', filter.result!));
  return pageAndTotal(
    db,
    base
      .selectAll()
      .orderBy('visited_at', 'desc')
      .orderBy('id')
      .$call((q) => pageOf(q, page)),
    base.select(sql<number>`count(*)`.as('count')),
  );
}

/** Visits of a day with a track, check-in points or a position, for the map. */
export function tracks(db: Db, scopeCode: string, from: Date, to: Date) {
  return db
    .selectFrom('visits')
    .select([
      'id',
      'kind',
      'grid_code',
      'visitor_name',
      'visited_at',
      'result',
      'track',
      'checkpoints',
      'lon',
      'lat',
    ])
    .where(inScope('grid_code', scopeCode))
    .where('visited_at', '>=', from)
    .where('visited_at', '<', to)
    .where((eb) =>
      eb.or([eb('track', 'is not', null), eb('checkpoints', 'is not', null), eb('lon', 'is not', null)]),
    )
    .orderBy('visited_at')
    .limit(5000)
    .execute();
}
