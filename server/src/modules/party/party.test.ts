import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../platform/auth/permissions.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { partyWallFigures } from './index.ts';

let t: TestApp;
let community: string;
let other: string;
let party: Session;
let otherParty: Session;

async function user(role: Role, areaCode: string) {
  const u = await buildUser(t.db, role, areaCode);
  return t.login(u.username);
}

/** A valid ID number (GB 11643 check character) born 1985-03-0x. */
function idNumber(serial: number): string {
  const body = `44030519850301${String(serial).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

const post = (session: Session, url: string, payload: Record<string, unknown>) =>
  t.as(session, { method: 'POST', url, payload });

async function org(body: Record<string, unknown>, session = party) {
  const res = await post(session, '/api/party/orgs', { areaCode: community, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function member(body: Record<string, unknown>, session = party) {
  const res = await post(session, '/api/party/members', { name: '测试党员', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

let general: { id: string };
let branch: { id: string };
let branch2: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  const communities = await t.db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'community')
    .orderBy('code')
    .limit(2)
    .execute();
  [community, other] = communities.map((c) => c.code);
  party = await user('party_admin', community);
  otherParty = await user('party_admin', other);
  general = await org({ kind: 'general_branch', name: '测试社区党总支' });
  branch = await org({ kind: 'branch', name: '测试第一党支部', parentId: general.id });
  branch2 = await org({ kind: 'branch', name: '测试第二党支部', parentId: general.id });
}, 120_000);

afterAll(() => t?.close());

describe('organizations and members', () => {
  it('builds the tree: a branch under a general branch, not under a branch', async () => {
    const list = (await t.as(party, { method: 'GET', url: '/api/party/orgs' })).json().items;
    expect(list.find((o: { id: string }) => o.id === branch.id).parentId).toBe(general.id);
    const bad = await post(party, '/api/party/orgs', {
      kind: 'branch',
      name: '错',
      areaCode: community,
      parentId: branch.id,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: 'parentId', code: 'bad_parent' });
    const renamed = await t.as(party, {
      method: 'PATCH',
      url: `/api/party/orgs/${branch2.id}`,
      payload: { version: 1, secretary: '王书记' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const stale = await t.as(party, {
      method: 'PATCH',
      url: `/api/party/orgs/${branch2.id}`,
      payload: { version: 1, secretary: '李书记' },
    });
    expect(stale.statusCode).toBe(409);
  });

  it('stores ID and phone numbers encrypted and answers them masked', async () => {
    const m = await member({
      orgId: branch.id,
      status: 'full',
      fullOn: '2010-07-01',
      idNumber: idNumber(1),
      phone: '13812345678',
      duesStandard: 20,
      duesPaidTo: '2025-05',
    });
    expect(m.idNumber).toMatch(/^4403\*+\w{4}$/);
    expect(m.phone).toBe('138****5678');
    const row = await t.db
      .selectFrom('party_members')
      .selectAll()
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(row.id_number_enc).not.toContain(idNumber(1));
    expect(row.phone_enc).toMatch(/^k\d+:/);
    const again = await post(party, '/api/party/members', {
      name: '重复',
      orgId: branch.id,
      status: 'full',
      fullOn: '2010-07-01',
      idNumber: idNumber(1),
    });
    expect(again.statusCode).toBe(409);
    const bad = await post(party, '/api/party/members', {
      name: '错号',
      orgId: branch.id,
      status: 'applicant',
      appliedOn: '2025-01-01',
      idNumber: '123',
    });
    expect(bad.json().errors[0].field).toBe('idNumber');
  });

  it('moves the status one step forward only, with its date; refuses skips, moves back and stale versions', async () => {
    const m = await member({ orgId: branch.id, status: 'applicant', appliedOn: '2024-03-01' });
    const move = (version: number, status: string, on = '2025-01-15', session = party) =>
      post(session, `/api/party/members/${m.id}/status`, { version, status, on });
    const skip = await move(1, 'probationary');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().code).toBe('party_status_move');
    const ok = await move(1, 'activist');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      status: 'activist',
      activistOn: '2025-01-15',
      appliedOn: '2024-03-01',
      version: 2,
    });
    expect((await move(1, 'probationary')).statusCode).toBe(409);
    expect((await move(2, 'applicant')).json().code).toBe('party_status_move');
    expect((await move(2, 'probationary', '2024-01-01')).statusCode).toBe(422);
    expect((await move(2, 'probationary', '2999-01-01')).statusCode).toBe(422);
    expect((await move(2, 'probationary', '2025-06-01', otherParty)).statusCode).toBe(404);
    const leader = await user('area_leader', community);
    expect((await move(2, 'probationary', '2025-06-01', leader)).statusCode).toBe(403);
    const p = await move(2, 'probationary', '2025-06-01');
    expect(p.json().status).toBe('probationary');
    const f = await move(3, 'full', '2026-06-01');
    expect(f.json()).toMatchObject({ status: 'full', fullOn: '2026-06-01' });
    expect((await move(4, 'full')).statusCode).toBe(409);
  });

  it('keeps the history of transfers in, between organizations and out', async () => {
    const m = await member({
      orgId: branch.id,
      status: 'full',
      fullOn: '2015-07-01',
      transferredFrom: '南山区某党委',
      transferredOn: '2025-02-01',
    });
    const moved = await post(party, `/api/party/members/${m.id}/transfer`, {
      version: 1,
      toOrgId: branch2.id,
      on: '2025-04-01',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().orgId).toBe(branch2.id);
    const out = await post(party, `/api/party/members/${m.id}/transfer`, {
      version: 2,
      outsideOrg: '广州市某党委',
      on: '2025-09-01',
    });
    expect(out.json()).toMatchObject({ leftOn: '2025-09-01', leftTo: '广州市某党委' });
    const detail = (await t.as(party, { method: 'GET', url: `/api/party/members/${m.id}` })).json();
    expect(detail.transfers.map((x: { direction: string }) => x.direction)).toEqual([
      'out',
      'internal',
      'in',
    ]);
    expect(detail.transfers[1]).toMatchObject({
      fromOrgId: branch.id,
      toOrgId: branch2.id,
      transferredOn: '2025-04-01',
    });
    const after = await post(party, `/api/party/members/${m.id}/dues`, { version: 3, paidTo: '2025-10' });
    expect(after.json().code).toBe('party_member_left');
    const current = (
      await t.as(party, { method: 'GET', url: '/api/party/members', query: { orgId: branch2.id } })
    ).json();
    expect(current.items.some((x: { id: string }) => x.id === m.id)).toBe(false);
    const left = (
      await t.as(party, { method: 'GET', url: '/api/party/members', query: { left: 'true' } })
    ).json();
    expect(left.items.some((x: { id: string }) => x.id === m.id)).toBe(true);
    const outsideScope = await t.as(otherParty, { method: 'GET', url: '/api/party/orgs' });
    const foreignOrg = outsideScope.json().items[0].id;
    const m2 = await member({ orgId: branch.id, status: 'applicant', appliedOn: '2025-01-01' });
    const refused = await post(party, `/api/party/members/${m2.id}/transfer`, {
      version: 1,
      toOrgId: foreignOrg,
      on: '2025-04-01',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].field).toBe('toOrgId');
  });
});

describe('dues, compliance and figures', () => {
  it('lists dues arrears with the months and amount owed', async () => {
    const behind = await member({
      orgId: branch2.id,
      status: 'full',
      fullOn: '2012-01-01',
      duesStandard: 10,
      duesPaidTo: '2025-01',
    });
    const paid = await member({
      orgId: branch2.id,
      status: 'full',
      fullOn: '2012-01-01',
      duesStandard: 10,
      duesPaidTo: '2025-05',
    });
    const activist = await member({ orgId: branch2.id, status: 'activist', activistOn: '2024-01-01' });
    const arrears = (
      await t.as(party, { method: 'GET', url: '/api/party/arrears', query: { month: '2025-06' } })
    ).json();
    const ids = arrears.items.map((a: { memberId: string }) => a.memberId);
    expect(ids).toContain(behind.id);
    expect(ids).not.toContain(paid.id);
    expect(ids).not.toContain(activist.id);
    expect(arrears.items.find((a: { memberId: string }) => a.memberId === behind.id)).toMatchObject({
      monthsOwed: 4,
      amountOwed: 40,
      duesPaidTo: '2025-01',
    });
    const back = await post(party, `/api/party/members/${behind.id}/dues`, { version: 1, paidTo: '2024-12' });
    expect(back.statusCode).toBe(422);
    const pay = await post(party, `/api/party/members/${behind.id}/dues`, { version: 1, paidTo: '2025-05' });
    expect(pay.statusCode, pay.body).toBe(200);
    const later = (
      await t.as(party, { method: 'GET', url: '/api/party/arrears', query: { month: '2025-06' } })
    ).json();
    expect(later.items.map((a: { memberId: string }) => a.memberId)).not.toContain(behind.id);
  });

  it('flags what is missing against the requirements, which are a setting', async () => {
    const meeting = async (orgId: string, kind: string, heldOn: string) => {
      const res = await post(party, '/api/party/meetings', {
        orgId,
        kind,
        heldOn,
        topic: '测试会议',
        attendees: 8,
        minutes: '纪要',
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    await meeting(branch.id, 'committee', '2025-01-08');
    await meeting(branch.id, 'committee', '2025-02-08');
    await meeting(branch.id, 'group', '2025-03-12');
    await meeting(branch.id, 'members', '2025-02-20');
    const query = { month: '2025-03' };
    const compliance = (await t.as(party, { method: 'GET', url: '/api/party/compliance', query })).json();
    const states = (id: string) =>
      Object.fromEntries(
        compliance.items
          .find((o: { orgId: string }) => o.orgId === id)
          .checks.map((c: { kind: string; state: string; held: number }) => [c.kind, `${c.state}:${c.held}`]),
      );
    expect(states(branch.id)).toEqual({
      committee: 'missing:0',
      members: 'met:1',
      group: 'met:1',
      class: 'missing:0',
    });
    // A general branch holds no party groups.
    expect(states(general.id)).toEqual({ committee: 'missing:0', members: 'missing:0', class: 'missing:0' });
    expect(compliance.items.find((o: { orgId: string }) => o.orgId === branch.id).missing).toBe(2);
    const listed = (
      await t.as(party, {
        method: 'GET',
        url: '/api/party/meetings',
        query: { orgId: branch.id, month: '2025-02' },
      })
    ).json();
    expect(listed.total).toBe(2);

    const requirements = [
      { kind: 'committee', every: 'quarter', orgKinds: ['branch'] },
      { kind: 'class', every: 'year', orgKinds: ['branch'] },
    ];
    const put = await t.as(party, {
      method: 'PUT',
      url: '/api/party/requirements',
      payload: { items: requirements },
    });
    expect(put.statusCode, put.body).toBe(200);
    const after = (await t.as(party, { method: 'GET', url: '/api/party/compliance', query })).json();
    const checks = after.items.find((o: { orgId: string }) => o.orgId === branch.id).checks;
    expect(
      checks.map((c: { kind: string; state: string; from: string; to: string }) => [
        c.kind,
        c.state,
        c.from,
        c.to,
      ]),
    ).toEqual([
      ['committee', 'met', '2025-01', '2025-03'],
      ['class', 'missing', '2025-01', '2025-12'],
    ]);
    expect(after.items.find((o: { orgId: string }) => o.orgId === general.id).checks).toEqual([]);
    const duplicate = await t.as(party, {
      method: 'PUT',
      url: '/api/party/requirements',
      payload: { items: [requirements[0], requirements[0]] },
    });
    expect(duplicate.statusCode).toBe(422);
    const { DEFAULT_REQUIREMENTS } = await import('./index.ts');
    await t.as(party, {
      method: 'PUT',
      url: '/api/party/requirements',
      payload: { items: DEFAULT_REQUIREMENTS },
    });
  });

  it('registers in-service members at their community (双报到) and counts their hours', async () => {
    const m = await member({
      orgId: branch.id,
      status: 'full',
      fullOn: '2011-01-01',
      inService: true,
      workplace: '区教育局',
    });
    const notInService = await member({ orgId: branch.id, status: 'full', fullOn: '2011-01-01' });
    const refused = await post(party, `/api/party/members/${notInService.id}/registration`, {
      version: 1,
      communityCode: other,
      on: '2025-03-01',
    });
    expect(refused.json().errors[0].field).toBe('inService');
    const reg = await post(party, `/api/party/members/${m.id}/registration`, {
      version: 1,
      communityCode: other,
      on: '2025-03-01',
    });
    expect(reg.statusCode, reg.body).toBe(200);
    // The residential community's party worker sees them among those registered there, records
    // their hours, and changes nothing else.
    const there = (
      await t.as(otherParty, {
        method: 'GET',
        url: '/api/party/members',
        query: { registered: 'true', pageSize: '500' },
      })
    ).json();
    expect(there.items.some((x: { id: string }) => x.id === m.id)).toBe(true);
    const hours = await post(otherParty, `/api/party/members/${m.id}/hours`, {
      servedOn: '2025-05-01',
      hours: 3.5,
      activity: '社区环境清洁',
    });
    expect(hours.statusCode, hours.body).toBe(201);
    expect(hours.json().communityCode).toBe(other);
    const edit = await t.as(otherParty, {
      method: 'PATCH',
      url: `/api/party/members/${m.id}`,
      payload: { version: 2, name: '改名' },
    });
    expect(edit.statusCode).toBe(404);
    const detail = (await t.as(party, { method: 'GET', url: `/api/party/members/${m.id}` })).json();
    expect(detail.hoursTotal).toBe(3.5);
    const figures = (
      await t.as(otherParty, { method: 'GET', url: '/api/party/figures', query: { year: '2025' } })
    ).json();
    expect(figures.total.registered).toBeGreaterThanOrEqual(1);
    expect(figures.total.hours).toBeGreaterThanOrEqual(3.5);
  });

  it('counts organizations, members by status and required meetings held per area', async () => {
    const street = `${community.slice(0, 9)}000`;
    const streetParty = await user('party_admin', street);
    const figures = (
      await t.as(streetParty, { method: 'GET', url: '/api/party/figures', query: { year: '2025' } })
    ).json();
    const row = figures.rows.find((r: { areaCode: string }) => r.areaCode === community);
    const orgs = (await t.as(party, { method: 'GET', url: '/api/party/orgs' })).json().items;
    expect(row.orgs).toBe(orgs.length);
    // Every window of 2025 has closed: committee 12, members 4, class 4, group 12 (branches only).
    const due = orgs.reduce(
      (n: number, o: { kind: string }) =>
        n + (o.kind === 'branch' ? 32 : o.kind === 'general_branch' ? 20 : 12),
      0,
    );
    expect(row.meetingsRequired).toBe(due);
    // Only the test's meetings are in 2025 (the demo's year ends today): committee Jan and Feb,
    // group March, members Q1.
    expect(row.meetingsHeld).toBe(4);
    const members = (
      await t.as(party, { method: 'GET', url: '/api/party/members', query: { pageSize: '1' } })
    ).json();
    const sum = Object.values(row.members as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(sum).toBe(members.total);
    expect(figures.total.orgs).toBeGreaterThan(row.orgs);
  });

  it('offers the wall its figures: organizations missing meetings, members in arrears', async () => {
    const now = new Date();
    const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const figures = await partyWallFigures.compute(t.db, { areaCode: community, day, now });
    expect(partyWallFigures.permission).toBe('party.read');
    const arrears = (await t.as(party, { method: 'GET', url: '/api/party/arrears' })).json();
    expect(figures.find((f) => f.key === 'party.membersInArrears')!.value).toBe(arrears.total);
    const month = figures.find((f) => f.key === 'party.orgsMissingMeetings')!;
    const compliance = (
      await t.as(party, {
        method: 'GET',
        url: month.href.replace('/party?tab=compliance&', '/api/party/compliance?'),
      })
    ).json();
    expect(month.value).toBe(compliance.items.filter((o: { missing: number }) => o.missing > 0).length);
  });
});
