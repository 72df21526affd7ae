import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../platform/auth/permissions.ts';
import { buildUser, feature, square } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { GridIndex, importAreas } from '../areas/index.ts';

const D = '440396';
const DISTRICT = `${D}000000`;
const STREET = `${D}001000`;
const C1 = `${D}001001`;
const C2 = `${D}001002`;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');

let t: TestApp;
let leader1: Session;
let leader2: Session;
let party: Session;
let resident: Session;
let partyOrgId: string;

const call = (s: Session, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  t.as(s, { method, url, ...(payload ? { payload } : {}) });
const login = async (role: Role, area: string) => t.login((await buildUser(t.db, role, area)).username);

beforeAll(async () => {
  t = await createTestApp({ empty: true });
  await importAreas(
    t.db,
    new GridIndex(t.db),
    'system',
    [
      feature(DISTRICT, '结对区', 'district', null, square(100, 30, 1)),
      feature(STREET, '结对街道', 'street', DISTRICT, square(100, 30, 1)),
      feature(C1, '甲社区', 'community', STREET, square(100, 30, 0.4)),
      feature(C2, '乙社区', 'community', STREET, square(100.5, 30, 0.4)),
    ],
    'demo',
  );
  leader1 = await login('area_leader', C1);
  leader2 = await login('area_leader', C2);
  party = await login('party_admin', STREET);
  resident = await login('resident', C1);
  partyOrgId = (
    await t.db
      .insertInto('party_orgs')
      .values({ kind: 'committee', name: '区税务局机关党委', area_code: STREET })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}, 120_000);

afterAll(() => t?.close());

describe('five-joint pairing', () => {
  it('records an agreement, a plan, activities with photos and a review, each write at its version', async () => {
    const created = await call(party, 'POST', '/api/pairings', {
      communityCode: C1,
      unitKind: 'party_org',
      partyOrgId,
      agreement: '双方在党建、文明、服务、平安、环境五个方面联建共管。',
      signedOn: '2026-01-10',
      attachments: [{ fileName: '协议.png', contentType: 'image/png', data: PNG }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({ unitName: '区税务局机关党委', version: 1, state: 'active' });
    expect(p.files).toHaveLength(1);
    const file = await call(leader1, 'GET', `/api/pairings/${p.id}/files/${p.files[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');

    const items = [
      { area: 'party', item: '联合开展主题党日' },
      { area: 'environment', item: '每月一次环境整治' },
    ];
    const plan = await call(leader1, 'PUT', `/api/pairings/${p.id}/plans/2026`, { version: 0, items });
    expect(plan.statusCode, plan.body).toBe(200);
    expect(plan.json().plans).toEqual([{ year: 2026, version: 1, items }]);
    // A second "new" plan for the year, or a stale version, is a conflict.
    expect(
      (await call(party, 'PUT', `/api/pairings/${p.id}/plans/2026`, { version: 0, items })).statusCode,
    ).toBe(409);
    const again = await call(party, 'PUT', `/api/pairings/${p.id}/plans/2026`, {
      version: 1,
      items: [...items, { area: 'service', item: '便民服务进社区' }],
    });
    expect(again.json().plans[0]).toMatchObject({ version: 2 });
    expect(again.json().plans[0].items).toHaveLength(3);

    const activity = await call(leader1, 'POST', `/api/pairings/${p.id}/activities`, {
      heldOn: '2026-03-05',
      area: 'civility',
      kind: '志愿服务',
      title: '学雷锋志愿服务',
      participants: 32,
      photos: [{ fileName: '现场.png', contentType: 'image/png', data: PNG }],
    });
    expect(activity.statusCode, activity.body).toBe(201);
    expect(activity.json().activities[0]).toMatchObject({ participants: 32, area: 'civility' });
    expect(activity.json().activities[0].photos).toHaveLength(1);

    const scores = { party: 5, civility: 4, service: 4, stability: 5, environment: 3 };
    const review = await call(leader1, 'PUT', `/api/pairings/${p.id}/reviews/2026`, {
      version: 0,
      summary: '全年开展活动 12 次，群众满意。',
      scores,
    });
    expect(review.statusCode, review.body).toBe(200);
    expect(review.json().reviews[0]).toMatchObject({ year: 2026, version: 1, scores });

    const stale = await call(leader1, 'PATCH', `/api/pairings/${p.id}`, { version: 9, state: 'ended' });
    expect(stale.statusCode).toBe(409);
    const ended = await call(leader1, 'PATCH', `/api/pairings/${p.id}`, {
      version: 1,
      endsOn: '2026-12-31',
      state: 'ended',
    });
    expect(ended.json()).toMatchObject({ version: 2, state: 'ended', endsOn: '2026-12-31' });

    // The community's page and the unit's page (by its party organization).
    const list = (await call(leader1, 'GET', '/api/pairings?year=2026')).json();
    expect(list).toEqual([
      expect.objectContaining({ id: p.id, activities: 1, participants: 32, planItems: 3, reviewed: true }),
    ]);
    const ofUnit = (await call(party, 'GET', `/api/pairings?partyOrgId=${partyOrgId}&year=2026`)).json();
    expect(ofUnit.map((x: { id: string }) => x.id)).toEqual([p.id]);
  });

  it('keeps each community to its own staff', async () => {
    const created = await call(leader1, 'POST', '/api/pairings', {
      communityCode: C1,
      unitKind: 'unit',
      unitName: '中国银行东湖支行',
      agreement: '金融服务进社区',
      signedOn: '2026-02-01',
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    expect((await call(leader2, 'GET', `/api/pairings/${id}`)).statusCode).toBe(404);
    expect(
      (await call(leader2, 'PATCH', `/api/pairings/${id}`, { version: 1, state: 'ended' })).statusCode,
    ).toBe(404);
    expect((await call(leader2, 'GET', '/api/pairings')).json()).toEqual([]);
    const outside = await call(leader2, 'POST', '/api/pairings', {
      communityCode: C1,
      unitKind: 'unit',
      unitName: '越界单位',
      agreement: '',
      signedOn: '2026-02-01',
    });
    expect(outside.statusCode).toBe(422);
    expect((await call(resident, 'GET', '/api/pairings')).statusCode).toBe(403);
    const noOrg = await call(leader1, 'POST', '/api/pairings', {
      communityCode: C1,
      unitKind: 'party_org',
      agreement: '',
      signedOn: '2026-02-01',
    });
    expect(noOrg.statusCode).toBe(422);
  });
});
