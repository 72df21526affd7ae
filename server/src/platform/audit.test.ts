import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../modules/registry/identity.ts';
import { buildUser } from '../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../test/harness.ts';
import { audit, sealAudit, verifyAudit } from './audit.ts';

let t: TestApp;
let admin: Session;
let auditor: Session;
let worker: Session;
let leader: Session;
let district: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  worker = await t.login('gw001');
  district = admin.user.areaCode;
  auditor = await t.login((await buildUser(t.db, 'audit_admin', district)).username);
  // A community leader somewhere other than gw001's grid, for the reveal's scope.
  const elsewhere = await t.db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'community')
    .where('code', 'not like', `${worker.user.areaCode.slice(0, 12)}%`)
    .limit(1)
    .executeTakeFirstOrThrow();
  leader = await t.login((await buildUser(t.db, 'area_leader', elsewhere.code)).username);
}, 60_000);
afterAll(() => t?.close());

/** The newest entry matching, as the audit administrator finds it through the API. */
async function lastEntry(query: string) {
  const res = await t.as(auditor, { method: 'GET', url: `/api/audit?${query}&pageSize=1` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0];
}

let serial = 500;
function newIdNumber() {
  serial += 2;
  const first17 = `11010519310101${String(serial).slice(-3)}`;
  return first17 + idCheckChar(first17);
}

async function registerPerson(idNumber = newIdNumber()) {
  const houses = (await t.as(worker, { method: 'GET', url: '/api/houses?pageSize=1' })).json();
  const res = await t.as(worker, {
    method: 'POST',
    url: '/api/people',
    payload: {
      name: '审计测试',
      idNumber,
      residency: 'registered',
      phone: '13912345678',
      houseId: houses.items[0].id,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('audit log', () => {
  it('records logins, failed logins and logouts with who, where and the result', async () => {
    const session = await t.login('operator');
    expect(await lastEntry('action=auth.login&actor=operator')).toMatchObject({
      actorName: 'operator',
      actorId: session.user.id,
      role: 'command_operator',
      ip: '127.0.0.1',
      result: 'ok',
    });

    const failed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'operator', password: 'wrong password' },
    });
    expect(failed.statusCode).toBe(401);
    expect(await lastEntry('action=auth.login&actor=operator')).toMatchObject({ result: 'failed' });

    await t.as(session, { method: 'POST', url: '/api/auth/logout' });
    expect(await lastEntry('action=auth.logout')).toMatchObject({ actorName: 'operator', result: 'ok' });
  });

  it('records registry writes with the changed field names, never their values', async () => {
    const person = await registerPerson();
    const created = await lastEntry(`action=registry.create&targetId=${person.id}`);
    expect(created).toMatchObject({ actorName: worker.user.username, targetType: 'person' });
    expect(created.detail.fields).toEqual(expect.arrayContaining(['name', 'idNumber', 'phone']));

    const changed = await t.as(worker, {
      method: 'PATCH',
      url: `/api/people/${person.id}`,
      payload: { version: 1, name: '审计测试二' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const updated = await lastEntry(`action=registry.update&targetId=${person.id}`);
    expect(updated.detail).toEqual({ fields: ['name'], source: 'manual' });
    expect(JSON.stringify(updated)).not.toContain('审计测试二');
  });

  it('records an export with its filters (numbers masked) and row count', async () => {
    const res = await t.as(worker, { method: 'GET', url: '/api/people/export?format=csv&q=13912345678' });
    expect(res.statusCode).toBe(200);
    const entry = await lastEntry('action=registry.export');
    expect(entry).toMatchObject({ actorName: worker.user.username, targetType: 'people' });
    expect(entry.detail.filters).toMatchObject({ format: 'csv', q: '139****5678' });
    expect(entry.detail.rows).toBeGreaterThan(0);
  });

  it('records a case report and each move', async () => {
    const { loadCaseCatalog } = await import('../modules/cases/catalog.ts');
    await loadCaseCatalog(t.db);
    const building = await t.db
      .selectFrom('buildings')
      .select(['lon', 'lat'])
      .where('grid_code', '=', worker.user.areaCode)
      .executeTakeFirstOrThrow();
    const reported = await t.as(worker, {
      method: 'POST',
      url: '/api/cases',
      payload: {
        categoryCode: 'exposed_garbage',
        description: '审计：垃圾未清运',
        lon: building.lon,
        lat: building.lat,
      },
    });
    expect(reported.statusCode, reported.body).toBe(201);
    const kase = reported.json();
    expect(await lastEntry(`action=case.report&targetId=${kase.id}`)).toMatchObject({
      actorName: worker.user.username,
      detail: { categoryCode: 'exposed_garbage' },
    });
    const operator = await t.login('operator');
    const moved = await t.as(operator, {
      method: 'POST',
      url: `/api/cases/${kase.id}/register`,
      payload: { version: kase.version },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await lastEntry(`action=case&targetId=${kase.id}`)).toMatchObject({
      action: 'case.register',
      actorName: 'operator',
      detail: { from: 'reported', to: 'registered' },
    });
  });

  it('is searchable by the audit administrator only', async () => {
    const denied = await t.as(admin, { method: 'GET', url: '/api/audit' });
    expect(denied.statusCode).toBe(403);
    // The refusal itself is on record.
    expect(await lastEntry('action=access.denied')).toMatchObject({
      actorName: 'admin',
      result: 'denied',
      detail: { route: '/api/audit' },
    });
    const page = await t.as(auditor, { method: 'GET', url: '/api/audit?action=auth&pageSize=5' });
    expect(page.statusCode).toBe(200);
    expect(page.json().total).toBeGreaterThan(0);
    expect(page.json().items.every((e: { action: string }) => e.action.startsWith('auth.'))).toBe(true);
  });

  it('refuses update and delete, even to the owner', async () => {
    await expect(sql`update audit_log set result = 'ok'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it('keeps one chain under 20 concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        audit(
          t.db,
          { userId: null, username: `writer${i}`, role: null },
          { action: 'test.concurrent', detail: { i } },
        ),
      ),
    );
    // Appending takes no lock; several sealers at once still make one chain.
    expect((await verifyAudit(t.db)).unsealed).toBeGreaterThanOrEqual(20);
    const sealed = await Promise.all([sealAudit(t.db), sealAudit(t.db), sealAudit(t.db)]);
    expect(sealed.filter((n) => n > 0).length).toBeLessThanOrEqual(1);
    while ((await sealAudit(t.db)) > 0);
    const report = await verifyAudit(t.db);
    expect(report).toMatchObject({ ok: true, unsealed: 0 });
    const forks = await sql<{ n: string }>`
      select count(*) as n from (select prev_hash from audit_log group by prev_hash having count(*) > 1) f`.execute(
      t.db,
    );
    expect(Number(forks.rows[0].n)).toBe(0);
  });

  it('lets writers append without waiting for each other', async () => {
    await t.db.transaction().execute(async (first) => {
      await audit(first, null, { action: 'test.first' });
      await t.db.transaction().execute(async (second) => {
        await sql`set local lock_timeout = '2s'`.execute(second);
        await audit(second, null, { action: 'test.second' });
      });
    });
    while ((await sealAudit(t.db)) > 0);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true, unsealed: 0 });
  });

  it('lets the sealer add the chain to an entry, and nothing else', async () => {
    await audit(t.db, null, { action: 'test.seal', detail: { n: 1 } });
    const entry = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'test.seal')
      .executeTakeFirstOrThrow();
    await expect(
      sql`update audit_log set seal = 99999999, hash = 'x', detail = '{"n":2}' where id = ${entry.id}`.execute(
        t.db,
      ),
    ).rejects.toThrow(/append-only/);
    while ((await sealAudit(t.db)) > 0);
    await expect(sql`update audit_log set hash = 'x' where id = ${entry.id}`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('finds a changed entry and names it', async () => {
    while ((await sealAudit(t.db)) > 0);
    const before = await verifyAudit(t.db);
    expect(before.ok).toBe(true);
    const victim = await t.db
      .selectFrom('audit_log')
      .select(['id', 'detail'])
      .where('action', '=', 'registry.update')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const tamper = async (detail: unknown) => {
      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(t.db);
      await sql`update audit_log set detail = ${JSON.stringify(detail)}::jsonb where id = ${victim.id}`.execute(
        t.db,
      );
      await sql`alter table audit_log enable trigger audit_log_append_only`.execute(t.db);
    };
    await tamper({ fields: [], source: 'manual' });
    try {
      const report = await verifyAudit(t.db, 7);
      expect(report.ok).toBe(false);
      expect(report.firstBroken).toMatchObject({ id: victim.id, reason: expect.stringMatching(/changed/) });
    } finally {
      await tamper(victim.detail);
    }
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });
});

describe('reveal', () => {
  it('answers the full numbers for a stated purpose, in scope, and audits it', async () => {
    const idNumber = newIdNumber();
    const person = await registerPerson(idNumber);
    const url = `/api/people/${person.id}/reveal`;

    const noPurpose = await t.as(admin, { method: 'POST', url, payload: {} });
    expect(noPurpose.statusCode).toBe(400);
    const shortPurpose = await t.as(admin, { method: 'POST', url, payload: { purpose: ' 核 实 ' } });
    expect(shortPurpose.statusCode).toBe(400);
    // A grid worker collects the numbers but may not unmask them.
    const forbidden = await t.as(worker, { method: 'POST', url, payload: { purpose: '走访核实身份' } });
    expect(forbidden.statusCode).toBe(403);
    // A leader of another community: as if the person did not exist, and on record.
    const outside = await t.as(leader, { method: 'POST', url, payload: { purpose: '走访核实身份' } });
    expect(outside.statusCode).toBe(404);
    expect(await lastEntry(`action=pii.reveal&targetId=${person.id}`)).toMatchObject({
      actorName: leader.user.username,
      result: 'denied',
    });

    const revealed = await t.as(admin, { method: 'POST', url, payload: { purpose: '核实身份办理低保' } });
    expect(revealed.statusCode, revealed.body).toBe(200);
    expect(revealed.json()).toEqual({ idNumber, phone: '13912345678' });
    const entry = await lastEntry(`action=pii.reveal&targetId=${person.id}`);
    expect(entry).toMatchObject({
      actorName: 'admin',
      result: 'ok',
      detail: { purpose: '核实身份办理低保' },
    });
    expect(JSON.stringify(entry)).not.toContain(idNumber);
  });
});
