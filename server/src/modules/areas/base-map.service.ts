import type { Db } from '../../db/database.ts';
import { getSetting, putSetting } from '../../db/settings.ts';
import { bboxOf } from '../../geo/geojson.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { permissionsOf } from '../../platform/auth/permissions.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './areas.repository.ts';
import type { BaseMap } from './base-map.schemas.ts';

const KEY = 'base_map';

/** The configured tiles (any user who is logged in) and the caller's area's bounds, to centre maps on. */
export async function getBaseMap(db: Db, auth: Auth | null) {
  if (!auth) throw new AppError('unauthenticated');
  const baseMap = (await getSetting<BaseMap>(db, KEY)) ?? null;
  let bounds: number[] | null = null;
  if (permissionsOf(auth.role).includes('areas.read')) {
    const area = await repo.findArea(db, auth.areaCode);
    if (area) bounds = bboxOf(area.boundary);
  }
  return { baseMap, bounds };
}

function checkTemplate(field: string, url: string, subdomains: string) {
  const fail = (reason: string) => {
    throw new AppError('invalid_field', { field, reason });
  };
  for (const part of ['{z}', '{x}', '{y}']) if (!url.includes(part)) fail(`${part} is missing`);
  if (url.includes('{s}') && !subdomains) fail('{s} needs subdomains');
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/\{[a-z]+\}/gi, '0'));
  } catch {
    return fail('not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') fail('only http and https URLs');
}

export async function putBaseMap(db: Db, auth: Auth | null, baseMap: BaseMap | null) {
  const caller = requirePermission(auth, 'map.configure');
  if (baseMap) {
    checkTemplate('url', baseMap.url, baseMap.subdomains);
    if (baseMap.labelsUrl) checkTemplate('labelsUrl', baseMap.labelsUrl, baseMap.subdomains);
  }
  await db.transaction().execute(async (trx) => {
    await putSetting(trx, KEY, baseMap, caller.userId);
    await audit(trx, caller, {
      action: 'settings.base_map',
      targetType: 'setting',
      targetId: KEY,
      detail: { baseMap },
    });
  });
  return getBaseMap(db, caller);
}
