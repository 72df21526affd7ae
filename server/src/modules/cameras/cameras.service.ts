import type { Db } from '../../db/database.ts';
import { putSetting } from '../../db/settings.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { verifyApiKey } from '../../platform/auth/apikeys.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import type { WallFigureSource } from '../../platform/wall.ts';
import { dispatchToOwner, ensureCaseCategory, reportCase } from '../cases/index.ts';
import type { Alarm } from './alarms.normalize.ts';
import {
  type CamerasContext,
  DEFAULT_SETTINGS,
  forgetRules,
  incidentDecidedError,
  makeCase,
  rulesAndSettings,
  SETTINGS_KEY,
  takeAlarm,
} from './alarms.service.ts';
import { readCameraList } from './cameras.import.ts';
import { fieldError, importError } from './cameras.messages.ts';
import * as repo from './cameras.repository.ts';
import type {
  AlarmResult,
  CameraInputValue,
  CameraSettings,
  CamerasQueryValue,
  IncidentsQueryValue,
  RuleInputValue,
} from './cameras.schemas.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function cameraView(r: repo.CameraRow) {
  return {
    id: r.id,
    deviceId: r.device_id,
    channelId: r.channel_id,
    name: r.name,
    gridCode: r.grid_code,
    lon: r.lon,
    lat: r.lat,
    direction: r.direction,
    ownerDepartment: r.owner_department,
    intelligent: r.intelligent,
    analysisTypes: r.analysis_types,
    status: r.status,
    lastHeartbeatAt: iso(r.last_heartbeat_at),
    faultCaseId: r.fault_case_id,
    version: r.version,
  };
}

export function incidentView(r: repo.IncidentRow, lang: Lang) {
  return {
    id: r.id,
    cameraId: r.camera_id,
    cameraName: r.camera_name,
    deviceId: r.device_id,
    lon: r.lon,
    lat: r.lat,
    gridCode: r.grid_code,
    alarmType: r.alarm_type,
    alarmTypeName: (lang === 'zh' ? r.name_zh : r.name_en) ?? r.alarm_type,
    state: r.state,
    decision: r.decision,
    mode: r.mode,
    alarmCount: r.alarm_count,
    throttled: r.throttled,
    bestScore: r.best_score,
    hasSnapshot: r.snapshot_sha256 !== null,
    zones: r.zones,
    startedAt: r.started_at.toISOString(),
    lastAlarmAt: r.last_alarm_at.toISOString(),
    endedAt: iso(r.ended_at),
    caseId: r.case_id,
    caseNumber: r.case_number,
    decidedAt: iso(r.decided_at),
    version: r.version,
  };
}

// ---- cameras ----

export async function listCameras(db: Db, auth: Auth | null, q: CamerasQueryValue) {
  const caller = requirePermission(auth, 'cameras.read');
  const areaCode = resolveScope(caller, q.areaCode);
  const [rows, count] = await repo.listCameras(db, {
    areaCode,
    status: q.status,
    intelligent: q.intelligent,
    q: q.q?.trim() || undefined,
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
  });
  return { items: rows.map(cameraView), total: Number(count.n) };
}

export async function cameraPoints(db: Db, auth: Auth | null, areaCode: string | undefined) {
  const caller = requirePermission(auth, 'cameras.read');
  return { items: await repo.cameraPoints(db, resolveScope(caller, areaCode)) };
}

async function visibleCamera(db: Db, auth: Auth, id: string) {
  const row = await repo.findCamera(db, id);
  if (!row || !isWithin(row.grid_code, auth.areaCode)) throw new AppError('camera_not_found');
  return row;
}

export async function getCamera(db: Db, auth: Auth | null, id: string, lang: Lang) {
  const caller = requirePermission(auth, 'cameras.read');
  const row = await visibleCamera(db, caller, id);
  const [alarms, [incidents], stats] = await Promise.all([
    repo.alarmsOfCamera(db, id, 50),
    repo.listIncidents(db, { areaCode: row.grid_code, cameraId: id, offset: 0, limit: 50 }),
    repo.statsOfCamera(db, id),
  ]);
  return {
    ...cameraView(row),
    alarms: alarms.map((a) => ({
      id: Number(a.id),
      alarmType: a.alarm_type,
      via: a.via,
      phase: a.phase,
      score: a.score,
      priority: a.priority,
      zones: a.zones,
      filtered: a.filtered,
      incidentId: a.incident_id,
      occurredAt: a.occurred_at.toISOString(),
    })),
    incidents: incidents.map((r) => incidentView(r, lang)),
    stats: stats.map((s) => ({
      alarmType: s.alarm_type,
      incidents: Number(s.incidents),
      dismissed: Number(s.dismissed),
      falseAlarmRate: Number(s.decided) > 0 ? Number(s.dismissed) / Number(s.decided) : null,
    })),
  };
}

async function placeCamera(ctx: CamerasContext, auth: Auth, lon: number, lat: number) {
  const grid = (await ctx.cases.gridIndex.current()).locate(lon, lat);
  if (!grid || !isWithin(grid, auth.areaCode)) return null;
  return grid;
}

export async function createCamera(ctx: CamerasContext, auth: Auth | null, input: CameraInputValue) {
  const caller = requirePermission(auth, 'cameras.manage');
  const grid = await placeCamera(ctx, caller, input.lon, input.lat);
  if (!grid) throw fieldError('location', 'outside_scope');
  const saved = await repo
    .insertCamera(ctx.cases.db, {
      device_id: input.deviceId,
      channel_id: input.channelId ?? null,
      name: input.name.trim(),
      grid_code: grid,
      lon: input.lon,
      lat: input.lat,
      direction: input.direction ?? null,
      owner_department: input.ownerDepartment ?? null,
      intelligent: input.intelligent ?? false,
      analysis_types: input.analysisTypes ?? [],
    })
    .catch((error) => {
      if ((error as { constraint?: string }).constraint === 'cameras_device_uq')
        throw new AppError('camera_exists', { deviceId: input.channelId ?? input.deviceId });
      throw error;
    });
  await audit(ctx.cases.db, caller, {
    action: 'camera.create',
    targetType: 'camera',
    targetId: saved.id,
    detail: { deviceId: input.deviceId, gridCode: grid },
  });
  return cameraView((await repo.findCamera(ctx.cases.db, saved.id))!);
}

const GB = /^[0-9]{20}$/;

/** Imports a camera list: all rows or none; a known device and channel is updated. */
export async function importCameras(ctx: CamerasContext, auth: Auth | null, fileName: string, bytes: Buffer) {
  const caller = requirePermission(auth, 'cameras.manage');
  const { missing, records } = await readCameraList(fileName, bytes).catch(() => {
    throw importError([{ row: 1, field: 'file', reason: 'missing_columns' }]);
  });
  if (missing.length > 0) throw fieldError('file', 'missing_columns', { columns: missing.join(', ') });
  const problems: { row: number; field: string; reason: string }[] = [];
  const rows: Parameters<typeof repo.upsertCameras>[1] = [];
  const seen = new Set<string>();
  const index = await ctx.cases.gridIndex.current();
  for (const { row, record } of records) {
    const problem = (field: string, reason: string) => problems.push({ row, field, reason });
    if (!GB.test(record.deviceId)) problem('deviceId', 'bad_gb_id');
    if (record.channelId && !GB.test(record.channelId)) problem('channelId', 'bad_gb_id');
    if (!record.name) problem('name', 'required');
    const lon = Number(record.lon);
    const lat = Number(record.lat);
    const direction = record.direction === '' ? null : Number(record.direction);
    if (!record.lon || !Number.isFinite(lon) || lon < -180 || lon > 180) problem('lon', 'bad_number');
    if (!record.lat || !Number.isFinite(lat) || lat < -90 || lat > 90) problem('lat', 'bad_number');
    if (direction !== null && !(Number.isInteger(direction) && direction >= 0 && direction < 360))
      problem('direction', 'bad_number');
    const key = `${record.deviceId}/${record.channelId}`;
    if (seen.has(key)) problem('deviceId', 'duplicate');
    seen.add(key);
    const grid = Number.isFinite(lon) && Number.isFinite(lat) ? index.locate(lon, lat) : null;
    if (record.lon && record.lat && (!grid || !isWithin(grid, caller.areaCode)))
      problem('location', 'outside_scope');
    rows.push({
      device_id: record.deviceId,
      channel_id: record.channelId || null,
      name: record.name,
      grid_code: grid,
      lon,
      lat,
      direction,
      owner_department: record.ownerDepartment || null,
      intelligent: /^(1|y|yes|true|是)$/i.test(record.intelligent),
      analysis_types: record.analysisTypes
        .split(/[,，;；\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    });
  }
  if (problems.length > 0) throw importError(problems);
  const result = await ctx.cases.db.transaction().execute((trx) => repo.upsertCameras(trx, rows));
  await audit(ctx.cases.db, caller, {
    action: 'camera.import',
    targetType: 'camera',
    detail: { fileName, ...result },
  });
  return result;
}

// ---- alarm intake ----

/** Alarms pushed over HTTP: the API key (scope `cameras.alarm`) decides which cameras may report. */
export async function receiveAlarms(ctx: CamerasContext, apiKey: string | undefined, alarms: Alarm[]) {
  const client = await verifyApiKey(ctx.cases.db, apiKey, 'cameras.alarm');
  if (!client) throw new AppError('api_key_invalid');
  const results: AlarmResult[] = [];
  for (const [index, alarm] of alarms.entries())
    results.push({ index, ...(await takeAlarm(ctx, alarm, client.areaCode)) });
  return { results };
}

/** Keepalives: the cameras named are online now. */
export async function receiveHeartbeats(ctx: CamerasContext, apiKey: string | undefined, keys: string[]) {
  const client = await verifyApiKey(ctx.cases.db, apiKey, 'cameras.alarm');
  if (!client) throw new AppError('api_key_invalid');
  const ids: string[] = [];
  let unknown = 0;
  for (const key of keys) {
    const camera = await repo.cameraByKey(ctx.cases.db, key);
    if (camera && isWithin(camera.grid_code, client.areaCode)) ids.push(camera.id);
    else unknown++;
  }
  if (ids.length > 0) await repo.touchCameras(ctx.cases.db, ids, new Date());
  return { online: ids.length, unknown };
}

// ---- incidents ----

export async function listIncidents(db: Db, auth: Auth | null, q: IncidentsQueryValue, lang: Lang) {
  const caller = requirePermission(auth, 'cameras.read');
  const areaCode = resolveScope(caller, q.areaCode);
  const [rows, count] = await repo.listIncidents(db, {
    areaCode,
    cameraId: q.cameraId,
    alarmType: q.alarmType,
    decision: q.decision,
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
  });
  return { items: rows.map((r) => incidentView(r, lang)), total: Number(count.n) };
}

async function visibleIncident(db: Db, auth: Auth, id: string) {
  const row = await repo.findIncident(db, id);
  if (!row || !isWithin(row.grid_code, auth.areaCode)) throw new AppError('incident_not_found');
  return row;
}

export async function getIncident(db: Db, auth: Auth | null, id: string, lang: Lang) {
  const caller = requirePermission(auth, 'cameras.read');
  return incidentView(await visibleIncident(db, caller, id), lang);
}

/** The incident's best snapshot (its checksum, to be read from the file store). */
export async function incidentSnapshot(db: Db, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'cameras.read');
  const row = await visibleIncident(db, caller, id);
  if (!row.snapshot_sha256) throw new AppError('not_found');
  return row.snapshot_sha256;
}

/**
 * The incident an operator decides on. What must still hold is that nobody has decided it: alarms
 * joining it raise its version all the time, so an older version seen on the wall is no conflict.
 * A decision taken meanwhile is (409 `incident_decided` here, or `version_conflict` from the
 * conditional update when two operators click at once); a version it never had is refused too.
 */
async function pendingIncident(db: Db, caller: Auth, id: string, version: number) {
  const row = await visibleIncident(db, caller, id);
  if (row.decision !== 'pending') throw incidentDecidedError(row.decision);
  if (version > row.version) throw new AppError('version_conflict', { currentVersion: row.version });
  return row;
}

export async function confirmIncident(
  ctx: CamerasContext,
  auth: Auth | null,
  id: string,
  version: number,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'cameras.decide');
  await pendingIncident(ctx.cases.db, caller, id, version);
  const caseId = await makeCase(ctx, id, caller.userId);
  if (!caseId) throw new AppError('version_conflict');
  await audit(ctx.cases.db, caller, {
    action: 'camera.confirm',
    targetType: 'camera_incident',
    targetId: id,
    detail: { caseId },
  });
  return incidentView((await repo.findIncident(ctx.cases.db, id))!, lang);
}

export async function dismissIncident(
  ctx: CamerasContext,
  auth: Auth | null,
  id: string,
  version: number,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'cameras.decide');
  const row = await pendingIncident(ctx.cases.db, caller, id, version);
  const done = await repo.decide(ctx.cases.db, id, 'dismissed', caller.userId);
  if (!done) throw new AppError('version_conflict');
  await audit(ctx.cases.db, caller, {
    action: 'camera.dismiss',
    targetType: 'camera_incident',
    targetId: id,
  });
  ctx.bus.publish({ id, gridCode: row.grid_code, alarmType: row.alarm_type, kind: 'decided' });
  return incidentView((await repo.findIncident(ctx.cases.db, id))!, lang);
}

// ---- rules and settings ----

function ruleView(r: Awaited<ReturnType<typeof repo.listRules>>[number]) {
  return {
    alarmType: r.alarm_type,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    categoryCode: r.category_code,
    minScore: r.min_score,
    zones: r.zones,
    hoursFrom: r.hours_from,
    hoursTo: r.hours_to,
    mode: r.mode,
    version: r.version,
  };
}

export async function listRules(db: Db, auth: Auth | null) {
  requirePermission(auth, 'cameras.read');
  return { items: (await repo.listRules(db)).map(ruleView) };
}

export async function putRule(db: Db, auth: Auth | null, alarmType: string, input: RuleInputValue) {
  const caller = requirePermission(auth, 'cameras.manage');
  const saved = await repo
    .upsertRule(
      db,
      {
        alarm_type: alarmType,
        name_zh: input.nameZh,
        name_en: input.nameEn,
        category_code: input.categoryCode,
        min_score: input.minScore,
        zones: input.zones ?? [],
        hours_from: input.hoursFrom,
        hours_to: input.hoursTo,
        mode: input.mode,
      },
      input.version,
    )
    .catch((error) => {
      if ((error as { code?: string }).code === '23514') throw fieldError('categoryCode', 'unknown_category');
      throw error;
    });
  if (!saved) throw new AppError('version_conflict');
  forgetRules();
  await audit(db, caller, {
    action: 'camera.rule',
    targetType: 'camera_rule',
    targetId: alarmType,
    detail: { mode: input.mode },
  });
  return ruleView(saved);
}

export async function getSettings(db: Db, auth: Auth | null) {
  requirePermission(auth, 'cameras.read');
  return (await rulesAndSettings(db)).settings;
}

export async function putSettings(db: Db, auth: Auth | null, input: CameraSettings) {
  const caller = requirePermission(auth, 'cameras.manage');
  await putSetting(db, SETTINGS_KEY, input, caller.userId);
  forgetRules();
  return input;
}

// ---- offline cameras ----

/**
 * Cameras that report heartbeats and have been silent longer than the setting go offline, and each
 * becomes a component-fault case for its owner department. Run every minute.
 */
export async function sweepOffline(ctx: CamerasContext) {
  const db = ctx.cases.db;
  const { settings } = await rulesAndSettings(db);
  const gone = await repo.markOffline(db, new Date(Date.now() - settings.offlineMinutes * 60_000));
  if (gone.length === 0) return 0;
  if (settings.faultCategory === DEFAULT_SETTINGS.faultCategory)
    await ensureCaseCategory(
      db,
      settings.faultCategory,
      'facilities',
      '视频监控设备故障',
      'Camera out of order',
    );
  for (const camera of gone) {
    const made = await reportCase(
      ctx.cases,
      {
        kind: 'client',
        name: `camera ${camera.device_id}`,
        source: 'camera',
        areaCode: camera.grid_code,
        externalId: `offline:${camera.id}:${Date.now()}`,
      },
      {
        categoryCode: settings.faultCategory,
        description: `视频监控离线超过 ${settings.offlineMinutes} 分钟：${camera.name}（设备 ${camera.device_id}）${camera.owner_department ? `，权属单位 ${camera.owner_department}` : ''}`,
        lon: camera.lon,
        lat: camera.lat,
        address: camera.name,
      },
      'zh',
    );
    await repo.setFaultCase(db, camera.id, made.id);
    // Dispatched at once to the camera's owner, when the owner is one of the departments.
    if (camera.owner_department)
      await dispatchToOwner(ctx.cases, made.id, camera.owner_department, {
        zh: `摄像机权属单位（${camera.name}）`,
        en: `the camera's owner department (${camera.name})`,
      });
  }
  return gone.length;
}

// ---- the command centre's wall ----

const cstMidnight = (now: Date) => {
  const shifted = new Date(now.getTime() + 8 * 3600_000);
  return new Date(
    Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()) - 8 * 3600_000,
  );
};

export const camerasWallFigures: WallFigureSource = {
  module: 'cameras',
  permission: 'cameras.read',
  async compute(db, { areaCode, now }) {
    const since = cstMidnight(now);
    const c = await repo.wallCounts(db, areaCode, since, new Date(since.getTime() - 7 * 86_400_000));
    const href = (q: string) => `/cameras/wall?areaCode=${areaCode}${q}`;
    return [
      {
        key: 'cameras.pending',
        label: { zh: '待确认视频告警', en: 'Camera incidents to confirm' },
        value: c.pending,
        lastWeek: null,
        better: 'down',
        href: href('&decision=pending'),
      },
      {
        key: 'cameras.offline',
        label: { zh: '离线摄像机', en: 'Cameras offline' },
        value: c.offline,
        lastWeek: null,
        better: 'down',
        href: `/cameras?areaCode=${areaCode}&status=offline`,
      },
      {
        key: 'cameras.incidentsToday',
        label: { zh: '今日视频告警事件', en: 'Camera incidents today' },
        value: c.today,
        lastWeek: c.lastWeek,
        better: 'down',
        href: href(''),
      },
    ];
  },
};
