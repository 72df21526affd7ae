import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.ts';
import { getSetting } from '../../db/settings.ts';
import { isWithin } from '../../geo/area-code.ts';
import { AppError } from '../../platform/errors.ts';
import { attachStoredFile, type CasesContext, reportCase, storeFile } from '../cases/index.ts';
import type { IncidentBus } from './alarms.bus.ts';
import type { Alarm } from './alarms.normalize.ts';
import * as repo from './cameras.repository.ts';
import type { AlarmResult, CameraSettings } from './cameras.schemas.ts';

export interface CamerasContext {
  cases: CasesContext;
  /** Where snapshots are stored (the cases' file store). */
  filesDir: string;
  bus: IncidentBus;
}

export const DEFAULT_SETTINGS: CameraSettings = {
  windowMinutes: 10,
  floodPerMinute: 30,
  offlineMinutes: 30,
  faultCategory: 'camera_fault',
};
const SETTINGS_KEY = 'cameras';

type Rule = Awaited<ReturnType<typeof repo.listRules>>[number];

/** Rules and settings change rarely and are read on every alarm: kept for a few seconds. */
let cached: { at: number; db: Db; rules: Map<string, Rule>; settings: CameraSettings } | null = null;
export async function rulesAndSettings(db: Db) {
  if (cached && cached.db === db && Date.now() - cached.at < 5_000) return cached;
  const [rules, settings] = await Promise.all([
    repo.listRules(db),
    getSetting<Partial<CameraSettings>>(db, SETTINGS_KEY),
  ]);
  cached = {
    at: Date.now(),
    db,
    rules: new Map(rules.map((r) => [r.alarm_type, r])),
    settings: { ...DEFAULT_SETTINGS, ...settings },
  };
  return cached;
}
export function forgetRules() {
  cached = null;
}
export { SETTINGS_KEY };

/** The hour of the day in the district (China Standard Time, no daylight saving). */
const districtHour = (at: Date) => (at.getUTCHours() + 8) % 24;

function inHours(rule: Rule, at: Date) {
  const h = districtHour(at);
  if (rule.hours_from === 0 && rule.hours_to === 24) return true;
  return rule.hours_from < rule.hours_to
    ? h >= rule.hours_from && h < rule.hours_to
    : h >= rule.hours_from || h < rule.hours_to;
}

/** Why an alarm makes no incident under its rule, or null when it does. */
export function filterOf(rule: Rule, alarm: Alarm): string | null {
  if (alarm.score !== null && alarm.score < rule.min_score) return 'low_score';
  if (rule.zones.length > 0 && !alarm.zones.some((z) => rule.zones.includes(z))) return 'outside_zones';
  if (!inHours(rule, alarm.occurredAt)) return 'outside_hours';
  return null;
}

const refused = (reason: string): Omit<AlarmResult, 'index'> => ({
  outcome: 'refused',
  incidentId: null,
  caseId: null,
  reason,
});

function snapshotBytes(snapshot: Buffer | string): Buffer {
  if (Buffer.isBuffer(snapshot)) return snapshot;
  return Buffer.from(snapshot.replace(/^data:[^,]*,/, ''), 'base64');
}

/** An alarm checked and ready to store: its camera, its rule, its snapshot stored, why it is filtered. */
type Prepared = {
  alarm: Alarm;
  camera: NonNullable<Awaited<ReturnType<typeof repo.cameraByKey>>>;
  rule: Rule;
  settings: CameraSettings;
  sha: string | null;
  filtered: string | null;
};
type Stored = Awaited<ReturnType<typeof storeAlarm>>;
const isPrepared = (x: Prepared | Result): x is Prepared => 'camera' in x;
type Result = Omit<AlarmResult, 'index'>;

async function prepareAlarm(
  ctx: CamerasContext,
  alarm: Alarm,
  areaCode: string | null,
): Promise<Prepared | Result> {
  const db = ctx.cases.db;
  const camera = await repo.cameraByKey(db, alarm.cameraKey);
  if (!camera) return refused('unknown_camera');
  if (areaCode && !isWithin(camera.grid_code, areaCode)) return refused('outside_scope');
  const { rules, settings } = await rulesAndSettings(db);
  const rule = rules.get(alarm.type);
  if (!rule) return refused('unknown_type');
  if (Number.isNaN(alarm.occurredAt.getTime())) return refused('bad_time');
  let sha: string | null = null;
  if (alarm.snapshot) {
    try {
      sha = await storeFile(ctx.filesDir, 'image/jpeg', snapshotBytes(alarm.snapshot));
    } catch {
      return refused('bad_snapshot');
    }
  }
  const filtered = alarm.phase === 'end' ? null : filterOf(rule, alarm);
  return { alarm, camera, rule, settings, sha, filtered };
}

/** Stores one alarm inside the caller's transaction and folds it into its incident. */
async function storeAlarm(trx: Db, p: Prepared, now: Date) {
  const { alarm, camera, rule, settings, sha, filtered } = p;
  const alarmId = await repo.insertAlarm(trx, {
    camera_id: camera.id,
    alarm_type: alarm.type,
    via: alarm.via,
    dedupe_key: alarm.dedupeKey,
    priority: alarm.priority,
    score: alarm.score,
    zones: alarm.zones,
    phase: alarm.phase,
    description: alarm.description,
    snapshot_sha256: sha,
    filtered,
    occurred_at: alarm.occurredAt,
  });
  if (alarmId === undefined) return { kind: 'duplicate' as const };
  if (filtered) return { kind: 'filtered' as const, reason: filtered };
  if (alarm.phase === 'end') {
    const ended = await repo.endIncident(trx, camera.id, alarm.type, alarm.occurredAt);
    if (!ended) return { kind: 'filtered' as const, reason: 'no_open_incident' };
    await repo.linkAlarm(trx, alarmId, ended.id);
    return { kind: 'joined' as const, incident: ended };
  }
  const flooding = (await repo.alarmsInLastMinute(trx, camera.id, now)) > settings.floodPerMinute;
  if (flooding) {
    // A flooding camera makes no new incidents: its alarms are counted into the open one.
    const open = await repo.openIncidentOfCamera(trx, camera.id);
    const counted = open && (await repo.countInto(trx, open.id, alarm.occurredAt));
    if (counted) {
      await repo.linkAlarm(trx, alarmId, counted.id);
      return { kind: 'joined' as const, incident: counted };
    }
  }
  await repo.endStale(
    trx,
    camera.id,
    alarm.type,
    new Date(alarm.occurredAt.getTime() - settings.windowMinutes * 60_000),
  );
  const incident = await repo.joinOrOpen(trx, {
    camera_id: camera.id,
    alarm_type: alarm.type,
    grid_code: camera.grid_code,
    decision: 'pending',
    mode: rule.mode,
    best_score: alarm.score,
    snapshot_sha256: sha,
    zones: alarm.zones,
    throttled: flooding,
    started_at: alarm.occurredAt,
    last_alarm_at: alarm.occurredAt,
  });
  await repo.linkAlarm(trx, alarmId, incident.id);
  return { kind: incident.created ? ('accepted' as const) : ('joined' as const), incident };
}

/** After the commit: the case where the rule says `auto`, the live event, the answer. */
async function finishAlarm(ctx: CamerasContext, p: Prepared, outcome: Stored): Promise<Result> {
  if (outcome.kind === 'duplicate')
    return { outcome: 'duplicate', incidentId: null, caseId: null, reason: null };
  if (outcome.kind === 'filtered')
    return { outcome: 'filtered', incidentId: null, caseId: null, reason: outcome.reason };
  const incident = outcome.incident;
  let caseId = incident.case_id;
  if (outcome.kind === 'accepted' && incident.mode === 'auto')
    caseId = await makeCase(ctx, incident.id, null);
  ctx.bus.publish({
    id: incident.id,
    gridCode: p.camera.grid_code,
    alarmType: incident.alarm_type,
    kind: outcome.kind === 'accepted' ? 'new' : 'update',
  });
  return { outcome: outcome.kind, incidentId: incident.id, caseId, reason: null };
}

/**
 * Takes one alarm: stores it once (a redelivery answers `duplicate`), folds it into its camera's
 * open incident of the type or opens one, and makes the case at once where the rule says `auto`.
 * `areaCode`: the API key's area; a camera outside it is refused.
 */
export async function takeAlarm(ctx: CamerasContext, alarm: Alarm, areaCode: string | null): Promise<Result> {
  const prepared = await prepareAlarm(ctx, alarm, areaCode);
  if (!isPrepared(prepared)) return prepared;
  const db = ctx.cases.db;
  const now = new Date();
  const outcome = await db.transaction().execute((trx) => storeAlarm(trx, prepared, now));
  await repo.touchCameras(db, [prepared.camera.id], now);
  return finishAlarm(ctx, prepared, outcome);
}

/**
 * Takes several alarms (a burst from the MQTT intake) storing them all in one transaction, in
 * order, so a batch costs one commit. Each answer is the alarm's result or the error it met: when
 * the batch's transaction fails, nothing of it is stored and each alarm is taken again on its own.
 */
export async function takeAlarms(
  ctx: CamerasContext,
  alarms: readonly Alarm[],
): Promise<({ ok: true; result: Result } | { ok: false; error: unknown })[]> {
  const settle = (p: Promise<Result>) =>
    p.then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  if (alarms.length === 1) return [await settle(takeAlarm(ctx, alarms[0], null))];
  type Checked = { ok: true; result: Prepared | Result } | { ok: false; error: unknown };
  const checked: Checked[] = await Promise.all(
    alarms.map((a) =>
      prepareAlarm(ctx, a, null).then(
        (result) => ({ ok: true as const, result }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    ),
  );
  const ready = checked.flatMap((c) => (c.ok && isPrepared(c.result) ? [c.result] : []));
  const db = ctx.cases.db;
  const now = new Date();
  let stored: Stored[];
  try {
    stored = await db.transaction().execute(async (trx) => {
      const out: Stored[] = [];
      for (const p of ready) out.push(await storeAlarm(trx, p, now));
      return out;
    });
  } catch {
    return Promise.all(alarms.map((a) => settle(takeAlarm(ctx, a, null))));
  }
  if (ready.length > 0) await repo.touchCameras(db, [...new Set(ready.map((p) => p.camera.id))], now);
  let next = 0;
  return Promise.all(
    checked.map((c) => {
      if (!c.ok) return c;
      if (!isPrepared(c.result)) return { ok: true as const, result: c.result };
      const i = next++;
      return settle(finishAlarm(ctx, ready[i], stored[i]));
    }),
  );
}

/**
 * Makes the case of an incident. The decision is taken first, by one conditional update: of
 * alarms or operators racing, one gets it and makes the case; the case's external ID (the
 * incident's ID, unique per client) stops a second one even then. Null when it was taken already.
 */
export async function makeCase(
  ctx: CamerasContext,
  incidentId: string,
  by: string | null,
): Promise<string | null> {
  const db = ctx.cases.db;
  const claimed = await repo.decide(db, incidentId, 'case', by);
  if (!claimed) return null;
  const incident = (await repo.findIncident(db, incidentId))!;
  const camera = (await repo.findCamera(db, incident.camera_id))!;
  const { rules } = await rulesAndSettings(db);
  const rule = rules.get(incident.alarm_type);
  try {
    const score = incident.best_score === null ? '' : `，最高置信度 ${incident.best_score.toFixed(2)}`;
    const made = await reportCase(
      ctx.cases,
      {
        kind: 'client',
        name: `camera ${camera.device_id}`,
        source: 'camera',
        areaCode: camera.grid_code,
        externalId: incident.id,
      },
      {
        categoryCode: rule?.category_code ?? incident.alarm_type,
        description: `视频告警：${rule?.name_zh ?? incident.alarm_type}（${camera.name}，设备 ${camera.channel_id ?? camera.device_id}），告警 ${incident.alarm_count} 次${score}`,
        lon: camera.lon,
        lat: camera.lat,
        address: camera.name,
      },
      'zh',
    );
    await repo.setIncidentCase(db, incidentId, made.id);
    if (incident.snapshot_sha256) {
      const size = await snapshotSize(ctx, incident.snapshot_sha256);
      await attachStoredFile(ctx.cases, made.id, {
        fileName: `snapshot-${incident.id.slice(0, 8)}.jpg`,
        contentType: 'image/jpeg',
        size,
        sha256: incident.snapshot_sha256,
        actorName: `camera ${camera.device_id}`,
      });
    }
    ctx.bus.publish({
      id: incidentId,
      gridCode: incident.grid_code,
      alarmType: incident.alarm_type,
      kind: 'decided',
    });
    return made.id;
  } catch (error) {
    await repo.undecide(db, incidentId);
    throw error;
  }
}

/** Where a stored snapshot is (the cases' file store names files by checksum). */
export function snapshotPath(ctx: CamerasContext, sha256: string) {
  return path.join(ctx.filesDir, sha256.slice(0, 2), sha256);
}

async function snapshotSize(ctx: CamerasContext, sha256: string) {
  return (await fs.promises.stat(snapshotPath(ctx, sha256))).size;
}

export function incidentDecidedError(decision: string) {
  return new AppError('incident_decided', { decision });
}
