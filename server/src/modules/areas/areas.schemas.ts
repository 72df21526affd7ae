import { type Static, Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';
import { FILE_CRS_PATTERN, type FileCrs } from '../../geo/file-crs.ts';
import { AREA_LEVELS } from '../../geo/geojson.ts';
import { PageQuery } from '../../platform/http.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const AreaLevel = Type.Enum(AREA_LEVELS);

export const BoundarySchema = Type.Object(
  {
    type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]),
    coordinates: Type.Array(Type.Array(Type.Unknown()), { minItems: 1 }),
  },
  { description: 'GeoJSON Polygon or MultiPolygon, WGS84 [lon, lat]' },
);

export const AreaSummary = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: AreaLevel,
  parentCode: Nullable(Type.String()),
  households: Nullable(Type.Integer()),
  population: Nullable(Type.Integer()),
  retired: Type.Boolean(),
});
export type AreaSummary = Static<typeof AreaSummary>;

export const AreaStats = Type.Object({
  grids: Type.Integer(),
  households: Type.Integer(),
  population: Type.Integer(),
});

export const AreaSchema = Type.Object({
  ...AreaSummary.properties,
  boundary: BoundarySchema,
  bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }),
  headId: Nullable(Type.String()),
  headName: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  ancestors: Type.Array(AreaSummary),
  children: Type.Array(AreaSummary),
  stats: AreaStats,
});
export type Area = Static<typeof AreaSchema>;

export const CodeParams = Type.Object({ code: AreaCode });

export const CreateAreaBody = Type.Object(
  {
    code: AreaCode,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    level: AreaLevel,
    parentCode: Nullable(AreaCode),
    boundary: BoundarySchema,
    households: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    population: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    headId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  },
  { additionalProperties: false },
);
export type CreateAreaBody = Static<typeof CreateAreaBody>;

export const UpdateAreaBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'The version the editor read' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    boundary: Type.Optional(BoundarySchema),
    households: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    population: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    headId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  },
  { additionalProperties: false },
);
export type UpdateAreaBody = Static<typeof UpdateAreaBody>;

export const RetireBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    level: Type.Optional(AreaLevel),
    parentCode: Type.Optional(AreaCode),
    includeRetired: Type.Optional(Type.Boolean()),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

export interface TreeNode {
  code: string;
  name: string;
  level: Static<typeof AreaLevel>;
  children: TreeNode[];
}
// Serialised without a recursive schema: `children` holds TreeNodes all the way down.
export const TreeNodeSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: AreaLevel,
  children: Type.Array(Type.Unknown(), { description: 'TreeNode[]' }),
});
export const TreeQuery = Type.Object({ depth: Type.Optional(AreaLevel) }, { additionalProperties: false });

export const GeoJsonQuery = Type.Object(
  { level: Type.Optional(AreaLevel), within: Type.Optional(AreaCode) },
  { additionalProperties: false },
);

export const HistoryEntry = Type.Object({
  version: Type.Integer(),
  changedAt: Type.String({ format: 'date-time' }),
  changedBy: Nullable(Type.String()),
  source: Type.String(),
  changes: Type.Record(Type.String(), Type.Array(Type.Unknown())),
});

export const LocateQuery = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02'), Type.Literal('bd09')])),
  },
  { additionalProperties: false },
);
export const LocateResponse = Type.Object({
  grid: AreaSummary,
  ancestors: Type.Array(AreaSummary),
  point: Type.Object({ lon: Type.Number(), lat: Type.Number() }),
});

export const ImportFeature = Type.Object({
  type: Type.Literal('Feature'),
  properties: Type.Record(Type.String(), Type.Unknown()),
  geometry: Type.Unknown(),
});
export const ImportBody = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(Type.Unknown(), { maxItems: 100_000 }),
});
export const ImportResult = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
});

const FileCrsSchema = Type.Unsafe<FileCrs>(
  Type.String({
    pattern: FILE_CRS_PATTERN,
    description:
      'Coordinate system of the file: wgs84, cgcs2000, gcj02, bd09 or EPSG:4513–4554 (CGCS2000 3° Gauss–Krüger); by default from the file',
  }),
);
export const PreviewQuery = Type.Object(
  { crs: Type.Optional(FileCrsSchema) },
  { additionalProperties: false },
);

const Attribute = Type.String({ minLength: 1, maxLength: 100 });
export const FileImportQuery = Type.Object(
  {
    crs: Type.Optional(FileCrsSchema),
    code: Attribute,
    name: Attribute,
    level: Type.Optional(Attribute),
    households: Type.Optional(Attribute),
    population: Type.Optional(Attribute),
  },
  { additionalProperties: false, description: 'Which attribute of the file holds each property of an area' },
);

export const ImportPreview = Type.Object({
  format: Type.Enum(['shapefile', 'kmz', 'kml', 'geojson']),
  crs: Type.Object({
    id: Type.String({ description: 'wgs84, cgcs2000, gcj02, bd09, EPSG:45xx, or prj (read from the .prj)' }),
    name: Type.String(),
    source: Type.Enum(['file', 'user', 'coordinates']),
  }),
  encoding: Nullable(Type.String({ description: 'The .dbf text encoding' })),
  attributes: Type.Array(Type.Object({ name: Type.String(), samples: Type.Array(Type.String()) })),
  mapping: Type.Object({
    code: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    level: Type.Optional(Type.String()),
    households: Type.Optional(Type.String()),
    population: Type.Optional(Type.String()),
  }),
  features: Type.Unknown({
    description: 'GeoJSON FeatureCollection in WGS84 with the attributes as properties',
  }),
});
