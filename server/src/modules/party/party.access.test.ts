import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../platform/auth/permissions.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let community: string;
let other: string;
let party: Session;
let otherParty: Session;
const READS = [
  '/api/party/orgs',
  '/api/party/members',
  '/api/party/meetings',
  '/api/party/requirements',
  '/api/party/compliance',
  '/api/party/arrears',
  '/api/party/figures',
];

async function user(role: Role, areaCode: string) {
  const u = await buildUser(t.db, role, areaCode);
  return t.login(u.username);
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
}, 120_000);

afterAll(() => t?.close());

/** Party data is for party roles only, and each party worker keeps to their area. */
describe('party data is for party roles only', () => {
  it('answers 403 to every other role on every route, district_admin included', async () => {
    const m = await member({ orgId: branch.id, status: 'applicant', appliedOn: '2025-01-10' });
    for (const role of ROLES.filter((r) => r !== 'party_admin')) {
      const session = await user(role, role === 'grid_worker' ? `${community}001` : community);
      for (const url of [...READS, `/api/party/members/${m.id}`]) {
        const res = await t.as(session, { method: 'GET', url });
        expect(res.statusCode, `${role} GET ${url}`).toBe(403);
      }
      const write = await post(session, '/api/party/meetings', {
        orgId: branch.id,
        kind: 'committee',
        heldOn: '2025-01-05',
        topic: '越权',
        attendees: 3,
      });
      expect(write.statusCode, `${role} POST meeting`).toBe(403);
    }
    const admin = await t.login('admin');
    expect((await t.as(admin, { method: 'GET', url: '/api/party/orgs' })).statusCode).toBe(403);
  }, 120_000);

  it('keeps each party worker to their area: lists filtered, other areas 404', async () => {
    const mine = await t.as(party, { method: 'GET', url: '/api/party/orgs' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.every((o: { areaCode: string }) => o.areaCode.startsWith(community))).toBe(true);
    const theirs = await t.as(party, { method: 'GET', url: '/api/party/orgs', query: { areaCode: other } });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().code).toBe('area_not_found');
    const m = await member({ orgId: branch.id, status: 'applicant', appliedOn: '2025-01-10' });
    expect((await t.as(otherParty, { method: 'GET', url: `/api/party/members/${m.id}` })).statusCode).toBe(
      404,
    );
    // A record placed outside the area is refused naming the field.
    const outside = await post(party, '/api/party/orgs', {
      kind: 'branch',
      name: '外区支部',
      areaCode: other,
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0].field).toBe('areaCode');
    const foreign = await post(otherParty, '/api/party/members', {
      name: '越界',
      orgId: branch.id,
      status: 'applicant',
      appliedOn: '2025-01-10',
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0].field).toBe('orgId');
  });
});
