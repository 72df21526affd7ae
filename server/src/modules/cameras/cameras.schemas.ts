import { type Static, Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';
import { PageQuery } from '../../platform/http.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
/** A GB/T 28181 code: 20 digits (centre, industry, type, serial). */
export const GbId = Type.String({ pattern: '^[0-9]{20}$', description: 'GB/T 28181 20-digit ID' });
const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Zones = Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 20 });
/** A JPEG snapshot, base64 (a `data:` prefix is allowed). */
const Snapshot = Type.String({ minLength: 4, maxLength: 1_400_000, description: 'JPEG, base64' });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const CameraSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  deviceId: Type.String(),
  channelId: Nullable(Type.String()),
  name: Type.String(),
  gridCode: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  direction: Nullable(Type.Integer()),
  ownerDepartment: Nullable(Type.String()),
  intelligent: Type.Boolean(),
  analysisTypes: Type.Array(Type.String()),
  status: Type.Enum(['online', 'offline']),
  lastHeartbeatAt: Nullable(Type.String({ format: 'date-time' })),
  faultCaseId: Nullable(Type.String()),
  version: Type.Integer(),
});
export type CameraView = Static<typeof CameraSchema>;

export const CameraStatsSchema = Type.Object({
  alarmType: Type.String(),
  incidents: Type.Integer(),
  dismissed: Type.Integer(),
  /** Dismissed as false alarms out of the incidents decided. */
  falseAlarmRate: Nullable(Type.Number()),
});

export const CameraInput = Type.Object(
  {
    deviceId: GbId,
    channelId: Type.Optional(GbId),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    lon: Lon,
    lat: Lat,
    direction: Type.Optional(Type.Integer({ minimum: 0, maximum: 359 })),
    ownerDepartment: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    intelligent: Type.Optional(Type.Boolean()),
    analysisTypes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type CameraInputValue = Static<typeof CameraInput>;

export const CamerasQuery = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    status: Type.Optional(Type.Enum(['online', 'offline'])),
    intelligent: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 60 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type CamerasQueryValue = Static<typeof CamerasQuery>;

export const CameraPointsQuery = Type.Object(
  { areaCode: Type.Optional(AreaCode) },
  { additionalProperties: false },
);
/** The map layer: every camera as [lon, lat, status, intelligent, id]; compact for 1,800 points. */
export const CameraPointsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      lon: Type.Number(),
      lat: Type.Number(),
      status: Type.Enum(['online', 'offline']),
      intelligent: Type.Boolean(),
    }),
  ),
});

export const ImportQuery = Type.Object(
  { fileName: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const ImportResultSchema = Type.Object({ created: Type.Integer(), updated: Type.Integer() });

// ---- alarms ----

/** GB/T 28181 alarm notification fields (the `Notify` of CmdType `Alarm`), as JSON. */
export const GbAlarm = Type.Object(
  {
    DeviceID: GbId,
    AlarmPriority: Type.Integer({ minimum: 1, maximum: 4, description: '1 highest … 4 lowest' }),
    AlarmMethod: Type.Union([Type.Integer({ minimum: 1, maximum: 7 }), Type.String({ pattern: '^[1-7]$' })]),
    AlarmType: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 40 })]),
    ),
    AlarmTime: Type.String({ format: 'date-time' }),
    AlarmDescription: Type.Optional(Type.String({ maxLength: 500 })),
    Longitude: Type.Optional(Lon),
    Latitude: Type.Optional(Lat),
    Snapshot: Type.Optional(Snapshot),
  },
  { additionalProperties: false },
);
export type GbAlarmValue = Static<typeof GbAlarm>;

/** A platform-neutral event: one camera, one type, a score, its span, zones and a snapshot. */
export const GenericAlarm = Type.Object(
  {
    camera: Type.String({ minLength: 1, maxLength: 100, description: 'device or channel ID, or name' }),
    type: Type.String({ minLength: 1, maxLength: 40 }),
    eventId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    phase: Type.Optional(Type.Enum(['new', 'update', 'end'])),
    score: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    start: Type.String({ format: 'date-time' }),
    end: Type.Optional(Type.String({ format: 'date-time' })),
    zones: Type.Optional(Zones),
    snapshot: Type.Optional(Snapshot),
  },
  { additionalProperties: false },
);
export type GenericAlarmValue = Static<typeof GenericAlarm>;

export const AlarmBody = Type.Union([
  GbAlarm,
  GenericAlarm,
  Type.Array(Type.Union([GbAlarm, GenericAlarm]), { minItems: 1, maxItems: 500 }),
]);
export const AlarmHeaders = Type.Object({ 'x-api-key': Type.Optional(Type.String()) });

export const AlarmOutcome = Type.Enum(['accepted', 'joined', 'duplicate', 'filtered', 'refused']);
export const AlarmResultSchema = Type.Object({
  index: Type.Integer(),
  outcome: AlarmOutcome,
  incidentId: Nullable(Type.String()),
  caseId: Nullable(Type.String()),
  /** Why refused or filtered: e.g. `unknown_camera`, `outside_hours`, `low_score`. */
  reason: Nullable(Type.String()),
});
export type AlarmResult = Static<typeof AlarmResultSchema>;
export const AlarmAnswerSchema = Type.Object({ results: Type.Array(AlarmResultSchema) });

// ---- incidents ----

export const IncidentSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  cameraId: Type.String(),
  cameraName: Type.String(),
  deviceId: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  gridCode: Type.String(),
  alarmType: Type.String(),
  alarmTypeName: Type.String(),
  state: Type.Enum(['open', 'ended']),
  decision: Type.Enum(['pending', 'case', 'dismissed']),
  mode: Type.Enum(['auto', 'confirm']),
  alarmCount: Type.Integer(),
  throttled: Type.Boolean(),
  bestScore: Nullable(Type.Number()),
  hasSnapshot: Type.Boolean(),
  zones: Type.Array(Type.String()),
  startedAt: Type.String({ format: 'date-time' }),
  lastAlarmAt: Type.String({ format: 'date-time' }),
  endedAt: Nullable(Type.String({ format: 'date-time' })),
  caseId: Nullable(Type.String()),
  caseNumber: Nullable(Type.String()),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  version: Type.Integer(),
});
export type IncidentView = Static<typeof IncidentSchema>;

export const IncidentsQuery = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    cameraId: Type.Optional(Type.String({ format: 'uuid' })),
    alarmType: Type.Optional(Type.String({ maxLength: 40 })),
    decision: Type.Optional(Type.Enum(['pending', 'case', 'dismissed'])),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type IncidentsQueryValue = Static<typeof IncidentsQuery>;

export const DecideBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const AlarmSchema = Type.Object({
  id: Type.Integer(),
  alarmType: Type.String(),
  via: Type.String(),
  phase: Type.String(),
  score: Nullable(Type.Number()),
  priority: Nullable(Type.Integer()),
  zones: Type.Array(Type.String()),
  filtered: Nullable(Type.String()),
  incidentId: Nullable(Type.String()),
  occurredAt: Type.String({ format: 'date-time' }),
});

export const CameraDetailSchema = Type.Object({
  ...CameraSchema.properties,
  alarms: Type.Array(AlarmSchema),
  incidents: Type.Array(IncidentSchema),
  stats: Type.Array(CameraStatsSchema),
});

// ---- rules ----

export const RuleSchema = Type.Object({
  alarmType: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  categoryCode: Type.String(),
  minScore: Type.Number(),
  zones: Type.Array(Type.String()),
  hoursFrom: Type.Integer(),
  hoursTo: Type.Integer(),
  mode: Type.Enum(['auto', 'confirm']),
  version: Type.Integer(),
});
export type RuleView = Static<typeof RuleSchema>;
export const RuleParams = Type.Object({ type: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }) });
export const RuleInput = Type.Object(
  {
    nameZh: Type.String({ minLength: 1, maxLength: 40 }),
    nameEn: Type.String({ minLength: 1, maxLength: 60 }),
    categoryCode: Type.String({ minLength: 1, maxLength: 60 }),
    minScore: Type.Number({ minimum: 0, maximum: 1 }),
    zones: Type.Optional(Zones),
    hoursFrom: Type.Integer({ minimum: 0, maximum: 23 }),
    hoursTo: Type.Integer({ minimum: 1, maximum: 24 }),
    mode: Type.Enum(['auto', 'confirm']),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type RuleInputValue = Static<typeof RuleInput>;

/** Tunables: the incident window, the flood threshold, the offline time before a fault case. */
export const CameraSettingsSchema = Type.Object(
  {
    windowMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    floodPerMinute: Type.Integer({ minimum: 1, maximum: 10_000 }),
    offlineMinutes: Type.Integer({ minimum: 1, maximum: 10_080 }),
    faultCategory: Type.String({ minLength: 1, maxLength: 60 }),
  },
  { additionalProperties: false },
);
export type CameraSettings = Static<typeof CameraSettingsSchema>;
