import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCaseCatalog } from '../modules/cases/catalog.ts';
import { buildUser } from '../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../test/harness.ts';
import { fingerprintOf, parseKey, sweepExpiredKeys } from './idempotency.ts';

let t: TestApp;
let worker: Session;
let otherWorker: Session;
let point: { lon: number; lat: number };

// The smallest JPEG the attachment check accepts: its first three bytes.
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);

beforeAll(async () => {
  t = await createTestApp();
  await loadCaseCatalog(t.db);
  const building = await t.db
    .selectFrom('buildings')
    .select(['grid_code', 'lon', 'lat'])
    .orderBy('grid_code')
    .limit(1)
    .executeTakeFirstOrThrow();
  point = { lon: building.lon, lat: building.lat };
  worker = await t.login((await buildUser(t.db, 'grid_worker', building.grid_code)).username);
  otherWorker = await t.login((await buildUser(t.db, 'grid_worker', building.grid_code)).username);
}, 60_000);

afterAll(() => t?.close());

const description = () => `井盖缺失 ${randomUUID()}`;

function report(session: Session, key: string | null, body: Record<string, unknown>) {
  return t.as(session, {
    method: 'POST',
    url: '/api/cases',
    headers: key ? { 'idempotency-key': key } : {},
    payload: { categoryCode: 'exposed_garbage', ...point, ...body },
  });
}

async function casesDescribed(text: string): Promise<number> {
  const row = await t.db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('description', '=', text)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('Idempotency-Key on POST /api/cases', () => {
  it('answers a repeat from the stored response and creates the case once', async () => {
    const key = randomUUID();
    const text = description();
    const first = await report(worker, key, { description: text });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await report(worker, `"${key}"`, { description: text });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect(again.body).toBe(first.body);
    expect(await casesDescribed(text)).toBe(1);
  });

  it('refuses the same key on a different body with 422 idempotency_key_reused', async () => {
    const key = randomUUID();
    const text = description();
    expect((await report(worker, key, { description: text })).statusCode).toBe(201);
    const other = await report(worker, key, { description: `${text} 又一处` });
    expect(other.statusCode).toBe(422);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.json().code).toBe('idempotency_key_reused');
    expect(await casesDescribed(`${text} 又一处`)).toBe(0);
  });

  it('takes the same body in another key order as the same request', async () => {
    const key = randomUUID();
    const text = description();
    const first = await report(worker, key, { description: text });
    const reordered = await t.as(worker, {
      method: 'POST',
      url: '/api/cases',
      headers: { 'idempotency-key': key, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...point, description: text, categoryCode: 'exposed_garbage' }),
    });
    expect(reordered.json().id).toBe(first.json().id);
    expect(await casesDescribed(text)).toBe(1);
  });

  it('keeps keys per user: another worker with the same key reports their own case', async () => {
    const key = randomUUID();
    const text = description();
    const mine = await report(worker, key, { description: text });
    const theirs = await report(otherWorker, key, { description: text });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);
    expect(await casesDescribed(text)).toBe(2);
  });

  it('behaves as before without a key: each request is a new case', async () => {
    const text = description();
    expect((await report(worker, null, { description: text })).statusCode).toBe(201);
    expect((await report(worker, null, { description: text })).statusCode).toBe(201);
    expect(await casesDescribed(text)).toBe(2);
  });

  it('creates one case from concurrent duplicates; the others wait (409) or replay', async () => {
    const key = randomUUID();
    const text = description();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => report(worker, key, { description: text })),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const busy of answers.filter((a) => a.statusCode === 409))
      expect(busy.json().code).toBe('idempotency_in_progress');
    const ids = new Set(answers.filter((a) => a.statusCode === 201).map((a) => a.json().id));
    expect(ids.size).toBe(1);
    expect(await casesDescribed(text)).toBe(1);
    // Once the first has finished, a retry replays it.
    const retry = await report(worker, key, { description: text });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().id).toBe([...ids][0]);
  });

  it('replays a refusal too, without running the handler again', async () => {
    const key = randomUUID();
    const body = { description: description(), categoryCode: 'no_such_category' };
    const first = await report(worker, key, body);
    expect(first.statusCode).toBe(422);
    expect(first.json().code).toBe('category_not_found');
    const again = await report(worker, key, body);
    expect(again.statusCode).toBe(422);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body).toBe(first.body);
  });

  it('refuses a malformed key with 400', async () => {
    const res = await report(worker, 'has space', { description: description() });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('idempotency_key_invalid');
  });

  it('forgets a key after 24 hours', async () => {
    const key = randomUUID();
    const text = description();
    const first = await report(worker, key, { description: text });
    await sql`update idempotency_keys set created_at = now() - interval '25 hours' where key = ${key}`.execute(
      t.db,
    );
    const later = await report(worker, key, { description: text });
    expect(later.statusCode).toBe(201);
    expect(later.json().id).not.toBe(first.json().id);
    await sql`update idempotency_keys set created_at = now() - interval '25 hours' where key = ${key}`.execute(
      t.db,
    );
    expect(await sweepExpiredKeys(t.db)).toBeGreaterThanOrEqual(1);
    const left = await t.db.selectFrom('idempotency_keys').select('key').where('key', '=', key).execute();
    expect(left).toEqual([]);
  });
});

describe('Idempotency-Key on attachments and moves', () => {
  it('stores a photo once however often the upload is retried', async () => {
    const created = (await report(worker, randomUUID(), { description: description() })).json();
    const key = randomUUID();
    const upload = () =>
      t.as(worker, {
        method: 'POST',
        url: `/api/cases/${created.id}/attachments?fileName=photo.jpg`,
        headers: { 'content-type': 'image/jpeg', 'idempotency-key': key },
        payload: JPEG,
      });
    const first = await upload();
    expect(first.statusCode, first.body).toBe(201);
    const again = await upload();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const rows = await t.db
      .selectFrom('case_attachments')
      .select('id')
      .where('case_id', '=', created.id)
      .execute();
    expect(rows).toHaveLength(1);
  });
});

describe('keys and fingerprints', () => {
  it('reads a structured-field string or a bare token', () => {
    expect(parseKey('"abc-1"')).toBe('abc-1');
    expect(parseKey('abc-1')).toBe('abc-1');
    expect(() => parseKey('')).toThrow();
    expect(() => parseKey('x'.repeat(256))).toThrow();
  });

  it('tells requests apart by method, path with query, and body', () => {
    const base = { method: 'POST', url: '/api/cases', body: { a: 1, b: [1, { c: 2, d: 3 }] } };
    expect(fingerprintOf(base)).toBe(fingerprintOf({ ...base, body: { b: [1, { d: 3, c: 2 }], a: 1 } }));
    expect(fingerprintOf(base)).not.toBe(fingerprintOf({ ...base, url: '/api/cases?x=1' }));
    expect(fingerprintOf(base)).not.toBe(fingerprintOf({ ...base, body: { a: 2, b: [1, { c: 2, d: 3 }] } }));
    expect(fingerprintOf({ ...base, body: Buffer.from('x') })).not.toBe(
      fingerprintOf({ ...base, body: Buffer.from('y') }),
    );
  });
});
