import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { type CasesContext, filesDir, reportCase, storeFile } from '../cases/index.ts';
import { fieldError } from '../teams/index.ts';
import * as tasks from './patrols.repository.ts';
import type { VisitBody, VisitsQuery } from './patrols.schemas.ts';
import { addDays, cstDay, cstMidnight } from './periods.ts';
import * as repo from './visits.repository.ts';

export interface VisitsContext {
  db: Db;
  cases: CasesContext;
  dataDir: string;
}

const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
// Phones' clocks drift; a visit a few minutes "in the future" is a clock, not a lie.
const CLOCK_SKEW_MS = 10 * 60_000;

type VisitRow = NonNullable<Awaited<ReturnType<typeof repo.findVisit>>>;
type PhotoRow = Awaited<ReturnType<typeof repo.photosOf>>[number];

function visitView(row: VisitRow, photos: PhotoRow[]) {
  return {
    id: row.id,
    taskId: row.task_id,
    kind: row.kind,
    targetType: row.target_type,
    targetId: row.target_id,
    targetLabel: row.target_label,
    gridCode: row.grid_code,
    visitorId: row.visitor_id,
    visitorName: row.visitor_name,
    visitedAt: row.visited_at.toISOString(),
    lon: row.lon,
    lat: row.lat,
    track: row.track,
    checkpoints: row.checkpoints,
    findings: row.findings,
    result: row.result,
    caseId: row.case_id,
    photos: photos
      .filter((p) => p.visit_id === row.id)
      .map((p) => ({ id: p.id, fileName: p.file_name, contentType: p.content_type, size: p.size })),
    createdAt: row.created_at.toISOString(),
  };
}

async function visibleVisit(db: Db, caller: Auth, id: string) {
  const row = await repo.findVisit(db, id);
  if (!row || !isWithin(row.grid_code, caller.areaCode)) throw new AppError('visit_not_found');
  return row;
}

export async function getVisit(ctx: VisitsContext, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'visits.read');
  const row = await visibleVisit(ctx.db, caller, id);
  return visitView(row, await repo.photosOf(ctx.db, [id]));
}

export async function listVisits(ctx: VisitsContext, auth: Auth | null, query: VisitsQuery) {
  const caller = requirePermission(auth, 'visits.read');
  const scope = resolveScope(caller, query.areaCode);
  const { rows, total } = await repo.listVisits(
    ctx.db,
    {
      scopeCode: scope,
      from: query.from ? cstMidnight(query.from) : undefined,
      to: query.to ? cstMidnight(addDays(query.to, 1)) : undefined,
      kind: query.kind,
      result: query.result,
    },
    query,
  );
  const photos = await repo.photosOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => visitView(r, photos)), total };
}

/** Where the visit happened and what about: the task's, else the target's, the grid's or the point's. */
async function placeVisit(ctx: VisitsContext, caller: Auth, input: VisitBody) {
  if (input.targetType && input.targetId) {
    const target = await repo.findTarget(ctx.db, input.targetType, input.targetId);
    if (!target || !isWithin(target.grid_code, caller.areaCode)) throw fieldError('target', 'not_found');
    return { gridCode: target.grid_code, targetLabel: target.label };
  }
  if (input.targetType || input.targetId) throw fieldError('target', 'not_found');
  if (input.gridCode) {
    const grid = await tasks.findGrid(ctx.db, input.gridCode);
    if (!grid || !isWithin(grid.code, caller.areaCode)) throw fieldError('gridCode', 'not_found');
    return { gridCode: grid.code, targetLabel: null };
  }
  const first = input.track?.coordinates[0] ?? input.checkpoints?.[0];
  const lon = input.lon ?? (Array.isArray(first) ? first[0] : first?.lon);
  const lat = input.lat ?? (Array.isArray(first) ? first[1] : first?.lat);
  if (lon === undefined || lat === undefined) throw fieldError('gridCode', 'required');
  const grid = (await ctx.cases.gridIndex.current()).locate(lon, lat);
  if (!grid || !isWithin(grid, caller.areaCode)) throw fieldError('location', 'outside_district');
  return { gridCode: grid, targetLabel: null };
}

/**
 * Records a visit or patrol, with its photos, and closes its task. The visit's own time (taken
 * on the phone, perhaps hours before it could be sent) decides whether the task was on time.
 */
export async function recordVisit(ctx: VisitsContext, auth: Auth | null, input: VisitBody) {
  const caller = requirePermission(auth, 'visits.record');
  const visitedAt = new Date(input.visitedAt);
  if (visitedAt.getTime() > Date.now() + CLOCK_SKEW_MS) throw fieldError('visitedAt', 'in_future');
  if ((input.lon === undefined) !== (input.lat === undefined)) throw fieldError('location', 'required');
  let task: Awaited<ReturnType<typeof tasks.findTask>> | undefined;
  let place: { gridCode: string; targetLabel: string | null };
  if (input.taskId) {
    task = await tasks.findTask(ctx.db, input.taskId);
    if (!task || !isWithin(task.grid_code, caller.areaCode)) throw new AppError('visit_not_found');
    if (task.state !== 'open') throw new AppError('visit_task_done');
    place = { gridCode: task.grid_code, targetLabel: task.target_label };
  } else {
    place = await placeVisit(ctx, caller, input);
  }
  // Files first (content-addressed: a retry stores nothing twice), then one transaction for the rows.
  const dir = filesDir(ctx.dataDir);
  const photos: { file_name: string; content_type: string; size: number; sha256: string }[] = [];
  for (const photo of input.photos ?? []) {
    const bytes = Buffer.from(photo.data, 'base64');
    if (bytes.length > MAX_PHOTO_BYTES) throw fieldError('photos', 'bad_photo');
    const sha256 = await storeFile(dir, photo.contentType, bytes);
    photos.push({ file_name: photo.fileName, content_type: photo.contentType, size: bytes.length, sha256 });
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    if (task) {
      const locked = await tasks.lockTask(trx, task.id);
      if (locked?.state !== 'open') throw new AppError('visit_task_done');
    }
    const { id } = await repo.insertVisit(trx, {
      task_id: task?.id ?? null,
      kind: input.kind,
      target_type: task?.target_type ?? input.targetType ?? null,
      target_id: task?.target_id ?? input.targetId ?? null,
      target_label: place.targetLabel,
      grid_code: place.gridCode,
      visitor_id: caller.userId,
      visitor_name: caller.displayName,
      visited_at: visitedAt,
      lon: input.lon ?? null,
      lat: input.lat ?? null,
      track: input.track ? JSON.stringify(input.track) : null,
      checkpoints: input.checkpoints ? JSON.stringify(input.checkpoints) : null,
      findings: input.findings?.trim() ?? '',
      result: input.result,
    });
    await repo.insertPhotos(
      trx,
      photos.map((p) => ({ ...p, visit_id: id, uploaded_by: caller.userId })),
    );
    if (task) await tasks.completeTask(trx, task.id, visitedAt);
    await audit(trx, caller, {
      action: 'visit.record',
      targetType: 'visit',
      targetId: id,
      detail: { kind: input.kind, taskId: task?.id ?? null, result: input.result, photos: photos.length },
    });
    return id;
  });
  return getVisit(ctx, caller, id);
}

/** Turns a visit's finding into a case in one step, reported by the visitor, and links the two. */
export async function caseFromVisit(
  ctx: VisitsContext,
  auth: Auth | null,
  id: string,
  input: { categoryCode: string; description?: string },
  lang: Lang,
) {
  const caller = requirePermission(auth, 'visits.record');
  const visit = await visibleVisit(ctx.db, caller, id);
  if (visit.case_id)
    throw new AppError('visit_has_case', { caseId: visit.case_id }, { caseId: visit.case_id });
  const description = input.description?.trim() || visit.findings.trim();
  if (!description) throw fieldError('findings', 'required');
  const point =
    visit.lon !== null && visit.lat !== null
      ? { lon: visit.lon, lat: visit.lat }
      : { gridCode: visit.grid_code };
  const kase = await reportCase(
    ctx.cases,
    { kind: 'user', auth: caller },
    {
      categoryCode: input.categoryCode,
      description,
      address: visit.target_label ?? undefined,
      ...point,
    },
    lang,
  );
  // Two finders racing: the second case stays reported (a likely duplicate); the visit keeps the first.
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockVisit(trx, id);
    if (locked && !locked.case_id) await repo.linkCase(trx, id, kase.id);
    await audit(trx, caller, {
      action: 'visit.case',
      targetType: 'visit',
      targetId: id,
      detail: { caseId: kase.id },
    });
  });
  return { visit: await getVisit(ctx, caller, id), case: kase };
}

export async function photo(ctx: VisitsContext, auth: Auth | null, id: string, photoId: string) {
  const caller = requirePermission(auth, 'visits.read');
  await visibleVisit(ctx.db, caller, id);
  const file = (await repo.photosOf(ctx.db, [id])).find((p) => p.id === photoId);
  if (!file) throw new AppError('not_found');
  const bytes = await fs.promises
    .readFile(path.join(filesDir(ctx.dataDir), file.sha256.slice(0, 2), file.sha256))
    .catch(() => null);
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== file.sha256)
    throw new AppError('internal');
  return { bytes, contentType: file.content_type, fileName: file.file_name };
}

/** A day's patrol tracks and visit points in the area, as GeoJSON for the map. */
export async function tracks(
  ctx: VisitsContext,
  auth: Auth | null,
  query: { areaCode?: string; date?: string },
) {
  const caller = requirePermission(auth, 'visits.read');
  const day = query.date ?? cstDay(new Date());
  const scope = resolveScope(caller, query.areaCode);
  const rows = await repo.tracks(ctx.db, scope, cstMidnight(day), cstMidnight(addDays(day, 1)));
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => {
      const geometry = r.track
        ? r.track
        : r.checkpoints && r.checkpoints.length > 1
          ? { type: 'LineString' as const, coordinates: r.checkpoints.map((c) => [c.lon, c.lat]) }
          : {
              type: 'Point' as const,
              coordinates: r.checkpoints?.[0] ? [r.checkpoints[0].lon, r.checkpoints[0].lat] : [r.lon, r.lat],
            };
      return {
        type: 'Feature' as const,
        id: r.id,
        geometry,
        properties: {
          kind: r.kind,
          gridCode: r.grid_code,
          visitorName: r.visitor_name,
          visitedAt: r.visited_at.toISOString(),
          result: r.result,
        },
      };
    }),
  };
}
