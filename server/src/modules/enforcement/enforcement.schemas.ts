import { type Static, Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';
import { PageQuery } from '../../platform/http.ts';
import { MATTER_STATES, MOVES } from './enforcement.machine.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Instant = Type.String({ format: 'date-time' });
const Uuid = Type.String({ format: 'uuid' });

export const MatterState = Type.Enum([...MATTER_STATES]);
export const MoveName = Type.Enum([...MOVES]);

export const IdParams = Type.Object({ id: Uuid });
export const DocumentParams = Type.Object({
  id: Uuid,
  document: Type.Union([Type.Literal('notice'), Type.Literal('decision')]),
});

export const MattersQuery = Type.Object({
  areaCode: Type.Optional(AreaCode),
  state: Type.Optional(MatterState),
  caseId: Type.Optional(Uuid),
  /** Only matters past a step's limit, or with publication overdue. */
  overdue: Type.Optional(Type.Union([Type.Literal('step'), Type.Literal('publication')])),
  ...PageQuery,
});

export const CreateMatterBody = Type.Object(
  {
    gridCode: AreaCode,
    title: Text(200),
    facts: Type.Optional(Type.String({ maxLength: 4000 })),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    discoveredAt: Instant,
    caseId: Type.Optional(Uuid),
    partyKind: Type.Union([Type.Literal('org'), Type.Literal('person')]),
    orgId: Type.Optional(Uuid),
    partyName: Type.Optional(Text(100)),
    partyIdNumber: Type.Optional(Type.String({ maxLength: 18 })),
    major: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateMatter = Static<typeof CreateMatterBody>;

export const MoveBody = Type.Object(
  {
    move: MoveName,
    version: Type.Integer({ minimum: 1 }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    /** On-site steps (hearing, service, execution): the other officer present. */
    secondOfficerId: Type.Optional(Uuid),
    /** notify, decide: the penalty and its legal basis. */
    penalty: Type.Optional(Text(500)),
    legalBasis: Type.Optional(Text(500)),
    major: Type.Optional(Type.Boolean()),
    /** decide: the decision's document number (文号). */
    documentNumber: Type.Optional(Text(60)),
    /** extend: days added to the decision's time limit. */
    extensionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
  },
  { additionalProperties: false },
);
export type MoveInput = Static<typeof MoveBody>;

export const EvidenceBody = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('photo'),
      Type.Literal('video'),
      Type.Literal('document'),
      Type.Literal('note'),
    ]),
    title: Text(200),
    takenAt: Instant,
    location: Text(200),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    /** Photos, videos, documents: the file, base64. */
    fileName: Type.Optional(Text(200)),
    contentType: Type.Optional(Text(100)),
    data: Type.Optional(Type.String({ maxLength: 14_000_000 })),
    /** A note's text, or a caption. */
    note: Type.Optional(Type.String({ maxLength: 4000 })),
    /** Photos and videos are taken on site: the other officer present. */
    secondOfficerId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type EvidenceInput = Static<typeof EvidenceBody>;

export const EvidenceSchema = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  kind: Type.String(),
  title: Type.String(),
  fileName: Nullable(Type.String()),
  contentType: Nullable(Type.String()),
  size: Type.Integer(),
  sha256: Type.String(),
  note: Nullable(Type.String()),
  takenAt: Type.String(),
  location: Type.String(),
  lon: Type.Union([Type.Number(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  officerName: Type.String(),
  secondOfficerName: Nullable(Type.String()),
  recordedAt: Type.String(),
});

export const StepSchema = Type.Object({
  id: Type.Integer(),
  move: Type.String(),
  moveName: Type.String(),
  state: Type.String(),
  actedAt: Type.String(),
  actorName: Nullable(Type.String()),
  secondOfficerName: Nullable(Type.String()),
  note: Nullable(Type.String()),
});

export const MatterSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  state: Type.String(),
  stateName: Type.String(),
  gridCode: Type.String(),
  caseId: Nullable(Type.String()),
  caseNumber: Nullable(Type.String()),
  title: Type.String(),
  partyKind: Type.String(),
  partyName: Type.String(),
  orgId: Nullable(Type.String()),
  major: Type.Boolean(),
  discoveredAt: Type.String(),
  filedAt: Nullable(Type.String()),
  stepDeadline: Nullable(Type.String()),
  alarm: Nullable(Type.String()),
  overdue: Type.Boolean(),
  decidedAt: Nullable(Type.String()),
  publicationDue: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  publicationOverdue: Type.Boolean(),
  version: Type.Integer(),
});
export type Matter = Static<typeof MatterSchema>;

export const MatterDetailSchema = Type.Object({
  ...MatterSchema.properties,
  ...Type.Object({
    facts: Type.String(),
    address: Nullable(Type.String()),
    /** Masked (`4403**********123X`). */
    partyIdNumber: Nullable(Type.String()),
    filingDeadline: Type.String(),
    decisionDeadline: Nullable(Type.String()),
    extensionDays: Type.Integer(),
    extensionReason: Nullable(Type.String()),
    hearingRequested: Type.Boolean(),
    reviewOpinion: Nullable(Type.String()),
    reviewedBy: Nullable(Type.String()),
    penalty: Nullable(Type.String()),
    legalBasis: Nullable(Type.String()),
    documentNumber: Nullable(Type.String()),
    serviceDeadline: Nullable(Type.String()),
    servedAt: Nullable(Type.String()),
    executedAt: Nullable(Type.String()),
    closedAt: Nullable(Type.String()),
    outcome: Nullable(Type.String()),
    steps: Type.Array(StepSchema),
    evidence: Type.Array(EvidenceSchema),
    moves: Type.Array(Type.String()),
  }).properties,
});
export type MatterDetail = Static<typeof MatterDetailSchema>;

export const SettingsSchema = Type.Object(
  { publicationWorkingDays: Type.Integer({ minimum: 1, maximum: 60 }) },
  { additionalProperties: false },
);
export type EnforcementSettings = Static<typeof SettingsSchema>;

/** A published decision: no personal names or numbers. */
export const PublicDecisionSchema = Type.Object({
  documentNumber: Type.String(),
  decidedOn: Type.String(),
  party: Type.String(),
  creditCode: Nullable(Type.String()),
  title: Type.String(),
  facts: Type.String(),
  penalty: Type.String(),
  legalBasis: Type.String(),
  publishedAt: Type.String(),
});
export type PublicDecision = Static<typeof PublicDecisionSchema>;
export const PublicQuery = Type.Object({ ...PageQuery });

export const OfficerSchema = Type.Object({ id: Type.String(), name: Type.String(), areaCode: Type.String() });
