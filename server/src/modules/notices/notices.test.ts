import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { publishNotice } from './index.ts';

const COMMUNITY = '440305001001';
const OTHER = '440305001002';
let t: TestApp;
let grid: string;
let leader: Session;
let worker: Session;
let resident: Session;
let stranger: Session;
let household: string;

beforeAll(async () => {
  t = await createTestApp();
  // A person of the community who has a household, and a resident account signed up as them.
  const person = await t.db
    .selectFrom('people')
    .select(['id', 'grid_code', 'household_id', 'name'])
    .where('grid_code', 'like', `${COMMUNITY}%`)
    .where('household_id', 'is not', null)
    .where('retired_at', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  grid = person.grid_code;
  household = person.household_id!;
  const user = await buildUser(t.db, 'resident', grid);
  await t.db
    .insertInto('resident_signups')
    .values({
      kind: 'verified',
      person_id: person.id,
      name: person.name,
      id_number_enc: 'x',
      id_number_hash: 'x',
      id_number_mask: 'x',
      phone_enc: 'x',
      phone_hash: 'x',
      phone_mask: 'x',
      community_code: COMMUNITY,
      grid_code: grid,
      username: user.username,
      password_hash: 'x',
      state: 'done',
      user_id: user.id,
    })
    .execute();
  resident = await t.login(user.username);
  leader = await t.login((await buildUser(t.db, 'area_leader', COMMUNITY)).username);
  worker = await t.login((await buildUser(t.db, 'grid_worker', grid)).username);
  stranger = await t.login((await buildUser(t.db, 'resident', OTHER)).username);
}, 120_000);

afterAll(() => t?.close());

async function publish(body: Record<string, unknown>, session = leader) {
  return t.as(session, {
    method: 'POST',
    url: '/api/notices',
    payload: { title: '停水通知', body: '明日 9:00-17:00 停水，请提前储水。', areaCodes: [grid], ...body },
  });
}

describe('notices', () => {
  it('publishes inside one’s area only; residents see their area’s, pinned first', async () => {
    const outside = await publish({ areaCodes: [`${OTHER}001`] });
    expect(outside.statusCode).toBe(422);
    const plain = (await publish({ title: '普通通知' })).json();
    const pinned = (await publish({ title: '置顶通知', pinned: true, areaCodes: [COMMUNITY] })).json();
    const expired = await publish({ title: '已过期', expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(expired.statusCode).toBe(201);
    const mine = await t.as(resident, { method: 'GET', url: '/api/notices' });
    expect(mine.statusCode, mine.body).toBe(200);
    const titles = mine.json().map((n: { title: string }) => n.title);
    expect(titles[0]).toBe('置顶通知');
    expect(titles).toContain('普通通知');
    expect(titles).not.toContain('已过期');
    const theirs = await t.as(stranger, { method: 'GET', url: '/api/notices' });
    expect(theirs.json().map((n: { id: string }) => n.id)).not.toContain(plain.id);
    expect((await t.as(stranger, { method: 'GET', url: `/api/notices/${pinned.id}` })).statusCode).toBe(404);
  });

  it('keeps a read receipt per household; the grid worker sees who has not read, focus groups first', async () => {
    const notice = (await publish({ title: '重要：燃气安全检查', important: true })).json();
    const before = (await t.as(worker, { method: 'GET', url: `/api/notices/${notice.id}/unread` })).json();
    expect(before.map((h: { householdId: string }) => h.householdId)).toContain(household);
    const focus = before.findIndex((h: { focusGroups: string[] }) => h.focusGroups.length === 0);
    expect(before.slice(0, focus).every((h: { focusGroups: string[] }) => h.focusGroups.length > 0)).toBe(
      true,
    );
    expect(before.slice(focus).every((h: { focusGroups: string[] }) => h.focusGroups.length === 0)).toBe(
      true,
    );
    const read = await t.as(resident, { method: 'POST', url: `/api/notices/${notice.id}/read` });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ read: true, readHouseholds: 1 });
    const after = (await t.as(worker, { method: 'GET', url: `/api/notices/${notice.id}/unread` })).json();
    expect(after.map((h: { householdId: string }) => h.householdId)).not.toContain(household);
    expect(after).toHaveLength(before.length - 1);
    expect(
      (await t.as(resident, { method: 'GET', url: `/api/notices/${notice.id}/unread` })).statusCode,
    ).toBe(403);
  });

  it('serves public notices without login; other modules publish through publishNotice', async () => {
    const id = await publishNotice(t.db, {
      title: '居民议事会召开通知',
      body: '本周六上午在社区活动室召开。',
      areaCodes: [COMMUNITY],
      authorId: null,
      authorName: '社区居委会',
      isPublic: true,
    });
    await publish({ title: '内部通知' });
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/public/notices',
      query: { communityCode: COMMUNITY },
    });
    expect(res.statusCode).toBe(200);
    const titles = res.json().map((n: { title: string }) => n.title);
    expect(titles).toContain('居民议事会召开通知');
    expect(titles).not.toContain('内部通知');
    expect(res.json().find((n: { id: string }) => n.id === id)).not.toHaveProperty('areaCodes');
  });

  it('keeps a community’s links with QR codes made on the server, and prints them as a poster', async () => {
    const put = await t.as(leader, {
      method: 'PUT',
      url: `/api/communities/${COMMUNITY}/links`,
      payload: {
        links: [{ kind: 'wechat_group', name: '幸福社区居民群', url: 'https://weixin.qq.com/g/example' }],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const links = await t.app.inject({ method: 'GET', url: `/api/public/communities/${COMMUNITY}/links` });
    expect(links.json()).toHaveLength(1);
    expect(links.json()[0].qrSvg).toMatch(/^<svg[^>]*viewBox/);
    const poster = await t.app.inject({
      method: 'GET',
      url: `/api/public/communities/${COMMUNITY}/links/poster`,
    });
    expect(poster.headers['content-type']).toContain('text/html');
    expect(poster.body).toContain('幸福社区居民群');
    expect(poster.body).toContain('<svg');
    const outside = await t.as(leader, {
      method: 'PUT',
      url: `/api/communities/${OTHER}/links`,
      payload: { links: [] },
    });
    expect(outside.statusCode).toBe(404);
  });
});
