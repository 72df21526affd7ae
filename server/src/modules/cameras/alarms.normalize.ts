import type { GbAlarmValue, GenericAlarmValue } from './cameras.schemas.ts';

/** An alarm as the intake handles it, whichever format or transport it came in. */
export interface Alarm {
  cameraKey: string;
  type: string;
  score: number | null;
  zones: string[];
  phase: 'new' | 'update' | 'end';
  occurredAt: Date;
  priority: number | null;
  description: string | null;
  /** JPEG bytes or base64. */
  snapshot: Buffer | string | null;
  /** The same alarm delivered twice has the same key. */
  dedupeKey: string;
  via: 'http' | 'mqtt';
}

/**
 * GB/T 28181-2016 video alarms (AlarmMethod 5) by AlarmType, to the alarm types rules are kept
 * for: left object, intrusion, loitering and crowd density are what street cameras' analysis
 * reports for garbage, a blocked lane, vending and goods on the pavement.
 */
const GB_VIDEO_TYPES: Record<number, string> = {
  3: 'exposed_garbage',
  6: 'blocked_exit',
  8: 'street_vending',
  10: 'occupying_road',
};

export function fromGb(a: GbAlarmValue): Alarm {
  const method = Number(a.AlarmMethod);
  const raw = a.AlarmType;
  const type =
    raw === undefined
      ? `gb_${method}`
      : /^[0-9]+$/.test(String(raw))
        ? (method === 5 && GB_VIDEO_TYPES[Number(raw)]) || `gb_${method}_${raw}`
        : String(raw);
  return {
    cameraKey: a.DeviceID,
    type,
    // GB alarms carry a priority, not a confidence: the platform has decided it is an alarm.
    score: null,
    zones: [],
    phase: 'new',
    occurredAt: new Date(a.AlarmTime),
    priority: a.AlarmPriority,
    description: a.AlarmDescription?.trim() || null,
    snapshot: a.Snapshot ?? null,
    dedupeKey: `gb:${a.DeviceID}:${method}:${raw ?? ''}:${new Date(a.AlarmTime).toISOString()}`,
    via: 'http',
  };
}

export function fromGeneric(a: GenericAlarmValue): Alarm {
  const phase = a.phase ?? 'new';
  const start = new Date(a.start).toISOString();
  const at = phase === 'end' && a.end ? new Date(a.end) : new Date(a.start);
  return {
    cameraKey: a.camera,
    type: a.type,
    score: a.score ?? null,
    zones: a.zones ?? [],
    phase,
    occurredAt: at,
    priority: null,
    description: null,
    snapshot: a.snapshot ?? null,
    dedupeKey: `ev:${a.camera}:${a.eventId ?? `${a.type}:${start}`}:${phase}:${a.end ?? ''}:${a.score ?? ''}`,
    via: 'http',
  };
}

/** Frigate's object labels to alarm types, where the label is not an alarm type itself. */
const FRIGATE_LABELS: Record<string, string> = {
  car: 'illegal_parking',
  truck: 'illegal_parking',
  motorcycle: 'ebike_indoor',
  bicycle: 'ebike_indoor',
  fire: 'fire_smoke',
  smoke: 'fire_smoke',
  garbage: 'exposed_garbage',
  waste_bin: 'overflowing_bin',
};

interface FrigateObject {
  id?: unknown;
  camera?: unknown;
  label?: unknown;
  sub_label?: unknown;
  score?: unknown;
  top_score?: unknown;
  frame_time?: unknown;
  start_time?: unknown;
  end_time?: unknown;
  current_zones?: unknown;
  entered_zones?: unknown;
  snapshot?: unknown;
}

const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/**
 * A Frigate event (`frigate/events`): `{type: new|update|end, before, after}`. Null when the
 * message is not one (it is then dropped, and counted as refused).
 */
export function fromFrigate(payload: Buffer): Alarm | null {
  let message: { type?: unknown; before?: FrigateObject; after?: FrigateObject };
  try {
    message = JSON.parse(payload.toString('utf8'));
  } catch {
    return null;
  }
  const after = message?.after;
  const phase = message?.type;
  if (!after || typeof after !== 'object' || (phase !== 'new' && phase !== 'update' && phase !== 'end'))
    return null;
  if (typeof after.id !== 'string' || typeof after.camera !== 'string' || typeof after.label !== 'string')
    return null;
  const frameTime = Number(after.frame_time ?? after.start_time);
  if (!Number.isFinite(frameTime)) return null;
  const subLabel = Array.isArray(after.sub_label) ? after.sub_label[0] : after.sub_label;
  const type = (typeof subLabel === 'string' && subLabel) || FRIGATE_LABELS[after.label] || after.label;
  const score = Number(after.top_score ?? after.score);
  const endTime = Number(after.end_time);
  const at = phase === 'end' && Number.isFinite(endTime) ? endTime : frameTime;
  return {
    cameraKey: after.camera,
    type,
    score: Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : null,
    zones: [...new Set([...strings(after.current_zones), ...strings(after.entered_zones)])],
    phase,
    occurredAt: new Date(at * 1000),
    priority: null,
    description: null,
    // Frigate sends the snapshot on its own topic; bridges that inline it send base64 here.
    snapshot: typeof after.snapshot === 'string' ? after.snapshot : null,
    // One event's messages differ by type and by the frame they describe.
    dedupeKey: `frigate:${after.id}:${phase}:${frameTime}`,
    via: 'mqtt',
  };
}
