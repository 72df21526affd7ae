import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});

afterAll(() => t?.close());

describe('houses', () => {
  it('answers a room number taken in the building with 409, also when two requests race', async () => {
    const house = await t.db
      .selectFrom('houses')
      .select(['building_id', 'room'])
      .limit(1)
      .executeTakeFirstOrThrow();
    const create = (room: string) =>
      t.as(admin, {
        method: 'POST',
        url: '/api/houses',
        payload: { buildingId: house.building_id, room, usage: 'vacant' },
      });
    const taken = await create(house.room);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('house_exists');
    // The unique index refuses the second of two racing requests with the same 409.
    const [a, b] = await Promise.all([create('race-101'), create('race-101')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().code).toMatch(
      /house_exists|invalid_field|record/,
    );
  });
});
