import { type Static, Type } from 'typebox';
import { PageQuery } from '../../platform/http.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Period = Type.String({
  pattern: '^[0-9]{4}-(Q[1-4]|0[1-9]|1[0-2])$',
  description: 'A quarter (2026-Q3) or a month (2026-09)',
});
/** Fen: integer hundredths of a yuan. */
const Fen = Type.Integer({ minimum: -1e13, maximum: 1e13, description: 'Fen (hundredths of a yuan)' });
const Day = Type.String({ format: 'date' });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const FileParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fileId: Type.String({ format: 'uuid' }),
});

export const LineInput = Type.Object(
  {
    /** A line of the draft being changed (its vouchers stay); omitted for a new line. */
    id: Type.Optional(Type.String({ format: 'uuid' })),
    direction: Type.Enum(['income', 'expense']),
    category: Type.String({ minLength: 1, maxLength: 40 }),
    amount: Type.Integer({ minimum: 1, maximum: 1e13, description: 'Fen, more than 0' }),
    counterparty: Type.String({ minLength: 1, maxLength: 200 }),
    occurredOn: Day,
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
export type LineInput = Static<typeof LineInput>;

export const CreateBody = Type.Object(
  {
    estateId: Type.String({ format: 'uuid' }),
    period: Period,
    openingBalance: Fen,
    closingBalance: Fen,
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    lines: Type.Array(LineInput, { maxItems: 2000 }),
  },
  { additionalProperties: false },
);
export type CreateBody = Static<typeof CreateBody>;

export const UpdateBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    openingBalance: Fen,
    closingBalance: Fen,
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    lines: Type.Array(LineInput, { maxItems: 2000 }),
  },
  { additionalProperties: false },
);
export type UpdateBody = Static<typeof UpdateBody>;

export const VersionBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const CorrectBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    reason: Type.String({ minLength: 2, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const VoucherBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    lineId: Type.String({ format: 'uuid' }),
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    contentType: Type.Enum(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']),
    data: Type.String({ minLength: 1, maxLength: 14_000_000, description: 'The bytes, base64 (≤ 10 MB)' }),
  },
  { additionalProperties: false },
);

export const ImportBody = Type.Object(
  {
    estateId: Type.String({ format: 'uuid' }),
    period: Period,
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    data: Type.String({ minLength: 1, maxLength: 14_000_000, description: 'The XLSX file, base64' }),
  },
  { additionalProperties: false },
);
export type ImportBody = Static<typeof ImportBody>;

export const ListQuery = Type.Object(
  {
    areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' })),
    estateId: Type.Optional(Type.String({ format: 'uuid' })),
    period: Type.Optional(Period),
    state: Type.Optional(Type.Enum(['draft', 'published'])),
    currentOnly: Type.Optional(Type.Boolean()),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

export const LateQuery = Type.Object(
  {
    areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' })),
    open: Type.Optional(Type.Boolean({ description: 'true: still unpublished; false: published late' })),
  },
  { additionalProperties: false },
);

export const StatementSchema = Type.Object({
  id: Type.String(),
  estateId: Type.String(),
  estateName: Type.String(),
  communityCode: Type.String(),
  period: Type.String(),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  dueOn: Type.String(),
  revision: Type.Integer(),
  correctsId: Nullable(Type.String()),
  correctionReason: Nullable(Type.String()),
  openingBalance: Type.Integer(),
  closingBalance: Type.Integer(),
  income: Type.Integer(),
  expense: Type.Integer(),
  /** opening + income − expense = closing. */
  balanced: Type.Boolean(),
  lineCount: Type.Integer(),
  state: Type.Enum(['draft', 'published']),
  publishedAt: Nullable(Type.String()),
  /** Published after its due day. */
  late: Type.Boolean(),
  /** The newest published revision of its estate and period. */
  current: Type.Boolean(),
  note: Nullable(Type.String()),
  version: Type.Integer(),
});
export type StatementView = Static<typeof StatementSchema>;

export const LineSchema = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  direction: Type.Enum(['income', 'expense']),
  category: Type.String(),
  categoryLabel: Type.String(),
  amount: Type.Integer(),
  counterparty: Type.String(),
  occurredOn: Type.String(),
  description: Nullable(Type.String()),
  vouchers: Type.Array(
    Type.Object({
      id: Type.String(),
      fileName: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
    }),
  ),
});

export const StatementDetailSchema = Type.Object({
  ...StatementSchema.properties,
  publisherName: Nullable(Type.String()),
  lines: Type.Array(LineSchema),
  revisions: Type.Array(
    Type.Object({
      id: Type.String(),
      revision: Type.Integer(),
      state: Type.Enum(['draft', 'published']),
      publishedAt: Nullable(Type.String()),
      correctionReason: Nullable(Type.String()),
    }),
  ),
  /** What the caller may do: publish (and edit drafts, correct). */
  canPublish: Type.Boolean(),
});

export const CategorySchema = Type.Object({
  code: Type.String(),
  directions: Type.Array(Type.Enum(['income', 'expense'])),
  group: Type.String(),
  label: Type.String(),
});

export const LateSchema = Type.Object({
  estateId: Type.String(),
  estateName: Type.String(),
  communityCode: Type.String(),
  period: Type.String(),
  dueOn: Type.String(),
  flaggedAt: Type.String(),
  publishedAt: Nullable(Type.String()),
});

export const MineSchema = Type.Object({
  estates: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  statements: Type.Array(StatementSchema),
});

export const SettingsSchema = Type.Object(
  {
    periodKind: Type.Enum(['quarter', 'month']),
    graceDays: Type.Integer({ minimum: 0, maximum: 365 }),
  },
  { additionalProperties: false },
);

export const EstateOptionSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  communityCode: Type.String(),
  hasCommittee: Type.Boolean(),
});
