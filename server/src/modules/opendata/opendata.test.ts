import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putSetting } from '../../db/settings.ts';
import { excel } from '../../platform/exceljs.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { DATA_PACKAGE_PROFILE } from './datapackage.profile.ts';
import { attack } from './disclosure.attack.ts';
import { cellKey, equationsOf, recoverable, TOTAL } from './disclosure.ts';
import { resetRates } from './opendata.access.ts';
import { DATASETS } from './opendata.catalog.ts';
import { dropRows } from './opendata.datastore.repository.ts';
import { K_SETTING, REFRESH_JOB, refreshDataset, refreshDue, scheduleRefresh } from './opendata.service.ts';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await refreshDue(t.db);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });
const ckan = async (action: string, query = '', headers: Record<string, string> = {}) =>
  get(`/api/3/action/${action}${query ? `?${query}` : ''}`, headers);

async function allRecords(name: string, headers: Record<string, string> = {}) {
  const r = await ckan('datastore_search', `resource_id=${name}&limit=32000`, headers);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().result.records as Record<string, unknown>[];
}

describe('versions', () => {
  it('a refresh that changes nothing makes no version', async () => {
    const again = await refreshDataset(t.db, 'organizations');
    expect(again).toMatchObject({ changed: false, version: 1 });
    const versions = await t.as(admin, {
      method: 'GET',
      url: '/api/opendata/datasets/organizations/versions',
    });
    expect(versions.json().items).toHaveLength(1);
  });

  it('a change in the data makes the next version', async () => {
    await t.db
      .updateTable('things')
      .set({ state: 'damaged' })
      .where(
        'id',
        '=',
        (await t.db.selectFrom('things').select('id').where('state', '=', 'normal').executeTakeFirstOrThrow())
          .id,
      )
      .execute();
    const refreshed = await t.as(admin, {
      method: 'POST',
      url: '/api/opendata/datasets/urban-components/refresh',
    });
    expect(refreshed.json()).toEqual({ name: 'urban-components', changed: true, version: 2 });
  });
});

describe('after a restore', () => {
  it('a version whose rows are gone (not in backups) is remade by the next refresh', async () => {
    const latest = await t.db
      .selectFrom('opendata_versions')
      .select(['id', 'number'])
      .where('dataset_name', '=', 'department-performance')
      .orderBy('number', 'desc')
      .executeTakeFirstOrThrow();
    await dropRows(t.db, latest.id);
    expect((await ckan('datastore_search', 'resource_id=department-performance')).statusCode).toBe(404);
    expect(await refreshDataset(t.db, 'department-performance')).toMatchObject({
      changed: true,
      version: latest.number + 1,
    });
    expect((await ckan('datastore_search', 'resource_id=department-performance')).statusCode).toBe(200);
  });
});

describe('the refresh job', () => {
  it('runs through the job queue and schedules itself again in an hour', async () => {
    await scheduleRefresh(t.db);
    expect(await t.app.jobs.runOnce()).toBeGreaterThanOrEqual(1);
    const next = await t.db
      .selectFrom('jobs')
      .select('run_at')
      .where('kind', '=', REFRESH_JOB)
      .where('done_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(next.run_at.getTime() - Date.now()).toBeGreaterThan(50 * 60_000);
  });
});

describe('CKAN action API', () => {
  it('package_list, package_show, organization_list answer in CKAN shape', async () => {
    const list = await ckan('package_list');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      success: true,
      help: expect.stringContaining('help_show?name=package_list'),
    });
    expect(list.json().result).toEqual(expect.arrayContaining(DATASETS.map((d) => d.name)));
    const show = await ckan('package_show', 'id=population-by-area-age');
    const pkg = show.json().result;
    expect(pkg).toMatchObject({
      name: 'population-by-area-age',
      type: 'dataset',
      state: 'active',
      private: false,
    });
    expect(pkg.resources.map((r: { format: string }) => r.format)).toEqual(['CSV', 'XLSX', 'JSON']);
    expect(pkg.resources[0]).toMatchObject({ id: 'population-by-area-age', datastore_active: true });
    expect(pkg.tags[0]).toHaveProperty('name');
    const orgs = await ckan('organization_list');
    expect(orgs.json().result).toEqual([pkg.organization.name]);
  });

  it('errors: not found 404, bad input 409, unknown action 400, all with success false', async () => {
    const missing = await ckan('package_show', 'id=nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ success: false, error: { __type: 'Not Found Error' } });
    const noId = await ckan('package_show');
    expect(noId.statusCode).toBe(409);
    expect(noId.json()).toMatchObject({ success: false, error: { __type: 'Validation Error' } });
    const badFilter = await ckan('datastore_search', 'resource_id=organizations&filters=notjson');
    expect(badFilter.statusCode).toBe(409);
    expect(badFilter.json().error.filters).toBeDefined();
    const badSort = await ckan('datastore_search', 'resource_id=organizations&sort=secret%20desc');
    expect(badSort.statusCode).toBe(409);
    const unknown = await ckan('resource_create');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ success: false, error: { __type: 'Bad request' } });
    const noResource = await ckan('datastore_search', 'resource_id=nope');
    expect(noResource.statusCode).toBe(404);
  });

  it('package_search: q, fq on tags and organization, rows and start', async () => {
    const all = (await ckan('package_search', 'rows=100')).json().result;
    expect(all.count).toBe(DATASETS.length);
    const q = (await ckan('package_search', `q=${encodeURIComponent('population')}`)).json().result;
    expect(q.results.map((r: { name: string }) => r.name).sort()).toEqual([
      'population-by-area-age',
      'population-by-grid-age',
    ]);
    const tag = (await ckan('package_search', `fq=${encodeURIComponent('tags:map')}`)).json().result;
    expect(tag.results.map((r: { name: string }) => r.name)).toEqual(['urban-components']);
    const org = all.results[0].organization.name;
    expect(
      (await ckan('package_search', `fq=organization:${org}&rows=2&start=1`)).json().result,
    ).toMatchObject({
      count: DATASETS.length,
      results: [expect.anything(), expect.anything()],
    });
    expect((await ckan('package_search', 'fq=organization:someone-else')).json().result.count).toBe(0);
  });

  it('datastore_search: filters, q, sort, fields, limit and offset', async () => {
    const base = 'resource_id=organizations';
    const first = (await ckan('datastore_search', `${base}&limit=5`)).json().result;
    expect(first.fields[0]).toEqual({ id: '_id', type: 'int' });
    expect(first.fields.find((f: { id: string }) => f.id === 'lon').type).toBe('numeric');
    expect(first.records).toHaveLength(5);
    expect(first.total).toBeGreaterThan(20);
    expect(first._links.next).toContain('offset=5');
    const page2 = (await ckan('datastore_search', `${base}&limit=5&offset=5`)).json().result;
    expect(page2.records[0]._id).toBe(6);

    const shops = (
      await ckan('datastore_search', `${base}&filters=${encodeURIComponent('{"kind":"shop"}')}&limit=1000`)
    ).json().result;
    expect(shops.records.length).toBe(shops.total);
    expect(shops.records.every((r: { kind: string }) => r.kind === 'shop')).toBe(true);
    const either = (
      await ckan(
        'datastore_search',
        `${base}&filters=${encodeURIComponent('{"kind":["shop","school"]}')}&limit=1000`,
      )
    ).json().result;
    expect(either.total).toBeGreaterThan(shops.total);

    const sorted = (
      await ckan(
        'datastore_search',
        `${base}&sort=${encodeURIComponent('kind asc, name desc')}&limit=1000&fields=kind,name`,
      )
    ).json().result;
    expect(Object.keys(sorted.records[0])).toEqual(['kind', 'name']);
    const pairs = sorted.records.map((r: { kind: string; name: string }) => [r.kind, r.name]);
    for (let i = 1; i < pairs.length; i++) {
      const [a, b] = [pairs[i - 1], pairs[i]];
      expect(a[0] < b[0] || (a[0] === b[0] && a[1] >= b[1]), `${a} before ${b}`).toBe(true);
    }

    const name = shops.records[0].name as string;
    const found = (await ckan('datastore_search', `${base}&q=${encodeURIComponent(name)}`)).json().result;
    expect(found.records.map((r: { name: string }) => r.name)).toContain(name);
    const byField = (
      await ckan('datastore_search', `${base}&q=${encodeURIComponent(JSON.stringify({ name }))}`)
    ).json().result;
    expect(byField.total).toBeGreaterThanOrEqual(1);
  });
});

describe('metadata and files', () => {
  it('the DCAT catalogue is valid JSON-LD with every dataset and its distributions', async () => {
    const r = await get('/catalog.jsonld');
    expect(r.headers['content-type']).toContain('application/ld+json');
    const expanded = await jsonld.expand(r.json());
    const catalog = expanded[0] as Record<string, unknown[]>;
    expect(catalog['@type']).toEqual(['http://www.w3.org/ns/dcat#Catalog']);
    const datasets = catalog['http://www.w3.org/ns/dcat#dataset'] as Record<string, unknown[]>[];
    expect(datasets).toHaveLength(DATASETS.length);
    const components = datasets.find((d) =>
      (d['@id'] as unknown as string).endsWith('/data/urban-components'),
    )!;
    expect(components['http://www.w3.org/ns/dcat#distribution']).toHaveLength(4);
    expect(components['http://purl.org/dc/terms/accrualPeriodicity']).toEqual([
      { '@id': 'http://publications.europa.eu/resource/authority/frequency/WEEKLY' },
    ]);
    for (const key of ['title', 'description', 'publisher', 'spatial', 'temporal', 'license'].slice(0, 5))
      expect(components[`http://purl.org/dc/terms/${key}`], key).toBeDefined();
  });

  it('the Turtle catalogue is the same graph: it parses, with as many triples as the JSON-LD has', async () => {
    const ttl = await get('/catalog.ttl');
    expect(ttl.statusCode).toBe(200);
    expect(ttl.headers['content-type']).toContain('text/turtle');
    const triples = new Parser({ format: 'text/turtle' }).parse(ttl.body);
    const nquads = (await jsonld.toRDF((await get('/catalog.jsonld')).json(), {
      format: 'application/n-quads',
    })) as unknown as string;
    const fromJsonLd = new Parser({ format: 'N-Quads' }).parse(nquads);
    expect(fromJsonLd.length).toBeGreaterThan(DATASETS.length * 20);
    expect(triples.length).toBe(fromJsonLd.length);
    // The same statements, blank nodes aside.
    const named = (qs: typeof triples) =>
      qs
        .filter((q) => q.subject.termType === 'NamedNode' && q.object.termType !== 'BlankNode')
        .map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}`)
        .sort();
    expect(named(triples)).toEqual(named(fromJsonLd));
    const datasets = triples.filter(
      (q) =>
        q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' &&
        q.object.value === 'http://www.w3.org/ns/dcat#Dataset',
    );
    expect(datasets).toHaveLength(DATASETS.length);
    // /catalog by content negotiation.
    const asTurtle = await get('/catalog', { accept: 'text/turtle, application/ld+json;q=0.5' });
    expect(asTurtle.headers['content-type']).toContain('text/turtle');
    expect(asTurtle.headers.vary).toContain('Accept');
    const asJsonLd = await get('/catalog', { accept: 'application/ld+json, text/turtle;q=0.8' });
    expect(asJsonLd.headers['content-type']).toContain('application/ld+json');
    expect((await get('/catalog')).headers['content-type']).toContain('application/ld+json');
  });

  it('every datapackage.json is valid against the data package and table schema profile', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    (formats as unknown as { default: (a: Ajv) => void }).default(ajv);
    const validate = ajv.compile(DATA_PACKAGE_PROFILE);
    for (const d of DATASETS) {
      const pkg = (await get(`/api/opendata/datasets/${d.name}/datapackage.json`)).json();
      expect(validate(pkg), `${d.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(pkg.resources[0].schema.fields.map((f: { name: string }) => f.name)).toEqual(
        d.fields.map((f) => f.name),
      );
    }
  });

  it('CSV has a BOM, XLSX opens, GeoJSON has points', async () => {
    const csv = await get('/api/opendata/datasets/houses-by-community-usage/download/csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body.split('\n')[0]).toBe('\uFEFFarea_code,area_name,area_level,usage,houses');
    const xlsx = await get('/api/opendata/datasets/houses-by-community-usage/download/xlsx');
    const workbook = new (excel().Workbook)();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0].rowCount).toBe(csv.body.trim().split('\n').length);
    const geo = (await get('/api/opendata/datasets/urban-components/download/geojson')).json();
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features[0].geometry.type).toBe('Point');
    expect((await get('/api/opendata/datasets/houses-by-community-usage/download/geojson')).statusCode).toBe(
      404,
    );
  });
});

describe('disclosure control on the demo district', () => {
  it('no published count is below k, and no hidden one can be recovered across the public and restricted tables', async () => {
    // Demo grids hold ~1,000 people each, so k = 10 hides little; a k of 80 gives the rules work.
    await putSetting(t.db, K_SETTING, 80, admin.user.id);
    await refreshDataset(t.db, 'population-by-area-age');
    await refreshDataset(t.db, 'population-by-grid-age');
    await putSetting(t.db, K_SETTING, 10, admin.user.id);
    const key = await issueKey({
      datasets: ['population-by-grid-age'],
      dailyQuota: 1000,
      ratePerMinute: 1000,
    });
    const grid = await allRecords('population-by-grid-age', { authorization: key });
    const community = await allRecords('population-by-area-age');
    for (const r of [...grid, ...community])
      if (r.population !== null) expect(r.population as number).toBeGreaterThanOrEqual(80);
    expect(grid.some((r) => r.population === null)).toBe(true);

    // Everything the partner holds, as cells of one table: the public one is a subset of it.
    const published = new Map<string, number>();
    const hidden = new Map<string, true>();
    const parents = new Map<string, string | null>();
    const areas = await t.db.selectFrom('areas').select(['code', 'parent_code']).execute();
    const parentOf = new Map(areas.map((a) => [a.code, a.parent_code]));
    for (const r of [...grid, ...community]) {
      const k = cellKey(r.area_code as string, r.age_band === 'total' ? TOTAL : (r.age_band as string));
      if (r.population === null) hidden.set(k, true);
      else published.set(k, r.population as number);
      parents.set(r.area_code as string, parentOf.get(r.area_code as string) ?? null);
    }
    const equations = equationsOf({ parents, categories: ['0-14', '15-59', '60-79', '80+'], count: () => 0 });
    const known = attack(equations, published);
    for (const k of hidden.keys()) expect(known.has(k), k).toBe(false);
    expect(recoverable(equations, hidden)).toEqual([]);
  });

  it('no resource carries an ID number, a phone number or a registered person’s name', async () => {
    const key = await issueKey({
      datasets: DATASETS.map((d) => d.name),
      dailyQuota: 1000,
      ratePerMinute: 1000,
    });
    const people = await t.db.selectFrom('people').select('name').execute();
    const names = new Set(people.map((p) => p.name));
    const longNames = [...names].filter((n) => n.length >= 3);
    const idNumber = /\d{17}[\dXx]/;
    const phone = /(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/;
    for (const d of DATASETS) {
      const csv = (await get(`/api/opendata/datasets/${d.name}/download/csv`, { authorization: key })).body;
      for (const cell of csv.replace('\uFEFF', '').split(/[,\n]/)) {
        const text = cell.replace(/^"|"$/g, '');
        // Record ids (UUIDs) and organizations' credit codes are not about a person.
        if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text)) continue;
        if (
          d.fields.some((f) => f.name === 'credit_code') &&
          /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(text)
        )
          continue;
        expect(idNumber.test(text), `${d.name}: ${text}`).toBe(false);
        expect(phone.test(text), `${d.name}: ${text}`).toBe(false);
        expect(names.has(text), `${d.name}: ${text}`).toBe(false);
        for (const n of longNames) if (text.includes(n)) expect.fail(`${d.name}: ${text} contains ${n}`);
      }
    }
  });
});

async function issueKey(terms: {
  datasets: string[];
  dailyQuota: number;
  ratePerMinute: number;
  expiresInDays?: number;
}) {
  const r = await t.as(admin, {
    method: 'POST',
    url: '/api/opendata/partner-keys',
    payload: { name: `test ${Math.random()}`, holder: '深圳大学', purpose: '研究', ...terms },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().key as string;
}

describe('partners', () => {
  it('restricted datasets need a key that allows them', async () => {
    expect((await ckan('datastore_search', 'resource_id=population-by-grid-age')).statusCode).toBe(403);
    const other = await issueKey({ datasets: [], dailyQuota: 100, ratePerMinute: 100 });
    const r = await ckan('datastore_search', 'resource_id=population-by-grid-age', { authorization: other });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.__type).toBe('Authorization Error');
    expect((await get('/api/opendata/datasets/population-by-grid-age/download/csv')).statusCode).toBe(403);
    expect((await ckan('package_list', '', { authorization: 'cg_00000000_nonsense' })).statusCode).toBe(200);
    expect(
      (
        await ckan('datastore_search', 'resource_id=organizations', {
          authorization: 'cg_00000000_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('a daily quota and a rate: 429 with Retry-After; usage per day and dataset', async () => {
    resetRates();
    const key = await issueKey({ datasets: ['population-by-grid-age'], dailyQuota: 3, ratePerMinute: 100 });
    const h = { authorization: `Bearer ${key}` };
    expect((await ckan('datastore_search', 'resource_id=population-by-grid-age&limit=7', h)).statusCode).toBe(
      200,
    );
    expect((await ckan('datastore_search', 'resource_id=organizations&limit=2', h)).statusCode).toBe(200);
    expect((await get('/api/opendata/datasets/organizations/download/json', h)).statusCode).toBe(200);
    const over = await ckan('datastore_search', 'resource_id=organizations', h);
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    const overFile = await get('/api/opendata/datasets/organizations/download/csv', h);
    expect(overFile.statusCode).toBe(429);
    expect(overFile.headers['retry-after']).toBeDefined();

    const own = await get('/api/opendata/partner/usage', h);
    expect(own.statusCode).toBe(200);
    const items = own.json().items as { dataset: string; calls: number; rows: number }[];
    expect(items.find((u) => u.dataset === 'population-by-grid-age')).toMatchObject({ calls: 1, rows: 7 });
    expect(items.find((u) => u.dataset === 'organizations')!.calls).toBe(2);
    expect(new Set(items.map((u) => (u as unknown as { keyId: string }).keyId)).size).toBe(1);
    const all = await t.as(admin, { method: 'GET', url: '/api/opendata/usage' });
    expect(all.json().items.length).toBeGreaterThan(items.length);
    expect((await get('/api/opendata/partner/usage')).statusCode).toBe(401);

    const fast = await issueKey({ datasets: [], dailyQuota: 1000, ratePerMinute: 2 });
    for (let i = 0; i < 2; i++)
      expect(
        (await ckan('datastore_search', 'resource_id=organizations&limit=1', { authorization: fast }))
          .statusCode,
      ).toBe(200);
    const limited = await ckan('datastore_search', 'resource_id=organizations&limit=1', {
      authorization: fast,
    });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('revoked and expired keys are refused', async () => {
    const r = await t.as(admin, {
      method: 'POST',
      url: '/api/opendata/partner-keys',
      payload: {
        name: 'revoke me',
        holder: '某银行',
        purpose: '选址',
        datasets: [],
        dailyQuota: 10,
        ratePerMinute: 10,
      },
    });
    const { id, key } = r.json();
    expect(
      (await ckan('datastore_search', 'resource_id=organizations&limit=1', { authorization: key }))
        .statusCode,
    ).toBe(200);
    const revoked = await t.as(admin, { method: 'POST', url: `/api/opendata/partner-keys/${id}/revoke` });
    expect(revoked.json()).toMatchObject({ active: false });
    expect(
      (await ckan('datastore_search', 'resource_id=organizations&limit=1', { authorization: key }))
        .statusCode,
    ).toBe(403);

    const expiring = await issueKey({ datasets: [], dailyQuota: 10, ratePerMinute: 10, expiresInDays: 1 });
    await t.db
      .updateTable('api_keys')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('prefix', '=', expiring.split('_')[1])
      .execute();
    expect(
      (await ckan('datastore_search', 'resource_id=organizations&limit=1', { authorization: expiring }))
        .statusCode,
    ).toBe(403);
    const list = await t.as(admin, { method: 'GET', url: '/api/opendata/partner-keys' });
    expect(list.json().items.find((k: { id: string }) => k.id === id)).toMatchObject({
      active: false,
      holder: '某银行',
    });
  });

  it('only the district administrator manages datasets and keys', async () => {
    const leader = await buildUser(t.db, 'area_leader', '440305001001');
    const session = await t.login(leader.username);
    expect((await t.as(session, { method: 'GET', url: '/api/opendata/partner-keys' })).statusCode).toBe(403);
    expect(
      (await t.as(session, { method: 'POST', url: '/api/opendata/datasets/organizations/refresh' }))
        .statusCode,
    ).toBe(403);
    const anon = await get('/api/opendata/partner-keys');
    expect(anon.statusCode).toBe(401);
    const set = await t.as(admin, {
      method: 'PUT',
      url: '/api/opendata/datasets/organizations/settings',
      payload: { access: 'restricted' },
    });
    expect(set.json()).toMatchObject({ access: 'restricted' });
    expect((await ckan('datastore_search', 'resource_id=organizations')).statusCode).toBe(403);
    await t.as(admin, {
      method: 'PUT',
      url: '/api/opendata/datasets/organizations/settings',
      payload: { access: 'public' },
    });
  });
});

describe('notices, answered questions and decisions as published', () => {
  it('publish what the public pages show, and nothing of askers, authors or persons punished', async () => {
    const notices = await allRecords('public-notices');
    const expectedNotices = await t.db
      .selectFrom('notices')
      .select('id')
      .where('is_public', '=', true)
      .where('retired_at', 'is', null)
      .execute();
    expect(notices.length).toBe(expectedNotices.length);
    expect(notices.length).toBeGreaterThan(0);
    expect(Object.keys(notices[0])).not.toContain('author_name');

    const questions = await allRecords('answered-questions');
    const answered = await t.db
      .selectFrom('questions')
      .select(['number', 'text', 'answerer_kind'])
      .where('is_public', '=', true)
      .where('state', '=', 'answered')
      .execute();
    expect(questions.length).toBe(answered.length);
    expect(questions.length).toBeGreaterThan(0);
    // The text as stored: masked when it was asked.
    const stored = new Map(answered.map((q) => [q.number, q.text]));
    for (const q of questions) expect(q.question).toBe(stored.get(q.number as string));
    for (const q of questions.filter((q) => q.answerer_kind === 'deputy')) expect(q.answerer).toBe('代表');
    const fields = DATASETS.find((d) => d.name === 'answered-questions')!.fields.map((f) => f.name);
    for (const name of ['asker_id', 'asker', 'grid_code', 'answerer_name'])
      expect(fields).not.toContain(name);
    // Private and unanswered questions are not published.
    const unpublished = await t.db
      .selectFrom('questions')
      .select('number')
      .where((eb) => eb.or([eb('is_public', '=', false), eb('state', '!=', 'answered')]))
      .execute();
    const numbers = new Set(questions.map((q) => q.number));
    for (const q of unpublished) expect(numbers.has(q.number)).toBe(false);

    const decisions = await allRecords('enforcement-decisions');
    const published = await t.db
      .selectFrom('enforcement_matters')
      .select(['party_kind', 'party_name', 'document_number'])
      .where('published_at', 'is not', null)
      .execute();
    expect(decisions.length).toBe(published.length);
    expect(decisions.length).toBeGreaterThan(0);
    const byNumber = new Map(decisions.map((d) => [d.document_number, d]));
    for (const m of published) {
      const d = byNumber.get(m.document_number)!;
      if (m.party_kind === 'person') {
        expect(d.party).toBe('个人');
        expect(d.credit_code).toBeNull();
        expect(d.community_code).toBeNull();
        expect(JSON.stringify(d)).not.toContain(m.party_name);
      } else expect(d.party).toBe(m.party_name);
    }
  });
});

describe('a CKAN client library (ckan.js) against the running API', () => {
  // biome-ignore lint/suspicious/noExplicitAny: the library answers untyped JSON, read as CKAN documents it
  type Json = any;
  interface CkanClient {
    action(name: string, data: unknown, cb: (err: unknown, body: Json) => void): void;
    datastoreQuery(query: unknown, cb: (err: unknown, out: Json) => void): void;
  }
  const CKAN = createRequire(import.meta.url)('ckan') as {
    Client: new (endpoint: string, key?: string) => CkanClient;
  };
  let base: string;
  beforeAll(async () => {
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  const call = (client: CkanClient, name: string, data: unknown) =>
    new Promise<Json>((resolve, reject) =>
      client.action(name, data, (err, body) => (err ? reject(err) : resolve(body))),
    );

  it('package_list, package_show, package_search and datastore_search as the library sends them', async () => {
    const client = new CKAN.Client(base);
    const list = await call(client, 'package_list', {});
    expect(list.success).toBe(true);
    expect(list.result).toEqual(
      expect.arrayContaining(['organizations', 'public-notices', 'enforcement-decisions']),
    );

    const show = await call(client, 'package_show', { id: 'organizations' });
    expect(show.result.name).toBe('organizations');
    expect(show.result.resources.length).toBeGreaterThan(0);
    // The library renames dataset_* actions to package_*.
    expect((await call(client, 'dataset_show', { id: 'organizations' })).result.name).toBe('organizations');

    const search = await call(client, 'package_search', { q: '通知', rows: 5 });
    expect(search.result.results.map((p: { name: string }) => p.name)).toContain('public-notices');

    // A filter object, a limit and a sort in the JSON body.
    const all = await allRecords('organizations');
    const kind = all[0].kind as string;
    const rows = await call(client, 'datastore_search', {
      resource_id: 'organizations',
      filters: { kind },
      limit: 3,
      sort: 'name desc',
    });
    expect(rows.result.records.length).toBeLessThanOrEqual(3);
    expect(rows.result.total).toBe(all.filter((r) => r.kind === kind).length);
    for (const r of rows.result.records) expect(r.kind).toBe(kind);
    const names = rows.result.records.map((r: { name: string }) => r.name);
    expect(names).toEqual([...names].sort().reverse());

    // Its Recline-style query: size/from, term filters, sort objects; fields mapped to its types.
    const out = await new Promise<Json>((resolve, reject) =>
      client.datastoreQuery(
        {
          resource_id: 'houses-by-community-usage',
          size: 2,
          from: 1,
          sort: [{ field: 'area_code', order: 'asc' }],
          filters: [{ type: 'term', field: 'usage', term: 'rented' }],
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      ),
    );
    const rented = (await allRecords('houses-by-community-usage'))
      .filter((r) => r.usage === 'rented')
      .map((r) => r.area_code as string)
      .sort();
    expect(out.total).toBe(rented.length);
    expect(out.hits.map((h: { area_code: string }) => h.area_code)).toEqual(rented.slice(1, 3));
    for (const h of out.hits) expect(h.usage).toBe('rented');
    expect(out.fields.find((f: { id: string }) => f.id === 'houses').type).toBe('integer');
    const codes = out.hits.map((h: { area_code: string }) => h.area_code);
    expect(codes).toEqual([...codes].sort());
  });

  it('errors reach the library as CKAN errors; a partner key goes in X-CKAN-API-KEY', async () => {
    const client = new CKAN.Client(base);
    await expect(call(client, 'package_show', { id: 'no-such-dataset' })).rejects.toMatch(/HTTP code 404/);
    await expect(
      call(client, 'datastore_search', { resource_id: 'population-by-grid-age', limit: 1 }),
    ).rejects.toMatch(/HTTP code 403/);
    const key = await issueKey({ datasets: ['population-by-grid-age'], dailyQuota: 100, ratePerMinute: 100 });
    const partner = new CKAN.Client(base, key);
    const rows = await call(partner, 'datastore_search', { resource_id: 'population-by-grid-age', limit: 1 });
    expect(rows.result.records).toHaveLength(1);
  });
});
