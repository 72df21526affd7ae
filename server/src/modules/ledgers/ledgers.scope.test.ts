import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, feature, square } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { importAreas } from '../areas/areas.import.ts';

/**
 * Area codes whose own digits end in zeros: a community `…010` and a grid `…010` must not cover
 * their neighbours `…011` (an area's prefix is not its code without the trailing zeros).
 */
const D = '659010';
const street = `${D}001000`;
const c010 = `${D}001010`;
const c011 = `${D}001011`;
const g010 = `${c010}010`;
const g011 = `${c010}011`;
const g2 = `${c011}001`;

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  await importAreas(
    t.db,
    t.app.gridIndex,
    'system',
    [
      feature(`${D}000000`, '测试区', 'district', null, square(110, 30, 3)),
      feature(street, '测试街道', 'street', `${D}000000`, square(110, 30, 3)),
      feature(c010, '十号社区', 'community', street, square(110, 30, 1)),
      feature(c011, '十一号社区', 'community', street, square(111, 30, 1)),
      feature(g010, '十号网格', 'grid', c010, square(110, 30, 0.5)),
      feature(g011, '十一号网格', 'grid', c010, square(110.5, 30, 0.5)),
      feature(g2, '另一社区的网格', 'grid', c011, square(111, 30, 0.5)),
    ],
    'demo',
  );
  t.app.gridIndex.invalidate();
  const user = await buildUser(t.db, 'district_admin', `${D}000000`);
  admin = await t.login(user.username);
  for (const [grid, lon] of [
    [g010, 110.2],
    [g011, 110.7],
    [g2, 111.2],
  ] as const) {
    await t.db
      .insertInto('things')
      .values({ grid_code: grid, category: 'manhole', name: `井盖 ${grid}`, lon, lat: 30.2, state: 'normal' })
      .execute();
  }
});
afterAll(() => t.close());

async function exportedNames(areaCode: string): Promise<string[]> {
  const response = await t.as(admin, {
    method: 'GET',
    url: `/api/ledger-types/um_components/export?format=csv&areaCode=${areaCode}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.body
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[1]!)
    .sort();
}

describe('area scope of ledger exports', () => {
  it('a community …010 covers its own grids, not community …011', async () => {
    expect(await exportedNames(c010)).toEqual([`井盖 ${g010}`, `井盖 ${g011}`]);
  });

  it('a grid …010 covers itself, not grid …011', async () => {
    expect(await exportedNames(g010)).toEqual([`井盖 ${g010}`]);
  });

  it('an area outside the caller’s is answered as if it did not exist', async () => {
    const response = await t.as(admin, {
      method: 'GET',
      url: '/api/ledger-types/um_components/export?format=csv&areaCode=440106000000',
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('area_not_found');
  });
});
