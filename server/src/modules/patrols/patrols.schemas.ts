import { type Static, Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';
import { PageQuery } from '../../platform/http.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateString = Type.String({ format: 'date', description: 'YYYY-MM-DD (China Standard Time)' });
const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
export const TargetType = Type.Enum(['person', 'house', 'org', 'grid']);
export const Frequency = Type.Enum(['daily', 'weekly', 'monthly', 'quarterly']);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const PhotoParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  photoId: Type.String({ format: 'uuid' }),
});

export const PlanFilter = Type.Object(
  {
    tag: Type.Optional(
      Type.String({ minLength: 1, maxLength: 41, description: 'person: a focus-group tag' }),
    ),
    usage: Type.Optional(
      Type.Enum(['own_occupied', 'rented', 'vacant', 'commercial'], { description: 'house: its usage' }),
    ),
    kind: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, description: 'org: its kind, e.g. shop' }),
    ),
  },
  { additionalProperties: false },
);

export const PlanSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  areaCode: Type.String(),
  name: Type.String(),
  targetType: TargetType,
  filter: PlanFilter,
  frequency: Frequency,
  active: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const PlansQuery = Type.Object(
  { areaCode: Type.Optional(AreaCode), ...PageQuery },
  { additionalProperties: false },
);

export const CreatePlanBody = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    targetType: TargetType,
    filter: Type.Optional(PlanFilter),
    frequency: Frequency,
  },
  { additionalProperties: false },
);
export type CreatePlanBody = Static<typeof CreatePlanBody>;

export const UpdatePlanBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    filter: Type.Optional(PlanFilter),
    frequency: Type.Optional(Frequency),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdatePlanBody = Static<typeof UpdatePlanBody>;

export const GenerateBody = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    date: Type.Optional(DateString),
  },
  { additionalProperties: false },
);

export const GenerateResponse = Type.Object({
  plans: Type.Integer(),
  created: Type.Integer({ description: 'Tasks added; 0 when the period’s tasks exist already' }),
});

export const TaskState = Type.Enum(['open', 'overdue', 'done', 'cancelled']);
export const TaskSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  planId: Type.String(),
  planName: Type.String(),
  targetType: TargetType,
  targetId: Type.String(),
  targetLabel: Type.String(),
  gridCode: Type.String(),
  assigneeId: Nullable(Type.String()),
  assigneeName: Nullable(Type.String()),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  dueAt: Type.String({ format: 'date-time' }),
  state: TaskState,
  doneAt: Nullable(Type.String({ format: 'date-time' })),
  late: Type.Boolean({ description: 'Done after it was due' }),
  visitId: Nullable(Type.String()),
});

export const TasksQuery = Type.Object(
  {
    mine: Type.Optional(Type.Boolean({ description: 'Only tasks assigned to the caller' })),
    areaCode: Type.Optional(AreaCode),
    state: Type.Optional(TaskState),
    due: Type.Optional(
      Type.String({
        format: 'date',
        description:
          'On the list of this day: the task’s period has begun by then (current and past periods)',
      }),
    ),
    planId: Type.Optional(Type.String({ format: 'uuid' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type TasksQuery = Static<typeof TasksQuery>;

export const OverdueQuery = Type.Object(
  { areaCode: Type.Optional(AreaCode) },
  { additionalProperties: false },
);
export const OverdueSchema = Type.Object({
  total: Type.Integer(),
  byWorker: Type.Array(
    Type.Object({
      assigneeId: Nullable(Type.String()),
      name: Nullable(Type.String()),
      overdue: Type.Integer(),
    }),
  ),
  byCommunity: Type.Array(
    Type.Object({ areaCode: Type.String(), name: Nullable(Type.String()), overdue: Type.Integer() }),
  ),
});

const Position = Type.Tuple([Lon, Lat]);
export const LineString = Type.Object(
  {
    type: Type.Literal('LineString'),
    coordinates: Type.Array(Position, { minItems: 2, maxItems: 5000 }),
  },
  { additionalProperties: false, description: 'GeoJSON LineString, WGS84 longitude/latitude' },
);
export const Checkpoint = Type.Object(
  {
    lon: Lon,
    lat: Lat,
    at: Type.Optional(Type.String({ format: 'date-time' })),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export const PhotoUpload = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    contentType: Type.Enum(['image/jpeg', 'image/png', 'image/webp']),
    data: Type.String({ minLength: 1, maxLength: 7_000_000, description: 'The bytes, base64 (≤ 5 MB)' }),
  },
  { additionalProperties: false },
);

export const VisitBody = Type.Object(
  {
    taskId: Type.Optional(Type.String({ format: 'uuid' })),
    kind: Type.Enum(['visit', 'patrol']),
    targetType: Type.Optional(TargetType),
    targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    gridCode: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
    visitedAt: Type.String({ format: 'date-time' }),
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
    track: Type.Optional(LineString),
    checkpoints: Type.Optional(Type.Array(Checkpoint, { maxItems: 200 })),
    findings: Type.Optional(Type.String({ maxLength: 2000 })),
    result: Type.Enum(['normal', 'problem']),
    photos: Type.Optional(Type.Array(PhotoUpload, { maxItems: 6 })),
  },
  { additionalProperties: false },
);
export type VisitBody = Static<typeof VisitBody>;

export const VisitSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  taskId: Nullable(Type.String()),
  kind: Type.Enum(['visit', 'patrol']),
  targetType: Nullable(TargetType),
  targetId: Nullable(Type.String()),
  targetLabel: Nullable(Type.String()),
  gridCode: Type.String(),
  visitorId: Nullable(Type.String()),
  visitorName: Type.String(),
  visitedAt: Type.String({ format: 'date-time' }),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  track: Nullable(LineString),
  checkpoints: Nullable(Type.Array(Checkpoint)),
  findings: Type.String(),
  result: Type.Enum(['normal', 'problem']),
  caseId: Nullable(Type.String()),
  photos: Type.Array(
    Type.Object({
      id: Type.String(),
      fileName: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
    }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
});

export const VisitsQuery = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    from: Type.Optional(DateString),
    to: Type.Optional(DateString),
    kind: Type.Optional(Type.Enum(['visit', 'patrol'])),
    result: Type.Optional(Type.Enum(['normal', 'problem'])),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type VisitsQuery = Static<typeof VisitsQuery>;

export const TracksQuery = Type.Object(
  { areaCode: Type.Optional(AreaCode), date: Type.Optional(DateString) },
  { additionalProperties: false },
);
export const TracksSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: Type.Object({
        type: Type.Enum(['LineString', 'Point']),
        coordinates: Type.Array(Type.Unknown()),
      }),
      properties: Type.Object({
        kind: Type.String(),
        gridCode: Type.String(),
        visitorName: Type.String(),
        visitedAt: Type.String(),
        result: Type.String(),
      }),
    }),
  ),
});

export const CaseFromVisitBody = Type.Object(
  {
    categoryCode: Type.String({ minLength: 1, maxLength: 60 }),
    description: Type.Optional(
      Type.String({ minLength: 1, maxLength: 2000, description: 'Default: the findings' }),
    ),
  },
  { additionalProperties: false },
);

export const CoverageQuery = Type.Object(
  { areaCode: Type.Optional(AreaCode), from: Type.Optional(DateString), to: Type.Optional(DateString) },
  { additionalProperties: false },
);
const CoverageRow = Type.Object({
  areaCode: Type.String(),
  name: Nullable(Type.String()),
  planned: Type.Integer({ description: 'Tasks due in the period' }),
  done: Type.Integer(),
  onTime: Type.Integer(),
  overdue: Type.Integer({ description: 'Past due and not done' }),
  pending: Type.Integer({ description: 'Open and not yet due' }),
  coverage: Nullable(
    Type.Number({ description: 'onTime / (planned − pending), 0–1; null when nothing is settled yet' }),
  ),
});
export const CoverageSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  total: CoverageRow,
  grids: Type.Array(CoverageRow),
  communities: Type.Array(CoverageRow),
});
