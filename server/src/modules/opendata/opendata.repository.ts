import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import type { OpendataField } from '../../db/types.ts';

/** Datasets' settings, versions, partners and their usage. */

export async function ensureDatasets(
  db: Db,
  defs: { name: string; access: 'public' | 'restricted'; frequency: 'daily' | 'weekly' | 'monthly' }[],
) {
  await db
    .insertInto('opendata_datasets')
    .values(defs.map((d) => ({ name: d.name, access: d.access, schedule: d.frequency })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

export function datasetRows(db: Db) {
  return db.selectFrom('opendata_datasets').selectAll().orderBy('name').execute();
}

export function datasetRow(db: Db, name: string) {
  return db.selectFrom('opendata_datasets').selectAll().where('name', '=', name).executeTakeFirst();
}

export function updateDataset(
  db: Db,
  name: string,
  values: { access?: 'public' | 'restricted'; schedule?: 'daily' | 'weekly' | 'monthly'; enabled?: boolean },
) {
  return db
    .updateTable('opendata_datasets')
    .set({ ...values, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('name', '=', name)
    .returningAll()
    .executeTakeFirst();
}

export function markRefreshed(db: Db, name: string, at: Date) {
  return db
    .updateTable('opendata_datasets')
    .set({ last_refreshed_at: at })
    .where('name', '=', name)
    .execute();
}

/** The newest version of each dataset. */
export function latestVersions(db: Db) {
  return db
    .selectFrom('opendata_versions')
    .selectAll()
    .distinctOn('dataset_name')
    .orderBy('dataset_name')
    .orderBy('number', 'desc')
    .execute();
}

export function latestVersion(db: Db, dataset: string) {
  return db
    .selectFrom('opendata_versions')
    .selectAll()
    .where('dataset_name', '=', dataset)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function versionsOf(db: Db, dataset: string) {
  return db
    .selectFrom('opendata_versions')
    .select(['id', 'number', 'hash', 'row_count', 'suppressed', 'created_at'])
    .where('dataset_name', '=', dataset)
    .orderBy('number', 'desc')
    .execute();
}

export function insertVersion(
  db: Db,
  values: {
    dataset_name: string;
    number: number;
    hash: string;
    row_count: number;
    suppressed: number;
    fields: OpendataField[];
    created_at?: Date;
  },
) {
  return db
    .insertInto('opendata_versions')
    .values({ ...values, fields: JSON.stringify(values.fields) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

// ---- partners and usage ----

export function insertPartner(
  db: Db,
  values: {
    api_key_id: string;
    holder: string;
    purpose: string;
    datasets: string[];
    daily_quota: number;
    rate_per_minute: number;
    org_id: string | null;
  },
) {
  return db.insertInto('opendata_partners').values(values).execute();
}

const partnerColumns = [
  'p.api_key_id',
  'p.holder',
  'p.purpose',
  'p.datasets',
  'p.daily_quota',
  'p.rate_per_minute',
  'p.org_id',
  'p.created_at',
  'k.name',
  'k.prefix',
  'k.area_code',
  'k.expires_at',
  'k.revoked_at',
  'k.last_used_at',
] as const;

export function partners(db: Db, areaCode: string) {
  return db
    .selectFrom('opendata_partners as p')
    .innerJoin('api_keys as k', 'k.id', 'p.api_key_id')
    .select(partnerColumns)
    .where(inScope('k.area_code', areaCode))
    .orderBy('p.created_at', 'desc')
    .execute();
}

export function partner(db: Db, keyId: string) {
  return db
    .selectFrom('opendata_partners as p')
    .innerJoin('api_keys as k', 'k.id', 'p.api_key_id')
    .select(partnerColumns)
    .where('p.api_key_id', '=', keyId)
    .executeTakeFirst();
}
export type PartnerRow = NonNullable<Awaited<ReturnType<typeof partner>>>;

export async function callsToday(db: Db, keyId: string, day: string) {
  const row = await db
    .selectFrom('opendata_usage')
    .select(sql<number>`coalesce(sum(calls), 0)::int`.as('calls'))
    .where('api_key_id', '=', keyId)
    .where('day', '=', day)
    .executeTakeFirstOrThrow();
  return row.calls;
}

export function addUsage(db: Db, keyId: string, day: string, dataset: string, rows: number) {
  return db
    .insertInto('opendata_usage')
    .values({ api_key_id: keyId, day, dataset, calls: 1, rows })
    .onConflict((oc) =>
      oc.columns(['api_key_id', 'day', 'dataset']).doUpdateSet({
        calls: sql<number>`opendata_usage.calls + 1`,
        rows: sql<number>`opendata_usage.rows + ${rows}`,
      }),
    )
    .execute();
}

export function usage(db: Db, filter: { areaCode?: string; keyId?: string; from: string; to: string }) {
  return db
    .selectFrom('opendata_usage as u')
    .innerJoin('api_keys as k', 'k.id', 'u.api_key_id')
    .leftJoin('opendata_partners as p', 'p.api_key_id', 'u.api_key_id')
    .select(['u.api_key_id', 'k.name', 'p.holder', 'u.day', 'u.dataset', 'u.calls', 'u.rows'])
    .$if(filter.areaCode !== undefined, (q) => q.where(inScope('k.area_code', filter.areaCode!)))
    .$if(filter.keyId !== undefined, (q) => q.where('u.api_key_id', '=', filter.keyId!))
    .where('u.day', '>=', filter.from)
    .where('u.day', '<=', filter.to)
    .orderBy('u.day', 'desc')
    .orderBy('k.name')
    .orderBy('u.dataset')
    .execute();
}

export function usageInsert(
  db: Db,
  rows: { api_key_id: string; day: string; dataset: string; calls: number; rows: number }[],
) {
  return rows.length
    ? db
        .insertInto('opendata_usage')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute()
    : null;
}
