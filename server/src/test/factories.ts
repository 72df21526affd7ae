import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Polygon } from '../geo/geojson.ts';
import { importAreas } from '../modules/areas/areas.import.ts';
import { GridIndex } from '../modules/areas/grid-index.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import type { Role } from '../platform/auth/permissions.ts';
import { TEST_PASSWORD } from './global-setup.ts';

/** An axis-aligned square as a closed counter-clockwise GeoJSON polygon. */
export function square(lon: number, lat: number, size: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
      ],
    ],
  };
}

export function feature(
  code: string,
  name: string,
  level: string,
  parentCode: string | null,
  geometry: unknown,
) {
  return { type: 'Feature', properties: { code, name, level, parentCode }, geometry };
}

/**
 * A small district of its own, far from the demo one: district → street → community (a 1°
 * square at `lon`, `lat`), with no grids yet, so a test can place grids freely.
 */
export async function buildDistrict(db: Db, districtDigits: string, lon = 100, lat = 30) {
  const district = `${districtDigits}000000`;
  const street = `${districtDigits}001000`;
  const community = `${districtDigits}001001`;
  await importAreas(
    db,
    new GridIndex(db),
    'system',
    [
      feature(district, `测试区${districtDigits}`, 'district', null, square(lon, lat, 1)),
      feature(street, '测试街道', 'street', district, square(lon, lat, 1)),
      feature(community, '测试社区', 'community', street, square(lon, lat, 1)),
    ],
    'demo',
  );
  return { district, street, community, lon, lat };
}

export async function buildUser(db: Db, role: Role, areaCode: string) {
  const username = `u${randomBytes(5).toString('hex')}`;
  const user = await db
    .insertInto('users')
    .values({
      username,
      display_name: `测试用户 ${username}`,
      password_hash: await hashPassword(TEST_PASSWORD),
      role,
      area_code: areaCode,
    })
    .returning(['id', 'username'])
    .executeTakeFirstOrThrow();
  return user;
}
