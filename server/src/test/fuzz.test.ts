import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from './harness.ts';

/**
 * Malformed, oversized and wrong-typed input, generated from the OpenAPI schemas, to every route
 * that takes a body, a query or a path parameter: no answer is a 5xx, every error is a problem
 * document, and no registry, case or area table changes.
 */

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema as the OpenAPI document gives it.
type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  key: string;
  body?: Schema;
  query: { name: string; required: boolean; schema: Schema }[];
  pathParams: string[];
}

/** Tables bad input must never write (audit_log, sessions, login_attempts and jobs may change). */
const TABLES = [
  'people',
  'households',
  'houses',
  'buildings',
  'things',
  'orgs',
  'cases',
  'case_events',
  'areas',
  'users',
  'routing_rules',
  'case_categories',
];

/** mulberry32: a small seeded PRNG, so that a failure can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)];
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}
type Rng = ReturnType<typeof prng>;

const SEED = 20261127;
const HUGE = 'x'.repeat(100_001);
const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Wrong-typed values: number ↔ string ↔ array ↔ object ↔ null, and out of range. */
const WRONG: unknown[] = [
  12345,
  -1e308,
  'not-a-number-✗',
  'NaN',
  [1, 'two', { three: 3 }],
  { nested: { x: 1 } },
  null,
  true,
  HUGE,
  '',
  -1,
  Number.MAX_SAFE_INTEGER * 4,
];

const BAD_IDS = [
  '..%2F..%2Fetc%2Fpasswd',
  encodeURIComponent('网格😀'),
  // A NUL byte: PostgreSQL refuses it in text (Open311's codes: known, below).
  encodeURIComponent('a\u0000b'),
  encodeURIComponent("1' or '1'='1"),
  '-1',
  '00000000-0000-0000-0000-00000000000g',
];
/**
 * Refused by Fastify's router before any hook or error handler runs: a parameter over
 * `maxParamLength` (414) and broken percent-encoding (400, FST_ERR_BAD_URL). Their answers are
 * Fastify's own JSON, not problem documents (known, see the `it.fails` below).
 */
const ROUTER_BAD_IDS = ['x'.repeat(5000), '%E0%A4%A'];

// The validator Fastify uses (its options in app.ts), to keep only input it must refuse:
// with type coercion a "wrong" value may yet be valid, and valid input may write.
const ajv = new Ajv({
  coerceTypes: 'array',
  useDefaults: true,
  removeAdditional: false,
  allErrors: true,
  strict: false,
  strictNumbers: true,
});
// CommonJS default export, as Node's ESM loader hands it over.
formats.default(ajv);
const validators = new Map<Schema, ValidateFunction>();
function refused(schema: Schema, value: unknown): boolean {
  const validate = validators.get(schema) ?? ajv.compile(schema);
  validators.set(schema, validate);
  return !validate(structuredClone(value));
}

interface Case {
  what: string;
  options: InjectOptions;
  /**
   * The one right answer where there is one: input the schema refuses is a 400 (validation).
   * "Not a 5xx" alone would let a 404 or a 409 through, which means
   * the input reached a handler it should never have reached.
   */
  expect?: number;
}

function bodyCases(op: Operation, rng: Rng): Case[] {
  const schema = op.body!;
  const props = Object.keys(schema.properties ?? {});
  const candidates: { what: string; value: unknown }[] = [{ what: 'empty object', value: {} }];
  for (const prop of rng.shuffle(props).slice(0, 4)) {
    for (const wrong of rng.shuffle(WRONG).slice(0, 3))
      candidates.push({
        what: `${prop}=${JSON.stringify(wrong)?.slice(0, 30)}`,
        value: { [prop]: wrong },
      });
    candidates.push({ what: `${prop} over maxLength`, value: { [prop]: HUGE } });
  }
  candidates.push({ what: 'extra properties', value: { unexpected: 1, $where: 'sleep(1)', admin: true } });
  for (const value of [[], 'text', 42, null])
    candidates.push({ what: `body ${JSON.stringify(value)}`, value });
  const json = rng
    .shuffle(candidates.filter((c) => refused(schema, c.value)))
    .slice(0, 5)
    .map((c) => ({
      what: c.what,
      options: { payload: JSON.stringify(c.value), headers: jsonType },
      expect: 400,
    }));
  return [
    ...json,
    { what: 'invalid JSON', options: { payload: '{"name": "未闭合', headers: jsonType }, expect: 400 },
    {
      what: 'prototype poisoning',
      options: { payload: '{"__proto__": {"admin": true}}', headers: jsonType },
      expect: 400,
    },
    {
      what: 'deeply nested',
      options: { payload: `{"${props[0] ?? 'a'}":${deep(5000)}}`, headers: jsonType },
      // A file upload (a body of any shape) may read it as a file it then refuses (422, its own
      // code) or refuse its query first (400): either is a problem document, checked below.
      expect: schema.type === 'object' ? 400 : undefined,
    },
    {
      what: 'wrong content-type',
      // Fastify reads text/plain as a string: the schema refuses it as a body that is no object.
      options: { payload: 'name=x&version=1', headers: { 'content-type': 'text/plain' } },
      expect: 400,
    },
  ];
}
const jsonType = { 'content-type': 'application/json' };

function queryCases(op: Operation, rng: Rng): Case[] {
  const schema: Schema = {
    type: 'object',
    properties: Object.fromEntries(op.query.map((q) => [q.name, q.schema])),
    required: op.query.filter((q) => q.required).map((q) => q.name),
  };
  const candidates: { what: string; value: Record<string, string | string[]> }[] = [];
  for (const q of rng.shuffle(op.query)) {
    // Numbers beyond bigint ('1e999', '99999999999999999999') are left to the known failures below.
    for (const value of ['not-a-number-✗', 'NaN', '-1', '12.5', '0x10', '', 'x'.repeat(20_000)])
      candidates.push({ what: `${q.name}=${value.slice(0, 20)}`, value: { [q.name]: value } });
    candidates.push({ what: `${q.name} repeated`, value: { [q.name]: ['a', 'b', 'c'] } });
  }
  for (const q of op.query.filter((q) => q.required && !('default' in q.schema)))
    candidates.push({ what: `no ${q.name}`, value: {} });
  // A read may be sent what turns out valid; a write only what must be refused.
  return rng
    .shuffle(op.method === 'GET' ? candidates : candidates.filter((c) => refused(schema, c.value)))
    .slice(0, 8)
    .map((c) => ({
      what: c.what,
      options: { query: c.value },
      ...(refused(schema, c.value) && { expect: 400 }),
    }));
}

/** Why an error answer is not as it should be, or null. */
/** CKAN's action API (`/api/3/action/…`) keeps CKAN's own statuses and error shape. */
const isCkan = (op: Operation) => op.path.startsWith('/api/3/action/');

function notAProblem(op: Operation, response: LightMyRequestResponse): string | null {
  const type = String(response.headers['content-type'] ?? '');
  // GeoReport v2 has its own error document, `[{code, description}]`.
  if (op.path.startsWith('/open311/')) {
    if (!type.startsWith('application/json')) return `not an Open311 error: ${type}`;
    const body = response.json();
    return Array.isArray(body) &&
      typeof body[0]?.code === 'number' &&
      typeof body[0]?.description === 'string'
      ? null
      : 'Open311 error without code/description';
  }
  // CKAN's action API has its own: `{ success: false, error: { __type, message } }`.
  if (isCkan(op)) {
    if (!type.startsWith('application/json')) return `not a CKAN error: ${type}`;
    const body = response.json();
    return body.success === false &&
      typeof body.error?.__type === 'string' &&
      typeof body.error?.message === 'string'
      ? null
      : 'CKAN error without __type/message';
  }
  if (!type.startsWith('application/problem+json')) return `not a problem: ${type}`;
  const body = response.json();
  return typeof body.code === 'string' && typeof body.detail === 'string'
    ? null
    : 'problem without code/detail';
}

let t: TestApp;
let admin: Session;
let operations: Operation[];
const ids: Record<string, string> = {};

/** A plausible value for a path parameter, so that bad input reaches the route's own checks. */
function paramFor(path: string, name: string): string {
  if (name === 'code')
    return path.startsWith('/api/case-categories')
      ? 'fuzz_test'
      : path.startsWith('/api/tags')
        ? 'elderly_alone'
        : ids.grid;
  if (name === 'id') return ids[path.split('/')[2]] ?? ids.cases;
  return (
    (
      {
        move: 'register',
        day: '2031-01-02',
        format: 'json',
        service_code: ids.category,
        service_request_id: ids.cases,
        token: 'no-such-token',
      } as Record<string, string>
    )[name] ?? '00000000-0000-4000-8000-000000000000'
  );
}

function urlOf(op: Operation, bad?: { name: string; value: string }): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    bad?.name === name ? bad.value : encodeURIComponent(paramFor(op.path, name)),
  );
}

async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ n: string; h: string | null }>`
      select count(*)::text as n, md5(string_agg(t::text, '|' order by t::text)) as h
      from ${sql.table(table)} t`.execute(t.db);
    out[table] = `${rows[0].n} ${rows[0].h}`;
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, Schema>> };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params = (op.parameters ?? []) as {
        in: string;
        name: string;
        required?: boolean;
        schema: Schema;
      }[];
      return {
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        body: op.requestBody?.content?.['application/json']?.schema,
        query: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: !!p.required, schema: p.schema })),
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
      };
    }),
  );
  const db = t.db;
  const kase = await db
    .selectFrom('cases')
    .select(['id', 'grid_code'])
    .orderBy('number')
    .executeTakeFirstOrThrow();
  ids.cases = kase.id;
  ids.grid = kase.grid_code;
  for (const table of ['people', 'things', 'orgs', 'buildings', 'houses', 'households'] as const) {
    const row = await db.selectFrom(table).select('id').orderBy('id').executeTakeFirstOrThrow();
    ids[table] = row.id;
  }
  ids.users = admin.user.id;
  ids.category = (
    await db
      .selectFrom('case_categories')
      .select('code')
      .where('parent_code', 'is not', null)
      .orderBy('code')
      .executeTakeFirstOrThrow()
  ).code;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('fuzzing every route with bad input', () => {
  it('answers no 5xx, every error as a problem document, and writes nothing', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    let sent = 0;
    const statuses: Record<number, number> = {};
    const send = async (op: Operation, c: Case, session: Session | null, url = urlOf(op), problem = true) => {
      sent += 1;
      const response = await t.as(session, {
        method: op.method as InjectOptions['method'],
        url,
        ...c.options,
      });
      const status = response.statusCode;
      const who = session ? 'admin' : 'anonymous';
      // The administrator's session must hold to the end, or the run proves nothing.
      if (session && status === 401) failures.push(`${op.key} [${c.what}]: the session was lost`);
      statuses[status] = (statuses[status] ?? 0) + 1;
      const at = `${op.key} [${c.what}] as ${who}: ${status}`;
      if (status >= 500) failures.push(`${at} ${response.body.slice(0, 200)}`);
      // CKAN answers a validation error with 409 (its `ValidationError`), not 400.
      else if (session && c.expect && status !== (c.expect === 400 && isCkan(op) ? 409 : c.expect))
        failures.push(`${at}, expected ${c.expect}: ${response.body.slice(0, 160)}`);
      else if (status >= 400 && problem) {
        const why = notAProblem(op, response);
        if (why) failures.push(`${at} ${why}`);
      }
    };
    const rng = prng(SEED);
    for (const op of operations) {
      const cases: Case[] = [];
      if (op.body) cases.push(...bodyCases(op, rng));
      if (op.query.length) cases.push(...queryCases(op, rng));
      for (const c of cases) await send(op, c, admin);
      if (cases.length) await send(op, cases[0], null);
      for (const name of op.pathParams)
        for (const value of rng.shuffle(BAD_IDS).slice(0, 3)) {
          if (op.path.startsWith('/open311/') && value.includes('%00')) continue;
          const c = { what: `${name}=${value.slice(0, 30)}`, options: op.body ? { payload: {} } : {} };
          await send(op, c, admin, urlOf(op, { name, value }));
        }
      for (const name of op.pathParams.slice(0, 1))
        for (const value of ROUTER_BAD_IDS) {
          const c = { what: `${name}=${value.slice(0, 30)}`, options: op.body ? { payload: {} } : {} };
          await send(op, c, admin, urlOf(op, { name, value }), false);
        }
    }
    // Over the 2 MB body limit.
    for (const key of ['POST /api/cases', 'POST /api/people']) {
      const op = operations.find((o) => o.key === key)!;
      const payload = `{"description":"${'x'.repeat(3 * 1024 * 1024)}"}`;
      await send(op, { what: 'huge body', options: { payload, headers: jsonType } }, admin);
    }
    console.log(`fuzz: ${sent} requests over ${operations.length} operations`, statuses);
    expect(failures).toEqual([]);
    expect(statuses[413], 'the huge bodies').toBe(2);
    expect(await snapshot()).toEqual(before);
  }, 120_000);
});

/** A 400 with a problem document (GeoReport's own error list for Open311): the client's mistake, named. */
function expectBadRequest(response: LightMyRequestResponse, open311 = false) {
  expect(response.statusCode, response.body).toBe(400);
  if (open311) expect(response.json()[0]).toMatchObject({ code: 400 });
  else {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().code).toBeTypeOf('string');
  }
}

describe('inputs that once got past the schemas', () => {
  // Query coercion turns '1e999' into Infinity, which Ajv lets through; PostgreSQL refuses it, and
  // that refusal is the client's 400 (errors.ts, MALFORMED_VALUE).
  it('GET /api/buildings?page=1e999 is refused, not a 500', async () => {
    const response = await t.as(admin, { method: 'GET', url: '/api/buildings', query: { page: '1e999' } });
    expectBadRequest(response);
  });
  it('GET /api/calendar?year=1e999 is refused, not a 500', async () => {
    const response = await t.as(admin, { method: 'GET', url: '/api/calendar', query: { year: '1e999' } });
    expectBadRequest(response);
  });
  it('GET /api/orgs?page=99999999999999999999 is refused, not a 500', async () => {
    const query = { page: '99999999999999999999' };
    const response = await t.as(admin, { method: 'GET', url: '/api/orgs', query });
    expectBadRequest(response);
  });
  // Open311's service codes and request ids reach PostgreSQL unchecked: a NUL byte there is a 400.
  it('GET /open311/v2/services/a%00b.json is refused, not a 500', async () => {
    const response = await t.as(null, { method: 'GET', url: '/open311/v2/services/a%00b.json' });
    expectBadRequest(response, true);
  });
  it('GET /open311/v2/requests/a%00b.json is refused, not a 500', async () => {
    const response = await t.as(null, { method: 'GET', url: '/open311/v2/requests/a%00b.json' });
    expectBadRequest(response, true);
  });
  // Router-level refusals go through Fastify's `frameworkErrors` (app.ts).
  it('a path parameter over maxParamLength is answered with a problem document', async () => {
    const response = await t.as(admin, { method: 'GET', url: `/api/people/${'x'.repeat(5000)}` });
    // Too long for the route's parameter, it falls through to the static files, which refuse it.
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
  it('a path with broken percent-encoding is answered with a problem document', async () => {
    const response = await t.as(admin, { method: 'GET', url: '/api/people/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
