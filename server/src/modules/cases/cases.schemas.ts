import { Type } from 'typebox';
import { CASE_SOURCES, CASE_STATES, CASE_STEPS } from '../../db/types.ts';
import { AreaCode } from '../../geo/area-code.ts';
import { PageQuery } from '../../platform/http.ts';
import { MOVES } from './cases.machine.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const CaseSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String(),
  source: Type.Enum(CASE_SOURCES),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  gridCode: Type.String(),
  gridName: Type.String(),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  address: Nullable(Type.String()),
  description: Type.String(),
  state: Type.Enum(CASE_STATES),
  step: Nullable(Type.Enum(CASE_STEPS)),
  stepStartedAt: Nullable(Type.String({ format: 'date-time' })),
  stepDeadline: Nullable(Type.String({ format: 'date-time' })),
  overdue: Type.Boolean(),
  alarm: Type.Enum(['none', 'yellow', 'red']),
  departmentCode: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  keptInGrid: Type.Boolean(),
  duplicateOf: Nullable(Type.String()),
  reporterName: Nullable(Type.String()),
  reporterPhone: Nullable(Type.String({ description: 'Masked' })),
  escalatedTo: Nullable(Type.String()),
  supervised: Type.Boolean(),
  satisfaction: Nullable(Type.Integer()),
  reopenCount: Type.Integer(),
  reportedAt: Type.String({ format: 'date-time' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  orgId: Nullable(
    Type.String({ description: 'The organization the outcome is attributed to (set on closing)' }),
  ),
  version: Type.Integer(),
});

export const CaseDetailSchema = Type.Object({
  ...CaseSchema.properties,
  allowedActions: Type.Array(Type.String(), {
    description: 'Moves (and `supervise`, `evaluate`) the caller may make now',
  }),
});

/** An open case that a report may repeat, in the short form the report and merge forms show. */
export const LikelyDuplicateSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String(),
  state: Type.Enum(CASE_STATES),
  description: Type.String(),
  distance: Type.Number({ description: 'Metres from the point asked about' }),
});

export const ReportResponse = Type.Object({
  ...CaseDetailSchema.properties,
  likelyDuplicates: Type.Array(LikelyDuplicateSchema),
});

const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });

export const ReportBody = Type.Object(
  {
    categoryCode: Type.String({ minLength: 1, maxLength: 60 }),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    gridCode: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
    reporterName: Type.Optional(Type.String({ maxLength: 50 })),
    reporterPhone: Type.Optional(Type.String({ maxLength: 30 })),
  },
  { additionalProperties: false },
);

export const MoveBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'The version the caller saw' }),
    note: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: 'Reason or result; required for reject, send_back, reopen',
      }),
    ),
    departmentCode: Type.Optional(Type.String({ maxLength: 60, description: 'dispatch: the handling unit' })),
    keepInGrid: Type.Optional(Type.Boolean({ description: 'dispatch: the grid handles it itself' })),
    overrideReason: Type.Optional(
      Type.String({ maxLength: 500, description: 'dispatch: why the routing suggestion was overridden' }),
    ),
    duplicateOf: Type.Optional(
      Type.String({ format: 'uuid', description: 'merge: the case this one repeats' }),
    ),
    orgId: Type.Optional(
      Type.String({
        format: 'uuid',
        description:
          'close: the organization the outcome is attributed to (e.g. the shop whose street occupation it was); counted by credit records',
      }),
    ),
  },
  { additionalProperties: false },
);

export const MoveParams = Type.Object({ id: Type.String({ format: 'uuid' }), move: Type.Enum(MOVES) });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const CasesQuery = Type.Object(
  {
    state: Type.Optional(Type.Array(Type.Enum(CASE_STATES))),
    category: Type.Optional(Type.String({ maxLength: 60 })),
    areaCode: Type.Optional(AreaCode),
    open: Type.Optional(Type.Boolean({ description: 'true: cases still in the loop; false: ended ones' })),
    overdue: Type.Optional(Type.Boolean()),
    alarm: Type.Optional(Type.Enum(['yellow', 'red'])),
    supervised: Type.Optional(Type.Boolean()),
    source: Type.Optional(Type.Enum(CASE_SOURCES)),
    departmentCode: Type.Optional(Type.String({ maxLength: 60 })),
    mine: Type.Optional(Type.Boolean({ description: 'Only cases the caller reported' })),
    q: Type.Optional(
      Type.String({ maxLength: 100, description: 'Case number, or text in the description or address' }),
    ),
    ...PageQuery,
    sort: Type.Enum(['deadline', 'reportedAt', '-reportedAt', 'number'], { default: '-reportedAt' }),
  },
  { additionalProperties: false },
);

export const InboxQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const SimilarQuery = Type.Object(
  { categoryCode: Type.String({ maxLength: 60 }), lon: Lon, lat: Lat },
  { additionalProperties: false },
);

export const SuperviseBody = Type.Object(
  { instruction: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);

export const EvaluateBody = Type.Object(
  {
    satisfaction: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const TimelineSchema = Type.Object({
  events: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: Type.String({ format: 'date-time' }),
      actorId: Nullable(Type.String()),
      actorName: Nullable(Type.String()),
      actorRole: Nullable(Type.String()),
      action: Type.String(),
      fromState: Nullable(Type.String()),
      toState: Nullable(Type.String()),
      note: Nullable(Type.String()),
      data: Type.Record(Type.String(), Type.Unknown()),
      attachments: Type.Array(
        Type.Object({
          id: Type.String(),
          fileName: Type.String(),
          contentType: Type.String(),
          size: Type.Integer(),
          sha256: Type.String(),
        }),
      ),
    }),
  ),
  steps: Type.Array(
    Type.Object({
      step: Type.Enum(CASE_STEPS),
      departmentCode: Nullable(Type.String()),
      startedAt: Type.String({ format: 'date-time' }),
      deadline: Nullable(Type.String({ format: 'date-time' })),
      finishedAt: Nullable(Type.String({ format: 'date-time' })),
      late: Type.Boolean(),
    }),
  ),
});
