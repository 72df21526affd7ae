import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { MqttIntake } from './alarms.mqtt.ts';

/**
 * Against a real broker: Debian's mosquitto on a free port, with persistence, so that a restart
 * keeps our session like a production broker does.
 */
const MOSQUITTO = '/usr/sbin/mosquitto';
let t: TestApp;
let dir: string;
let port: number;
let broker: ChildProcess;
let intake: MqttIntake;
let publisher: MqttClient;
let cameraName: string;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function startBroker() {
  broker = spawn(MOSQUITTO, ['-c', path.join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('mosquitto did not start');
}

async function stopBroker() {
  const exited = new Promise((resolve) => broker.once('exit', resolve));
  broker.kill('SIGTERM');
  await exited;
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const frigate = (type: 'new' | 'update' | 'end', id: string, frameTime: number, score = 0.82) =>
  JSON.stringify({
    type,
    before: { id, camera: cameraName, label: 'car', score: score - 0.1, frame_time: frameTime - 1 },
    after: {
      id,
      camera: cameraName,
      label: 'car',
      sub_label: null,
      score,
      top_score: score,
      frame_time: frameTime,
      start_time: frameTime,
      end_time: type === 'end' ? frameTime + 5 : null,
      current_zones: ['fire_lane'],
      entered_zones: ['fire_lane'],
      has_snapshot: true,
    },
  });

const publish = (payload: string) =>
  new Promise<void>((resolve, reject) =>
    publisher.publish('frigate/events', payload, { qos: 1 }, (err) => (err ? reject(err) : resolve())),
  );

const alarmsOf = async (eventId: string) =>
  t.db
    .selectFrom('camera_alarms')
    .select(['phase', 'incident_id'])
    .where('dedupe_key', 'like', `frigate:${eventId}:%`)
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-mqtt-'));
  fs.chmodSync(dir, 0o777);
  port = await freePort();
  fs.writeFileSync(
    path.join(dir, 'mosquitto.conf'),
    `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location ${dir}/\n`,
  );
  await startBroker();
  const building = await t.db
    .selectFrom('buildings')
    .select(['lon', 'lat'])
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const admin = await t.login((await buildUser(t.db, 'district_admin', '440305000000')).username);
  cameraName = 'front_gate';
  const made = await t.as(admin, {
    method: 'POST',
    url: '/api/cameras',
    payload: {
      deviceId: '44030500001327900001',
      name: cameraName,
      lon: building.lon,
      lat: building.lat,
      intelligent: true,
    },
  });
  expect(made.statusCode, made.body).toBe(201);
  intake = new MqttIntake(t.app.cameras, {
    url: `mqtt://127.0.0.1:${port}`,
    topic: 'frigate/events',
    clientId: 'cg-test',
  });
  await until(
    async () => intake.client.connected,
    (c) => c,
  );
  publisher = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: 'frigate-test', reconnectPeriod: 200 });
  await new Promise((resolve) => publisher.once('connect', resolve));
}, 120_000);

afterAll(async () => {
  await publisher?.endAsync();
  await intake?.close();
  if (broker && broker.exitCode === null) await stopBroker();
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('camera events over MQTT (Frigate format)', () => {
  it('opens an incident on new, joins update and closes it on end', { timeout: 90_000 }, async () => {
    const now = Date.now() / 1000;
    // Subscribed once the subscription is acknowledged: wait for the first message to land.
    await until(
      async () => {
        await publish(frigate('new', 'evt-1', now));
        return alarmsOf('evt-1');
      },
      (rows) => rows.length > 0,
    );
    await publish(frigate('update', 'evt-1', now + 2, 0.91));
    await publish(frigate('end', 'evt-1', now + 4, 0.91));
    const rows = await until(
      () => alarmsOf('evt-1'),
      (r) => r.length === 3,
    );
    expect(rows.map((r) => r.phase).sort()).toEqual(['end', 'new', 'update']);
    expect(new Set(rows.map((r) => r.incident_id)).size).toBe(1);
    const incident = await t.db
      .selectFrom('camera_incidents')
      .selectAll()
      .where('id', '=', rows[0].incident_id!)
      .executeTakeFirstOrThrow();
    expect(incident).toMatchObject({
      alarm_type: 'illegal_parking',
      state: 'ended',
      alarm_count: 3,
      zones: ['fire_lane'],
    });
    expect(incident.best_score).toBeCloseTo(0.91);
  });

  it('processes a message delivered twice once', async () => {
    const payload = frigate('new', 'evt-dup', Date.now() / 1000);
    const before = intake.counts.duplicate;
    await publish(payload);
    await publish(payload);
    await until(
      async () => intake.counts.duplicate,
      (n) => n > before,
    );
    expect(await alarmsOf('evt-dup')).toHaveLength(1);
    expect(intake.counts.duplicate).toBe(before + 1);
  });

  it('stores a burst in batches, each message once', async () => {
    const now = Date.now() / 1000;
    const ids = Array.from({ length: 40 }, (_, i) => `evt-burst-${i}`);
    const before = intake.batches.count;
    // Every message of the burst, and a few of them again (QoS 1 redelivers).
    await Promise.all([...ids, ...ids.slice(0, 5)].map((id) => publish(frigate('new', id, now))));
    const rows = await until(
      () =>
        t.db
          .selectFrom('camera_alarms')
          .select('dedupe_key')
          .where('dedupe_key', 'like', 'frigate:evt-burst-%')
          .execute(),
      (r) => r.length === ids.length,
    );
    expect(rows).toHaveLength(ids.length);
    expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(ids.length);
    // Fewer transactions than messages: several messages were stored together.
    expect(intake.batches.largest).toBeGreaterThan(1);
    expect(intake.batches.count - before).toBeLessThan(ids.length + 5);
  });

  it('survives a broker restart: reconnects, keeps its subscription, takes what was queued', async () => {
    await stopBroker();
    await until(
      async () => intake.client.connected,
      (c) => !c,
    );
    await startBroker();
    await until(
      async () => intake.client.connected && publisher.connected,
      (c) => c,
    );
    await publish(frigate('new', 'evt-after', Date.now() / 1000));
    const rows = await until(
      () => alarmsOf('evt-after'),
      (r) => r.length === 1,
    );
    expect(rows).toHaveLength(1);
    // Queued while CivicGrid was away: the persistent session keeps it for us.
    await intake.client.endAsync();
    await publish(frigate('new', 'evt-queued', Date.now() / 1000));
    intake.client.reconnect();
    expect(
      await until(
        () => alarmsOf('evt-queued'),
        (r) => r.length === 1,
      ),
    ).toHaveLength(1);
  });
});
