import { type Static, Type } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Frequency = Type.Union([Type.Literal('daily'), Type.Literal('weekly'), Type.Literal('monthly')]);
const Access = Type.Union([Type.Literal('public'), Type.Literal('restricted')]);

export const FieldSchema = Type.Object({
  name: Type.String(),
  type: Type.Union([
    Type.Literal('string'),
    Type.Literal('integer'),
    Type.Literal('number'),
    Type.Literal('date'),
    Type.Literal('boolean'),
  ]),
  title: Type.String(),
  titleEn: Type.String(),
});

export const VersionSchema = Type.Object({
  number: Type.Integer(),
  rowCount: Type.Integer(),
  suppressed: Type.Integer(),
  hash: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const DatasetSchema = Type.Object({
  name: Type.String(),
  title: Type.String(),
  titleEn: Type.String(),
  description: Type.String(),
  descriptionEn: Type.String(),
  theme: Type.String(),
  keywords: Type.Array(Type.String()),
  frequency: Frequency,
  access: Access,
  enabled: Type.Boolean(),
  fields: Type.Array(FieldSchema),
  geo: Type.Boolean(),
  chart: Type.Union([
    Type.Object({
      category: Type.String(),
      value: Type.String(),
      where: Type.Optional(Type.Record(Type.String(), Type.String())),
    }),
    Type.Null(),
  ]),
  latest: Type.Union([VersionSchema, Type.Null()]),
  lastRefreshedAt: Nullable(Type.String({ format: 'date-time' })),
  version: Type.Integer(),
});
export type DatasetView = Static<typeof DatasetSchema>;

export const DatasetsQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 100 })) },
  { additionalProperties: false },
);
export const NameParams = Type.Object(
  { name: Type.String({ pattern: '^[a-z0-9-]{1,60}$' }) },
  { additionalProperties: false },
);
export const DownloadParams = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9-]{1,60}$' }),
    format: Type.Union([
      Type.Literal('csv'),
      Type.Literal('xlsx'),
      Type.Literal('json'),
      Type.Literal('geojson'),
    ]),
  },
  { additionalProperties: false },
);
/** A dataset's settings, set as a whole (three fields, so the last one saved wins). */
export const UpdateDatasetBody = Type.Object(
  {
    access: Type.Optional(Access),
    frequency: Type.Optional(Frequency),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateDatasetInput = Static<typeof UpdateDatasetBody>;

export const RefreshResultSchema = Type.Object({
  name: Type.String(),
  changed: Type.Boolean(),
  version: Type.Integer(),
});

export const VersionsSchema = Type.Object({ items: Type.Array(VersionSchema) });

// ---- partners ----

export const PartnerKeySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  prefix: Type.String(),
  holder: Type.String(),
  purpose: Type.String(),
  datasets: Type.Array(Type.String()),
  dailyQuota: Type.Integer(),
  ratePerMinute: Type.Integer(),
  orgId: Nullable(Type.String({ format: 'uuid' })),
  areaCode: Type.String(),
  expiresAt: Nullable(Type.String({ format: 'date-time' })),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
  active: Type.Boolean(),
});
export type PartnerKeyView = Static<typeof PartnerKeySchema>;
export const CreatedPartnerKeySchema = Type.Object({ ...PartnerKeySchema.properties, key: Type.String() });

export const CreatePartnerKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    holder: Type.String({ minLength: 1, maxLength: 200 }),
    purpose: Type.String({ minLength: 1, maxLength: 500 }),
    datasets: Type.Array(Type.String({ pattern: '^[a-z0-9-]{1,60}$' }), { maxItems: 50, uniqueItems: true }),
    dailyQuota: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
    ratePerMinute: Type.Integer({ minimum: 1, maximum: 100_000 }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,15}$' })),
    /** The organization the partner is, for its own credit records. */
    orgId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type CreatePartnerKeyInput = Static<typeof CreatePartnerKeyBody>;

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export const UsageQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
);
export const UsageSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      keyId: Type.String(),
      keyName: Type.String(),
      holder: Nullable(Type.String()),
      day: Type.String(),
      dataset: Type.String(),
      calls: Type.Integer(),
      rows: Type.Integer(),
    }),
  ),
});

// ---- CKAN ----

/** CKAN's envelope; `result` is whatever the action answers. */
export const CkanEnvelope = Type.Object(
  { help: Type.String(), success: Type.Boolean(), result: Type.Unknown() },
  { additionalProperties: true },
);
export const CkanError = Type.Object(
  {
    help: Type.String(),
    success: Type.Boolean(),
    error: Type.Object({ __type: Type.String(), message: Type.String() }, { additionalProperties: true }),
  },
  { additionalProperties: true },
);
const Str = Type.Optional(Type.String({ maxLength: 2000 }));
const Int = (max: number) => Type.Optional(Type.Integer({ minimum: 0, maximum: max }));
export const PackageShowQuery = Type.Object({ id: Type.String({ maxLength: 200 }) });
export const PackageListQuery = Type.Object({ limit: Int(1000), offset: Int(1_000_000) });
export const PackageSearchQuery = Type.Object({
  q: Str,
  fq: Str,
  rows: Int(1000),
  start: Int(1_000_000),
  sort: Str,
});
export const OrganizationListQuery = Type.Object({ all_fields: Type.Optional(Type.Boolean()) });
export const DatastoreSearchQuery = Type.Object({
  resource_id: Type.String({ maxLength: 200 }),
  filters: Str,
  q: Str,
  limit: Int(32_000),
  offset: Int(100_000_000),
  sort: Str,
  fields: Str,
  include_total: Type.Optional(Type.Boolean()),
});
export type DatastoreSearchInput = Static<typeof DatastoreSearchQuery>;
