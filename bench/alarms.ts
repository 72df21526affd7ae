/**
 * `npm run bench -- alarms`: camera alarm events per second through the real intake.
 * - HTTP: `POST /api/camera-alarms`, one generic event per request, from 20 keep-alive loops in
 *   this process; events opening new incidents, then events joining open ones; against a Fastify
 *   hello-world driven by the same loops in the same run.
 * - MQTT: Frigate events published at QoS 1 to a real mosquitto (started here on a free port),
 *   taken by CivicGrid's subscriber; against a bare mqtt.js subscriber counting the same messages.
 * Then: the events answered accepted or joined equal the rows stored, and no dedupe key twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { sql } from 'kysely';
import mqtt from 'mqtt';
import { buildApp } from '../server/src/app.ts';
import { GridIndex } from '../server/src/modules/areas/grid-index.ts';
import { MqttIntake } from '../server/src/modules/cameras/index.ts';
import { loadCameras } from '../server/src/modules/demo/cameras.loader.ts';
import { createApiKey } from '../server/src/platform/auth/apikeys.ts';
import { openDemo } from './demo.ts';
import { type BenchOptions, intOption, printTable, writeResults } from './report.ts';

const LOOPS = 20;

async function drive(seconds: number, send: (i: number) => Promise<void>) {
  let next = 0;
  let done = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: LOOPS }, async () => {
      while (Date.now() < end) {
        await send(next++);
        done++;
      }
    }),
  );
  return done / seconds;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function startMosquitto(): Promise<{ url: string; child: ChildProcess; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-mqtt-'));
  fs.chmodSync(dir, 0o777);
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, 'm.conf'),
    `listener ${port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000000\n`,
  );
  const child = spawn('/usr/sbin/mosquitto', ['-c', path.join(dir, 'm.conf')], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  return { url: `mqtt://127.0.0.1:${port}`, child, dir };
}

const frigate = (id: string, camera: string) =>
  JSON.stringify({
    type: 'new',
    before: { id, camera, label: 'car' },
    after: {
      id,
      camera,
      label: 'car',
      score: 0.9,
      top_score: 0.9,
      frame_time: Date.now() / 1000,
      current_zones: [],
      entered_zones: [],
    },
  });

/** Publishes `count` messages and waits until `received()` reaches `count`; messages per second. */
async function mqttRate(url: string, count: number, received: () => number, payload: (i: number) => string) {
  const publisher = mqtt.connect(url, { clientId: `bench-pub-${randomUUID().slice(0, 6)}` });
  await new Promise((r) => publisher.once('connect', r));
  const start = Date.now();
  const target = received() + count;
  for (let i = 0; i < count; i++) publisher.publish('frigate/events', payload(i), { qos: 1 });
  while (received() < target && Date.now() - start < 300_000) await new Promise((r) => setTimeout(r, 20));
  const rate = count / ((Date.now() - start) / 1000);
  await publisher.endAsync();
  return rate;
}

export async function run(options: BenchOptions) {
  const seconds = intOption(options, 'seconds', 10);
  const messages = intOption(options, 'messages', 5_000);
  const { config, database, pii } = await openDemo(options);
  const db = database.db;
  await loadCameras(db, new GridIndex(db), pii, { seed: 1 });
  const cameras = (await db.selectFrom('cameras').select('device_id').orderBy('device_id').execute()).map(
    (c) => c.device_id,
  );
  // The normal path, not the flood path: a high flood threshold for the run.
  await sql`insert into settings (key, value) values ('cameras', ${JSON.stringify({ windowMinutes: 10, floodPerMinute: 1_000_000, offlineMinutes: 30, faultCategory: 'camera_fault' })})
    on conflict (key) do update set value = excluded.value`.execute(db);
  const broker = await startMosquitto();
  const app = await buildApp({
    config: { ...config, nodeEnv: 'development' },
    db,
    pii,
    databaseUrl: database.url,
    runJobs: false,
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const hello = Fastify();
  hello.post('/hello', async () => ({ hello: 'world' }));
  const helloUrl = await hello.listen({ host: '127.0.0.1', port: 0 });
  const key = (
    await createApiKey(db, {
      name: 'bench',
      scopes: ['cameras.alarm'],
      areaCode: cameras.length
        ? (
            await db
              .selectFrom('areas')
              .select('code')
              .where('parent_code', 'is', null)
              .executeTakeFirstOrThrow()
          ).code
        : '',
      expiresAt: null,
      createdBy: null,
    })
  ).key;
  const runId = randomUUID().slice(0, 8);
  const outcomes: Record<string, number> = {};
  const post = async (body: unknown) => {
    const r = await fetch(`${base}/api/camera-alarms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    });
    const json = (await r.json()) as { results: { outcome: string }[] };
    for (const x of json.results) outcomes[x.outcome] = (outcomes[x.outcome] ?? 0) + 1;
  };
  const types = ['exposed_garbage', 'illegal_parking', 'construction_waste', 'ebike_indoor'];
  const t0 = Date.now() - 86_400_000;

  const helloRate1 = await drive(seconds, async () => {
    await (
      await fetch(`${helloUrl}/hello`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      })
    ).json();
  });
  const newRate = await drive(seconds, (i) =>
    post({
      camera: cameras[i % cameras.length],
      type: types[Math.floor(i / cameras.length) % types.length],
      eventId: `${runId}-n${i}`,
      score: 0.9,
      // Every round over the cameras and types lies a window later: each event opens an incident.
      start: new Date(t0 + Math.floor(i / (cameras.length * types.length)) * 11 * 60_000).toISOString(),
    }),
  );
  const helloRate2 = await drive(seconds, async () => {
    await (
      await fetch(`${helloUrl}/hello`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      })
    ).json();
  });
  const joinStart = new Date().toISOString();
  const joinRate = await drive(seconds, (i) =>
    post({
      camera: cameras[i % 30],
      type: 'illegal_parking',
      eventId: `${runId}-j${i}`,
      score: 0.9,
      start: joinStart,
    }),
  );

  // MQTT: a bare subscriber first, then CivicGrid's.
  const bare = mqtt.connect(broker.url, { clientId: `bench-bare-${runId}` });
  let bareCount = 0;
  bare.on('message', () => bareCount++);
  await new Promise((r) => bare.once('connect', r));
  await bare.subscribeAsync('frigate/events', { qos: 1 });
  const bareRate = await mqttRate(
    broker.url,
    messages,
    () => bareCount,
    (i) => frigate(`${runId}-b${i}`, 'none'),
  );
  await bare.endAsync();
  const intake = new MqttIntake(app.cameras, {
    url: broker.url,
    topic: 'frigate/events',
    clientId: `bench-intake-${runId}`,
    connections: intOption(options, 'connections', 8),
  });
  await intake.ready();
  await new Promise((r) => setTimeout(r, 300));
  const handled = () => Object.values(intake.counts).reduce((a, b) => a + b, 0);
  const intakeRate = await mqttRate(broker.url, messages, handled, (i) =>
    frigate(`${runId}-m${i}`, cameras[i % cameras.length]),
  );

  const stored = await sql<{ http: string; mqtt: string; keys: string; distinct_keys: string }>`
    select count(*) filter (where dedupe_key like ${`ev:%:${runId}-%`}) as http,
           count(*) filter (where dedupe_key like ${`frigate:${runId}-%`}) as mqtt,
           count(*) as keys, count(distinct dedupe_key) as distinct_keys
    from camera_alarms where dedupe_key like ${`%${runId}-%`}`.execute(db);
  const s = stored.rows[0];
  const httpAccepted = (outcomes.accepted ?? 0) + (outcomes.joined ?? 0) + (outcomes.filtered ?? 0);
  const mqttAccepted = intake.counts.accepted + intake.counts.joined + intake.counts.filtered;
  const figures = {
    machine:
      'shared 2 cores; load generator in the same process (20 keep-alive loops) for both the route and hello-world',
    helloWorld: { first: helloRate1, second: helloRate2 },
    http: { newIncidents: newRate, joining: joinRate, outcomes },
    mqtt: {
      bareSubscriber: bareRate,
      civicgrid: intakeRate,
      counts: intake.counts,
      batches: intake.batches,
      messages,
    },
    check: {
      httpAccepted,
      httpStored: Number(s.http),
      mqttAccepted,
      mqttStored: Number(s.mqtt),
      duplicates: Number(s.keys) - Number(s.distinct_keys),
    },
  };
  const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(1)}%`;
  printTable('alarms: camera alarm events per second', [
    ['path', 'events/s', 'reference/s', 'vs reference', 'target'],
    ['HTTP, opening incidents', newRate.toFixed(0), helloRate1.toFixed(0), pct(newRate, helloRate1), '—'],
    [
      'HTTP, joining open incidents',
      joinRate.toFixed(0),
      helloRate2.toFixed(0),
      pct(joinRate, helloRate2),
      '≥ 20% of hello-world',
    ],
    [
      'MQTT (Frigate, QoS 1)',
      intakeRate.toFixed(0),
      bareRate.toFixed(0),
      pct(intakeRate, bareRate),
      '≥ 30% of a bare subscriber',
    ],
  ]);
  console.log(
    `\naccepted = stored: HTTP ${httpAccepted} = ${s.http}, MQTT ${mqttAccepted} = ${s.mqtt}; dedupe keys stored twice: ${figures.check.duplicates}`,
  );
  console.log(
    `MQTT intake: ${intake.clients.length} connection(s), ${intake.batches.count} batches, largest ${intake.batches.largest}`,
  );
  console.log(`written to ${writeResults('alarms', figures)}`);
  await intake.close();
  await app.close();
  await hello.close();
  broker.child.kill('SIGTERM');
  fs.rmSync(broker.dir, { recursive: true, force: true });
  await database.close?.();
}
