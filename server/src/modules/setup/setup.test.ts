import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { totpAt } from '../../platform/auth/totp.ts';
import { createTestApp, createTestDatabase, type TestApp, testPii } from '../../test/harness.ts';
import { issueSetupToken } from './setup.service.ts';

const PASSWORD = 'Grid-Setup-2026!';
const form = {
  districtCode: '110105',
  districtName: '朝阳区',
  adminUsername: 'chaoyang_admin',
  adminName: '王管理',
  password: PASSWORD,
  passwordConfirmation: PASSWORD,
};

/** The command line, run as an operator would, on `databaseUrl`; `input` is piped to it. */
function civicgrid(args: string[], databaseUrl: string, dataDir: string, input?: string) {
  const cli = path.resolve(import.meta.dirname, '../../../bin/civicgrid.js');
  return spawnSync(process.execPath, [cli, ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    input: input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('civicgrid init', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-init-'));
  const passwordFile = path.join(dataDir, 'admin-password');
  const init = (extra: string[] = [], input?: string) =>
    civicgrid(
      [
        'init',
        '--district-code',
        '110105',
        '--district-name',
        '朝阳区',
        '--admin',
        'chaoyang_admin',
        ...extra,
      ],
      database.url,
      dataDir,
      input,
    );

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
  });
  afterAll(async () => {
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a code that is not a district of a real province, before asking for a password', () => {
    const run = civicgrid(
      ['init', '--district-code', '990101', '--district-name', '某区', '--admin', 'x_admin'],
      database.url,
      dataDir,
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('District code does not begin with the code of a province-level division');
    const city = civicgrid(
      ['init', '--district-code', '110100', '--district-name', '某区', '--admin', 'x_admin'],
      database.url,
      dataDir,
    );
    expect(city.stderr).toContain('ends in 00');
    expect(
      civicgrid(
        ['init', '--district-code', '1101', '--district-name', 'x', '--admin', 'x_admin'],
        database.url,
        dataDir,
      ).stderr,
    ).toContain('must be 6 digits');
  });

  it('refuses a weak password and two passwords that differ, and sets nothing up', async () => {
    fs.writeFileSync(passwordFile, 'password1\n');
    const weak = init(['--admin-password-file', passwordFile]);
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('Password needs at least 10 characters');
    expect(weak.stderr).toContain('Password is a common password');
    const differ = init([], `${PASSWORD}\n${PASSWORD}x\n`);
    expect(differ.status).toBe(1);
    expect(differ.stderr).toContain('Password confirmation does not match the password');
    expect(differ.stderr).not.toContain(PASSWORD);
    expect(await database.db.selectFrom('users').select('id').execute()).toEqual([]);
    expect(await database.db.selectFrom('areas').select('code').execute()).toEqual([]);
  });

  it('creates the district and its administrator with a pending second factor, printing the enrolment', async () => {
    fs.writeFileSync(passwordFile, `${PASSWORD}\n`);
    const run = init(['--admin-password-file', passwordFile, '--admin-name', '王管理']);
    expect(run.stderr).toContain('Created the district 朝阳区 (110105000000)');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('district: 110105000000 朝阳区');
    expect(run.stdout).toContain('administrator: chaoyang_admin (王管理), role district_admin');
    const uri = /otpauth:\/\/totp\/\S+/.exec(run.stdout)?.[0];
    expect(uri).toContain('secret=');
    expect(run.stdout).toMatch(/[█▀▄]{10}/);
    // Results on standard output, talk on standard error, and the password on neither.
    expect(run.stderr).not.toContain('otpauth');
    expect(`${run.stdout}${run.stderr}`).not.toContain(PASSWORD);

    const district = await database.db
      .selectFrom('areas')
      .select(['code', 'name', 'level', 'parent_code'])
      .executeTakeFirstOrThrow();
    expect(district).toEqual({ code: '110105000000', name: '朝阳区', level: 'district', parent_code: null });
    const admin = await database.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(admin).toMatchObject({
      username: 'chaoyang_admin',
      display_name: '王管理',
      role: 'district_admin',
      area_code: '110105000000',
      must_change_password: false,
      totp_enabled_at: null,
    });
    expect(admin.totp_secret_enc).not.toBeNull();
    expect(admin.password_hash).not.toContain(PASSWORD);
    const audited = await database.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', '=', 'setup.init')
      .execute();
    expect(audited).toEqual([{ action: 'setup.init', target_id: '110105000000' }]);
  });

  it('refuses a database that already has accounts', () => {
    const again = init(['--admin-password-file', passwordFile]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('The database already has accounts');
  });

  it('creates the district’s audit administrator with a temporary password, once', async () => {
    const run = civicgrid(['auditor', 'create', 'Chaoyang.Audit'], database.url, dataDir);
    expect(run.stderr).toContain('Created the audit administrator');
    expect(run.status).toBe(0);
    const password = /^temporary password: (\S+)$/m.exec(run.stdout)?.[1];
    expect(run.stdout).toMatch(/^username: chaoyang\.audit$/m);
    const row = await database.db
      .selectFrom('users')
      .select(['role', 'area_code', 'must_change_password', 'password_hash'])
      .where('username', '=', 'chaoyang.audit')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'audit_admin', area_code: '110105000000', must_change_password: true });
    expect(await verifyPassword(row.password_hash, password!)).toBe(true);
    const again = civicgrid(['auditor', 'create', 'chaoyang.audit'], database.url, dataDir);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('This username is already taken');
  });
});

describe('civicgrid init at a terminal', () => {
  it('asks for the password twice without showing it', async () => {
    const database = await createTestDatabase({ empty: true });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-tty-'));
    const cli = path.resolve(import.meta.dirname, '../../../bin/civicgrid.js');
    const command = [
      process.execPath,
      cli,
      'init',
      '--district-code',
      '440305',
      '--district-name',
      '南山区',
      '--admin',
      'ns_admin',
    ]
      .map((word) => `'${word}'`)
      .join(' ');
    // `script` gives the command a terminal of its own, as an operator's.
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: database.url },
    });
    try {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const waitFor = async (text: string) => {
        for (let i = 0; i < 600 && !output.includes(text); i++) await new Promise((r) => setTimeout(r, 100));
        if (!output.includes(text)) throw new Error(`no "${text}" in: ${output}`);
      };
      await waitFor('Password for ns_admin:');
      child.stdin.write(`${PASSWORD}\r`);
      await waitFor('The same password again:');
      child.stdin.write(`${PASSWORD}\r`);
      const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(output).toContain('district: 440305000000 南山区');
      expect(output).not.toContain(PASSWORD);
      expect(status).toBe(0);
    } finally {
      child.kill();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('browser setup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ empty: true });
  });
  afterAll(() => t.close());

  const status = (token?: string) =>
    t.app.inject({ method: 'GET', url: `/api/setup${token === undefined ? '' : `?token=${token}`}` });
  const perform = (token: string, body: object = form) =>
    t.app.inject({ method: 'POST', url: '/api/setup', payload: { token, ...body } });

  it('knows no token it did not issue, nor one that expired or was replaced', async () => {
    expect((await status()).statusCode).toBe(404);
    expect((await status('nonsense')).statusCode).toBe(404);
    expect((await perform('nonsense')).statusCode).toBe(404);
    const expired = await issueSetupToken(t.db, new Date(Date.now() - 25 * 3600_000));
    expect((await status(expired.token)).statusCode).toBe(404);
    const first = await issueSetupToken(t.db);
    expect((await status(first.token)).statusCode).toBe(200);
    await issueSetupToken(t.db);
    expect((await status(first.token)).statusCode).toBe(404);
    expect((await perform(first.token)).statusCode).toBe(404);
    // Only the hash is kept.
    const stored = await t.db.selectFrom('setup_tokens').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(first.token);
  });

  it('names every problem of the form in the caller’s language, and keeps the token for a retry', async () => {
    const { token, expiresAt } = await issueSetupToken(t.db);
    const ok = await status(token);
    expect(ok.json()).toEqual({ expiresAt: expiresAt.toISOString() });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      headers: { 'accept-language': 'zh-CN' },
      payload: {
        token,
        ...form,
        districtCode: '990105',
        adminUsername: 'A',
        password: 'chaoyang',
        passwordConfirmation: 'chaoyang2',
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toBe('区划代码不正确：前两位不是任何省级行政区的代码');
    expect(bad.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'districtCode:unknown_province',
      'adminUsername:invalid_username',
      'password:too_short',
      'passwordConfirmation:mismatch',
    ]);
    expect((await status(token)).statusCode).toBe(200);
  });

  it('sets up once; the administrator logs in and confirms the authenticator secret it was shown', async () => {
    const { token } = await issueSetupToken(t.db);
    const done = await perform(token);
    expect(done.statusCode, done.body).toBe(201);
    const result = done.json();
    expect(result).toMatchObject({
      areaCode: '110105000000',
      districtName: '朝阳区',
      admin: { username: 'chaoyang_admin', displayName: '王管理' },
    });
    expect(result.totp.otpauthUri).toContain(`secret=${result.totp.secret}`);
    expect((await status(token)).statusCode).toBe(404);
    expect((await perform(token)).statusCode).toBe(404);
    // A new token cannot set up a second district: there are accounts now.
    const late = await issueSetupToken(t.db);
    expect((await status(late.token)).statusCode).toBe(404);

    const admin = await t.login('chaoyang_admin', PASSWORD);
    expect(admin.user).toMatchObject({ role: 'district_admin', areaCode: '110105000000' });
    const setup = await t.as(admin, { method: 'POST', url: '/api/auth/totp/setup' });
    expect(setup.json().secret).toBe(result.totp.secret);
    const enable = await t.as(admin, {
      method: 'POST',
      url: '/api/auth/totp/enable',
      payload: { code: totpAt(result.totp.secret, new Date()) },
    });
    expect(enable.statusCode, enable.body).toBe(204);
    const stored = await t.db.selectFrom('users').select('totp_secret_enc').executeTakeFirstOrThrow();
    expect(testPii.decrypt(stored.totp_secret_enc!)).toBe(result.totp.secret);
  });
});

describe('setup on a database that has a district but no accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ empty: true });
  });
  afterAll(() => t.close());

  it('is refused with 409, and the token stays unused', async () => {
    await t.db
      .insertInto('areas')
      .values({
        code: '310101000000',
        name: '黄浦区',
        level: 'district',
        parent_code: null,
        boundary: JSON.stringify({
          type: 'Polygon',
          coordinates: [
            [
              [121, 31],
              [122, 31],
              [122, 32],
              [121, 31],
            ],
          ],
        }),
        min_lon: 121,
        min_lat: 31,
        max_lon: 122,
        max_lat: 32,
      })
      .execute();
    const { token } = await issueSetupToken(t.db);
    const refused = await t.app.inject({ method: 'POST', url: '/api/setup', payload: { token, ...form } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('setup_has_district');
    expect((await t.app.inject({ method: 'GET', url: `/api/setup?token=${token}` })).statusCode).toBe(200);
  });
});

describe('civicgrid serve in production on an empty database', () => {
  it('prints a setup URL whose token the setup page accepts, and how to run init instead', async () => {
    const database = await createTestDatabase({ empty: true });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-serve-'));
    const cli = path.resolve(import.meta.dirname, '../../../bin/civicgrid.js');
    const server = spawn(process.execPath, [cli, 'serve'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        CIVICGRID_DATA_KEY: randomBytes(32).toString('hex'),
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
      },
    });
    try {
      let stderr = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no setup URL in: ${stderr}`)), 60_000);
        server.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const found = /(http:\/\/\S+\/setup\?token=\S+)/.exec(stderr);
          if (found && stderr.includes('Press Ctrl-C')) {
            clearTimeout(timer);
            resolve(found[1]!);
          }
        });
        server.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
      });
      expect(stderr).toContain('This server has no accounts yet');
      expect(stderr).toContain('civicgrid init --district-code');
      const token = new URL(url).searchParams.get('token')!;
      const status = await fetch(`${new URL(url).origin}/api/setup?token=${token}`);
      expect(status.status).toBe(200);
      expect((await fetch(`${new URL(url).origin}/api/setup?token=x${token}`)).status).toBe(404);
      // The page too, when the web app is built (npm test builds it first): the web app either
      // way, with 404 unless the token is good.
      const webBuilt = fs.existsSync(path.resolve(import.meta.dirname, '../../../../web/dist/index.html'));
      if (webBuilt) {
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toContain('text/html');
        for (const wrong of [`?token=x${token}`, '', '?token=']) {
          const answer = await fetch(`${new URL(url).origin}/setup${wrong}`);
          expect(answer.status).toBe(404);
          expect(await answer.text()).toContain('<div id="root">');
        }
      }
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
