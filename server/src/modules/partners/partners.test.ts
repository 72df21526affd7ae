import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../platform/auth/passwords.ts';
import type { Role } from '../../platform/auth/permissions.ts';
import { buildUser, feature, square } from '../../test/factories.ts';
import { createTestApp, type Session, TEST_PASSWORD, type TestApp } from '../../test/harness.ts';
import { GridIndex, importAreas } from '../areas/index.ts';

const D = '440397';
const DISTRICT = `${D}000000`;
const STREET = `${D}001000`;
const C1 = `${D}001001`;
const C2 = `${D}001002`;
const G1 = `${C1}001`;
const G2 = `${C2}001`;

let t: TestApp;
let leader1: Session;
let leader2: Session;
let resident1: Session;
let resident1b: Session;
let resident2: Session;
let partnerA: Session;
let partnerB: Session;
let partnerAId: string;

let logins = 0;
/** Logs in as a new user of `role`, each from another address (logins are rate limited per address). */
async function login(role: Role, area: string): Promise<Session> {
  const { username } = await buildUser(t.db, role, area);
  logins += 1;
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: `10.88.${logins >> 8}.${logins & 255}`,
    payload: { username, password: TEST_PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(200);
  const cookie = response.cookies.find((c) => c.name === 'cg_session')!;
  const body = response.json();
  return { cookie: `cg_session=${cookie.value}`, csrfToken: body.csrfToken, user: body.user };
}
const call = (s: Session | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.as(s, { method, url, ...(payload ? { payload } : {}) });

/** Applies without a login, approves as `leader`, and logs in as the partner's new account. */
async function partnerOf(name: string, area: string, leader: Session) {
  const applied = await call(null, 'POST', '/api/public/partner-applications', {
    name,
    kind: 'bank',
    areaCode: area,
    contactName: '王经理',
    contactPhone: '13800138000',
    description: '金融知识进社区',
  });
  expect(applied.statusCode, applied.body).toBe(201);
  const id = applied.json().id as string;
  const username = `p${Math.random().toString(36).slice(2, 10)}`;
  const approved = await call(leader, 'POST', `/api/partners/${id}/approve`, { version: 1, username });
  expect(approved.statusCode, approved.body).toBe(200);
  expect(approved.json().account.temporaryPassword).toMatch(/.{12}/);
  // The temporary password must be changed at the first login; the test sets a known one.
  await t.db
    .updateTable('users')
    .set({ password_hash: await hashPassword(TEST_PASSWORD), must_change_password: false })
    .where('username', '=', username)
    .execute();
  return { id, session: await t.login(username) };
}

async function serviceOf(partner: Session, areaCode: string, capacity: number, extra: object = {}) {
  const res = await call(partner, 'POST', '/api/partner-services', {
    name: '上门安装宽带',
    kind: 'digital',
    areaCode,
    hours: '周一至周五 9:00–17:00',
    priceFen: 0,
    capacity,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

beforeAll(async () => {
  t = await createTestApp({ empty: true });
  await importAreas(
    t.db,
    new GridIndex(t.db),
    'system',
    [
      feature(DISTRICT, '伙伴区', 'district', null, square(100, 30, 1)),
      feature(STREET, '伙伴街道', 'street', DISTRICT, square(100, 30, 1)),
      feature(C1, '甲社区', 'community', STREET, square(100, 30, 0.4)),
      feature(C2, '乙社区', 'community', STREET, square(100.5, 30, 0.4)),
      feature(G1, '甲一', 'grid', C1, square(100, 30, 0.4)),
      feature(G2, '乙一', 'grid', C2, square(100.5, 30, 0.4)),
    ],
    'demo',
  );
  leader1 = await login('area_leader', C1);
  leader2 = await login('area_leader', C2);
  resident1 = await login('resident', G1);
  resident1b = await login('resident', G1);
  resident2 = await login('resident', G2);
  const a = await partnerOf('甲银行', C1, leader1);
  partnerAId = a.id;
  partnerA = a.session;
  partnerB = (await partnerOf('乙超市', C2, leader2)).session;
}, 120_000);

afterAll(() => t?.close());

describe('partners', () => {
  it('apply without login, are decided by the staff of their area only, once', async () => {
    const applied = await call(null, 'POST', '/api/public/partner-applications', {
      name: '丙公益',
      kind: 'charity',
      areaCode: C1,
      contactName: '李',
      contactPhone: '13900139000',
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const { id } = applied.json();
    // Nowhere else: an area that does not exist, and the neighbouring community's staff.
    const nowhere = await call(null, 'POST', '/api/public/partner-applications', {
      name: '丁商店',
      kind: 'shop',
      areaCode: `${D}009009`,
      contactName: '李',
      contactPhone: '13900139000',
    });
    expect(nowhere.statusCode, nowhere.body).toBe(422);
    expect((await call(leader2, 'GET', `/api/partners/${id}`)).statusCode).toBe(404);
    expect(
      (await call(leader2, 'POST', `/api/partners/${id}/reject`, { version: 1, reason: '不符合' }))
        .statusCode,
    ).toBe(404);
    const pending = (await call(leader1, 'GET', '/api/partners?state=pending')).json();
    expect(pending.map((p: { id: string }) => p.id)).toContain(id);
    expect(pending[0].contactPhone).toBe('139****9000');
    expect(
      (await call(leader1, 'POST', `/api/partners/${id}/reject`, { version: 9, reason: '不符合' }))
        .statusCode,
    ).toBe(409);
    const rejected = await call(leader1, 'POST', `/api/partners/${id}/reject`, {
      version: 1,
      reason: '资质不全',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ state: 'rejected', reason: '资质不全' });
    const again = await call(leader1, 'POST', `/api/partners/${id}/approve`, {
      version: 2,
      username: 'again.partner',
    });
    expect(again.json().code).toBe('partner_decided');
  });

  it('a partner sees only its own partner, services and bookings', async () => {
    const svcA = await serviceOf(partnerA, G1, 5);
    const svcB = await serviceOf(partnerB, C2, 5);
    // A partner places services only inside its own area.
    const outside = await call(partnerA, 'POST', '/api/partner-services', {
      name: '越界服务',
      kind: 'other',
      areaCode: C2,
      priceFen: 100,
      capacity: 1,
    });
    expect(outside.statusCode).toBe(422);
    const mine = (await call(partnerA, 'GET', '/api/partner-services')).json();
    expect(mine.map((s: { id: string }) => s.id)).toEqual([svcA.id]);
    expect((await call(partnerA, 'GET', `/api/partner-services/${svcB.id}`)).statusCode).toBe(404);
    expect(
      (await call(partnerA, 'PATCH', `/api/partner-services/${svcB.id}`, { version: 1, state: 'closed' }))
        .statusCode,
    ).toBe(404);
    expect((await call(partnerA, 'GET', `/api/partners/${partnerAId}`)).statusCode).toBe(200);
    expect((await call(partnerB, 'GET', `/api/partners/${partnerAId}`)).statusCode).toBe(404);
    expect((await call(partnerA, 'GET', '/api/partners')).statusCode).toBe(403);
    // Residents see what is offered where they live.
    const r1 = (await call(resident1, 'GET', '/api/partner-services')).json();
    expect(r1.map((s: { id: string }) => s.id)).toContain(svcA.id);
    expect(r1.map((s: { id: string }) => s.id)).not.toContain(svcB.id);
    expect((await call(resident2, 'POST', '/api/partner-bookings', { serviceId: svcA.id })).statusCode).toBe(
      404,
    );
    const booked = await call(resident1, 'POST', '/api/partner-bookings', { serviceId: svcA.id });
    expect(booked.statusCode, booked.body).toBe(201);
    const bookedB = await call(resident2, 'POST', '/api/partner-bookings', { serviceId: svcB.id });
    expect(bookedB.statusCode, bookedB.body).toBe(201);
    const ofA = (await call(partnerA, 'GET', '/api/partner-bookings')).json();
    expect(ofA.map((b: { id: string }) => b.id)).toEqual([booked.json().id]);
    expect((await call(partnerA, 'GET', `/api/partner-bookings/${bookedB.json().id}`)).statusCode).toBe(404);
    expect(
      (await call(partnerA, 'POST', `/api/partner-bookings/${bookedB.json().id}/confirm`, { version: 1 }))
        .statusCode,
    ).toBe(404);
    // A resident sees only their own bookings; another resident's is not there.
    expect((await call(resident1b, 'GET', '/api/partner-bookings')).json()).toEqual([]);
    expect((await call(resident1b, 'GET', `/api/partner-bookings/${booked.json().id}`)).statusCode).toBe(404);
    // Staff see their area's bookings, masked.
    const staff = (await call(leader1, 'GET', '/api/partner-bookings')).json();
    expect(staff.map((b: { id: string }) => b.id)).toEqual([booked.json().id]);
    expect(staff[0].residentName).toMatch(/^测\*+$/);
  });

  it('a booking goes booked → confirmed → done → rated; a home service shows the phone once confirmed', async () => {
    const svc = await serviceOf(partnerA, C1, 3, { needsContact: true, priceFen: 5000 });
    const noPhone = await call(resident1, 'POST', '/api/partner-bookings', { serviceId: svc.id });
    expect(noPhone.statusCode).toBe(422);
    const booked = await call(resident1, 'POST', '/api/partner-bookings', {
      serviceId: svc.id,
      phone: '13712345678',
      note: '下午在家',
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const b = booked.json();
    expect(b.phone).toBe('13712345678');
    const twice = await call(resident1, 'POST', '/api/partner-bookings', {
      serviceId: svc.id,
      phone: '13712345678',
    });
    expect(twice.json().code).toBe('booking_exists');
    expect((await call(partnerA, 'GET', `/api/partner-bookings/${b.id}`)).json().phone).toBe('137****5678');
    expect(
      (await call(partnerA, 'POST', `/api/partner-bookings/${b.id}/done`, { version: 1 })).json().code,
    ).toBe('booking_wrong_state');
    const confirmed = await call(partnerA, 'POST', `/api/partner-bookings/${b.id}/confirm`, { version: 1 });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await call(partnerA, 'GET', `/api/partner-bookings/${b.id}`)).json().phone).toBe('13712345678');
    const audited = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', b.id)
      .where('action', '=', 'partner.booking.contact')
      .execute();
    expect(audited).toHaveLength(1);
    expect(
      (await call(resident1, 'POST', `/api/partner-bookings/${b.id}/rating`, { version: 2, rating: 5 }))
        .statusCode,
    ).toBe(409);
    expect(
      (await call(partnerA, 'POST', `/api/partner-bookings/${b.id}/done`, { version: 2 })).statusCode,
    ).toBe(200);
    const rated = await call(resident1, 'POST', `/api/partner-bookings/${b.id}/rating`, {
      version: 3,
      rating: 4,
      comment: '师傅很专业',
    });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ state: 'done', rating: 4 });
    expect((await call(partnerA, 'GET', `/api/partner-services/${svc.id}`)).json()).toMatchObject({
      rating: 4,
      ratings: 1,
      booked: 1,
    });
    const figures = (await call(leader1, 'GET', `/api/partners/figures?areaCode=${C1}`)).json();
    expect(figures.communities[0]).toMatchObject({ code: C1, done: 1, rating: 4, ratings: 1 });
    expect(figures.communities[0].services).toBeGreaterThanOrEqual(2);
  });

  it('a cancelled or declined booking frees its place', async () => {
    const svc = await serviceOf(partnerA, C1, 1);
    const first = (await call(resident1, 'POST', '/api/partner-bookings', { serviceId: svc.id })).json();
    expect((await call(resident1b, 'POST', '/api/partner-bookings', { serviceId: svc.id })).json().code).toBe(
      'service_full',
    );
    expect(
      (await call(resident1, 'POST', `/api/partner-bookings/${first.id}/cancel`, { version: 1 })).statusCode,
    ).toBe(200);
    const second = await call(resident1b, 'POST', '/api/partner-bookings', { serviceId: svc.id });
    expect(second.statusCode, second.body).toBe(201);
    const declined = await call(partnerA, 'POST', `/api/partner-bookings/${second.json().id}/decline`, {
      version: 1,
      reason: '师傅请假',
    });
    expect(declined.json()).toMatchObject({ state: 'declined', reason: '师傅请假' });
    expect((await call(partnerA, 'GET', `/api/partner-services/${svc.id}`)).json().booked).toBe(0);
  });

  it('never overbooks a service under concurrent bookings', async () => {
    const capacity = 7;
    const svc = await serviceOf(partnerA, C1, capacity);
    const residents = await Promise.all(Array.from({ length: 25 }, () => login('resident', G1)));
    const answers = await Promise.all(
      residents.map((r) => call(r, 'POST', '/api/partner-bookings', { serviceId: svc.id })),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(capacity);
    expect(codes.filter((c) => c === 409)).toHaveLength(residents.length - capacity);
    expect(answers.filter((a) => a.statusCode === 409).every((a) => a.json().code === 'service_full')).toBe(
      true,
    );
    const rows = await t.db
      .selectFrom('partner_bookings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('service_id', '=', svc.id)
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(capacity);
    expect((await call(partnerA, 'GET', `/api/partner-services/${svc.id}`)).json().booked).toBe(capacity);
    // Capacity cannot be lowered below what is booked.
    expect(
      (await call(partnerA, 'PATCH', `/api/partner-services/${svc.id}`, { version: 1, capacity: 3 }))
        .statusCode,
    ).toBe(422);
  });
});
