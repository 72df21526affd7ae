import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('login, me and logout', () => {
  it('logs in with the right password, knows the user, and ends the session on logout', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'test-Password-2026' },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'cg_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const { user, csrfToken } = login.json();
    expect(user).toMatchObject({ username: 'admin', role: 'district_admin', areaCode: '440305000000' });
    expect(user.permissions).toContain('areas.write');

    const session = { cookie: `cg_session=${cookie.value}`, csrfToken, user };
    const me = await t.as(session, { method: 'GET', url: '/api/auth/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe('admin');

    const logout = await t.as(session, { method: 'POST', url: '/api/auth/logout' });
    expect(logout.statusCode).toBe(204);
    const after = await t.as(session, { method: 'GET', url: '/api/auth/me' });
    expect(after.statusCode).toBe(401);
    expect(after.headers['content-type']).toContain('application/problem+json');
    expect(after.json().code).toBe('unauthenticated');
  });

  it('refuses a wrong password with the same answer as an unknown user, in the caller language', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'operator', password: 'nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
      payload: { username: 'nobody', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials', detail: '用户名或密码错误' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({
      code: 'invalid_credentials',
      detail: 'Wrong username or password',
    });
  });

  it('rejects a malformed body with a validation problem', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('validation_failed');
    expect(response.json().detail).toContain('password');
  });

  it('throttles a username after five failures, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'deputy', password: `wrong-${i}` },
      });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'deputy', password: 'test-Password-2026' },
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('login_throttled');
    expect(blocked.json().retryAfterSeconds).toBeGreaterThan(800);
    // Another user from the same address is not affected.
    await expect(t.login('resident')).resolves.toBeTruthy();
  });

  it('keeps the session in PostgreSQL: a new app instance on the same database knows it', async () => {
    const session = await t.login('handler');
    const { buildApp } = await import('../../app.ts');
    const other = await buildApp({ config: t.app.config, db: t.db, pii: t.app.pii });
    const me = await other.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe('handler');
    await other.close();
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const session = await t.login('admin');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('csrf_invalid');
  });
});
