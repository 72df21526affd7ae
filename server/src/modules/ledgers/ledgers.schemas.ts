import { Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';
import { PageQuery } from '../../platform/http.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const Entity = Type.Union([Type.Literal('person'), Type.Literal('org'), Type.Literal('thing')]);
export const LedgerCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,40}$' });

export const Column = Type.Object(
  {
    header: Type.String({ minLength: 1, maxLength: 100 }),
    field: Type.String({ minLength: 1, maxLength: 40 }),
  },
  { additionalProperties: false },
);

export const LedgerTypeSchema = Type.Object({
  code: Type.String(),
  departmentCode: Type.String(),
  departmentName: Type.String(),
  name: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  entity: Entity,
  columns: Type.Array(Column),
  defaults: Type.Record(Type.String(), Type.Unknown()),
  priority: Type.Integer(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const LedgerTypeBody = Type.Object(
  {
    departmentCode: Type.String({ minLength: 1, maxLength: 60 }),
    nameZh: Type.String({ minLength: 1, maxLength: 60 }),
    nameEn: Type.String({ minLength: 1, maxLength: 100 }),
    entity: Entity,
    columns: Type.Array(Column, { minItems: 1, maxItems: 60 }),
    defaults: Type.Optional(
      Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), { maxProperties: 20 }),
    ),
    priority: Type.Integer({ minimum: 0, maximum: 1000 }),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'Required to change an existing type' })),
  },
  { additionalProperties: false },
);

export const FieldsSchema = Type.Record(
  Type.String(),
  Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      required: Type.Boolean(),
      headers: Type.Array(Type.String()),
    }),
  ),
);

export const RulesSchema = Type.Object(
  { current: Type.Union([Type.Literal('most_recent'), Type.Literal('priority')]) },
  { additionalProperties: false },
);

const Sheet = Type.Object({
  name: Type.String(),
  headerRow: Type.Integer(),
  headers: Type.Array(Type.String()),
  groups: Type.Optional(Type.Array(Type.String())),
  preview: Type.Array(Type.Array(Type.String())),
});

export const UploadQuery = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const UploadResponse = Type.Object({
  fileId: Type.String(),
  size: Type.Integer(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  encoding: Type.Union([Type.String(), Type.Null()]),
  sheets: Type.Array(Sheet),
  proposals: Type.Array(
    Type.Object({ ledgerType: Type.String(), columns: Type.Array(Column), matched: Type.Integer() }),
  ),
});

export const ImportBody = Type.Object(
  {
    fileId: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    ledgerType: LedgerCode,
    columns: Type.Optional(Type.Array(Column, { minItems: 1, maxItems: 60 })),
    sheet: Type.Optional(Type.String({ maxLength: 100 })),
    headerRow: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const ImportState = Type.Union([
  Type.Literal('validating'),
  Type.Literal('validated'),
  Type.Literal('importing'),
  Type.Literal('done'),
  Type.Literal('cancelled'),
  Type.Literal('failed'),
  Type.Literal('rolled_back'),
]);

export const ImportSchema = Type.Object({
  id: Type.String(),
  ledgerType: Type.String(),
  ledgerName: Type.String(),
  entity: Entity,
  fileName: Type.String(),
  sha256: Type.String(),
  size: Type.Integer(),
  format: Type.String(),
  encoding: Nullable(Type.String()),
  sheet: Nullable(Type.String()),
  headerRow: Type.Union([Type.Integer(), Type.Null()]),
  columns: Type.Array(Column),
  areaCode: Type.String(),
  state: ImportState,
  error: Nullable(Type.String()),
  progress: Type.Object({ rowsRead: Type.Integer(), bytesRead: Type.Integer(), totalBytes: Type.Integer() }),
  counts: Type.Object({
    valid: Type.Integer(),
    rejected: Type.Integer(),
    new: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    committedRows: Type.Integer(),
  }),
  startedBy: Nullable(Type.String()),
  startedAt: Type.String({ format: 'date-time' }),
  validatedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  rolledBackAt: Nullable(Type.String({ format: 'date-time' })),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
});

export const ImportDetailSchema = Type.Object({
  ...ImportSchema.properties,
  problemsByCode: Type.Array(
    Type.Object({
      code: Type.String(),
      count: Type.Integer(),
      /** A note (a name normalised, a 合计 line or a notes sheet skipped), not a rejection. */
      note: Type.Boolean(),
    }),
  ),
});

export const ImportsQuery = Type.Object(
  { ledgerType: Type.Optional(LedgerCode), ...PageQuery },
  { additionalProperties: false },
);

export const ProblemsQuery = Type.Object(
  { code: Type.Optional(Type.String({ maxLength: 40 })), ...PageQuery },
  { additionalProperties: false },
);

export const ProblemItem = Type.Object({
  sheet: Type.String(),
  row: Type.Integer(),
  column: Nullable(Type.String()),
  code: Type.String(),
  message: Type.String(),
  value: Nullable(Type.String()),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export const CodeParams = Type.Object({ code: LedgerCode }, { additionalProperties: false });

export const ConflictsQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])),
    entity: Type.Optional(Entity),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const ConflictSchema = Type.Object({
  id: Type.Integer(),
  entity: Entity,
  recordId: Type.String(),
  recordName: Nullable(Type.String()),
  gridCode: Nullable(Type.String()),
  field: Type.String(),
  state: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
  candidates: Type.Array(
    Type.Object({
      source: Type.String(),
      sourceName: Type.String(),
      ledgerType: Nullable(Type.String()),
      importId: Nullable(Type.String()),
      row: Type.Union([Type.Integer(), Type.Null()]),
      at: Nullable(Type.String()),
      value: Type.Unknown(),
    }),
  ),
  currentIndex: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  resolvedAt: Nullable(Type.String({ format: 'date-time' })),
  resolvedBy: Nullable(Type.String()),
});

export const ConflictParams = Type.Object(
  { id: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export const ResolveBody = Type.Object(
  { choice: Type.Integer({ minimum: 0, maximum: 100, description: 'Index of the candidate to keep' }) },
  { additionalProperties: false },
);

export const SourcesParams = Type.Object(
  { entity: Entity, id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export const SourcesSchema = Type.Object({
  fields: Type.Array(
    Type.Object({
      field: Type.String(),
      source: Type.String(),
      at: Nullable(Type.String()),
      ledgerType: Nullable(Type.String()),
      ledgerName: Nullable(Type.String()),
      importId: Nullable(Type.String()),
      fileName: Nullable(Type.String()),
      row: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
});

export const ExportQuery = Type.Object(
  {
    format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'xlsx' }),
    areaCode: Type.Optional(AreaCode),
  },
  { additionalProperties: false },
);
