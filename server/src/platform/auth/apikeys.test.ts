import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { createApiKey, verifyApiKey } from './apikeys.ts';

let t: TestApp;
let admin: Session;
const DISTRICT = '440305000000';

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
}, 60_000);
afterAll(() => t?.close());

const issue = (payload: Record<string, unknown>, session = admin) =>
  t.as(session, { method: 'POST', url: '/api/api-keys', payload });

describe('API keys', () => {
  it('issues a key once, keeps only its hash, and verifies it for its scopes only', async () => {
    const res = await issue({ name: '12345 热线', scopes: ['open311'] });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created.key).toMatch(/^cg_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.slice(3, 11)).toBe(created.prefix);
    expect(created).toMatchObject({ scopes: ['open311'], areaCode: DISTRICT, active: true, expiresAt: null });

    const row = await t.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.key.slice(12));

    expect(await verifyApiKey(t.db, created.key, 'open311')).toMatchObject({
      id: created.id,
      name: '12345 热线',
      areaCode: DISTRICT,
    });
    expect(await verifyApiKey(t.db, created.key, 'cases.report')).toBeNull();
    expect(await verifyApiKey(t.db, `${created.key.slice(0, -1)}x`, 'open311')).toBeNull();
    expect(await verifyApiKey(t.db, 'cg_00000000_nope', 'open311')).toBeNull();
    expect(await verifyApiKey(t.db, undefined, 'open311')).toBeNull();

    const list = await t.as(admin, { method: 'GET', url: '/api/api-keys' });
    expect(list.statusCode).toBe(200);
    const listed = list.json().items.find((k: { id: string }) => k.id === created.id);
    expect(listed).toMatchObject({ prefix: created.prefix, createdByName: expect.any(String) });
    expect(listed.key).toBeUndefined();
    expect(list.body).not.toContain(created.key);
  });

  it('marks a key used at most once a minute', async () => {
    const { key, id } = await createApiKey(t.db, {
      name: 'camera platform',
      scopes: ['cases.report'],
      areaCode: DISTRICT,
      expiresAt: null,
      createdBy: null,
    });
    const lastUsed = async () =>
      (
        await t.db
          .selectFrom('api_keys')
          .select('last_used_at')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    expect(await lastUsed()).toBeNull();
    await verifyApiKey(t.db, key, 'cases.report');
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await verifyApiKey(t.db, key, 'cases.report');
    expect((await lastUsed())?.getTime()).toBe(first?.getTime());
  });

  it('stops working when revoked or expired', async () => {
    const created = (await issue({ name: 'partner', scopes: ['open311'], expiresInDays: 30 })).json();
    expect(new Date(created.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(await verifyApiKey(t.db, created.key, 'open311')).not.toBeNull();

    const revoked = await t.as(admin, { method: 'POST', url: `/api/api-keys/${created.id}/revoke` });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ active: false, revokedAt: expect.any(String) });
    expect(await verifyApiKey(t.db, created.key, 'open311')).toBeNull();

    const expired = await createApiKey(t.db, {
      name: 'old partner',
      scopes: ['open311'],
      areaCode: DISTRICT,
      expiresAt: new Date(Date.now() - 1000),
      createdBy: null,
    });
    expect(expired.active).toBe(false);
    expect(await verifyApiKey(t.db, expired.key, 'open311')).toBeNull();
  });

  it('is for administrators, within their area', async () => {
    const operator = await t.login((await buildUser(t.db, 'command_operator', DISTRICT)).username);
    expect((await issue({ name: 'x', scopes: ['open311'] }, operator)).statusCode).toBe(403);
    expect((await t.as(operator, { method: 'GET', url: '/api/api-keys' })).statusCode).toBe(403);
    expect((await t.as(null, { method: 'GET', url: '/api/api-keys' })).statusCode).toBe(401);

    const bad = await issue({ name: 'x', scopes: ['everything'] });
    expect(bad.statusCode).toBe(400);
    const elsewhere = await issue({ name: 'x', scopes: ['open311'], areaCode: '110101000000' });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().code).toBe('area_not_found');
    const unknown = await t.as(admin, {
      method: 'POST',
      url: '/api/api-keys/00000000-0000-4000-8000-000000000000/revoke',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('api_key_not_found');
  });
});
