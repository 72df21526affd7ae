import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import type { Permission } from '../../platform/auth/permissions.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import type { WallFigureSource } from '../../platform/wall.ts';
import { areaNames } from '../areas/index.ts';
import { camerasOnWall } from '../cameras/index.ts';
import {
  beijingDay,
  type CasesContext,
  caseClusterPoints,
  casePointsJson,
  cohortFiguresOf,
  groupNames,
  listCasesByIds,
  reportCase,
  superviseCase,
} from '../cases/index.ts';
import type { HotspotCasesInput, HotspotsInput, RankingsInput } from './command.schemas.ts';
import { findHotspots } from './hotspots.ts';

const DAY = 86_400_000;

/** How often each panel's data is refreshed; older data shows as stale on the wall. */
export const REFRESH_SECONDS = {
  figures: 60,
  points: 60,
  cameras: 60,
  hotspots: 300,
  rankings: 600,
} as const;

/** The area a wall request covers; 403 without the command centre's permission. */
export function wallScope(
  auth: Auth | null,
  areaCode: string | undefined,
  permission: Permission = 'command.read',
) {
  if (!auth) throw new AppError('unauthenticated');
  if (!auth.permissions.includes(permission)) throw new AppError('forbidden');
  return resolveScope(auth, areaCode);
}

/** Today's numbers of every source the viewer has the permission for, each against last week. */
export async function wallFigures(
  db: Db,
  sources: readonly WallFigureSource[],
  auth: Auth | null,
  areaCode: string | undefined,
  now = new Date(),
) {
  const area = wallScope(auth, areaCode);
  const day = beijingDay(now);
  const visible = sources.filter((s) => auth!.permissions.includes(s.permission));
  const groups = await Promise.all(
    visible.map(async (s) =>
      (await s.compute(db, { areaCode: area, day, now })).map((f) => ({ module: s.module, ...f })),
    ),
  );
  return {
    computedAt: now.toISOString(),
    refreshSeconds: REFRESH_SECONDS.figures,
    areaCode: area,
    day,
    figures: groups.flat(),
  };
}

/**
 * The located cases of the last `days` days: the map's points and heat layer. The answer's JSON
 * text (PointsSchema, the bytes its serializer would write), the points' array built by PostgreSQL
 * (`casePointsJson`): up to 20,000 points are neither parsed nor serialized here.
 */
export async function points(
  db: Db,
  auth: Auth | null,
  input: { areaCode?: string; days: number; categoryCode?: string },
  now = new Date(),
): Promise<string> {
  const area = wallScope(auth, input.areaCode);
  const json = await casePointsJson(
    db,
    area,
    { from: new Date(now.getTime() - input.days * DAY), until: now },
    { categoryCode: input.categoryCode },
  );
  return `{"computedAt":"${now.toISOString()}","refreshSeconds":${REFRESH_SECONDS.points},"points":${json}}`;
}

/**
 * The map's camera layer: the area's cameras, online or not, each with its incidents waiting for a
 * decision. Needs the cameras' permission as well as the wall's.
 */
export async function cameras(db: Db, auth: Auth | null, areaCode: string | undefined, now = new Date()) {
  const area = wallScope(auth, areaCode);
  if (!auth!.permissions.includes('cameras.read')) throw new AppError('forbidden');
  return {
    computedAt: now.toISOString(),
    refreshSeconds: REFRESH_SECONDS.cameras,
    cameras: await camerasOnWall(db, area),
  };
}

/** At most this many cases are clustered per request (DBSCAN compares every pair). */
const HOTSPOT_POINTS = 5_000;

export async function hotspots(
  db: Db,
  auth: Auth | null,
  input: HotspotsInput,
  lang: Lang,
  now = new Date(),
) {
  return hotspotsOf(db, wallScope(auth, input.areaCode), input, lang, now);
}

/** The hot spots of an area already resolved, of the `days` days before `now`. */
export async function hotspotsOf(db: Db, area: string, input: HotspotsInput, lang: Lang, now = new Date()) {
  const rows = await caseClusterPoints(
    db,
    area,
    { from: new Date(now.getTime() - input.days * DAY), until: now },
    { categoryCode: input.categoryCode, limit: HOTSPOT_POINTS },
  );
  const clusters = findHotspots(
    rows,
    { meters: input.meters, days: input.spanDays, minCases: input.minCases },
    now,
  );
  const [categories, grids] = await Promise.all([
    groupNames(
      db,
      'category',
      clusters.map((c) => c.categoryCode),
    ),
    areaNames(
      db,
      clusters.map((c) => c.gridCode),
    ),
  ]);
  const categoryName = new Map(categories.map((c) => [c.code, lang === 'zh' ? c.name_zh : c.name_en]));
  const numbers = new Map(rows.map((r) => [r.id, r.number]));
  // The link opens exactly the hot spot's cases: the same settings, as of now (see hotspotCases).
  const settings = new URLSearchParams({
    area,
    days: String(input.days),
    meters: String(input.meters),
    spanDays: String(input.spanDays),
    minCases: String(input.minCases),
    ...(input.categoryCode ? { category: input.categoryCode } : {}),
    at: now.toISOString(),
  });
  return {
    computedAt: now.toISOString(),
    refreshSeconds: REFRESH_SECONDS.hotspots,
    hotspots: clusters.map((c) => {
      const oldest = c.members.at(-1)!;
      const id = createHash('sha1').update(`${c.categoryCode}:${oldest.id}`).digest('hex').slice(0, 16);
      return {
        id,
        categoryCode: c.categoryCode,
        categoryName: categoryName.get(c.categoryCode) ?? c.categoryCode,
        gridCode: c.gridCode,
        gridName: grids.get(c.gridCode) ?? c.gridCode,
        size: c.members.length,
        lon: c.lon,
        lat: c.lat,
        radius: Math.round(c.radius),
        first: c.first.toISOString(),
        last: c.last.toISOString(),
        recent: c.recent,
        earlier: c.earlier,
        trend: c.trend,
        caseIds: c.members.map((m) => m.id),
        caseNumbers: c.members.map((m) => numbers.get(m.id) ?? m.id),
        href: `/cases?hotspot=${id}&${settings}`,
      };
    }),
  };
}

/**
 * Exactly a hot spot's cases, as the case list shows them: the clusters are found again with the
 * same settings as of `at` (when the list the viewer clicked was computed), so the hot spot keeps
 * its members however much later it is opened. One no longer found is 409 `hotspot_gone`.
 */
export async function hotspotCases(
  ctx: CasesContext,
  auth: Auth | null,
  id: string,
  input: HotspotCasesInput,
  lang: Lang,
  now = new Date(),
) {
  const area = wallScope(auth, input.areaCode);
  const at = input.at ? new Date(Math.min(Date.parse(input.at), now.getTime())) : now;
  const found = (await hotspotsOf(ctx.db, area, input, lang, at)).hotspots.find((h) => h.id === id);
  if (!found) throw new AppError('hotspot_gone');
  const page = await listCasesByIds(ctx, auth, found.caseIds, input, lang);
  return { hotspot: found, ...page };
}

/**
 * A hot spot sent to the command centre: one new case at its centre ("many reports of the same
 * problem here", listing its cases), supervised at once with the sender's instruction. Only a role
 * that both reports and supervises cases may (the district administrator).
 */
export async function sendHotspot(
  ctx: CasesContext,
  auth: Auth | null,
  input: HotspotsInput & { categoryCode: string; hotspotId: string; instruction: string },
  lang: Lang,
) {
  wallScope(auth, input.areaCode, 'command.manage');
  const found = (await hotspots(ctx.db, auth, input, lang)).hotspots.find((h) => h.id === input.hotspotId);
  if (!found) throw new AppError('hotspot_gone');
  const description =
    lang === 'zh'
      ? `热点：${found.gridName}${found.size}起同类事件（${found.categoryName}）：${found.caseNumbers.join('、')}`
      : `Hot spot: ${found.size} cases of ${found.categoryName} in ${found.gridName}: ${found.caseNumbers.join(', ')}`;
  const kase = await reportCase(
    ctx,
    { kind: 'user', auth: auth! },
    {
      categoryCode: found.categoryCode,
      description: description.slice(0, 2000),
      lon: found.lon,
      lat: found.lat,
    },
    lang,
  );
  await superviseCase(ctx, auth, kase.id, input.instruction, lang);
  return { caseId: kase.id, number: kase.number };
}

const DEFAULT_DAYS = 30;

/** Grids, communities or departments ranked by one indicator, the best first (no data last). */
export async function rankings(
  db: Db,
  auth: Auth | null,
  input: RankingsInput,
  lang: Lang,
  now = new Date(),
) {
  return rankingsOf(db, wallScope(auth, input.areaCode), input, lang, now);
}

/** The rankings of an area already resolved. */
export async function rankingsOf(db: Db, area: string, input: RankingsInput, lang: Lang, now = new Date()) {
  const to = input.to ?? beijingDay(now);
  const from =
    input.from ?? beijingDay(new Date(Date.parse(`${to}T12:00:00+08:00`) - (DEFAULT_DAYS - 1) * DAY));
  // From the cohort rollups: the same numbers as the monthly report's `figuresOf` for these.
  const figures = await cohortFiguresOf(db, area, { from, to, groupBy: input.groupBy }, lang);
  const rows = figures.rows.map((r) => ({
    key: r.key,
    name: r.name,
    reported: r.reported,
    onTimeRate: r.handleOnTimeRate,
    closureRate: r.closureRate,
    satisfaction: r.satisfaction,
    reworkRate: r.reopenRate,
    href: input.groupBy === 'department' ? `/cases?area=${area}&department=${r.key}` : `/cases?area=${r.key}`,
  }));
  // Rework is better low; the others high.
  const sign = input.indicator === 'reworkRate' ? 1 : -1;
  rows.sort((a, b) => {
    const [x, y] = [a[input.indicator], b[input.indicator]];
    if (x === null || y === null) return x === y ? a.key.localeCompare(b.key) : x === null ? 1 : -1;
    return sign * (x - y) || a.key.localeCompare(b.key);
  });
  return {
    computedAt: now.toISOString(),
    refreshSeconds: REFRESH_SECONDS.rankings,
    from: figures.from,
    to: figures.to,
    groupBy: input.groupBy,
    indicator: input.indicator,
    rows: rows.map((r, i) => ({ rank: i + 1, ...r })),
  };
}
