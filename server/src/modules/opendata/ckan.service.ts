import type { Db } from '../../db/database.ts';
import { admit, mayRead, type Reader, recordUse } from './opendata.access.ts';
import { LICENCE_TITLE, LICENCE_URL } from './opendata.catalog.ts';
import * as store from './opendata.datastore.repository.ts';
import { downloadUrl, type Format, formatsOf, type Publisher } from './opendata.formats.ts';
import * as repo from './opendata.repository.ts';
import type { DatasetView, DatastoreSearchInput } from './opendata.schemas.ts';
import { catalogue, searchCatalogue } from './opendata.service.ts';
import { districtRoot } from './opendata.sources.ts';

/**
 * CKAN's action API (v3), the read actions harvesters and client libraries use. Answers and errors
 * have CKAN's shapes; errors are thrown as CkanError and sent by the routes' error handler.
 */
export class CkanError extends Error {
  constructor(
    readonly status: number,
    readonly type: 'Not Found Error' | 'Validation Error' | 'Authorization Error' | 'Bad request',
    message: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
  }
}
const notFound = (what: string) => new CkanError(404, 'Not Found Error', `Not found: ${what}`);
const invalid = (field: string, message: string) =>
  new CkanError(409, 'Validation Error', message, { [field]: [message] });

export async function publisherOf(db: Db): Promise<Publisher & { slug: string }> {
  const root = await districtRoot(db);
  const code = root?.code ?? '000000';
  return {
    name: root?.name ?? 'CivicGrid',
    areaCode: code,
    email: 'opendata@civicgrid.invalid',
    slug: `civicgrid-${code}`,
  };
}

function organization(p: Publisher & { slug: string }) {
  return {
    id: p.slug,
    name: p.slug,
    title: p.name,
    type: 'organization',
    description: `${p.name} (${p.areaCode})`,
    image_url: '',
    created: '2026-01-01T00:00:00',
    is_organization: true,
    approval_status: 'approved',
    state: 'active',
  };
}

const FORMAT_NAMES: Record<Format, string> = { csv: 'CSV', xlsx: 'XLSX', json: 'JSON', geojson: 'GeoJSON' };

/** A dataset as CKAN's package dictionary; its CSV resource is the one in the datastore. */
export function packageOf(base: string, p: Publisher & { slug: string }, d: DatasetView) {
  const modified = (d.latest?.createdAt ?? d.lastRefreshedAt ?? '2026-01-01T00:00:00Z').replace('Z', '');
  const resources = formatsOf(d).map((format, position) => ({
    id: format === 'csv' ? d.name : `${d.name}.${format}`,
    package_id: d.name,
    name: `${d.title} (${FORMAT_NAMES[format]})`,
    description: d.descriptionEn,
    format: FORMAT_NAMES[format],
    url: downloadUrl(base, d.name, format),
    datastore_active: format === 'csv',
    created: modified,
    last_modified: modified,
    position,
    state: 'active',
  }));
  return {
    id: d.name,
    name: d.name,
    title: d.title,
    notes: d.description,
    type: 'dataset',
    state: 'active',
    private: false,
    author: p.name,
    maintainer: p.name,
    maintainer_email: p.email,
    license_id: LICENCE_TITLE.toLowerCase(),
    license_title: LICENCE_TITLE,
    license_url: LICENCE_URL,
    metadata_created: modified,
    metadata_modified: modified,
    version: String(d.latest?.number ?? 0),
    url: `${base}/data/${d.name}`,
    owner_org: p.slug,
    organization: organization(p),
    num_resources: resources.length,
    num_tags: d.keywords.length,
    tags: d.keywords.map((k) => ({ id: k, name: k, display_name: k, state: 'active' })),
    groups: [],
    resources,
    extras: [
      { key: 'access', value: d.access },
      { key: 'frequency', value: d.frequency },
      { key: 'theme', value: d.theme },
      { key: 'spatial', value: p.areaCode },
      { key: 'title_en', value: d.titleEn },
    ],
  };
}

export async function packageList(db: Db, q: { limit?: number; offset?: number }) {
  const names = (await catalogue(db)).filter((d) => d.enabled).map((d) => d.name);
  return names.slice(q.offset ?? 0, q.limit === undefined ? undefined : (q.offset ?? 0) + q.limit);
}

export async function packageShow(db: Db, base: string, id: string) {
  const d = (await catalogue(db)).find((x) => x.name === id && x.enabled);
  if (!d) throw notFound('Dataset was not found.');
  return packageOf(base, await publisherOf(db), d);
}

/** `fq` terms CKAN clients send: `tags:x`, `organization:x`, `res_format:CSV`, joined by spaces or AND. */
function parseFq(fq: string | undefined) {
  const terms: { key: string; value: string }[] = [];
  for (const m of (fq ?? '').matchAll(/(\w+):("([^"]*)"|[^\s]+)/g))
    terms.push({ key: m[1], value: m[3] ?? m[2] });
  return terms;
}

export async function packageSearch(
  db: Db,
  base: string,
  q: { q?: string; fq?: string; rows?: number; start?: number },
) {
  const publisher = await publisherOf(db);
  const text = q.q && q.q !== '*:*' ? q.q : undefined;
  let found = searchCatalogue(
    (await catalogue(db)).filter((d) => d.enabled),
    text,
  );
  for (const term of parseFq(q.fq)) {
    if (term.key === 'tags') found = found.filter((d) => d.keywords.includes(term.value));
    else if (term.key === 'organization') found = found.filter(() => term.value === publisher.slug);
    else if (term.key === 'res_format')
      found = found.filter((d) =>
        formatsOf(d).some((f) => FORMAT_NAMES[f].toLowerCase() === term.value.toLowerCase()),
      );
    else if (term.key === 'name') found = found.filter((d) => d.name === term.value);
    else
      throw new CkanError(409, 'Validation Error', `Search error: unknown field ${term.key}`, {
        fq: [term.key],
      });
  }
  const start = q.start ?? 0;
  const rows = q.rows ?? 10;
  return {
    count: found.length,
    sort: 'score desc, metadata_modified desc',
    facets: {},
    search_facets: {},
    results: found.slice(start, start + rows).map((d) => packageOf(base, publisher, d)),
  };
}

export async function organizationList(db: Db, allFields: boolean) {
  const p = await publisherOf(db);
  return allFields ? [{ ...organization(p), package_count: (await catalogue(db)).length }] : [p.slug];
}

const CKAN_TYPES: Record<string, string> = {
  string: 'text',
  integer: 'int',
  number: 'numeric',
  date: 'date',
  boolean: 'bool',
};

function parseJsonObject(field: string, text: string | undefined): Record<string, unknown> | null {
  if (text === undefined || text === '') return null;
  try {
    const value = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {}
  throw invalid(field, `Cannot parse JSON: ${field} must be a JSON object`);
}

/** The dataset a resource id names (`<dataset>` is its CSV resource, in the datastore). */
export async function resourceDataset(db: Db, resourceId: string, reader: Reader) {
  const d = (await catalogue(db)).find((x) => x.name === resourceId && x.enabled);
  const version = d && (await repo.latestVersion(db, d.name));
  if (!d || !version || !(await store.rowsExist(db, version.id))) throw notFound('Resource was not found.');
  if (!mayRead(reader, d))
    throw new CkanError(
      403,
      'Authorization Error',
      `Access denied: dataset ${d.name} needs a partner key allowing it`,
    );
  return { d, version };
}

export async function datastoreSearch(db: Db, reader: Reader, input: DatastoreSearchInput) {
  const { d, version } = await resourceDataset(db, input.resource_id, reader);
  const names = new Set(d.fields.map((f) => f.name));
  const filters = parseJsonObject('filters', input.filters) ?? {};
  for (const [key, value] of Object.entries(filters)) {
    if (!names.has(key)) throw invalid('filters', `field "${key}" not in ${d.name}`);
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => v !== null && typeof v === 'object'))
      throw invalid('filters', `filter "${key}" must be a value or a list of values`);
  }
  let q: string | Record<string, string> | null = input.q ?? null;
  if (typeof q === 'string' && q.trim().startsWith('{')) {
    const parsed = parseJsonObject('q', q)!;
    for (const key of Object.keys(parsed))
      if (!names.has(key)) throw invalid('q', `field "${key}" not in ${d.name}`);
    q = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
  }
  const sort: { field: string; desc: boolean }[] = [];
  for (const part of (input.sort ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^"?([a-z_][a-z0-9_]*)"?(?:\s+(asc|desc))?$/i.exec(part);
    if (!m || (!names.has(m[1]) && m[1] !== '_id')) throw invalid('sort', `field "${part}" not in ${d.name}`);
    if (m[1] !== '_id') sort.push({ field: m[1], desc: m[2]?.toLowerCase() === 'desc' });
  }
  const select = input.fields
    ? input.fields
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : ['_id', ...d.fields.map((f) => f.name)];
  for (const name of select)
    if (!names.has(name) && name !== '_id') throw invalid('fields', `field "${name}" not in ${d.name}`);
  const limit = input.limit ?? 100;
  const offset = input.offset ?? 0;
  await admit(db, reader);
  const { records, total } = await store.searchRows(
    db,
    version.id,
    {
      fields: version.fields,
      filters: filters as Record<string, string | number | null>,
      q,
      sort,
      select,
      limit,
      offset,
    },
    version.row_count,
    input.include_total !== false,
  );
  await recordUse(db, reader, d.name, records.length);
  const params = new URLSearchParams({ resource_id: d.name });
  if (input.filters) params.set('filters', input.filters);
  if (input.q) params.set('q', input.q);
  if (input.sort) params.set('sort', input.sort);
  if (input.fields) params.set('fields', input.fields);
  params.set('limit', String(limit));
  const link = (at: number) => `/api/3/action/datastore_search?${params}&offset=${at}`;
  return {
    resource_id: d.name,
    fields: select.map((name) => ({
      id: name,
      type: name === '_id' ? 'int' : CKAN_TYPES[d.fields.find((f) => f.name === name)!.type],
    })),
    records,
    ...(total !== null && { total, total_was_estimated: false }),
    limit,
    offset,
    ...(input.filters && { filters }),
    ...(input.q && { q: input.q }),
    ...(input.sort && { sort: input.sort }),
    _links: { start: link(0), next: link(offset + limit) },
  };
}
