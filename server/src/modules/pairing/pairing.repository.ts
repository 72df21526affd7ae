import { type Insertable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import type { PairingActivitiesTable, PairingFilesTable, PairingsTable, PlanItem } from '../../db/types.ts';

export function findPairing(db: Db, id: string) {
  return db
    .selectFrom('pairings as p')
    .leftJoin('areas as a', 'a.code', 'p.community_code')
    .selectAll('p')
    .select('a.name as community_name')
    .where('p.id', '=', id)
    .executeTakeFirst();
}
export type PairingRow = NonNullable<Awaited<ReturnType<typeof findPairing>>>;

export interface PairingFilter {
  scope: string;
  partyOrgId?: string;
  unitName?: string;
  year: number;
}

export async function listPairings(db: Db, f: PairingFilter) {
  let q = db
    .selectFrom('pairings as p')
    .leftJoin('areas as a', 'a.code', 'p.community_code')
    .selectAll('p')
    .select((eb) => [
      'a.name as community_name',
      eb
        .selectFrom('pairing_activities as x')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('x.pairing_id', '=', 'p.id')
        .where(sql<boolean>`extract(year from x.held_on) = ${f.year}`)
        .as('activities'),
      eb
        .selectFrom('pairing_activities as x')
        .select(sql<number>`coalesce(sum(x.participants), 0)::int`.as('n'))
        .whereRef('x.pairing_id', '=', 'p.id')
        .where(sql<boolean>`extract(year from x.held_on) = ${f.year}`)
        .as('participants'),
      eb
        .selectFrom('pairing_plans as pl')
        .select(sql<number>`jsonb_array_length(pl.items)`.as('n'))
        .whereRef('pl.pairing_id', '=', 'p.id')
        .where('pl.year', '=', f.year)
        .as('plan_items'),
      eb
        .selectFrom('pairing_reviews as r')
        .select(sql<boolean>`true`.as('n'))
        .whereRef('r.pairing_id', '=', 'p.id')
        .where('r.year', '=', f.year)
        .as('reviewed'),
    ])
    .where(inScope('p.community_code', f.scope));
  if (f.partyOrgId) q = q.where('p.party_org_id', '=', f.partyOrgId);
  if (f.unitName) q = q.where('p.unit_name', '=', f.unitName);
  return q.orderBy('p.community_code').orderBy('p.signed_on').limit(1000).execute();
}

export async function insertPairing(db: Db, row: Insertable<PairingsTable>) {
  return (await db.insertInto('pairings').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function insertPairings(db: Db, rows: Insertable<PairingsTable>[]) {
  return db.insertInto('pairings').values(rows).returning(['id', 'community_code']).execute();
}

export function updatePairing(db: Db, id: string, version: number, values: Updateable<PairingsTable>) {
  return db
    .updateTable('pairings')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export function insertFiles(db: Db, rows: Insertable<PairingFilesTable>[]) {
  if (rows.length === 0) return Promise.resolve([]);
  return db.insertInto('pairing_files').values(rows).returning('id').execute();
}

export function filesOf(db: Db, pairingId: string) {
  return db
    .selectFrom('pairing_files')
    .selectAll()
    .where('pairing_id', '=', pairingId)
    .orderBy('created_at')
    .execute();
}

export function plansOf(db: Db, pairingId: string) {
  return db
    .selectFrom('pairing_plans')
    .selectAll()
    .where('pairing_id', '=', pairingId)
    .orderBy('year')
    .execute();
}

export function reviewsOf(db: Db, pairingId: string) {
  return db
    .selectFrom('pairing_reviews')
    .selectAll()
    .where('pairing_id', '=', pairingId)
    .orderBy('year')
    .execute();
}

export function activitiesOf(db: Db, pairingId: string) {
  return db
    .selectFrom('pairing_activities')
    .selectAll()
    .where('pairing_id', '=', pairingId)
    .orderBy('held_on', 'desc')
    .limit(500)
    .execute();
}

export async function insertActivity(db: Db, row: Insertable<PairingActivitiesTable>) {
  return (await db.insertInto('pairing_activities').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function insertActivities(db: Db, rows: Insertable<PairingActivitiesTable>[]) {
  return db.insertInto('pairing_activities').values(rows).execute();
}

/**
 * Writes a year's plan or review when it is at `version` (0: none yet). Undefined when someone
 * wrote it since; a second "new" one is refused by the primary key, caught the same way.
 */
export async function upsertYear(
  db: Db,
  table: 'pairing_plans' | 'pairing_reviews',
  pairingId: string,
  year: number,
  version: number,
  values: { items: PlanItem[] } | { summary: string; scores: Record<string, number> },
) {
  const json = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
  if (version === 0) {
    const { rows } = await sql<{ version: number }>`
      insert into ${sql.table(table)} (pairing_id, year, ${sql.join(Object.keys(json).map((k) => sql.ref(k)))})
      values (${pairingId}, ${year}, ${sql.join(Object.values(json))})
      on conflict do nothing returning version`.execute(db);
    return rows[0];
  }
  const { rows } = await sql<{ version: number }>`
    update ${sql.table(table)}
    set ${sql.join(Object.entries(json).map(([k, v]) => sql`${sql.ref(k)} = ${v}`))},
      version = version + 1, updated_at = now()
    where pairing_id = ${pairingId} and year = ${year} and version = ${version}
    returning version`.execute(db);
  return rows[0];
}

export function currentVersion(
  db: Db,
  table: 'pairing_plans' | 'pairing_reviews',
  pairingId: string,
  year: number,
) {
  return db
    .selectFrom(table)
    .select('version')
    .where('pairing_id', '=', pairingId)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** Bulk plans and reviews (the demo). */
export async function insertYears(
  db: Db,
  plans: { pairing_id: string; year: number; items: PlanItem[] }[],
  reviews: { pairing_id: string; year: number; summary: string; scores: Record<string, number> }[],
) {
  if (plans.length > 0)
    await db
      .insertInto('pairing_plans')
      .values(plans.map((p) => ({ ...p, items: JSON.stringify(p.items) })))
      .execute();
  if (reviews.length > 0)
    await db
      .insertInto('pairing_reviews')
      .values(reviews.map((r) => ({ ...r, scores: JSON.stringify(r.scores) })))
      .execute();
}
