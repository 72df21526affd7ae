import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../platform/auth/apikeys.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { loadCaseCatalog } from '../cases/catalog.ts';
import { parseForm } from './open311.routes.ts';

let t: TestApp;
let key: string;
let communityKey: string;
let revokedKey: string;
let expiredKey: string;
let cameraKey: string;
let point: { lon: number; lat: number };
let otherPoint: { lon: number; lat: number };
let operator: Session;
const DISTRICT = '440305000000';
const V2 = '/open311/v2';

/** The text of every `<name>` element, in document order: enough XML for these checks. */
const texts = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);
const count = (xml: string, name: string) => (xml.match(new RegExp(`<${name}>`, 'g')) ?? []).length;

const issue = async (
  name: string,
  areaCode = DISTRICT,
  extra: { expiresAt?: Date; scopes?: string[] } = {},
) =>
  (
    await createApiKey(t.db, {
      name,
      scopes: (extra.scopes ?? ['open311']) as ['open311'],
      areaCode,
      expiresAt: extra.expiresAt ?? null,
      createdBy: null,
    })
  ).key;

beforeAll(async () => {
  t = await createTestApp();
  await loadCaseCatalog(t.db);
  const buildings = await t.db
    .selectFrom('buildings')
    .select(['grid_code', 'lon', 'lat'])
    .distinctOn('grid_code')
    .orderBy('grid_code')
    .execute();
  const first = buildings[0];
  // A building of another community, outside the community key's area.
  const other = buildings.find((b) => b.grid_code.slice(0, 12) !== first.grid_code.slice(0, 12))!;
  point = { lon: first.lon, lat: first.lat };
  otherPoint = { lon: other.lon, lat: other.lat };
  key = await issue('市民通 App');
  communityKey = await issue('社区小程序', first.grid_code.slice(0, 12));
  revokedKey = await issue('revoked');
  await t.db.updateTable('api_keys').set({ revoked_at: new Date() }).where('name', '=', 'revoked').execute();
  expiredKey = await issue('expired', DISTRICT, { expiresAt: new Date(Date.now() - 60_000) });
  cameraKey = await issue('camera', DISTRICT, { scopes: ['cases.report'] });
  operator = await t.login((await buildUser(t.db, 'command_operator', DISTRICT)).username);
}, 60_000);
afterAll(() => t?.close());

const form = (fields: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();

function post(format: 'json' | 'xml', fields: Record<string, string | number>) {
  return t.app.inject({
    method: 'POST',
    url: `${V2}/requests.${format}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form(fields),
  });
}

async function create(fields: Record<string, string | number> = {}) {
  const res = await post('json', {
    api_key: key,
    service_code: 'exposed_garbage',
    lat: point.lat,
    long: point.lon,
    description: '小区门口垃圾堆放三天未清运',
    ...fields,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json()[0].service_request_id as string;
}

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: `${V2}${url}`, headers });

function expectJsonError(
  res: { statusCode: number; json(): unknown; headers: Record<string, unknown> },
  status: number,
) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toContain('application/json');
  const body = res.json() as Array<{ code: number; description: string }>;
  expect(body).toEqual([{ code: status, description: expect.any(String) }]);
  return body[0].description;
}

function expectXmlError(
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
  status: number,
) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toContain('text/xml');
  expect(res.body).toMatch(
    new RegExp(
      `^<\\?xml[^>]*\\?>\\s*<errors><error><code>${status}</code><description>[^<]+</description></error></errors>$`,
    ),
  );
}

describe('discovery and services', () => {
  it('describes the endpoint in JSON and XML', async () => {
    const json = await get('/discovery.json');
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({
      changeset: expect.any(String),
      contact: expect.any(String),
      key_service: expect.stringContaining('civicgrid apikey create'),
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: expect.stringMatching(/\/open311\/v2\/$/),
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    });
    const xml = await get('/discovery.xml');
    expect(xml.headers['content-type']).toContain('text/xml');
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<discovery><changeset>/);
    expect(xml.body).toContain(
      '<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2</specification>',
    );
    expect(texts(xml.body, 'format')).toEqual(['text/xml', 'application/json']);
  });

  it('lists the leaf categories as services, in Chinese unless asked otherwise', async () => {
    const json = (await get('/services.json')).json();
    const garbage = json.find((s: { service_code: string }) => s.service_code === 'exposed_garbage');
    expect(garbage).toEqual({
      service_code: 'exposed_garbage',
      service_name: '暴露垃圾',
      description: expect.stringContaining('城市管理局'),
      metadata: true,
      type: 'realtime',
      keywords: '暴露垃圾,Exposed garbage,exposed_garbage',
      group: '市容环境',
    });
    expect(json.some((s: { service_code: string }) => s.service_code === 'appearance')).toBe(false);

    const en = (await get('/services.json?locale=en')).json();
    expect(en.find((s: { service_code: string }) => s.service_code === 'exposed_garbage')).toMatchObject({
      service_name: 'Exposed garbage',
      group: 'Urban appearance',
    });
    const byHeader = (await get('/services.json', { 'accept-language': 'en' })).json();
    expect(byHeader[0].service_name).toBe(en[0].service_name);

    const xml = (await get('/services.xml')).body;
    expect(count(xml, 'service')).toBe(json.length);
    expect(xml).toContain(
      '<service><service_code>exposed_garbage</service_code><service_name>暴露垃圾</service_name><description>',
    );
    expect(xml).toContain('<metadata>true</metadata><type>realtime</type><keywords>');
  });

  it('defines a service with its attributes, and answers an unknown one 404', async () => {
    const json = await get('/services/exposed_garbage.json');
    expect(json.statusCode).toBe(200);
    const definition = json.json();
    expect(definition.service_code).toBe('exposed_garbage');
    expect(definition.attributes.map((a: { code: string }) => a.code)).toEqual([
      'external_id',
      'location_detail',
    ]);
    expect(definition.attributes[0]).toEqual({
      variable: true,
      code: 'external_id',
      datatype: 'string',
      required: false,
      datatype_description: expect.any(String),
      order: 1,
      description: '客户端自己的编号',
      values: [],
    });
    const xml = (await get('/services/exposed_garbage.xml')).body;
    expect(xml).toMatch(
      /<service_definition><service_code>exposed_garbage<\/service_code><attributes><attribute><variable>true<\/variable><code>external_id<\/code><datatype>string<\/datatype><required>false<\/required><datatype_description>[^<]+<\/datatype_description><order>1<\/order><description>[^<]+<\/description><values><\/values><\/attribute>/,
    );

    expect(expectJsonError(await get('/services/nope.json', { 'accept-language': 'en' }), 404)).toBe(
      'Service nope does not exist or is retired',
    );
    expectXmlError(await get('/services/nope.xml'), 404);
    expectXmlError(await get('/nothing.xml'), 404);
  });
});

describe('creating requests', () => {
  it('creates a case from a form post, reported by the key’s client, and answers per spec', async () => {
    const res = await post('xml', {
      api_key: key,
      service_code: 'overflowing_bin',
      lat: point.lat,
      long: point.lon,
      address_string: '幸福路 8 号',
      'attribute[location_detail]': '3 栋东侧',
      first_name: '小明',
      last_name: '王',
      phone: '13800138000',
      email: 'wang@example.com',
      description: '垃圾桶满溢',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.body).toMatch(
      /<service_requests><request><service_request_id>\d{4}-\d{7}<\/service_request_id><service_notice>[^<]+<\/service_notice><account_id><\/account_id><\/request><\/service_requests>$/,
    );
    const [number] = texts(res.body, 'service_request_id');
    const kase = await t.db
      .selectFrom('cases')
      .selectAll()
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    expect(kase).toMatchObject({
      source: 'open311',
      api_client: '市民通 App',
      category_code: 'overflowing_bin',
      state: 'reported',
      address: '幸福路 8 号 3 栋东侧',
      description: '垃圾桶满溢',
      reporter_name: '王小明',
      reporter_phone_mask: expect.stringContaining('****'),
      lon: point.lon,
      lat: point.lat,
    });

    const json = await t.app.inject({
      method: 'POST',
      url: `${V2}/requests.json`,
      payload: { api_key: key, service_code: 'road_dirt', lat: String(point.lat), long: String(point.lon) },
    });
    expect(json.statusCode, json.body).toBe(201);
    expect(json.json()).toEqual([
      {
        service_request_id: expect.stringMatching(/^\d{4}-\d{7}$/),
        service_notice: expect.any(String),
        account_id: null,
      },
    ]);
    // No description given: the service's name stands for it.
    const second = await t.db
      .selectFrom('cases')
      .select('description')
      .where('number', '=', json.json()[0].service_request_id)
      .executeTakeFirstOrThrow();
    expect(second.description).toBe('道路不洁');
  });

  it('answers a repeated external_id with the request already made', async () => {
    const first = await create({ 'attribute[external_id]': 'app-42' });
    const again = await create({ 'attribute[external_id]': 'app-42' });
    expect(again).toBe(first);
    const other = await create({ 'attribute[external_id]': 'app-43' });
    expect(other).not.toBe(first);
    // Sent several times at once (a client retrying): one case, every answer names it.
    const racing = await Promise.all(
      Array.from({ length: 4 }, () => create({ 'attribute[external_id]': 'app-44' })),
    );
    expect(new Set(racing).size).toBe(1);
    const cases = await t.db.selectFrom('cases').select('id').where('external_id', '=', 'app-44').execute();
    expect(cases).toHaveLength(1);
  });

  it('refuses missing, unknown, revoked, expired and wrongly scoped keys with 403', async () => {
    const fields = { service_code: 'exposed_garbage', lat: point.lat, long: point.lon, description: 'x' };
    for (const api_key of [undefined, 'cg_deadbeef_nope', revokedKey, expiredKey, cameraKey]) {
      const body = api_key ? { ...fields, api_key } : fields;
      expectJsonError(await post('json', body), 403);
      expectXmlError(await post('xml', body), 403);
    }
  });

  it('needs a point in the district and in the key’s area', async () => {
    const base = { api_key: key, service_code: 'exposed_garbage', description: '垃圾' };
    const addressOnly = await post('json', { ...base, address_string: '幸福路 8 号' });
    expect(expectJsonError(addressOnly, 400)).toContain('lat');
    expectXmlError(await post('xml', base), 400);
    expectJsonError(await post('json', { ...base, lat: 0, long: 0 }), 400);
    expectJsonError(
      await post('json', { ...base, api_key: communityKey, lat: otherPoint.lat, long: otherPoint.lon }),
      400,
    );
    expect(
      (await post('json', { ...base, api_key: communityKey, ...{ lat: point.lat, long: point.lon } }))
        .statusCode,
    ).toBe(201);
  });

  it('answers bad input 400 in the spec’s format', async () => {
    expectJsonError(await post('json', { api_key: key, lat: point.lat, long: point.lon }), 400);
    expectJsonError(
      await post('json', { api_key: key, service_code: 'appearance', lat: point.lat, long: point.lon }),
      404,
    );
    expectJsonError(
      await post('json', { api_key: key, service_code: 'exposed_garbage', lat: 'north', long: 1 }),
      400,
    );
    expectJsonError(
      await post('json', {
        api_key: key,
        service_code: 'exposed_garbage',
        lat: point.lat,
        long: point.lon,
        phone: '12',
      }),
      400,
    );
  });

  it('reads attribute[] fields from a form', () => {
    expect(parseForm('a=1&attribute[x]=2&attribute[y][]=3&attribute[y][]=4&lat=')).toEqual({
      a: '1',
      attribute: { x: '2', y: ['3', '4'] },
    });
  });
});

describe('reading requests', () => {
  it('shows a request in JSON and XML with the spec’s fields, never the reporter', async () => {
    const number = await create({ first_name: '秘密', phone: '13900139000', address_string: '和平街 1 号' });
    const json = await get(`/requests/${number}.json`);
    expect(json.statusCode).toBe(200);
    const [request] = json.json();
    expect(request).toEqual({
      service_request_id: number,
      status: 'open',
      status_notes: '待立案',
      service_name: '暴露垃圾',
      service_code: 'exposed_garbage',
      description: '小区门口垃圾堆放三天未清运',
      agency_responsible: null,
      service_notice: null,
      requested_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      updated_datetime: expect.any(String),
      expected_datetime: expect.any(String),
      address: '和平街 1 号',
      address_id: null,
      zipcode: null,
      lat: point.lat,
      long: point.lon,
      media_url: null,
    });
    expect(json.body).not.toContain('秘密');
    expect(json.body).not.toContain('139');

    const xml = await get(`/requests/${number}.xml`);
    expect(xml.body).toMatch(/<service_requests><request><service_request_id>/);
    const elements = [...xml.body.matchAll(/<request>(.*)<\/request>/g)][0][1].match(/<(\w+)>/g);
    expect(elements).toEqual(Object.keys(request).map((k) => `<${k}>`));
    expect(texts(xml.body, 'status')).toEqual(['open']);
    expect(texts(xml.body, 'long')).toEqual([String(point.lon)]);
    expect(xml.body).not.toContain('秘密');

    expectJsonError(await get('/requests/1999-0000000.json'), 404);
    expectXmlError(await get('/requests/1999-0000000.xml'), 404);
  });

  it('shows only Open311 requests without a key, and the key’s area with one', async () => {
    const mine = await create();
    const staff = await t.as(operator, {
      method: 'POST',
      url: '/api/cases',
      payload: { categoryCode: 'exposed_garbage', description: '网格员上报', ...point },
    });
    expect(staff.statusCode, staff.body).toBe(201);
    const theirs = staff.json().number;
    const ids = `service_request_id=${mine},${theirs}`;
    const anonymous = (await get(`/requests.json?${ids}`)).json();
    expect(anonymous.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([mine]);
    const keyed = (await get(`/requests.json?${ids}&api_key=${key}`)).json();
    expect(keyed.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual(
      [mine, theirs].sort(),
    );
    expectJsonError(await get(`/requests.json?api_key=${revokedKey}`), 403);
    expectXmlError(await get(`/requests/${mine}.xml?api_key=${expiredKey}`), 403);
  });

  it('filters by service, status and dates, and maps states to open and closed', async () => {
    const open = await create({ service_code: 'illegal_ad', description: '电线杆小广告' });
    const rejected = await create({ service_code: 'illegal_ad', description: '重复的小广告' });
    const row = await t.db
      .selectFrom('cases')
      .select(['id', 'version'])
      .where('number', '=', rejected)
      .executeTakeFirstOrThrow();
    const reject = await t.as(operator, {
      method: 'POST',
      url: `/api/cases/${row.id}/reject`,
      payload: { version: row.version, note: '不属于受理范围' },
    });
    expect(reject.statusCode, reject.body).toBe(200);

    const numbers = (body: Array<{ service_request_id: string }>) => body.map((r) => r.service_request_id);
    const all = (await get('/requests.json?service_code=illegal_ad')).json();
    expect(numbers(all)).toEqual([rejected, open]);
    expect(all[0]).toMatchObject({ status: 'closed', status_notes: '不予立案', expected_datetime: null });
    expect(numbers((await get('/requests.json?service_code=illegal_ad&status=open')).json())).toEqual([open]);
    expect(numbers((await get('/requests.json?service_code=illegal_ad&status=closed')).json())).toEqual([
      rejected,
    ]);
    expect(
      numbers((await get('/requests.json?service_code=illegal_ad&status=open,closed')).json()),
    ).toHaveLength(2);
    expect(numbers((await get('/requests.json?service_code=illegal_ad,exposed_garbage')).json())).toContain(
      open,
    );

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString();
    expect((await get(`/requests.json?service_code=illegal_ad&start_date=${tomorrow}`)).json()).toEqual([]);
    expect((await get(`/requests.json?service_code=illegal_ad&end_date=${lastWeek}`)).json()).toEqual([]);
    expect(
      numbers(
        (
          await get(`/requests.json?service_code=illegal_ad&start_date=${lastWeek}&end_date=${tomorrow}`)
        ).json(),
      ),
    ).toHaveLength(2);
    expectJsonError(await get('/requests.json?status=pending'), 400);
    expectJsonError(await get('/requests.json?start_date=yesterday'), 400);

    const xml = (await get('/requests.xml?service_code=illegal_ad')).body;
    expect(count(xml, 'request')).toBe(2);
    expect(texts(xml, 'status')).toEqual(['closed', 'open']);
  });

  it('answers a token with its request id', async () => {
    const number = await create();
    const { id } = await t.db
      .selectFrom('cases')
      .select('id')
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    expect((await get(`/tokens/${id}.json`)).json()).toEqual([{ service_request_id: number, token: id }]);
    expect((await get(`/tokens/${id}.xml`)).body).toContain(
      `<service_requests><request><service_request_id>${number}</service_request_id><token>${id}</token></request></service_requests>`,
    );
    expectJsonError(await get('/tokens/nope.json'), 404);
  });
});

describe('OpenAPI', () => {
  it('documents the Open311 routes under their own tag', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const path = doc.paths['/open311/v2/requests.{format}'];
    expect(path.post.tags).toEqual(['open311']);
    expect(path.get.description).toContain('api_key');
    expect(doc.paths['/api/api-keys/{id}/revoke']).toBeDefined();
  });
});

describe('rate limits', () => {
  it('limits creates per key, in the spec’s error format', async () => {
    const forged = `cg_deadbeef_${'A'.repeat(43)}`;
    const fields = { api_key: forged, service_code: 'exposed_garbage', lat: point.lat, long: point.lon };
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await post('json', fields)).statusCode);
    expect(statuses.slice(0, 60).every((s) => s === 403)).toBe(true);
    expect(statuses[60]).toBe(429);
    expectXmlError(await post('xml', fields), 429);
    // Another key has its own budget.
    expect((await post('json', { ...fields, api_key: `cg_feedface_${'A'.repeat(43)}` })).statusCode).toBe(
      403,
    );
  });
});
