import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * The registry's reads for other modules that publish or record facts about the district as a
 * whole (open data, credit records): aggregates over people and houses, and the public attributes
 * of components and organizations. No person's name, ID or phone is selected here, nor an
 * organization's responsible person or contact phone.
 */

/**
 * Residents by grid and age band on a day (moved in by then, not retired). Ages by comparing
 * birth dates with the day minus 15, 60, 80 years: the same bands as `age()`, without calling it
 * on every row.
 */
export async function populationByGridBand(db: Db, asOf: string) {
  const result = await sql<{ grid_code: string; band: string; count: number }>`
    select grid_code, case
        when birth_date > ${asOf}::date - interval '15 years' then '0-14'
        when birth_date > ${asOf}::date - interval '60 years' then '15-59'
        when birth_date > ${asOf}::date - interval '80 years' then '60-79'
        else '80+' end as band,
      count(*)::int as count
    from people
    where retired_at is null and (move_in_date is null or move_in_date <= ${asOf}::date)
      and birth_date <= ${asOf}::date
    group by 1, 2`.execute(db);
  return result.rows;
}

/** Houses by grid and usage (own-occupied, rented, vacant, commercial). */
export async function housesByGridUsage(db: Db) {
  const result = await sql<{ grid_code: string; usage: string; count: number }>`
    select grid_code, usage, count(*)::int as count from houses where retired_at is null group by 1, 2`.execute(
    db,
  );
  return result.rows;
}

/** Urban components: place and state. */
export function publicComponents(db: Db) {
  return db
    .selectFrom('things')
    .select(['id', 'category', 'name', 'state', 'grid_code', 'lon', 'lat'])
    .where('retired_at', 'is', null)
    .orderBy('grid_code')
    .orderBy('id')
    .execute();
}

/** Organizations' public attributes only: never the responsible person or the contact phone. */
export function publicOrganizations(db: Db) {
  return db
    .selectFrom('orgs')
    .select(['id', 'kind', 'name', 'credit_code', 'address', 'grid_code', 'lon', 'lat'])
    .where('retired_at', 'is', null)
    .orderBy('grid_code')
    .orderBy('id')
    .execute();
}

/** One organization's name, credit code and grid, for a caller without a session (a job reading events). */
export function orgFacts(db: Db, id: string) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'credit_code', 'grid_code', 'retired_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Current organizations with these unified social credit codes (a ledger matched by code). */
export function orgsByCreditCodes(db: Db, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'credit_code', 'grid_code'])
    .where('retired_at', 'is', null)
    .where('credit_code', 'in', codes)
    .execute();
}

/** Current organizations that have a credit code. */
export function orgsWithCreditCodes(db: Db) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'credit_code', 'grid_code', 'kind'])
    .where('retired_at', 'is', null)
    .where('credit_code', 'is not', null)
    .orderBy('id')
    .execute();
}
