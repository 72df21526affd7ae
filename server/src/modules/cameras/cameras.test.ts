import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putSetting } from '../../db/settings.ts';
import type { ApiKeyScope } from '../../platform/auth/apikeys.schemas.ts';
import { createApiKey } from '../../platform/auth/apikeys.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { forgetRules } from './alarms.service.ts';
import { sweepOffline } from './cameras.service.ts';

let t: TestApp;
let admin: Session;
let operator: Session;
let key: string;
let communityKey: string;
let wrongScopeKey: string;
let point: { lon: number; lat: number; grid: string };
let otherPoint: { lon: number; lat: number };
const DISTRICT = '440305000000';
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.alloc(64, 1),
  Buffer.from([0xff, 0xd9]),
]);
let serial = 0;
/** A fresh 20-digit GB/T 28181 ID (district 440305, camera type 132). */
const gbId = () => `44030500001328${String(++serial).padStart(6, '0')}`;

const issue = async (scopes: ApiKeyScope[], areaCode = DISTRICT) =>
  (await createApiKey(t.db, { name: `k${++serial}`, scopes, areaCode, expiresAt: null, createdBy: null }))
    .key;

const push = (body: unknown, apiKey = key) =>
  t.app.inject({
    method: 'POST',
    url: '/api/camera-alarms',
    headers: { 'x-api-key': apiKey },
    payload: body as object,
  });

/** A time today at this hour of the district's clock (UTC+8). */
const cst = (hour: number, minute = 0) => {
  const d = new Date();
  d.setUTCHours(hour - 8, minute, 0, 0);
  return d;
};

async function camera(at = point, extra: Record<string, unknown> = {}) {
  const res = await t.as(admin, {
    method: 'POST',
    url: '/api/cameras',
    payload: {
      deviceId: gbId(),
      name: `测试点位${serial}`,
      lon: at.lon,
      lat: at.lat,
      direction: 90,
      intelligent: true,
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; deviceId: string; gridCode: string };
}

const alarmCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('camera_alarms')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  const buildings = await t.db
    .selectFrom('buildings')
    .select(['grid_code', 'lon', 'lat'])
    .distinctOn('grid_code')
    .orderBy('grid_code')
    .execute();
  const first = buildings[0];
  const other = buildings.find((b) => b.grid_code.slice(0, 12) !== first.grid_code.slice(0, 12))!;
  point = { lon: first.lon, lat: first.lat, grid: first.grid_code };
  otherPoint = { lon: other.lon, lat: other.lat };
  admin = await t.login((await buildUser(t.db, 'district_admin', DISTRICT)).username);
  operator = await t.login((await buildUser(t.db, 'command_operator', DISTRICT)).username);
  key = await issue(['cameras.alarm']);
  communityKey = await issue(['cameras.alarm'], first.grid_code.slice(0, 12));
  wrongScopeKey = await issue(['cases.report']);
}, 120_000);
afterAll(async () => t?.close());

describe('cameras', () => {
  it('are registered in the grid of their location, with GB/T 28181 IDs checked', async () => {
    const cam = await camera();
    expect(cam.gridCode).toBe(point.grid);
    const bad = await t.as(admin, {
      method: 'POST',
      url: '/api/cameras',
      payload: { deviceId: '123', name: 'x', lon: point.lon, lat: point.lat },
    });
    expect(bad.statusCode).toBe(400);
    const twice = await t.as(admin, {
      method: 'POST',
      url: '/api/cameras',
      payload: { deviceId: cam.deviceId, name: 'x', lon: point.lon, lat: point.lat },
    });
    expect(twice.statusCode).toBe(409);
  });

  it('are imported from a CSV camera list, all rows or none', async () => {
    const ids = [gbId(), gbId()];
    const csv = `设备编码,名称,经度,纬度,方向,权属单位,智能分析,分析类型\n${ids[0]},导入一,${point.lon},${point.lat},0,城管,是,street_vending\n${ids[1]},导入二,${point.lon},${point.lat},180,,否,\n`;
    const ok = await t.as(admin, {
      method: 'POST',
      url: '/api/cameras/import?fileName=list.csv',
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ created: 2, updated: 0 });
    const bad = await t.as(admin, {
      method: 'POST',
      url: '/api/cameras/import?fileName=list.csv',
      headers: { 'content-type': 'text/csv' },
      payload: `设备编码,名称,经度,纬度\n12345,坏,${point.lon},${point.lat}\n${gbId()},好,${point.lon},${point.lat}\n`,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ row: 2, field: 'deviceId', code: 'bad_gb_id' });
  });
});

describe('alarm intake over HTTP', () => {
  it('takes a GB/T 28181-style alarm and a generic event with a snapshot', async () => {
    const cam = await camera();
    const gb = await push({
      DeviceID: cam.deviceId,
      AlarmPriority: 2,
      AlarmMethod: 5,
      AlarmType: 8,
      AlarmTime: cst(10).toISOString(),
      AlarmDescription: '徘徊检测',
    });
    expect(gb.statusCode, gb.body).toBe(200);
    expect(gb.json().results[0]).toMatchObject({ outcome: 'accepted', reason: null });
    const generic = await push([
      {
        camera: cam.deviceId,
        type: 'exposed_garbage',
        score: 0.9,
        start: cst(11).toISOString(),
        zones: ['路口'],
        snapshot: JPEG.toString('base64'),
      },
    ]);
    expect(generic.json().results[0].outcome).toBe('accepted');
    const incident = await t.as(operator, {
      method: 'GET',
      url: `/api/camera-incidents/${generic.json().results[0].incidentId}`,
    });
    expect(incident.json()).toMatchObject({
      alarmType: 'exposed_garbage',
      decision: 'pending',
      hasSnapshot: true,
      zones: ['路口'],
      throttled: false,
    });
    const snap = await t.as(operator, {
      method: 'GET',
      url: `/api/camera-incidents/${incident.json().id}/snapshot`,
    });
    expect(snap.headers['content-type']).toBe('image/jpeg');
  });

  it('refuses a bad payload of either kind with a clear 400 and stores nothing', async () => {
    const cam = await camera();
    const before = await alarmCount();
    const gb = await push({
      DeviceID: cam.deviceId,
      AlarmPriority: 9,
      AlarmMethod: 5,
      AlarmTime: cst(10).toISOString(),
    });
    expect(gb.statusCode).toBe(400);
    expect(gb.json().detail).toContain('AlarmPriority');
    const generic = await push({
      camera: cam.deviceId,
      type: 'exposed_garbage',
      score: 2,
      start: 'yesterday',
    });
    expect(generic.statusCode).toBe(400);
    expect(generic.json().code).toBe('validation_failed');
    expect(await alarmCount()).toBe(before);
  });

  it('needs a key of scope cameras.alarm, and a camera in the key’s area', async () => {
    const cam = await camera(point);
    const far = await camera({ ...otherPoint, grid: '' });
    const alarm = (c: { deviceId: string }) => ({
      camera: c.deviceId,
      type: 'exposed_garbage',
      score: 0.8,
      start: cst(9).toISOString(),
    });
    expect((await push(alarm(cam), wrongScopeKey)).statusCode).toBe(403);
    expect((await push(alarm(cam), 'cg_nonsense')).statusCode).toBe(403);
    const mixed = await push(
      [
        alarm(cam),
        alarm(far),
        { camera: '99999999999999999999', type: 'exposed_garbage', start: cst(9).toISOString() },
      ],
      communityKey,
    );
    expect(
      mixed.json().results.map((r: { outcome: string; reason: string }) => r.reason ?? r.outcome),
    ).toEqual(['accepted', 'outside_scope', 'unknown_camera']);
  });

  it('answers a redelivered alarm as a duplicate, stored once', async () => {
    const cam = await camera();
    const alarm = {
      camera: cam.deviceId,
      type: 'illegal_parking',
      eventId: 'e-1',
      score: 0.9,
      start: cst(12).toISOString(),
    };
    expect((await push(alarm)).json().results[0].outcome).toBe('accepted');
    expect((await push(alarm)).json().results[0].outcome).toBe('duplicate');
    const n = await t.db
      .selectFrom('camera_alarms')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('camera_id', '=', cam.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });
});

describe('incidents', () => {
  it('join alarms of one camera and type within the window; an end closes, a later alarm opens anew', async () => {
    const cam = await camera();
    const at = (m: number) => cst(13, m).toISOString();
    const r1 = (
      await push({ camera: cam.deviceId, type: 'illegal_parking', eventId: 'w1', score: 0.8, start: at(0) })
    ).json().results[0];
    const p2 = await push({
      camera: cam.deviceId,
      type: 'illegal_parking',
      eventId: 'w2',
      score: 0.95,
      start: at(5),
    });
    expect(p2.statusCode, p2.body).toBe(200);
    const r2 = p2.json().results[0];
    expect(r2).toMatchObject({ outcome: 'joined', incidentId: r1.incidentId });
    const r3 = (
      await push({ camera: cam.deviceId, type: 'illegal_parking', eventId: 'w3', score: 0.8, start: at(30) })
    ).json().results[0];
    expect(r3.outcome).toBe('accepted');
    expect(r3.incidentId).not.toBe(r1.incidentId);
    const first = (
      await t.as(operator, { method: 'GET', url: `/api/camera-incidents/${r1.incidentId}` })
    ).json();
    expect(first).toMatchObject({ alarmCount: 2, bestScore: 0.95, state: 'ended' });
    const end = (
      await push({
        camera: cam.deviceId,
        type: 'illegal_parking',
        eventId: 'w3',
        phase: 'end',
        score: 0.8,
        start: at(30),
        end: at(31),
      })
    ).json().results[0];
    expect(end).toMatchObject({ outcome: 'joined', incidentId: r3.incidentId });
    expect(
      (await t.as(operator, { method: 'GET', url: `/api/camera-incidents/${r3.incidentId}` })).json().state,
    ).toBe('ended');
  });

  it('follow the hours-of-day and score rules', async () => {
    const cam = await camera();
    const late = await push({
      camera: cam.deviceId,
      type: 'street_vending',
      score: 0.9,
      start: cst(23, 30).toISOString(),
    });
    expect(late.json().results[0]).toMatchObject({ outcome: 'filtered', reason: 'outside_hours' });
    const weak = await push({
      camera: cam.deviceId,
      type: 'street_vending',
      score: 0.2,
      start: cst(15).toISOString(),
    });
    expect(weak.json().results[0]).toMatchObject({ outcome: 'filtered', reason: 'low_score' });
    const day = await push({
      camera: cam.deviceId,
      type: 'street_vending',
      score: 0.9,
      start: cst(15, 1).toISOString(),
    });
    expect(day.json().results[0].outcome).toBe('accepted');
  });

  it('throttle a flooding camera into one incident with a count', async () => {
    await putSetting(
      t.db,
      'cameras',
      { windowMinutes: 10, floodPerMinute: 3, offlineMinutes: 30, faultCategory: 'camera_fault' },
      (await t.db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id,
    );
    forgetRules();
    const cam = await camera();
    const types = [
      'illegal_parking',
      'exposed_garbage',
      'occupying_road',
      'construction_waste',
      'ebike_indoor',
      'blocked_exit',
      'illegal_parking',
      'exposed_garbage',
    ];
    const results = (
      await push(
        types.map((type, i) => ({
          camera: cam.deviceId,
          type,
          eventId: `f${i}`,
          score: 0.9,
          start: cst(16, 0).toISOString(),
        })),
      )
    ).json().results;
    const incidents = new Set(results.map((r: { incidentId: string }) => r.incidentId));
    expect(incidents.size).toBe(3);
    const last = (
      await t.as(operator, { method: 'GET', url: `/api/camera-incidents/${results[7].incidentId}` })
    ).json();
    expect(last.throttled).toBe(true);
    expect(last.alarmCount).toBeGreaterThanOrEqual(5);
    await t.db.deleteFrom('settings').where('key', '=', 'cameras').execute();
    forgetRules();
  });

  it('are confirmed into one case, or dismissed; the false-alarm rate follows', async () => {
    const cam = await camera();
    const a = (
      await push({
        camera: cam.deviceId,
        type: 'exposed_garbage',
        eventId: 'c1',
        score: 0.9,
        start: cst(8).toISOString(),
        snapshot: JPEG.toString('base64'),
      })
    ).json().results[0];
    const b = (
      await push({
        camera: cam.deviceId,
        type: 'illegal_parking',
        eventId: 'c2',
        score: 0.9,
        start: cst(8).toISOString(),
      })
    ).json().results[0];
    const seen = (
      await t.as(operator, { method: 'GET', url: `/api/camera-incidents/${a.incidentId}` })
    ).json();
    const clicks = await Promise.all(
      [1, 2, 3].map(() =>
        t.as(operator, {
          method: 'POST',
          url: `/api/camera-incidents/${a.incidentId}/confirm`,
          payload: { version: seen.version },
        }),
      ),
    );
    expect(clicks.map((c) => c.statusCode).sort()).toEqual([200, 409, 409]);
    const confirmed = clicks.find((c) => c.statusCode === 200)!.json();
    expect(confirmed).toMatchObject({ decision: 'case' });
    const kase = await t.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', confirmed.caseId)
      .executeTakeFirstOrThrow();
    expect(kase).toMatchObject({
      source: 'camera',
      grid_code: cam.gridCode,
      category_code: 'exposed_garbage',
      external_id: a.incidentId,
    });
    const files = await t.db
      .selectFrom('case_attachments')
      .select('content_type')
      .where('case_id', '=', kase.id)
      .execute();
    expect(files).toEqual([{ content_type: 'image/jpeg' }]);
    const v = (await t.as(operator, { method: 'GET', url: `/api/camera-incidents/${b.incidentId}` })).json()
      .version;
    const dismissed = await t.as(operator, {
      method: 'POST',
      url: `/api/camera-incidents/${b.incidentId}/dismiss`,
      payload: { version: v },
    });
    expect(dismissed.json().decision).toBe('dismissed');
    const detail = (await t.as(operator, { method: 'GET', url: `/api/cameras/${cam.id}` })).json();
    expect(detail.stats).toEqual([
      { alarmType: 'exposed_garbage', incidents: 1, dismissed: 0, falseAlarmRate: 0 },
      { alarmType: 'illegal_parking', incidents: 1, dismissed: 1, falseAlarmRate: 1 },
    ]);
  });

  it('are decided on a version seen before later alarms joined; a decision taken meanwhile is a conflict', async () => {
    const cam = await camera();
    const alarm = (eventId: string, type: string, minute: number) =>
      push({ camera: cam.deviceId, type, eventId, score: 0.9, start: cst(10, minute).toISOString() });
    const first = (await alarm('v1', 'illegal_parking', 0)).json().results[0];
    const url = `/api/camera-incidents/${first.incidentId}`;
    const seen = (await t.as(operator, { method: 'GET', url })).json();
    expect((await alarm('v2', 'illegal_parking', 1)).json().results[0]).toMatchObject({
      outcome: 'joined',
      incidentId: first.incidentId,
    });
    expect((await t.as(operator, { method: 'GET', url })).json().version).toBeGreaterThan(seen.version);
    const dismissed = await t.as(operator, {
      method: 'POST',
      url: `${url}/dismiss`,
      payload: { version: seen.version },
    });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect(dismissed.json().decision).toBe('dismissed');
    // A second operator, on the same old view, decides otherwise: refused, nothing made.
    const late = await t.as(operator, {
      method: 'POST',
      url: `${url}/confirm`,
      payload: { version: seen.version },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('incident_decided');
    expect((await t.as(operator, { method: 'GET', url })).json()).toMatchObject({
      decision: 'dismissed',
      caseId: null,
    });
    // A version the incident never had is no view of it.
    const other = (await alarm('v3', 'exposed_garbage', 2)).json().results[0];
    const otherUrl = `/api/camera-incidents/${other.incidentId}`;
    const now = (await t.as(operator, { method: 'GET', url: otherUrl })).json().version;
    const bogus = await t.as(operator, {
      method: 'POST',
      url: `${otherUrl}/confirm`,
      payload: { version: now + 1 },
    });
    expect(bogus.statusCode).toBe(409);
    expect(bogus.json().code).toBe('version_conflict');
  });

  it('make exactly one case under concurrent alarms in auto mode', async () => {
    const cam = await camera();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        push({
          camera: cam.deviceId,
          type: 'overflowing_bin',
          eventId: `x${i}`,
          score: 0.9,
          start: cst(9, 0).toISOString(),
        }),
      ),
    );
    const outcomes = results.map((r) => r.json().results[0]);
    expect(new Set(outcomes.map((o) => o.incidentId)).size).toBe(1);
    expect(outcomes.filter((o) => o.outcome === 'accepted')).toHaveLength(1);
    const cases = await t.db
      .selectFrom('cases')
      .select('id')
      .where('external_id', '=', outcomes[0].incidentId)
      .execute();
    expect(cases).toHaveLength(1);
    const incident = (
      await t.as(operator, { method: 'GET', url: `/api/camera-incidents/${outcomes[0].incidentId}` })
    ).json();
    expect(incident).toMatchObject({ alarmCount: 12, decision: 'case', caseId: cases[0].id });
  });
});

describe('offline cameras', () => {
  it('become a component fault case after the setting, dispatched to the owner department', async () => {
    const cam = await camera(point, { ownerDepartment: '城市管理局' });
    await t.db
      .updateTable('cameras')
      .set({ last_heartbeat_at: new Date(Date.now() - 3600_000) })
      .where('id', '=', cam.id)
      .execute();
    expect(await sweepOffline(t.app.cameras)).toBeGreaterThanOrEqual(1);
    const row = await t.db
      .selectFrom('cameras')
      .select(['status', 'fault_case_id'])
      .where('id', '=', cam.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('offline');
    const kase = await t.db
      .selectFrom('cases')
      .select(['category_code', 'source', 'state', 'department_code', 'kept_in_grid', 'step'])
      .where('id', '=', row.fault_case_id!)
      .executeTakeFirstOrThrow();
    // The owner is named as a department (here by its name): the case is dispatched to it.
    expect(kase).toEqual({
      category_code: 'camera_fault',
      source: 'camera',
      state: 'dispatched',
      department_code: 'urban_management',
      kept_in_grid: false,
      step: 'handle',
    });
    // The history says the system registered and dispatched it, to the camera's owner.
    const events = await t.db
      .selectFrom('case_events')
      .select(['action', 'actor_id', 'actor_name', 'from_state', 'to_state', 'note', 'data'])
      .where('case_id', '=', row.fault_case_id!)
      .orderBy('id')
      .execute();
    expect(events.map((e) => [e.action, e.from_state, e.to_state])).toEqual([
      ['report', null, 'reported'],
      ['register', 'reported', 'registered'],
      ['dispatch', 'registered', 'dispatched'],
    ]);
    const dispatch = events[2];
    expect(dispatch.actor_id).toBeNull();
    expect(dispatch.actor_name).toBe('系统');
    expect(dispatch.note).toContain('权属单位');
    expect(dispatch.data).toMatchObject({ departmentCode: 'urban_management', automatic: true });
    // A camera whose owner is no department: the case waits for the command centre.
    const unowned = await camera(point, { ownerDepartment: '某物业公司' });
    await t.db
      .updateTable('cameras')
      .set({ last_heartbeat_at: new Date(Date.now() - 3600_000) })
      .where('id', '=', unowned.id)
      .execute();
    await sweepOffline(t.app.cameras);
    const waiting = await t.db
      .selectFrom('cameras as c')
      .innerJoin('cases as k', 'k.id', 'c.fault_case_id')
      .select(['k.state', 'k.department_code', 'k.description'])
      .where('c.id', '=', unowned.id)
      .executeTakeFirstOrThrow();
    expect(waiting).toMatchObject({ state: 'reported', department_code: null });
    expect(waiting.description).toContain('某物业公司');
    const beat = await t.app.inject({
      method: 'POST',
      url: '/api/camera-heartbeats',
      headers: { 'x-api-key': key },
      payload: { cameras: [cam.deviceId] },
    });
    expect(beat.json()).toEqual({ online: 1, unknown: 0 });
  });
});
