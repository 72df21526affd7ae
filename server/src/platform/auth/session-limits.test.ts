import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createDb } from '../../db/database.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../test/harness.ts';

/**
 * The limits docs/security-accounts.md states as numbers: 30 failures per address, a session's
 * 12 hours whatever its use, a revocation seen by another instance within 5 seconds, and a
 * success that clears the failure count.
 */

const DISTRICT = '440305000000';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (username: string, password: string, ip: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress: ip,
  });

/** A second instance on the same database: its own pool, its own session cache. */
async function otherInstance() {
  const db = createDb(t.url, 2);
  const app = await buildApp({ config: t.app.config, db, pii: t.app.pii });
  return {
    me: (cookie: string) => app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } }),
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}

async function session(ip: string) {
  const { username, id } = await buildUser(t.db, 'grid_worker', DISTRICT);
  const response = await login(username, TEST_PASSWORD, ip);
  expect(response.statusCode, response.body).toBe(200);
  const token = response.cookies.find((c) => c.name === 'cg_session')!.value;
  return { id, username, cookie: `cg_session=${token}`, csrfToken: response.json().csrfToken as string };
}

describe('lockout by address', () => {
  it('locks an address after 30 failures across usernames, and no other address', async () => {
    const ip = '10.99.0.1';
    // 29 failures for 29 names (none reaches its own limit of five); the route's rate limit of 30
    // a minute would otherwise answer before the lockout could be seen.
    await t.db
      .insertInto('login_attempts')
      .values(Array.from({ length: 29 }, (_, i) => ({ username: `nobody${i}`, ip, succeeded: false })))
      .execute();
    const { username } = await buildUser(t.db, 'grid_worker', DISTRICT);
    expect((await login('nobody-else', 'wrong-password', ip)).statusCode).toBe(401);
    const locked = await login(username, TEST_PASSWORD, ip);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('login_throttled');
    expect((await login(username, TEST_PASSWORD, '10.99.0.2')).statusCode).toBe(200);
  });

  it('clears a username’s failure count on a successful login', async () => {
    const { username } = await buildUser(t.db, 'grid_worker', DISTRICT);
    const ip = (i: number) => `10.98.0.${i}`;
    for (let i = 0; i < 4; i++) expect((await login(username, 'wrong-password', ip(i))).statusCode).toBe(401);
    expect((await login(username, TEST_PASSWORD, ip(10))).statusCode).toBe(200);
    // Four more: eight since the first, but four since the success; the fifth would lock.
    for (let i = 0; i < 4; i++)
      expect((await login(username, 'wrong-password', ip(20 + i))).statusCode).toBe(401);
    expect((await login(username, TEST_PASSWORD, ip(30))).statusCode).toBe(200);
  });
});

describe('session limits', () => {
  it('ends a session 12 hours after login, however recently it was used', async () => {
    const s = await session('10.97.0.1');
    const row = await t.db
      .selectFrom('sessions')
      .select(sql<number>`extract(epoch from expires_at - created_at)::int`.as('seconds'))
      .where('user_id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(row.seconds).toBeGreaterThanOrEqual(12 * 3600 - 5);
    expect(row.seconds).toBeLessThanOrEqual(12 * 3600 + 5);

    // Logged in 12 hours and a minute ago, used a second ago.
    await sql`update sessions set created_at = now() - interval '12 hours 1 minute',
      expires_at = now() - interval '1 minute', last_seen_at = now() - interval '1 second'
      where user_id = ${s.id}`.execute(t.db);
    const other = await otherInstance();
    try {
      expect((await other.me(s.cookie)).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('makes a revocation seen by another instance within 5 seconds', async () => {
    const s = await session('10.97.0.2');
    const other = await otherInstance();
    try {
      // The other instance has the session cached.
      expect((await other.me(s.cookie)).statusCode).toBe(200);
      const sessions = await t.app.inject({
        method: 'GET',
        url: '/api/auth/sessions',
        headers: { cookie: s.cookie },
      });
      const id = sessions.json().items.find((x: { current: boolean }) => x.current).id;
      const revoked = await t.app.inject({
        method: 'DELETE',
        url: `/api/auth/sessions/${id}`,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
      });
      expect(revoked.statusCode, revoked.body).toBe(204);
      const at = Date.now();
      // The same instance: at once.
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } }))
          .statusCode,
      ).toBe(401);
      // The other: at the latest when its 5-second cache entry runs out.
      await new Promise((r) => setTimeout(r, Math.max(0, 5_100 - (Date.now() - at))));
      expect((await other.me(s.cookie)).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });
});
