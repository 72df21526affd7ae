import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { Pii } from '../../platform/pii.ts';
import type { GridIndex } from '../areas/index.ts';
import { IncidentBus, makeIncidentCase } from '../cameras/index.ts';
import { CaseBus, type CasesContext, duplicateWindow, ReportWriter } from '../cases/index.ts';
import * as repo from './cameras.repository.ts';
import { createRandom, randomInt, shuffle } from './random.ts';

const CAMERAS = 1_800;
const INTELLIGENT = 30;
const OFFLINE = 9;
const CASES = 60;
/** The types the intelligent cameras analyse, with how often each fires and its hours (CST). */
const TYPES: { type: string; weight: number; hours: [number, number] }[] = [
  { type: 'street_vending', weight: 5, hours: [7, 22] },
  { type: 'occupying_road', weight: 3, hours: [7, 22] },
  { type: 'exposed_garbage', weight: 3, hours: [0, 24] },
  { type: 'illegal_parking', weight: 4, hours: [0, 24] },
  { type: 'construction_waste', weight: 1, hours: [0, 24] },
  { type: 'ebike_indoor', weight: 2, hours: [0, 24] },
];
const PLACES = [
  '路口',
  '公交站',
  '学校门口',
  '农贸市场',
  '小区东门',
  '小区西门',
  '商业街',
  '地铁口',
  '公园',
  '停车场',
];
const OWNERS = ['公安分局', '城市管理局', '街道办事处', '交通运输局'];

/**
 * The demo's video network: 1,800 cameras over the district's grids (30 of them intelligent, a few
 * offline), and a week of their alarms folded into incidents: most old ones dismissed or left,
 * twenty confirmed into cases through the real path, the last day's waiting on the alarm wall.
 * Runs once.
 */
export async function loadCameras(
  db: Db,
  index: GridIndex,
  pii: Pii,
  options: { seed: number; now?: Date; cases?: boolean },
) {
  if (await repo.hasCameras(db)) return { cameras: 0, incidents: 0 };
  const random = createRandom(options.seed + 22);
  const now = options.now ?? new Date();
  const grids = await repo.gridBounds(db);
  if (grids.length === 0) return { cameras: 0, incidents: 0 };
  const located = await index.current();

  const cameras: { id: string; grid_code: string; intelligent: boolean }[] = [];
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < CAMERAS; i++) {
    const grid = grids[i % grids.length];
    let lon = 0;
    let lat = 0;
    let code: string | null = null;
    for (let attempt = 0; attempt < 8 && !code; attempt++) {
      lon = grid.min_lon + random() * (grid.max_lon - grid.min_lon);
      lat = grid.min_lat + random() * (grid.max_lat - grid.min_lat);
      code = located.locate(lon, lat);
    }
    if (!code) continue;
    const id = randomUUID();
    const intelligent = cameras.length < INTELLIGENT;
    cameras.push({ id, grid_code: code, intelligent });
    const offline = i >= CAMERAS - OFFLINE;
    rows.push({
      id,
      device_id: `44030500001320${String(i + 1).padStart(6, '0')}`,
      channel_id: null,
      name: `${PLACES[i % PLACES.length]}${String(i + 1).padStart(4, '0')}号`,
      grid_code: code,
      lon,
      lat,
      direction: randomInt(random, 0, 359),
      owner_department: OWNERS[i % OWNERS.length],
      intelligent,
      analysis_types: intelligent ? TYPES.map((t) => t.type) : [],
      status: offline ? 'offline' : 'online',
      // Demo cameras report no heartbeats (no video platform is connected), so the offline sweep
      // leaves them be; the offline ones went silent days ago.
      last_heartbeat_at: offline ? new Date(now.getTime() - randomInt(random, 2, 5) * 86_400_000) : null,
    });
  }
  await repo.insertCameras(db, rows);

  const weights = TYPES.flatMap((t) => Array.from({ length: t.weight }, () => t));
  const incidents: Record<string, unknown>[] = [];
  const alarms: Record<string, unknown>[] = [];
  const smart = cameras.filter((c) => c.intelligent);
  for (const camera of smart)
    for (let day = 6; day >= 0; day--) {
      const count = day === 0 ? randomInt(random, 4, 10) : randomInt(random, 1, 3);
      for (let k = 0; k < count; k++) {
        const kind = weights[randomInt(random, 0, weights.length - 1)];
        const hour = randomInt(random, kind.hours[0], Math.min(23, kind.hours[1] - 1));
        const start = new Date(now.getTime() - day * 86_400_000);
        start.setUTCHours(hour - 8, randomInt(random, 0, 59), randomInt(random, 0, 59), 0);
        if (start > now) continue;
        const n = randomInt(random, 1, 6);
        const last = new Date(start.getTime() + (n - 1) * randomInt(random, 20, 120) * 1000);
        const id = randomUUID();
        const age = now.getTime() - start.getTime();
        const recent = age < 86_400_000;
        // Older than a day: decided (dismissed here; some are made into cases below).
        const dismissed = !recent;
        const score = 0.6 + random() * 0.39;
        incidents.push({
          id,
          camera_id: camera.id,
          alarm_type: kind.type,
          grid_code: camera.grid_code,
          state: recent && age < 10 * 60_000 ? 'open' : 'ended',
          decision: dismissed ? 'dismissed' : 'pending',
          mode: 'confirm',
          alarm_count: n,
          throttled: false,
          best_score: score,
          zones: [],
          started_at: start,
          last_alarm_at: last,
          ended_at: recent && age < 10 * 60_000 ? null : last,
          decided_at: dismissed ? new Date(last.getTime() + 15 * 60_000) : null,
        });
        const at = (a: number) =>
          new Date(start.getTime() + (a * (last.getTime() - start.getTime())) / Math.max(1, n - 1));
        for (let a = 0; a < n; a++)
          alarms.push({
            camera_id: camera.id,
            incident_id: id,
            alarm_type: kind.type,
            via: 'demo',
            dedupe_key: `demo:${id}:${a}`,
            score: Math.max(0.6, score - random() * 0.2),
            phase: a === 0 ? 'new' : 'update',
            occurred_at: at(a),
            // Received when they happened: the flood check counts what arrived in the last minute.
            received_at: at(a),
          });
      }
    }
  // An open incident per camera and type at most (the partial unique index): close duplicates.
  const open = new Set<string>();
  for (const i of incidents.slice().reverse())
    if (i.state === 'open') {
      const key = `${i.camera_id}/${i.alarm_type}`;
      if (open.has(key)) {
        i.state = 'ended';
        i.ended_at = i.last_alarm_at;
      }
      open.add(key);
    }
  await repo.insertIncidents(db, incidents);
  await repo.insertAlarms(db, alarms);

  // Sixty confirmed by the command centre, through the real path: real cases, source camera.
  const bus = new CaseBus(null);
  const cases: CasesContext = {
    db,
    pii,
    gridIndex: index,
    bus,
    reports: new ReportWriter(db, bus, () => duplicateWindow(db)),
  };
  const ctx = { cases, filesDir: '', bus: new IncidentBus() };
  const older = incidents.filter((i) => i.decision === 'dismissed');
  const confirmed = shuffle(random, older)
    .slice(0, options.cases === false ? 0 : CASES)
    .map((i) => i.id as string);
  await repo.reopen(db, confirmed);
  for (const id of confirmed) await makeIncidentCase(ctx, id, null);
  return { cameras: cameras.length, incidents: incidents.length };
}
