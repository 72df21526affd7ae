import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDistrict, buildUser, square } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { idCheckChar } from '../registry/identity.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('grid sizing', () => {
  it('lists the demo grids against the rule', async () => {
    const admin = await t.login('admin');
    const r = (await t.as(admin, { method: 'GET', url: '/api/grid-sizing' })).json();
    expect(r.rule.households.target).toBe(300);
    expect(r.items.length).toBeGreaterThan(280);
    expect(r.summary.oversized + r.summary.undersized + r.summary.ok).toBe(r.items.length);
  });

  it('proposes a split of an oversized grid along its buildings, and accepting it re-places every record', async () => {
    const d = await buildDistrict(t.db, '450105', 108, 34);
    const user = await buildUser(t.db, 'district_admin', d.district);
    const s: Session = await t.login(user.username);
    const post = (url: string, payload: object) => t.as(s, { method: 'POST', url, payload });
    const grid = `${d.community}001`;
    expect(
      (
        await post('/api/areas', {
          code: grid,
          name: '大网格',
          level: 'grid',
          parentCode: d.community,
          boundary: square(d.lon, d.lat, 1),
        })
      ).statusCode,
    ).toBe(201);

    // Four buildings, two in the west and two in the east, one household each; someone lives in the first.
    const spots = [
      [0.2, 0.3],
      [0.25, 0.7],
      [0.75, 0.3],
      [0.8, 0.6],
    ];
    const buildings: string[] = [];
    let firstHouse = '';
    for (const [i, [x, y]] of spots.entries()) {
      const b = await post('/api/buildings', {
        name: `${i + 1} 栋`,
        address: `测试路 ${i + 1} 号`,
        lon: d.lon + x,
        lat: d.lat + y,
      });
      expect(b.statusCode).toBe(201);
      buildings.push(b.json().id);
      const h = await post('/api/houses', { buildingId: b.json().id, room: '101', usage: 'own_occupied' });
      firstHouse ||= h.json().id;
      expect((await post('/api/households', { houseId: h.json().id })).statusCode).toBe(201);
    }
    const first17 = '11010519500101135';
    const person = await post('/api/people', {
      name: '住户',
      idNumber: first17 + idCheckChar(first17),
      residency: 'registered',
      houseId: firstHouse,
    });
    expect(person.statusCode).toBe(201);

    const rule = { households: { target: 2, min: 1, max: 3 }, people: { target: 2, min: 0, max: 100 } };
    expect((await t.as(s, { method: 'PUT', url: '/api/grid-sizing/rule', payload: rule })).statusCode).toBe(
      200,
    );
    const sizing = (await t.as(s, { method: 'GET', url: `/api/grid-sizing?areaCode=${d.district}` })).json();
    expect(sizing.items).toEqual([
      expect.objectContaining({ code: grid, households: 4, status: 'oversized' }),
    ]);

    const proposal = (await t.as(s, { method: 'GET', url: `/api/areas/${grid}/split-proposal` })).json();
    expect(proposal.parts).toHaveLength(2);
    expect(proposal.parts.map((p: { households: number }) => p.households)).toEqual([2, 2]);

    const gap = await post(`/api/areas/${grid}/split`, {
      version: proposal.version,
      parts: [
        { name: '西', boundary: square(d.lon, d.lat, 0.5) },
        { name: '东', boundary: square(d.lon + 0.5, d.lat, 0.5) },
      ],
    });
    expect(gap.statusCode).toBe(400);
    expect(gap.json().detail).toContain('cover');

    const accepted = await post(`/api/areas/${grid}/split`, {
      version: proposal.version,
      parts: proposal.parts.map((p: { boundary: unknown }, i: number) => ({
        name: `大网格${i + 1}`,
        boundary: p.boundary,
      })),
    });
    expect(accepted.statusCode).toBe(200);
    const { created, moved } = accepted.json();
    expect(created).toEqual([`${d.community}002`, `${d.community}003`]);
    expect(moved).toMatchObject({ buildings: 4, houses: 4, households: 4, people: 1 });

    const old = (await t.as(s, { method: 'GET', url: `/api/areas/${grid}` })).json();
    expect(old.retired).toBe(true);
    for (const [i, id] of buildings.entries()) {
      const b = (await t.as(s, { method: 'GET', url: `/api/buildings/${id}` })).json();
      const located = (
        await t.as(s, { method: 'GET', url: `/api/areas/locate?lon=${b.lon}&lat=${b.lat}` })
      ).json();
      expect(b.gridCode, `building ${i}`).toBe(located.grid.code);
      expect(created).toContain(b.gridCode);
    }
    const history = (await t.as(s, { method: 'GET', url: `/api/people/${person.json().id}/history` })).json()
      .items;
    expect(history[0]).toMatchObject({ source: 'system', sourceRef: `split:${grid}` });
    const gridHistory = (await t.as(s, { method: 'GET', url: `/api/areas/${grid}/history` })).json().items;
    expect(gridHistory[0].changes.splitInto).toEqual([null, created]);
  });
});
