import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../platform/auth/permissions.ts';
import { excel } from '../../platform/exceljs.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, TEST_PASSWORD, type TestApp, testPii } from '../../test/harness.ts';
import { encodeGb18030 } from '../ledgers/gb18030.ts';
import { usersImportCommand } from './users.cli.ts';

const NEW_PASSWORD = 'Grid-Keeper-7731';

let t: TestApp;
let admin: Session;
let leader: Session;
/** Grids inside the street leader's street and outside it. */
let gridIn: { code: string; path: string };
let gridOut: string;

// Each login from an address of its own: the login route is rate limited per address.
let addresses = 0;
const login = (username: string, password: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress: `10.9.${addresses >> 8}.${++addresses & 255}`,
  });

async function signIn(username: string, password = TEST_PASSWORD): Promise<Session> {
  const response = await login(username, password);
  expect(response.statusCode, response.body).toBe(200);
  const cookie = response.cookies.find((c) => c.name === 'cg_session')!;
  return {
    cookie: `cg_session=${cookie.value}`,
    csrfToken: response.json().csrfToken,
    user: response.json().user,
  };
}

const as = (session: Session | null, options: InjectOptions) =>
  t.as(session, { ...options, headers: { 'accept-language': 'en', ...options.headers } });

let serial = 0;
const uniqueName = (prefix = 'acct') => `${prefix}${Date.now().toString(36)}${++serial}`;

function create(session: Session, body: Record<string, unknown>) {
  return as(session, { method: 'POST', url: '/api/users', payload: { displayName: '测试账号', ...body } });
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn('admin');
  leader = await signIn('street.leader');
  const street = leader.user.areaCode;
  const inside = await t.db
    .selectFrom('areas as g')
    .innerJoin('areas as c', 'c.code', 'g.parent_code')
    .innerJoin('areas as s', 's.code', 'c.parent_code')
    .select(['g.code', 'g.name as grid', 'c.name as community', 's.name as street'])
    .where('g.level', '=', 'grid')
    .where('s.code', '=', street)
    .where('g.retired_at', 'is', null)
    .orderBy('g.code')
    .executeTakeFirstOrThrow();
  gridIn = { code: inside.code, path: `${inside.street}/${inside.community}/${inside.grid}` };
  const outside = await t.db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'grid')
    .where('code', 'not like', `${street.slice(0, 9)}%`)
    .where('retired_at', 'is', null)
    .executeTakeFirstOrThrow();
  gridOut = outside.code;
}, 60_000);
afterAll(() => t?.close());

describe('accounts: create, read, edit', () => {
  it('creates an account with a temporary password and an encrypted, masked work phone', async () => {
    const username = uniqueName();
    const created = await create(admin, {
      username,
      role: 'grid_worker',
      areaCode: gridIn.code,
      workPhone: '138 1234 5678',
    });
    expect(created.statusCode, created.body).toBe(201);
    const { user, temporaryPassword } = created.json();
    expect(user).toMatchObject({
      username,
      role: 'grid_worker',
      areaCode: gridIn.code,
      workPhone: '138****5678',
      state: 'active',
      mustChangePassword: true,
      lastLoginAt: null,
      version: 1,
    });
    expect(temporaryPassword).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    const row = await t.db
      .selectFrom('users')
      .select(['work_phone_enc', 'created_by'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.work_phone_enc).toMatch(/^k\d+:/);
    expect(row.work_phone_enc).not.toContain('5678');
    expect(row.created_by).toBe(admin.user.id);

    const one = await as(admin, { method: 'GET', url: `/api/users/${user.id}` });
    expect(one.json()).toEqual(user);
    const list = await as(admin, { method: 'GET', url: '/api/users', query: { text: username } });
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: user.id }] });
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', user.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['user.create']);
  });

  it('edits with the version read, and refuses a stale version with 409', async () => {
    const { user } = (
      await create(admin, { username: uniqueName(), role: 'grid_worker', areaCode: gridIn.code })
    ).json();
    const edited = await as(admin, {
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { version: 1, displayName: '王小明', workPhone: '0755-86001234' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ displayName: '王小明', workPhone: '0755-******34', version: 2 });
    const stale = await as(admin, {
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { version: 1, displayName: '李四' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'version_conflict',
      current: { displayName: '王小明', version: 2 },
    });
  });

  it('refuses a taken username with 409', async () => {
    const taken = await create(admin, { username: 'admin', role: 'grid_worker', areaCode: gridIn.code });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('username_taken');
  });

  it('needs an active department for a department handler', async () => {
    const base = { username: uniqueName(), role: 'dept_handler', areaCode: leader.user.areaCode };
    const none = await create(admin, base);
    expect(none.statusCode).toBe(422);
    expect(none.json().errors).toEqual([
      {
        field: 'departmentCode',
        code: 'department_required',
        message: 'a department handler needs a department',
      },
    ]);
    const unknown = await create(admin, { ...base, departmentCode: 'no_such_department' });
    expect(unknown.json().errors[0].code).toBe('unknown_department');
    const dept = await t.db
      .selectFrom('departments')
      .select('code')
      .where('retired_at', 'is', null)
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('departments')
      .values({
        code: 'retired_unit',
        name_zh: '已撤销单位',
        name_en: 'Retired unit',
        retired_at: new Date(),
      })
      .execute();
    const retired = await create(admin, { ...base, departmentCode: 'retired_unit' });
    expect(retired.json().errors[0].code).toBe('unknown_department');
    const ok = await create(admin, { ...base, departmentCode: dept.code });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().user.departmentCode).toBe(dept.code);
  });

  it('places a grid worker in a grid, not a community or street', async () => {
    const wide = await create(admin, {
      username: uniqueName(),
      role: 'grid_worker',
      areaCode: leader.user.areaCode,
    });
    expect(wide.statusCode).toBe(422);
    expect(wide.json().errors[0].code).toBe('grid_required');
  });
});

describe('the ceiling: no role or area wider than one’s own', () => {
  it('lets a district administrator grant every role but the audit administrator’s', async () => {
    const grants = await as(admin, { method: 'GET', url: '/api/users/grants' });
    expect(grants.json().roles).not.toContain('audit_admin');
    expect(grants.json().roles).toContain('district_admin');
    const auditor = await create(admin, {
      username: uniqueName(),
      role: 'audit_admin',
      areaCode: admin.user.areaCode,
    });
    expect(auditor.statusCode).toBe(422);
    expect(auditor.json().errors[0]).toMatchObject({ field: 'role', code: 'role_not_grantable' });
    const demo = await t.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'auditor')
      .executeTakeFirstOrThrow();
    expect((await as(admin, { method: 'GET', url: `/api/users/${demo.id}` })).statusCode).toBe(404);
  });

  it('lets a street leader create grid workers inside the street, nothing else', async () => {
    expect((await as(leader, { method: 'GET', url: '/api/users/grants' })).json()).toEqual({
      roles: ['grid_worker'],
    });
    const inside = await create(leader, {
      username: uniqueName(),
      role: 'grid_worker',
      areaCode: gridIn.code,
    });
    expect(inside.statusCode, inside.body).toBe(201);
    const outside = await create(leader, { username: uniqueName(), role: 'grid_worker', areaCode: gridOut });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0]).toMatchObject({ field: 'areaCode', code: 'area_outside_scope' });
    for (const role of ['district_admin', 'area_leader', 'command_operator'])
      expect(
        (await create(leader, { username: uniqueName(), role, areaCode: leader.user.areaCode })).json()
          .errors[0],
      ).toMatchObject({ field: 'role', code: 'role_not_grantable' });
  });

  it('shows a street leader only the grid workers of the street, and hides the rest', async () => {
    const list = await as(leader, { method: 'GET', url: '/api/users', query: { pageSize: '500' } });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { role: string; areaCode: string }[];
    expect(items.length).toBeGreaterThan(0);
    for (const u of items) {
      expect(u.role).toBe('grid_worker');
      expect(u.areaCode.startsWith(leader.user.areaCode.slice(0, 9))).toBe(true);
    }
    const operator = await buildUser(t.db, 'command_operator', leader.user.areaCode);
    const outsider = await buildUser(t.db, 'grid_worker', gridOut);
    for (const id of [operator.id, outsider.id]) {
      expect((await as(leader, { method: 'GET', url: `/api/users/${id}` })).statusCode).toBe(404);
      expect((await as(leader, { method: 'POST', url: `/api/users/${id}/disable` })).statusCode).toBe(404);
      expect((await as(leader, { method: 'POST', url: `/api/users/${id}/reset-password` })).statusCode).toBe(
        404,
      );
    }
    // Nor can an edit lift one of theirs to a wider role or out of the street.
    const { user } = (
      await create(leader, { username: uniqueName(), role: 'grid_worker', areaCode: gridIn.code })
    ).json();
    const promote = await as(leader, {
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { version: 1, role: 'area_leader' },
    });
    expect(promote.json().errors[0].code).toBe('role_not_grantable');
    const move = await as(leader, {
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { version: 1, areaCode: gridOut },
    });
    expect(move.json().errors[0].code).toBe('area_outside_scope');
  });

  it('refuses every other role with 403', async () => {
    const others: Role[] = [
      'command_operator',
      'dept_handler',
      'grid_worker',
      'deputy',
      'resident',
      'audit_admin',
    ];
    for (const role of others) {
      const user = await buildUser(t.db, role, role === 'grid_worker' ? gridIn.code : admin.user.areaCode);
      const session = await signIn(user.username);
      expect((await as(session, { method: 'GET', url: '/api/users' })).statusCode, role).toBe(403);
      const post = await create(session, { username: uniqueName(), role: 'resident', areaCode: gridIn.code });
      expect(post.statusCode, role).toBe(403);
      expect(
        (await as(session, { method: 'POST', url: `/api/users/${user.id}/reset-password` })).statusCode,
      ).toBe(403);
    }
  });

  it('refuses to disable or demote one’s own account', async () => {
    const self = await as(admin, { method: 'POST', url: `/api/users/${admin.user.id}/disable` });
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('own_account');
  });
});

describe('reset, disable, unlock', () => {
  it('resets to a temporary password that must be changed at the next login', async () => {
    const worker = await buildUser(t.db, 'grid_worker', gridIn.code);
    const before = await signIn(worker.username);
    const reset = await as(admin, { method: 'POST', url: `/api/users/${worker.id}/reset-password` });
    expect(reset.statusCode, reset.body).toBe(200);
    const { temporaryPassword, user } = reset.json();
    expect(user.mustChangePassword).toBe(true);
    // The old password and the old session are gone.
    expect((await as(before, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await login(worker.username, TEST_PASSWORD)).statusCode).toBe(401);
    const session = await signIn(worker.username, temporaryPassword);
    expect(session.user).toMatchObject({ mustChangePassword: true });
    const blocked = await as(session, { method: 'GET', url: '/api/areas/tree' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('password_change_required');
    const changed = await as(session, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: temporaryPassword, newPassword: NEW_PASSWORD },
    });
    expect(changed.statusCode, changed.body).toBe(204);
    const fresh = await signIn(worker.username, NEW_PASSWORD);
    expect(fresh.user).toMatchObject({ mustChangePassword: false });
    const shown = await as(admin, { method: 'GET', url: `/api/users/${worker.id}` });
    expect(shown.json().lastLoginAt).not.toBeNull();
  });

  it('ends a disabled account’s sessions at once, and lets it in again when enabled', async () => {
    const worker = await buildUser(t.db, 'grid_worker', gridIn.code);
    const session = await signIn(worker.username);
    expect((await as(session, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    const disabled = await as(leader, { method: 'POST', url: `/api/users/${worker.id}/disable` });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json().state).toBe('disabled');
    expect((await as(session, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const refused = await login(worker.username, TEST_PASSWORD);
    expect(refused.json().code).toBe('account_disabled');
    const list = await as(leader, { method: 'GET', url: '/api/users', query: { state: 'disabled' } });
    expect(list.json().items.map((u: { id: string }) => u.id)).toContain(worker.id);
    const enabled = await as(leader, { method: 'POST', url: `/api/users/${worker.id}/enable` });
    expect(enabled.json().state).toBe('active');
    await signIn(worker.username);
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', worker.id)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['user.disable', 'user.enable']);
  });

  it('shows an account locked by failed logins, and unlocks it', async () => {
    const worker = await buildUser(t.db, 'grid_worker', gridIn.code);
    for (let i = 0; i < 5; i++) await login(worker.username, 'wrong-password');
    expect((await login(worker.username, TEST_PASSWORD)).statusCode).toBe(429);
    const shown = await as(admin, { method: 'GET', url: `/api/users/${worker.id}` });
    expect(shown.json().state).toBe('locked');
    const locked = await as(admin, {
      method: 'GET',
      url: '/api/users',
      query: { state: 'locked', text: worker.username },
    });
    expect(locked.json().total).toBe(1);
    const unlocked = await as(admin, { method: 'POST', url: `/api/users/${worker.id}/unlock` });
    expect(unlocked.json().state).toBe('active');
    await signIn(worker.username);
  });
});

async function passwordsOf(base64: string): Promise<Map<string, string>> {
  const workbook = new (excel().Workbook)();
  await workbook.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const passwords = new Map<string, string>();
  sheet.eachRow((row, n) => {
    if (n > 1) passwords.set(String(row.getCell(1).value), String(row.getCell(5).value));
  });
  return passwords;
}

const importFile = (session: Session, body: Buffer, query: Record<string, string> = {}) =>
  as(session, {
    method: 'POST',
    url: '/api/users/import',
    query,
    headers: { 'content-type': 'text/csv' },
    payload: body,
  });

describe('bulk import', () => {
  it('creates 300 grid workers from a GB18030 CSV with Chinese headers and name paths, and hands out the passwords', async () => {
    const prefix = uniqueName('gw');
    const lines = ['网格员账号导入表', '用户名,姓名,角色,所属区域,工作电话'];
    for (let i = 0; i < 300; i++)
      lines.push(
        `${prefix}.${i},网格员${i},网格员,${i % 2 === 0 ? gridIn.path : gridIn.code},1390000${String(i).padStart(4, '0')}`,
      );
    const file = encodeGb18030(lines.join('\r\n'));
    const dry = await importFile(leader, file, { dryRun: 'true' });
    expect(dry.statusCode, dry.body.slice(0, 400)).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, count: 300, passwordsFile: null });
    expect(
      await t.db.selectFrom('users').select('id').where('username', 'like', `${prefix}.%`).execute(),
    ).toEqual([]);

    const done = await importFile(leader, file);
    expect(done.statusCode, done.body.slice(0, 400)).toBe(201);
    const body = done.json();
    expect(body.count).toBe(300);
    expect(body.accounts[0]).toMatchObject({
      row: 3,
      username: `${prefix}.0`,
      role: 'grid_worker',
      areaCode: gridIn.code,
    });
    expect(body.accounts.every((a: { areaCode: string }) => a.areaCode === gridIn.code)).toBe(true);
    const passwords = await passwordsOf(body.passwordsFile);
    expect(passwords.size).toBe(300);
    const session = await signIn(`${prefix}.299`, passwords.get(`${prefix}.299`));
    expect(session.user).toMatchObject({ mustChangePassword: true, areaCode: gridIn.code });
    const audits = await t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'user.create')
      .where('actor_id', '=', leader.user.id)
      .where(({ ref }) => ref('detail', '->>').key('via'), '=', 'import')
      .executeTakeFirstOrThrow();
    expect(Number(audits.n)).toBe(300);
  }, 120_000);

  it('reports every bad row with its number and creates nothing', async () => {
    const prefix = uniqueName('bad');
    const file = Buffer.from(
      [
        'username,name,role,area code,department,work phone',
        `${prefix}.1,甲,grid_worker,${gridIn.code},,13800000001`,
        `${prefix}.2,乙,district_admin,${gridIn.code},,`,
        `${prefix}.3,丙,grid_worker,${gridOut},,12345`,
        `${prefix}.1,丁,grid_worker,${gridIn.code},,`,
      ].join('\n'),
    );
    const response = await importFile(leader, file);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'user_import_invalid' });
    expect(response.json().errors).toEqual([
      { row: 3, field: 'role', code: 'role_not_grantable', message: 'Role is not a role you may grant' },
      {
        row: 4,
        field: 'areaCode',
        code: 'area_outside_scope',
        message: 'Area does not exist, is retired or is outside your area',
      },
      {
        row: 4,
        field: 'workPhone',
        code: 'bad_phone',
        message: 'Work phone not a valid mobile or landline number',
      },
      {
        row: 5,
        field: 'username',
        code: 'duplicate_in_file',
        message: 'Username appears more than once in the file',
      },
    ]);
    expect(
      await t.db.selectFrom('users').select('id').where('username', 'like', `${prefix}.%`).execute(),
    ).toEqual([]);
  });

  it('names a missing column, and takes XLSX files too', async () => {
    const missing = await importFile(admin, Buffer.from('username,name\nabc.def,甲\n'));
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0]).toMatchObject({ field: 'file', code: 'missing_columns' });

    const workbook = new (excel().Workbook)();
    const sheet = workbook.addWorksheet('账号');
    sheet.addRow(['Username', 'Display name', 'Role', 'Area', 'Department']);
    const dept = await t.db
      .selectFrom('departments')
      .select('name_zh')
      .where('retired_at', 'is', null)
      .executeTakeFirstOrThrow();
    const username = uniqueName('x');
    sheet.addRow([
      username,
      '部门人员',
      '职能部门处置人员',
      gridIn.path.split('/').slice(0, 2).join('/'),
      dept.name_zh,
    ]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await as(admin, {
      method: 'POST',
      url: '/api/users/import',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      payload: xlsx,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().accounts[0]).toMatchObject({ username, role: 'dept_handler' });
  });
});

describe('civicgrid users import', () => {
  it('checks a file, then creates its accounts and writes the passwords to --out', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-users-'));
    const prefix = uniqueName('cli');
    const file = path.join(dir, 'accounts.csv');
    fs.writeFileSync(
      file,
      `用户名,姓名,角色,区划代码\n${prefix}.1,张三,网格员,${gridIn.code}\n${prefix}.2,李四,grid_worker,${gridIn.code}\n`,
    );
    const out = path.join(dir, 'passwords.xlsx');
    const said: string[] = [];
    const printed: string[] = [];
    const c = {
      db: t.db,
      pii: testPii,
      say: (m: string) => said.push(m),
      print: (l: string) => printed.push(l),
    };
    expect(await usersImportCommand(c, file, { as: 'street.leader', dryRun: true, lang: 'en' })).toBe(0);
    expect(fs.existsSync(out)).toBe(false);
    expect(await usersImportCommand(c, file, { as: 'street.leader', out, lang: 'en' })).toBe(0);
    expect(printed.filter((l) => l.includes(`${prefix}.2`))).toHaveLength(2);
    const passwords = await passwordsOf(fs.readFileSync(out).toString('base64'));
    await signIn(`${prefix}.1`, passwords.get(`${prefix}.1`));
    // The same file again: every username is taken, reported per row, exit code 2.
    printed.length = 0;
    expect(
      await usersImportCommand(c, file, {
        as: 'street.leader',
        out: path.join(dir, 'again.xlsx'),
        lang: 'en',
      }),
    ).toBe(2);
    expect(printed).toEqual(['row 2: Username is already taken', 'row 3: Username is already taken']);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
