import { type Static, Type } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ format: 'date' });

/** What an entry shows now: published, published to government only, past its period, or repaired. */
const EntryState = Type.Union([
  Type.Literal('public'),
  Type.Literal('restricted'),
  Type.Literal('expired'),
  Type.Literal('repaired'),
]);

export const CreditEntrySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  orgId: Nullable(Type.String({ format: 'uuid' })),
  creditCode: Nullable(Type.String()),
  orgName: Type.String(),
  areaCode: Type.String(),
  source: Type.Union([
    Type.Literal('enforcement'),
    Type.Literal('case'),
    Type.Literal('market_ledger'),
    Type.Literal('commendation'),
  ]),
  sourceRef: Type.String(),
  kind: Type.Union([
    Type.Literal('penalty'),
    Type.Literal('case_outcome'),
    Type.Literal('abnormal_operation'),
    Type.Literal('commendation'),
  ]),
  severity: Type.Union([Type.Literal('major'), Type.Literal('general'), Type.Literal('positive')]),
  title: Type.String(),
  legalBasis: Nullable(Type.String()),
  documentNumber: Nullable(Type.String()),
  decidedOn: Type.String(),
  publishUntil: Type.String(),
  /** The earliest day a repair may be granted (the shortest publication period of its kind). */
  repairableFrom: Nullable(Type.String()),
  visibility: Type.Union([Type.Literal('public'), Type.Literal('restricted')]),
  state: EntryState,
  repairedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});
export type CreditEntryView = Static<typeof CreditEntrySchema>;

export const RepairSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  entryId: Type.String({ format: 'uuid' }),
  orgName: Type.String(),
  entryTitle: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('refused')]),
  applicant: Type.String(),
  reason: Type.String(),
  evidence: Type.Array(Type.Object({ name: Type.String(), note: Type.String() })),
  decidedByName: Nullable(Type.String()),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  decisionReason: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type RepairView = Static<typeof RepairSchema>;

export const EntryDetailSchema = Type.Object({
  ...CreditEntrySchema.properties,
  repairs: Type.Array(RepairSchema),
});

export const EntriesQuery = Type.Object(
  {
    areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,15}$' })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    state: Type.Optional(EntryState),
    page: Type.Integer({ minimum: 1, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 20 }),
  },
  { additionalProperties: false },
);
export type EntriesInput = Static<typeof EntriesQuery>;

export const CreateEntryBody = Type.Object(
  {
    orgId: Type.String({ format: 'uuid' }),
    source: Type.Union([Type.Literal('case'), Type.Literal('market_ledger'), Type.Literal('commendation')]),
    /** The case number, ledger line or commendation document it comes from. */
    reference: Type.String({ minLength: 1, maxLength: 200 }),
    severity: Type.Optional(Type.Union([Type.Literal('major'), Type.Literal('general')])),
    title: Type.String({ minLength: 1, maxLength: 500 }),
    legalBasis: Type.Optional(Type.String({ maxLength: 500 })),
    documentNumber: Type.Optional(Type.String({ maxLength: 100 })),
    decidedOn: Day,
    visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('restricted')])),
  },
  { additionalProperties: false },
);
export type CreateEntryInput = Static<typeof CreateEntryBody>;

export const ApplyRepairBody = Type.Object(
  {
    applicant: Type.String({ minLength: 1, maxLength: 200 }),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    evidence: Type.Array(
      Type.Object(
        { name: Type.String({ minLength: 1, maxLength: 200 }), note: Type.String({ maxLength: 1000 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);
export type ApplyRepairInput = Static<typeof ApplyRepairBody>;

export const OwnRepairBody = Type.Object(
  { entryId: Type.String({ format: 'uuid' }), ...ApplyRepairBody.properties },
  { additionalProperties: false },
);

export const DecideRepairBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('refuse')]),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type DecideRepairInput = Static<typeof DecideRepairBody>;

export const RepairsQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('refused')]),
    ),
  },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export const ExportQuery = Type.Object(
  { areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,15}$' })) },
  { additionalProperties: false },
);

export const PublicQuery = Type.Object(
  { q: Type.String({ minLength: 2, maxLength: 100 }) },
  { additionalProperties: false },
);
/** What anyone may see: an organization and its entries in publication, nothing restricted. */
export const PublicResultSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      orgName: Type.String(),
      creditCode: Nullable(Type.String()),
      entries: Type.Array(
        Type.Object({
          kind: Type.String(),
          severity: Type.String(),
          title: Type.String(),
          legalBasis: Nullable(Type.String()),
          documentNumber: Nullable(Type.String()),
          decidedOn: Type.String(),
          publishUntil: Type.String(),
        }),
      ),
    }),
  ),
});

export const AbnormalListQuery = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ description: 'Say what would be recorded; write nothing' })),
    fileName: Type.Optional(Type.String({ maxLength: 200, description: "The file's name, for the audit" })),
  },
  { additionalProperties: false },
);

const ListedRow = Type.Object({ row: Type.Integer(), creditCode: Type.String(), name: Type.String() });
export const AbnormalListResultSchema = Type.Object({
  rows: Type.Integer(),
  added: Type.Integer(),
  alreadyRecorded: Type.Integer(),
  removed: Type.Integer({ description: 'Rows with a removal date (移出日期): not recorded' }),
  unknownCodes: Type.Array(ListedRow, {
    description: 'Credit codes no current organization of the registry has',
  }),
  outsideScope: Type.Array(ListedRow),
  invalid: Type.Array(Type.Object({ row: Type.Integer(), field: Type.String(), problem: Type.String() })),
});
