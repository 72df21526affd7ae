import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { getSetting } from '../../db/settings.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit, SYSTEM_ACTOR } from '../../platform/audit.ts';
import {
  areaExists,
  createApiKey,
  defaultKeyArea,
  expiryOf,
  revokeKeyAsSystem,
} from '../../platform/auth/apikeys.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs.ts';
import { cstDay } from './opendata.access.ts';
import { DATASETS, type DatasetDef, datasetDef } from './opendata.catalog.ts';
import * as store from './opendata.datastore.repository.ts';
import * as repo from './opendata.repository.ts';
import type {
  CreatePartnerKeyInput,
  DatasetView,
  PartnerKeyView,
  UpdateDatasetInput,
} from './opendata.schemas.ts';

export const REFRESH_JOB = 'opendata.refresh';
export const DATASETS_NAMES = DATASETS.map((d) => d.name);
const REFRESH_KEY = 'catalogue';
/** The `settings` key of k, the smallest count published (default 10). */
export const K_SETTING = 'opendata.k';
const PERIOD_DAYS = { daily: 1, weekly: 7, monthly: 30 } as const;

export async function disclosureK(db: Db): Promise<number> {
  const k = await getSetting<number>(db, K_SETTING);
  return typeof k === 'number' && k >= 2 ? k : 10;
}

/**
 * Builds a dataset and keeps the result as a new version, unless it is the same as the newest
 * (same fields, same rows: compared by hash), in which case nothing is written but the time.
 */
export async function refreshDataset(
  db: Db,
  name: string,
  options: { now?: Date; asOf?: string } = {},
): Promise<{ name: string; changed: boolean; version: number }> {
  const def = datasetDef(name);
  if (!def) throw new AppError('dataset_not_found', { id: name });
  await repo.ensureDatasets(db, [def]);
  const now = options.now ?? new Date();
  const built = await def.build(db, { k: await disclosureK(db), asOf: options.asOf ?? cstDay(now), now });
  const hash = createHash('sha256')
    .update(JSON.stringify({ fields: def.fields, rows: built.rows }))
    .digest('hex');
  const latest = await repo.latestVersion(db, name);
  // The same rows as the newest version: nothing to do, unless its table is gone (a restored backup).
  if (latest?.hash === hash && (await store.rowsExist(db, latest.id))) {
    await repo.markRefreshed(db, name, now);
    return { name, changed: false, version: latest.number };
  }
  const number = (latest?.number ?? 0) + 1;
  const versionId = await db.transaction().execute(async (trx) => {
    const { id } = await repo.insertVersion(trx, {
      dataset_name: name,
      number,
      hash,
      row_count: built.rows.length,
      suppressed: built.suppressed,
      fields: def.fields,
      created_at: now,
    });
    await store.createRows(trx, id, def.fields, built.rows);
    await repo.markRefreshed(trx, name, now);
    return id;
  });
  await store.vacuumRows(db, versionId);
  return { name, changed: true, version: number };
}

/** Refreshes the datasets whose period has passed since their last refresh. */
export async function refreshDue(db: Db, now = new Date()) {
  await repo.ensureDatasets(db, DATASETS);
  const rows = await repo.datasetRows(db);
  const results = [];
  for (const row of rows) {
    if (!row.enabled || !datasetDef(row.name)) continue;
    const due =
      !row.last_refreshed_at ||
      now.getTime() - row.last_refreshed_at.getTime() >= PERIOD_DAYS[row.schedule] * 86_400_000 - 60_000;
    if (due) results.push(await refreshDataset(db, row.name, { now }));
  }
  return results;
}

/** The job: refresh what is due, then look again in an hour. */
export async function runRefreshJob(db: Db, now = new Date()) {
  const results = await refreshDue(db, now);
  const changed = results.filter((r) => r.changed);
  if (changed.length > 0)
    await audit(db, SYSTEM_ACTOR, {
      action: 'opendata.refresh',
      detail: { versions: changed.map((r) => `${r.name}#${r.version}`) },
    });
  await scheduleRefresh(db, new Date(now.getTime() + 3_600_000));
}

export function scheduleRefresh(db: Db, runAt = new Date()) {
  return enqueue(db, { kind: REFRESH_JOB, key: REFRESH_KEY, runAt });
}

// ---- views ----

export function datasetView(
  def: DatasetDef,
  row: Awaited<ReturnType<typeof repo.datasetRows>>[number] | undefined,
  latest: Awaited<ReturnType<typeof repo.latestVersions>>[number] | undefined,
): DatasetView {
  return {
    name: def.name,
    title: def.title.zh,
    titleEn: def.title.en,
    description: def.description.zh,
    descriptionEn: def.description.en,
    theme: def.theme,
    keywords: def.keywords,
    frequency: row?.schedule ?? def.frequency,
    access: row?.access ?? def.access,
    enabled: row?.enabled ?? true,
    fields: def.fields,
    geo: Boolean(def.geo),
    chart: def.chart ?? null,
    latest: latest
      ? {
          number: latest.number,
          rowCount: latest.row_count,
          suppressed: latest.suppressed,
          hash: latest.hash,
          createdAt: latest.created_at.toISOString(),
        }
      : null,
    lastRefreshedAt: row?.last_refreshed_at?.toISOString() ?? null,
    version: row?.version ?? 1,
  };
}

/** Every dataset with its settings and newest version (the catalogue is public). */
export async function catalogue(db: Db): Promise<DatasetView[]> {
  const [rows, latest] = await Promise.all([repo.datasetRows(db), repo.latestVersions(db)]);
  return DATASETS.map((def) =>
    datasetView(
      def,
      rows.find((r) => r.name === def.name),
      latest.find((v) => v.dataset_name === def.name),
    ),
  );
}

export async function oneDataset(db: Db, name: string): Promise<DatasetView> {
  const view = (await catalogue(db)).find((d) => d.name === name);
  if (!view) throw new AppError('dataset_not_found', { id: name });
  return view;
}

export function searchCatalogue(views: DatasetView[], q: string | undefined) {
  const text = q?.trim().toLowerCase();
  if (!text) return views;
  return views.filter((d) =>
    [d.name, d.title, d.titleEn, d.description, d.descriptionEn, ...d.keywords].some((s) =>
      s.toLowerCase().includes(text),
    ),
  );
}

// ---- administration ----

export async function updateDataset(db: Db, auth: Auth | null, name: string, input: UpdateDatasetInput) {
  const admin = requirePermission(auth, 'opendata.manage');
  if (!datasetDef(name)) throw new AppError('dataset_not_found', { id: name });
  await repo.ensureDatasets(db, DATASETS);
  await repo.updateDataset(db, name, {
    access: input.access,
    schedule: input.frequency,
    enabled: input.enabled,
  });
  await audit(db, admin, { action: 'opendata.update', targetType: 'dataset', targetId: name, detail: input });
  return oneDataset(db, name);
}

export async function refreshByAdmin(db: Db, auth: Auth | null, name: string) {
  const admin = requirePermission(auth, 'opendata.manage');
  const result = await refreshDataset(db, name);
  await audit(db, admin, {
    action: 'opendata.refresh',
    targetType: 'dataset',
    targetId: name,
    detail: result,
  });
  return result;
}

export async function versions(db: Db, auth: Auth | null, name: string) {
  requirePermission(auth, 'opendata.manage');
  if (!datasetDef(name)) throw new AppError('dataset_not_found', { id: name });
  return (await repo.versionsOf(db, name)).map((v) => ({
    number: v.number,
    rowCount: v.row_count,
    suppressed: v.suppressed,
    hash: v.hash,
    createdAt: v.created_at.toISOString(),
  }));
}

function partnerView(row: repo.PartnerRow): PartnerKeyView {
  const now = new Date();
  return {
    id: row.api_key_id,
    name: row.name,
    prefix: row.prefix,
    holder: row.holder,
    purpose: row.purpose,
    datasets: row.datasets,
    dailyQuota: row.daily_quota,
    ratePerMinute: row.rate_per_minute,
    orgId: row.org_id,
    areaCode: row.area_code,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    active: row.revoked_at === null && (row.expires_at === null || row.expires_at > now),
  };
}

export async function listPartnerKeys(db: Db, auth: Auth | null) {
  const admin = requirePermission(auth, 'opendata.manage');
  return (await repo.partners(db, admin.areaCode)).map(partnerView);
}

/** Issues a key of scope `opendata` with the partner's terms; the whole key is in this answer only. */
export async function issuePartnerKey(db: Db, auth: Auth | null, input: CreatePartnerKeyInput) {
  const admin = requirePermission(auth, 'opendata.manage');
  const areaCode = input.areaCode ?? admin.areaCode;
  if (!isWithin(areaCode, admin.areaCode) || !(await areaExists(db, areaCode)))
    throw new AppError('area_not_found', { code: areaCode });
  const unknown = input.datasets.filter((d) => !datasetDef(d));
  if (unknown.length > 0)
    throw new AppError('invalid_field', (lang) => ({
      field: lang === 'zh' ? '数据集' : 'Datasets',
      reason: unknown.join(', '),
    }));
  return issuePartnerKeyAsSystem(db, { ...input, areaCode, createdBy: admin.userId }, admin);
}

export async function issuePartnerKeyAsSystem(
  db: Db,
  input: CreatePartnerKeyInput & { areaCode?: string; createdBy?: string | null },
  actor = SYSTEM_ACTOR,
) {
  const areaCode = input.areaCode ?? (await defaultKeyArea(db));
  if (!areaCode) throw new AppError('area_not_found', { code: '' });
  const key = await createApiKey(db, {
    name: input.name,
    scopes: ['opendata'],
    areaCode,
    expiresAt: expiryOf(input.expiresInDays),
    createdBy: input.createdBy ?? null,
  });
  await repo.insertPartner(db, {
    api_key_id: key.id,
    holder: input.holder.trim(),
    purpose: input.purpose.trim(),
    datasets: input.datasets,
    daily_quota: input.dailyQuota,
    rate_per_minute: input.ratePerMinute,
    org_id: input.orgId ?? null,
  });
  await audit(db, actor, {
    action: 'opendata.key_issue',
    targetType: 'api_key',
    targetId: key.id,
    detail: { holder: input.holder, datasets: input.datasets, dailyQuota: input.dailyQuota },
  });
  return { ...partnerView((await repo.partner(db, key.id))!), key: key.key };
}

export async function revokePartnerKey(db: Db, auth: Auth | null, id: string) {
  const admin = requirePermission(auth, 'opendata.manage');
  const row = await repo.partner(db, id);
  if (!row || !isWithin(row.area_code, admin.areaCode)) throw new AppError('api_key_not_found', { id });
  await revokeKeyAsSystem(db, id);
  await audit(db, admin, { action: 'opendata.key_revoke', targetType: 'api_key', targetId: id });
  return partnerView((await repo.partner(db, id))!);
}

function usageRange(query: { from?: string; to?: string }) {
  const to = query.to ?? cstDay(new Date());
  const from = query.from ?? cstDay(new Date(Date.parse(`${to}T00:00:00Z`) - 30 * 86_400_000));
  return { from, to };
}

const usageView = (rows: Awaited<ReturnType<typeof repo.usage>>) =>
  rows.map((u) => ({
    keyId: u.api_key_id,
    keyName: u.name,
    holder: u.holder,
    day: u.day,
    dataset: u.dataset,
    calls: u.calls,
    rows: u.rows,
  }));

/** Usage per key, day and dataset: every key of the administrator's area. */
export async function usageForAdmin(db: Db, auth: Auth | null, query: { from?: string; to?: string }) {
  const admin = requirePermission(auth, 'opendata.manage');
  return usageView(await repo.usage(db, { areaCode: admin.areaCode, ...usageRange(query) }));
}

/** A partner's own usage: its key only. */
export async function usageForPartner(db: Db, keyId: string, query: { from?: string; to?: string }) {
  return usageView(await repo.usage(db, { keyId, ...usageRange(query) }));
}

/** A month (or any days) of recorded usage, in one statement (the demo district). */
export function recordUsageInBulk(
  db: Db,
  rows: { keyId: string; day: string; dataset: string; calls: number; rows: number }[],
) {
  return repo.usageInsert(
    db,
    rows.map((r) => ({ api_key_id: r.keyId, day: r.day, dataset: r.dataset, calls: r.calls, rows: r.rows })),
  );
}
