import { createHmac } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createDb } from '../../db/database.ts';
import { buildDistrict, buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, TEST_PASSWORD, type TestApp } from '../../test/harness.ts';
import { acceptTotpCode } from './auth.service.ts';
import { passwordProblems } from './password-policy.ts';
import { hotp, matchingStep } from './totp.ts';

const DISTRICT = '440305000000';
const NEW_PASSWORD = 'Grid-Keeper-7731';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** RFC 6238 written out again here, so that the tests do not trust the code they test. */
function codeAt(secretBase32: string, time: Date): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secretBase32].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => Number.parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time.getTime() / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[19]! & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

// Each login from an address of its own: this file logs in more often than the per-instance burst
// limit of the login route allows one address in a minute.
let addresses = 0;
const login = (payload: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload,
    headers,
    remoteAddress: `10.0.${addresses >> 8}.${++addresses & 255}`,
  });

async function signIn(username: string, password = TEST_PASSWORD): Promise<Session> {
  const response = await login({ username, password });
  expect(response.statusCode, response.body).toBe(200);
  const cookie = response.cookies.find((c) => c.name === 'cg_session')!;
  return {
    cookie: `cg_session=${cookie.value}`,
    csrfToken: response.json().csrfToken,
    user: response.json().user,
  };
}

async function newUser(role: Parameters<typeof buildUser>[1] = 'grid_worker', area = DISTRICT) {
  const user = await buildUser(t.db, role, area);
  return { ...user, session: await signIn(user.username) };
}

async function auditActions(username: string) {
  const rows = await t.db
    .selectFrom('audit_log')
    .select(['action', 'result'])
    .where('actor_name', '=', username)
    .orderBy('id')
    .execute();
  return rows.map((r) => `${r.action}:${r.result}`);
}

describe('password policy', () => {
  it('wants 10 characters of three kinds, or 16 of any, and nothing guessable', () => {
    expect(passwordProblems('Ab1!', 'wang')).toEqual(['too_short']);
    expect(passwordProblems('abcdefghijk', 'wang')).toEqual(['too_simple']);
    expect(passwordProblems('correct horse battery', 'wang')).toEqual([]);
    expect(passwordProblems(NEW_PASSWORD, 'wang')).toEqual([]);
    expect(passwordProblems('Wang.li-2026x', 'wang.li')).toEqual(['contains_username']);
    for (const common of ['Woaini1314!!', 'Password123!', 'P@ssw0rd2024!', 'QWERTY123456!a'.slice(0, 13)]) {
      expect(passwordProblems(common, 'someone'), common).toContain('too_common');
    }
    expect(passwordProblems('1234567890', 'someone')).toEqual(['too_simple', 'too_common']);
  });
});

describe('changing the password', () => {
  it('checks the current password and the policy, answering every problem in the caller language', async () => {
    const { session, username } = await newUser();
    const wrong = await t.as(session, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: 'not-it', newPassword: NEW_PASSWORD },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'invalid_field', detail: '当前密码不正确：不正确' });
    expect(wrong.json().errors).toEqual([
      { field: 'currentPassword', code: 'wrong_password', message: '不正确' },
    ]);

    const weak = await t.as(session, {
      method: 'POST',
      url: '/api/auth/password',
      headers: { 'accept-language': 'en' },
      payload: { currentPassword: TEST_PASSWORD, newPassword: `${username}1` },
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors.map((e: { code: string }) => e.code)).toEqual([
      'too_simple',
      'contains_username',
    ]);
    expect(weak.json().detail).toBe(
      'New password is not valid: needs three of: upper-case letters, lower-case letters, digits, symbols (or at least 16 characters); must not contain the username',
    );
  });

  it('sets the new password, ends the other sessions and is audited', async () => {
    const { session, username } = await newUser();
    const other = await signIn(username);
    const changed = await t.as(session, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(changed.statusCode).toBe(204);
    expect((await t.as(session, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await t.as(other, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await login({ username, password: TEST_PASSWORD })).statusCode).toBe(401);
    await expect(signIn(username, NEW_PASSWORD)).resolves.toBeTruthy();
    expect(await auditActions(username)).toContain('auth.password_change:ok');
  });

  it('requires the CSRF token like every write', async () => {
    const { session } = await newUser();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: session.cookie },
      payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(response.json().code).toBe('csrf_invalid');
  });
});

describe('lockout', () => {
  it('locks logging in after five failures and says for how long, in both languages', async () => {
    const { username } = await buildUser(t.db, 'deputy', DISTRICT);
    for (let i = 0; i < 5; i++)
      expect((await login({ username, password: `wrong-${i}` })).statusCode).toBe(401);
    const zh = await login({ username, password: TEST_PASSWORD });
    const en = await login({ username, password: TEST_PASSWORD }, { 'accept-language': 'en' });
    expect(zh.statusCode).toBe(429);
    expect(zh.json().detail).toBe('登录失败次数过多，已暂时锁定登录，请在 15 分钟后重试');
    expect(en.json().detail).toBe(
      'Too many failed logins: logging in is locked for now; try again in 15 minutes',
    );
    expect(en.json().retryAfterMinutes).toBe(15);
  });
});

describe('session timeout', () => {
  it('refuses a session idle longer than SESSION_IDLE_MINUTES, on any instance', async () => {
    const { session } = await newUser();
    const idle = t.app.config.sessionIdleMinutes;
    await sql`update sessions set last_seen_at = now() - make_interval(mins => ${idle + 1})
      where user_id = ${session.user.id}`.execute(t.db);
    // Another instance (its own pool, so its own session cache) sees what PostgreSQL says.
    const db = createDb(t.url, 2);
    const other = await buildApp({ config: t.app.config, db, pii: t.app.pii });
    const me = await other.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('unauthenticated');
    await other.close();
    await db.destroy();
  });

  it('keeps a session that was used within the limit', async () => {
    const { session } = await newUser();
    await sql`update sessions set last_seen_at = now() - interval '5 minutes'
      where user_id = ${session.user.id}`.execute(t.db);
    expect((await t.as(session, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
  });
});

describe('forced password change', () => {
  it('allows nothing but me, logout and a new password until the password is changed', async () => {
    const user = await buildUser(t.db, 'grid_worker', DISTRICT);
    await t.db.updateTable('users').set({ must_change_password: true }).where('id', '=', user.id).execute();
    const session = await signIn(user.username);
    expect(session.user).toMatchObject({ mustChangePassword: true });

    const blocked = await t.as(session, { method: 'GET', url: '/api/areas/tree' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({
      code: 'password_change_required',
      detail: expect.stringContaining('修改密码'),
    });
    expect((await t.as(session, { method: 'GET', url: '/api/auth/sessions' })).json().code).toBe(
      'password_change_required',
    );
    expect((await t.as(session, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);

    const changed = await t.as(session, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(changed.statusCode).toBe(204);
    expect((await t.as(session, { method: 'GET', url: '/api/areas/tree' })).statusCode).toBe(200);
    expect((await t.as(session, { method: 'GET', url: '/api/auth/me' })).json().user.mustChangePassword).toBe(
      false,
    );
  });
});

describe('TOTP', () => {
  it('computes the RFC 4226 and RFC 6238 test vectors', () => {
    const secret = Buffer.from('12345678901234567890');
    expect([0, 1, 2, 9].map((c) => hotp(secret, c))).toEqual(['755224', '287082', '359152', '520489']);
    const base32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(matchingStep(base32, '081804', new Date(1111111109_000))).toBe(37037036);
    expect(matchingStep(base32, '005924', new Date(1234567890_000))).toBe(41152263);
  });

  it('enrols with a code, then asks for one at login', async () => {
    const { session, username, id } = await newUser();
    const setup = await t.as(session, { method: 'POST', url: '/api/auth/totp/setup' });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUri } = setup.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toBe(
      `otpauth://totp/${encodeURIComponent(`CivicGrid 网格通:${username}`)}?secret=${secret}&issuer=CivicGrid+%E7%BD%91%E6%A0%BC%E9%80%9A&algorithm=SHA1&digits=6&period=30`,
    );
    const stored = await t.db
      .selectFrom('users')
      .select(['totp_secret_enc', 'totp_enabled_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.totp_secret_enc).not.toContain(secret);
    expect(stored.totp_enabled_at).toBeNull();

    const bad = await t.as(session, {
      method: 'POST',
      url: '/api/auth/totp/enable',
      payload: { code: '000000' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: 'code', code: 'totp_invalid' });
    const now = Date.now();
    const enabled = await t.as(session, {
      method: 'POST',
      url: '/api/auth/totp/enable',
      payload: { code: codeAt(secret, new Date(now)) },
    });
    expect(enabled.statusCode).toBe(204);
    expect((await t.as(session, { method: 'GET', url: '/api/auth/me' })).json().user.totpEnabled).toBe(true);
    expect((await t.as(session, { method: 'POST', url: '/api/auth/totp/setup' })).json().code).toBe(
      'totp_already_enabled',
    );

    const asked = await login({ username, password: TEST_PASSWORD });
    expect(asked.statusCode).toBe(401);
    expect(asked.json().code).toBe('totp_required');
    expect(asked.cookies).toEqual([]);
    const wrong = await login({ username, password: TEST_PASSWORD, totpCode: '123456' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('totp_invalid');

    // The next step's code: the one used to enable is spent.
    const next = codeAt(secret, new Date(now + 30_000));
    const ok = await login({ username, password: TEST_PASSWORD, totpCode: next });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.totpEnabled).toBe(true);
    const replay = await login({ username, password: TEST_PASSWORD, totpCode: next });
    expect(replay.json().code).toBe('totp_invalid');
    expect(await auditActions(username)).toEqual(
      expect.arrayContaining([
        'auth.totp_setup:ok',
        'auth.totp_enable:failed',
        'auth.totp_enable:ok',
        'auth.login:ok',
      ]),
    );
  });

  it('accepts a code one step either side, once, and never an older one', async () => {
    const { id } = await buildUser(t.db, 'deputy', DISTRICT);
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const at = new Date('2026-03-01T08:00:10Z');
    const step = (n: number) => codeAt(secret, new Date(at.getTime() + n * 30_000));
    expect(await acceptTotpCode(t.db, id, secret, step(2), at)).toBe(false);
    expect(await acceptTotpCode(t.db, id, secret, step(-1), at)).toBe(true);
    expect(await acceptTotpCode(t.db, id, secret, step(-1), at)).toBe(false);
    expect(await acceptTotpCode(t.db, id, secret, step(1), at)).toBe(true);
    // The current step is older than the one just used: a code seen earlier cannot follow.
    expect(await acceptTotpCode(t.db, id, secret, step(0), at)).toBe(false);
    // A minute later the step after that is current, and works.
    expect(await acceptTotpCode(t.db, id, secret, step(2), new Date(at.getTime() + 60_000))).toBe(true);
  });

  it('counts wrong codes towards the lockout', async () => {
    const { session, username } = await newUser();
    const { secret } = (await t.as(session, { method: 'POST', url: '/api/auth/totp/setup' })).json();
    await t.as(session, {
      method: 'POST',
      url: '/api/auth/totp/enable',
      payload: { code: codeAt(secret, new Date()) },
    });
    for (let i = 0; i < 5; i++) {
      const r = await login({ username, password: TEST_PASSWORD, totpCode: '000000' });
      expect(r.json().code).toBe('totp_invalid');
    }
    const locked = await login({
      username,
      password: TEST_PASSWORD,
      totpCode: codeAt(secret, new Date(Date.now() + 30_000)),
    });
    expect(locked.statusCode).toBe(429);
  });

  it('turns off only with a current code', async () => {
    const { session } = await newUser();
    const { secret } = (await t.as(session, { method: 'POST', url: '/api/auth/totp/setup' })).json();
    const now = Date.now();
    await t.as(session, {
      method: 'POST',
      url: '/api/auth/totp/enable',
      payload: { code: codeAt(secret, new Date(now)) },
    });
    const wrong = await t.as(session, {
      method: 'POST',
      url: '/api/auth/totp/disable',
      payload: { code: '999999' },
    });
    expect(wrong.statusCode).toBe(422);
    const off = await t.as(session, {
      method: 'POST',
      url: '/api/auth/totp/disable',
      payload: { code: codeAt(secret, new Date(now + 30_000)) },
    });
    expect(off.statusCode).toBe(204);
    expect((await t.as(session, { method: 'GET', url: '/api/auth/me' })).json().user.totpEnabled).toBe(false);
  });

  it('in production, holds a role that can reveal personal data to enrolment; not in test runs', async () => {
    const { session } = await newUser('area_leader');
    expect(session.user).toMatchObject({ totpEnrolmentRequired: false });
    expect((await t.as(session, { method: 'GET', url: '/api/areas/tree' })).statusCode).toBe(200);

    const production = await buildApp({
      config: { ...t.app.config, nodeEnv: 'production' },
      db: t.db,
      pii: t.app.pii,
    });
    const as = (options: InjectOptions) =>
      production.inject({
        ...options,
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      });
    try {
      expect((await as({ method: 'GET', url: '/api/auth/me' })).json().user.totpEnrolmentRequired).toBe(true);
      const blocked = await as({ method: 'GET', url: '/api/areas/tree' });
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().code).toBe('totp_enrolment_required');
      const { secret } = (await as({ method: 'POST', url: '/api/auth/totp/setup' })).json();
      const enabled = await as({
        method: 'POST',
        url: '/api/auth/totp/enable',
        payload: { code: codeAt(secret, new Date()) },
      });
      expect(enabled.statusCode).toBe(204);
      expect((await as({ method: 'GET', url: '/api/areas/tree' })).statusCode).toBe(200);

      // A grid worker cannot reveal personal data: no second factor needed.
      const worker = await newUser('grid_worker');
      const workerMe = await production.inject({
        method: 'GET',
        url: '/api/areas/tree',
        headers: { cookie: worker.session.cookie },
      });
      expect(workerMe.statusCode).toBe(200);
    } finally {
      await production.close();
    }
  });
});

describe('sessions', () => {
  it('lists one’s own sessions and ends one at once', async () => {
    const { session, username } = await newUser();
    const other = await signIn(username);
    const list = await t.as(session, { method: 'GET', url: '/api/auth/sessions' });
    expect(list.statusCode).toBe(200);
    const items = list.json().items;
    expect(items).toHaveLength(2);
    expect(items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      ip: expect.stringMatching(/^10\.0\./),
    });
    const target = items.find((s: { current: boolean }) => !s.current);

    // `other` was just used: this instance has it cached, and must forget it.
    expect((await t.as(other, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    const revoked = await t.as(session, { method: 'DELETE', url: `/api/auth/sessions/${target.id}` });
    expect(revoked.statusCode).toBe(204);
    expect((await t.as(other, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const again = await t.as(session, { method: 'DELETE', url: `/api/auth/sessions/${target.id}` });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('session_not_found');
    expect(await auditActions(username)).toContain('auth.session_revoke:ok');
  });

  it('cannot end another user’s session as one’s own', async () => {
    const a = await newUser();
    const b = await newUser();
    const [theirs] = (await t.as(b.session, { method: 'GET', url: '/api/auth/sessions' })).json().items;
    const response = await t.as(a.session, { method: 'DELETE', url: `/api/auth/sessions/${theirs.id}` });
    expect(response.statusCode).toBe(404);
    expect((await t.as(b.session, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
  });

  it('lets a district admin see and end the sessions of users in their area only', async () => {
    const admin = await signIn('admin');
    const user = await newUser('grid_worker');
    const list = await t.as(admin, { method: 'GET', url: `/api/users/${user.id}/sessions` });
    expect(list.statusCode).toBe(200);
    const [only] = list.json().items;
    expect(only.current).toBe(false);
    const revoked = await t.as(admin, { method: 'DELETE', url: `/api/users/${user.id}/sessions/${only.id}` });
    expect(revoked.statusCode).toBe(204);
    expect((await t.as(user.session, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const entry = await t.db
      .selectFrom('audit_log')
      .select(['actor_name', 'target_id'])
      .where('action', '=', 'auth.session_revoke')
      .where('target_id', '=', user.id)
      .executeTakeFirst();
    expect(entry).toMatchObject({ actor_name: 'admin' });

    const { district } = await buildDistrict(t.db, '990101');
    const farAdmin = await newUser('district_admin', district);
    const outside = await t.as(farAdmin.session, { method: 'GET', url: `/api/users/${user.id}/sessions` });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe('user_not_found');

    const operator: Session = await signIn('operator');
    const forbidden = await t.as(operator, { method: 'GET', url: `/api/users/${user.id}/sessions` });
    expect(forbidden.statusCode).toBe(403);
  });
});
