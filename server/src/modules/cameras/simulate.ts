import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';

export interface SimulateOptions {
  /** The CivicGrid server, e.g. http://127.0.0.1:3000. */
  url: string;
  /** An API key of scope `cameras.alarm`. */
  key: string;
  /** A broker CivicGrid subscribes to; without it every alarm goes over HTTP. */
  mqttUrl?: string;
  topic?: string;
  /** Alarms per second, and for how long. */
  rate: number;
  seconds: number;
  /** Device IDs of the cameras that alarm; the demo's 30 intelligent cameras by default. */
  cameras?: string[];
}

export interface SimulateResult {
  sent: { http: number; mqtt: number };
  /** HTTP answers by outcome (MQTT answers nothing: see the server's stored alarms). */
  http: Record<string, number>;
  failed: number;
}

export const DEMO_INTELLIGENT = Array.from(
  { length: 30 },
  (_, i) => `44030500001320${String(i + 1).padStart(6, '0')}`,
);
const TYPES = ['exposed_garbage', 'illegal_parking', 'construction_waste', 'ebike_indoor', 'street_vending'];
const FRIGATE_LABELS: Record<string, string> = { illegal_parking: 'car', ebike_indoor: 'bicycle' };
/** A small valid JPEG header and end marker: enough for the file store's check. */
const SNAPSHOT = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.alloc(200, 7),
  Buffer.from([0xff, 0xd9]),
]).toString('base64');

/**
 * Sends realistic alarms through the real paths: GB/T 28181-style and generic events over HTTP,
 * Frigate events over MQTT (half of them when a broker is given). Events come in bursts per
 * camera (new, updates, end) so that some open incidents and many join open ones.
 */
export async function simulateCameras(
  options: SimulateOptions,
  progress: (done: number, total: number) => void,
) {
  const cameras = options.cameras?.length ? options.cameras : DEMO_INTELLIGENT;
  const total = Math.round(options.rate * options.seconds);
  const result: SimulateResult = { sent: { http: 0, mqtt: 0 }, http: {}, failed: 0 };
  const client = options.mqttUrl
    ? mqtt.connect(options.mqttUrl, { clientId: `cg-sim-${randomUUID().slice(0, 8)}` })
    : null;
  if (client) await new Promise((resolve, reject) => client.once('connect', resolve).once('error', reject));
  const live = new Map<string, { id: string; start: number; type: string; camera: string }>();
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.rate;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    const camera = cameras[Math.floor(Math.random() * cameras.length)];
    const type = TYPES[Math.floor(Math.random() * TYPES.length)];
    const key = `${camera}/${type}`;
    const event = live.get(key) ?? { id: randomUUID(), start: Date.now() / 1000, type, camera };
    const phase = !live.has(key) ? 'new' : Math.random() < 0.2 ? 'end' : 'update';
    if (phase === 'end') live.delete(key);
    else live.set(key, event);
    const score = 0.6 + Math.random() * 0.39;
    const viaMqtt = client && i % 2 === 1;
    const send = viaMqtt
      ? new Promise<void>((resolve) => {
          const now = Date.now() / 1000;
          const payload = JSON.stringify({
            type: phase,
            before: { id: event.id, camera, label: FRIGATE_LABELS[type] ?? type, frame_time: now - 1 },
            after: {
              id: event.id,
              camera,
              label: FRIGATE_LABELS[type] ?? 'object',
              sub_label: FRIGATE_LABELS[type] ? null : type,
              score,
              top_score: score,
              frame_time: now,
              start_time: event.start,
              end_time: phase === 'end' ? now : null,
              current_zones: [],
              entered_zones: [],
              has_snapshot: true,
            },
          });
          client.publish(options.topic ?? 'frigate/events', payload, { qos: 1 }, (err) => {
            if (err) result.failed++;
            else result.sent.mqtt++;
            resolve();
          });
        })
      : fetch(`${options.url}/api/camera-alarms`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': options.key },
          body: JSON.stringify(
            i % 3 === 0 && phase === 'new'
              ? {
                  DeviceID: camera,
                  AlarmPriority: 3,
                  AlarmMethod: 5,
                  AlarmType: type,
                  AlarmTime: new Date().toISOString(),
                  AlarmDescription: '智能分析告警',
                }
              : {
                  camera,
                  type,
                  eventId: event.id,
                  phase,
                  score,
                  start: new Date(event.start * 1000).toISOString(),
                  end: phase === 'end' ? new Date().toISOString() : undefined,
                  snapshot: phase === 'new' ? SNAPSHOT : undefined,
                },
          ),
        }).then(
          async (response) => {
            result.sent.http++;
            if (!response.ok) {
              result.failed++;
              return;
            }
            for (const r of ((await response.json()) as { results: { outcome: string }[] }).results)
              result.http[r.outcome] = (result.http[r.outcome] ?? 0) + 1;
          },
          () => {
            result.failed++;
          },
        );
    const tracked = send.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (i % Math.max(1, Math.round(options.rate)) === 0) progress(i, total);
  }
  await Promise.all(inFlight);
  progress(total, total);
  await client?.endAsync();
  return result;
}
