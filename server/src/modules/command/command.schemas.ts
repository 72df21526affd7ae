import { type Static, Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, Beijing time' });
const Rate = Type.Union([Type.Number(), Type.Null()]);
const Count = Type.Integer({ minimum: 0 });
const Label = Type.Object({ zh: Type.String(), en: Type.String() });

/** What every panel carries: when it was computed, and after how long it is stale. */
const Freshness = {
  computedAt: Type.String({ format: 'date-time' }),
  refreshSeconds: Type.Integer({ minimum: 1 }),
};

export const AreaQuery = Type.Object({ areaCode: Type.Optional(AreaCode) }, { additionalProperties: false });

export const WallFiguresSchema = Type.Object({
  ...Freshness,
  areaCode: Type.String(),
  day: Day,
  figures: Type.Array(
    Type.Object({
      module: Type.String(),
      key: Type.String(),
      label: Label,
      value: Type.Number(),
      lastWeek: Type.Union([Type.Number(), Type.Null()]),
      better: Type.Enum(['up', 'down']),
      href: Type.String(),
    }),
  ),
});

export const PointsQuery = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    days: Type.Integer({ minimum: 1, maximum: 365, default: 7, description: 'The last N days' }),
    categoryCode: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);

export const PointsSchema = Type.Object({
  ...Freshness,
  points: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.String(),
      categoryCode: Type.String(),
      gridCode: Type.String(),
      lon: Type.Number(),
      lat: Type.Number(),
      reportedAt: Type.String({ format: 'date-time' }),
      state: Type.String(),
    }),
  ),
});

export const HotspotsQuery = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    categoryCode: Type.Optional(Type.String({ maxLength: 60 })),
    days: Type.Integer({ minimum: 1, maximum: 180, default: 30, description: 'Cases of the last N days' }),
    meters: Type.Integer({ minimum: 10, maximum: 5000, default: 200, description: 'Neighbour distance' }),
    spanDays: Type.Integer({
      minimum: 1,
      maximum: 180,
      default: 7,
      description: 'Neighbours are reported at most this many days apart',
    }),
    minCases: Type.Integer({ minimum: 2, maximum: 100, default: 5 }),
  },
  { additionalProperties: false },
);

export const HotspotSchema = Type.Object({
  id: Type.String({ description: 'Stable while its cases stay: a hash of its category and first case' }),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  gridCode: Type.String(),
  gridName: Type.String(),
  size: Count,
  lon: Type.Number(),
  lat: Type.Number(),
  radius: Type.Number({ description: 'Metres from the centre to the farthest case' }),
  first: Type.String({ format: 'date-time' }),
  last: Type.String({ format: 'date-time' }),
  recent: Count,
  earlier: Count,
  trend: Type.Enum(['up', 'down', 'flat']),
  caseIds: Type.Array(Type.String()),
  caseNumbers: Type.Array(Type.String()),
  href: Type.String(),
});

export const HotspotsSchema = Type.Object({ ...Freshness, hotspots: Type.Array(HotspotSchema) });

export const HotspotParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64, description: 'A hot spot id from the hot spots list' }) },
  { additionalProperties: false },
);

export const HotspotCasesQuery = Type.Object(
  {
    ...HotspotsQuery.properties,
    at: Type.Optional(
      Type.String({
        format: 'date-time',
        description:
          'When the hot spots list was computed (its computedAt): the clusters are found again as of then, so the same hot spot opens the same cases',
      }),
    ),
    page: Type.Integer({ minimum: 1, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 20 }),
  },
  { additionalProperties: false },
);

export const CameraLayerSchema = Type.Object({
  ...Freshness,
  cameras: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      gridCode: Type.String(),
      lon: Type.Number(),
      lat: Type.Number(),
      status: Type.Enum(['online', 'offline']),
      intelligent: Type.Boolean(),
      waiting: Type.Integer({ minimum: 0, description: 'Its incidents waiting for a decision' }),
    }),
  ),
});

export const SendHotspotBody = Type.Object(
  {
    ...HotspotsQuery.properties,
    categoryCode: Type.String({ maxLength: 60 }),
    hotspotId: Type.String({ maxLength: 64 }),
    instruction: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const SentHotspotSchema = Type.Object({ caseId: Type.String(), number: Type.String() });

export const INDICATORS = ['onTimeRate', 'closureRate', 'satisfaction', 'reworkRate'] as const;

export const RankingsQuery = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    groupBy: Type.Enum(['grid', 'community', 'department'], { default: 'community' }),
    indicator: Type.Enum(INDICATORS, { default: 'onTimeRate' }),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
  },
  { additionalProperties: false },
);

export const RankingsSchema = Type.Object({
  ...Freshness,
  from: Day,
  to: Day,
  groupBy: Type.String(),
  indicator: Type.String(),
  rows: Type.Array(
    Type.Object({
      rank: Type.Integer({ minimum: 1 }),
      key: Type.String(),
      name: Type.String(),
      reported: Count,
      onTimeRate: Rate,
      closureRate: Rate,
      satisfaction: Rate,
      reworkRate: Rate,
      href: Type.String(),
    }),
  ),
});

export const PanelSchema = Type.Object(
  {
    kind: Type.Enum(['figures', 'map', 'hotspots', 'rankings', 'resources', 'live']),
    indicator: Type.Optional(Type.String({ maxLength: 40 })),
    refreshSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 86_400 })),
  },
  { additionalProperties: false },
);

export const LayoutBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    /** Save for the caller's role (command.manage) rather than for the caller alone. */
    forRole: Type.Optional(Type.Boolean()),
    panels: Type.Array(PanelSchema, { minItems: 1, maxItems: 20 }),
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Replacing: the version the caller saw' }),
    ),
  },
  { additionalProperties: false },
);

export const LayoutSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  owner: Type.Enum(['user', 'role']),
  role: Type.Union([Type.String(), Type.Null()]),
  panels: Type.Array(PanelSchema),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const DeleteLayoutQuery = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 60 }), forRole: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const ReportsQuery = Type.Object(
  { areaCode: Type.Optional(AreaCode) },
  { additionalProperties: false },
);

export const GenerateReportBody = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
  },
  { additionalProperties: false },
);

export const ReportSchema = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  month: Type.String(),
  generatedAt: Type.String({ format: 'date-time' }),
  generatedBy: Type.Union([Type.String(), Type.Null()]),
});

export const ReportFileParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);

export type HotspotsInput = Static<typeof HotspotsQuery>;
export type HotspotCasesInput = Static<typeof HotspotCasesQuery>;
export type RankingsInput = Static<typeof RankingsQuery>;
export type LayoutInput = Static<typeof LayoutBody>;
export type Panel = Static<typeof PanelSchema>;
