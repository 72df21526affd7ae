import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../platform/auth/permissions.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let grid: string;
let otherGrid: string;
const s = {} as Record<'admin' | 'leader' | 'worker' | 'resident' | 'otherResident', Session>;

async function user(role: Role, areaCode: string) {
  const u = await buildUser(t.db, role, areaCode);
  return t.login(u.username);
}

beforeAll(async () => {
  t = await createTestApp();
  const grids = await t.db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'grid')
    .orderBy('code')
    .limit(40)
    .execute();
  grid = grids[0].code;
  // A grid of another community.
  otherGrid = grids.find((g) => g.code.slice(0, 12) !== grid.slice(0, 12))!.code;
  s.admin = await t.login('admin');
  s.leader = await user('area_leader', grid.slice(0, 12));
  s.worker = await user('grid_worker', grid);
  s.resident = await user('resident', grid.slice(0, 12));
  s.otherResident = await user('resident', otherGrid.slice(0, 12));
}, 60_000);

afterAll(() => t?.close());

async function createMember(body: Record<string, unknown>, session = s.leader) {
  return t.as(session, {
    method: 'POST',
    url: '/api/team-members',
    payload: { name: '测试成员', team: 'service', grids: [{ gridCode: grid }], ...body },
  });
}

describe('team members', () => {
  it('lists the demo team of a grid, its head linked to the grid worker’s account', async () => {
    const res = await t.as(s.worker, { method: 'GET', url: '/api/team-members', query: { pageSize: '50' } });
    expect(res.statusCode, res.body).toBe(200);
    const { items } = res.json();
    const heads = items.filter((m: { grids: { gridCode: string; isHead: boolean }[] }) =>
      m.grids.some((g) => g.gridCode === grid && g.isHead),
    );
    expect(heads).toHaveLength(1);
    expect(heads[0].username).toMatch(/^gw\d{3}$/);
    expect(heads[0].privatePhone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    for (const m of items)
      expect(m.grids.every((g: { gridCode: string }) => g.gridCode.startsWith(grid.slice(0, 12)))).toBe(true);
  });

  it('creates a member with a masked private phone, and keeps the history of changes', async () => {
    const created = await createMember({ privatePhone: '13912345678', workPhone: '0755-86001234' });
    expect(created.statusCode, created.body).toBe(201);
    const member = created.json();
    expect(member.privatePhone).toBe('139****5678');
    expect(created.body).not.toContain('13912345678');
    const changed = await t.as(s.leader, {
      method: 'PATCH',
      url: `/api/team-members/${member.id}`,
      payload: { version: member.version, duty: '养老服务' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().version).toBe(2);
    const history = await t.as(s.leader, { method: 'GET', url: `/api/team-members/${member.id}/history` });
    expect(history.json().items.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    expect(history.json().items[0].changes).toEqual({ duty: [null, '养老服务'] });
    expect(history.body).not.toContain('13912345678');
  });

  it('refuses a stale version with 409 version_conflict and the current record', async () => {
    const member = (await createMember({ name: '版本测试' })).json();
    const first = await t.as(s.leader, {
      method: 'PATCH',
      url: `/api/team-members/${member.id}`,
      payload: { version: 1, organization: '社区工作站' },
    });
    expect(first.statusCode).toBe(200);
    const stale = await t.as(s.leader, {
      method: 'PATCH',
      url: `/api/team-members/${member.id}`,
      payload: { version: 1, organization: '另一个单位' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    expect(stale.json().current.organization).toBe('社区工作站');
  });

  it('allows one grid head per grid', async () => {
    const second = await createMember({ name: '第二个网格长', grids: [{ gridCode: grid, isHead: true }] });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('grid_head_taken');
    // Once the head is moved off, another member may take the grid.
    const list = await t.as(s.leader, {
      method: 'GET',
      url: '/api/team-members',
      query: { areaCode: grid, pageSize: '100' },
    });
    const head = list
      .json()
      .items.find((m: { grids: { gridCode: string; isHead: boolean }[] }) =>
        m.grids.some((g) => g.gridCode === grid && g.isHead),
      );
    const off = await t.as(s.leader, {
      method: 'PATCH',
      url: `/api/team-members/${head.id}`,
      payload: { version: head.version, grids: [{ gridCode: grid, isHead: false }] },
    });
    expect(off.statusCode, off.body).toBe(200);
    const now = await createMember({
      name: '新网格长',
      team: 'grid_manager',
      grids: [{ gridCode: grid, isHead: true }],
    });
    expect(now.statusCode, now.body).toBe(201);
  });

  it('links an account to one member only, and only an account of the caller’s area', async () => {
    const account = await buildUser(t.db, 'grid_worker', grid);
    const first = await createMember({ name: '账号关联', userId: account.id });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().username).toBe(account.username);
    const second = await createMember({ name: '重复关联', userId: account.id });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('member_user_taken');
    const stranger = await buildUser(t.db, 'grid_worker', otherGrid);
    const outside = await createMember({ name: '外区账号', userId: stranger.id });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0]).toMatchObject({ field: 'userId', code: 'unknown_user' });
  });

  it('asks for one team or one force, and refuses grids outside the caller’s area', async () => {
    const both = await createMember({ forceCode: 'police' });
    expect(both.statusCode).toBe(422);
    expect(both.json().errors[0]).toMatchObject({ field: 'team', code: 'team_or_force' });
    const unknownForce = await createMember({ team: null, forceCode: 'no_such_force' });
    expect(unknownForce.statusCode).toBe(422);
    const outside = await createMember({ grids: [{ gridCode: otherGrid }] });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0]).toMatchObject({ field: 'grids', code: 'outside_scope' });
    const worker = await createMember({}, s.worker);
    expect(worker.statusCode).toBe(403);
  });
});

describe('grid contact card', () => {
  it('shows the head, teams and forces with work phones, never a private number, to residents of the area', async () => {
    const created = await createMember({
      name: '联系卡测试',
      privatePhone: '13712345678',
      workPhone: '0755-86005678',
    });
    expect(created.statusCode).toBe(201);
    const card = await t.as(s.resident, { method: 'GET', url: `/api/grids/${grid}/contacts` });
    expect(card.statusCode, card.body).toBe(200);
    const body = card.json();
    expect(body.gridCode).toBe(grid);
    const service = body.teams.find((x: { team: string }) => x.team === 'service');
    expect(service.members).toContainEqual(
      expect.objectContaining({ name: '联系卡测试', workPhone: '0755-86005678' }),
    );
    expect(
      body.forces.find((f: { forceCode: string }) => f.forceCode === 'police').contacts.length,
    ).toBeGreaterThan(0);
    // No private phone of anyone serving the grid, in full or masked.
    expect(card.body).not.toContain('13712345678');
    expect(card.body).not.toContain('137****5678');
    expect(card.body).not.toMatch(/1[3-9]\d\*{4}\d{4}/);
    expect(card.body).not.toMatch(/"1[3-9]\d{9}"/);
    const elsewhere = await t.as(s.otherResident, { method: 'GET', url: `/api/grids/${grid}/contacts` });
    expect(elsewhere.statusCode).toBe(404);
  });

  it('uses the nearest area’s on-duty contact of a force', async () => {
    const put = await t.as(s.leader, {
      method: 'PUT',
      url: '/api/force-contacts',
      payload: {
        forceCode: 'fire',
        areaCode: grid,
        unit: '网格微型消防站',
        contactName: '值班员甲',
        workPhone: '0755-86009119',
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const card = (await t.as(s.resident, { method: 'GET', url: `/api/grids/${grid}/contacts` })).json();
    const fire = card.forces.find((f: { forceCode: string }) => f.forceCode === 'fire');
    expect(fire.unit).toBe('网格微型消防站');
    expect(fire.contacts).toContainEqual(
      expect.objectContaining({ name: '值班员甲', workPhone: '0755-86009119' }),
    );
  });
});

describe('reward ledger', () => {
  it('pays the highest level valid on 31 December, at the configured rates', async () => {
    const member = (await createMember({ name: '持证社工' })).json();
    const add = (payload: Record<string, unknown>) =>
      t.as(s.leader, { method: 'POST', url: `/api/team-members/${member.id}/qualifications`, payload });
    expect((await add({ level: 'junior', certificateNo: 'T-J-1', issuedOn: '2020-03-01' })).statusCode).toBe(
      201,
    );
    expect(
      (
        await add({
          level: 'intermediate',
          certificateNo: 'T-I-1',
          issuedOn: '2024-06-01',
          expiresOn: '2025-06-30',
        })
      ).statusCode,
    ).toBe(201);
    expect((await add({ level: 'senior', certificateNo: 'T-I-1', issuedOn: '2024-06-01' })).statusCode).toBe(
      409,
    );
    const ledger = async (year: number) => {
      const res = await t.as(s.leader, {
        method: 'GET',
        url: '/api/team-rewards',
        query: { year: String(year) },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.find((i: { memberId: string }) => i.memberId === member.id);
    };
    expect(await ledger(2019)).toBeUndefined();
    expect(await ledger(2023)).toMatchObject({ level: 'junior', amount: 2000 });
    expect(await ledger(2024)).toMatchObject({ level: 'intermediate', amount: 3000, certificateNo: 'T-I-1' });
    // The intermediate certificate expired mid-2025: back to junior.
    expect(await ledger(2025)).toMatchObject({ level: 'junior', amount: 2000 });

    expect(
      (
        await t.as(s.leader, {
          method: 'PUT',
          url: '/api/team-rewards/rules',
          payload: { junior: 1, intermediate: 2, senior: 3 },
        })
      ).statusCode,
    ).toBe(403);
    const put = await t.as(s.admin, {
      method: 'PUT',
      url: '/api/team-rewards/rules',
      payload: { junior: 2500, intermediate: 3500, senior: 4500 },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(await ledger(2024)).toMatchObject({ amount: 3500 });
  });

  it('records trainings on the member', async () => {
    const member = (await createMember({ name: '培训学员' })).json();
    const res = await t.as(s.leader, {
      method: 'POST',
      url: `/api/team-members/${member.id}/trainings`,
      payload: { heldOn: '2026-03-02', course: '矛盾纠纷调解技巧', hours: 6.5 },
    });
    expect(res.statusCode, res.body).toBe(201);
    const detail = (await t.as(s.worker, { method: 'GET', url: `/api/team-members/${member.id}` })).json();
    expect(detail.trainings).toEqual([expect.objectContaining({ course: '矛盾纠纷调解技巧', hours: 6.5 })]);
  });
});
