import { type Static, Type } from 'typebox';
import { PageQuery } from '../../platform/http.ts';

/** Schemas of the disputes module: validation, OpenAPI, and the web's types. */

export const STATES = ['reported', 'mediating', 'agreed', 'failed', 'withdrawn', 'escalated'] as const;
export const OPEN_STATES = ['reported', 'mediating'] as const;
export const RISKS = ['low', 'medium', 'high', 'major'] as const;
export const SOURCES = ['patrol', 'resident', 'case', 'hotline', 'department'] as const;
export const REFERRALS = ['court', 'arbitration', 'petitions'] as const;
export const OUTCOMES = ['agreement', 'no_agreement', 'withdrawn'] as const;

export const DisputeState = Type.Enum(STATES);
export const Risk = Type.Enum(RISKS);
export const Source = Type.Enum(SOURCES);
export const Referral = Type.Enum(REFERRALS);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const GridCode = Type.String({ pattern: '^[0-9]{15}$' });
const AreaCodeQuery = Type.String({ pattern: '^[0-9]{6,15}$' });
export const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const KindSchema = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  name: Type.String(),
  caseCategory: Type.String(),
  sort: Type.Integer(),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export type Kind = Static<typeof KindSchema>;
export const KindBody = Type.Object(
  {
    nameZh: Type.String({ minLength: 1, maxLength: 40 }),
    nameEn: Type.String({ minLength: 1, maxLength: 60 }),
    caseCategory: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 999 })),
    active: Type.Optional(Type.Boolean()),
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: 'The version seen; absent for a new kind' }),
    ),
  },
  { additionalProperties: false },
);
export type KindBody = Static<typeof KindBody>;
export const KindParams = Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }) });

export const PartyBody = Type.Object(
  {
    personId: Type.Optional(Type.String({ format: 'uuid', description: 'A person of the registry' })),
    orgId: Type.Optional(Type.String({ format: 'uuid', description: 'An organization of the registry' })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'An outsider: name' })),
    idNumber: Type.Optional(Type.String({ maxLength: 30 })),
    phone: Type.Optional(Type.String({ maxLength: 30 })),
    address: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type PartyBody = Static<typeof PartyBody>;

export const PartySchema = Type.Object({
  kind: Type.Enum(['person', 'org', 'outsider']),
  personId: Nullable(Type.String()),
  orgId: Nullable(Type.String()),
  name: Type.String(),
  /** Masked (4401**********123X); the registry's reveal unmasks a registry person. */
  idNumber: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  address: Type.String(),
});

export const CreateDisputeBody = Type.Object(
  {
    kindCode: Type.String({ minLength: 1, maxLength: 40 }),
    title: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    gridCode: GridCode,
    address: Type.Optional(Type.String({ maxLength: 200 })),
    source: Source,
    sourceCaseId: Type.Optional(Type.String({ format: 'uuid' })),
    risk: Risk,
    riskReason: Type.Optional(Type.String({ maxLength: 1000 })),
    parties: Type.Array(PartyBody, { minItems: 1, maxItems: 20 }),
    reportedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type CreateDisputeBody = Static<typeof CreateDisputeBody>;

export const DisputeSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  kindCode: Type.String(),
  kindName: Type.String(),
  title: Type.String(),
  gridCode: Type.String(),
  gridName: Type.String(),
  address: Type.String(),
  source: Source,
  risk: Risk,
  riskReason: Type.String(),
  state: DisputeState,
  mediatorId: Nullable(Type.String()),
  mediatorName: Nullable(Type.String()),
  committee: Nullable(Type.String()),
  deadline: Nullable(Type.String()),
  extended: Type.Boolean(),
  alarm: Nullable(Type.Enum(['yellow', 'red'])),
  overdue: Type.Boolean(),
  caseId: Nullable(Type.String()),
  reportedAt: Type.String(),
  closedAt: Nullable(Type.String()),
  version: Type.Integer(),
});
export type Dispute = Static<typeof DisputeSchema>;

export const SessionSchema = Type.Object({
  id: Type.String(),
  heldOn: Type.String(),
  place: Type.String(),
  attendees: Type.String(),
  notes: Type.String(),
});
export const EventSchema = Type.Object({
  action: Type.String(),
  actorName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
  at: Type.String(),
});
export const AttachmentSchema = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  at: Type.String(),
});

export const DisputeDetailSchema = Type.Object({
  ...DisputeSchema.properties,
  description: Type.String(),
  sourceCaseId: Nullable(Type.String()),
  reportedByName: Type.String(),
  assignedAt: Nullable(Type.String()),
  extensionReason: Nullable(Type.String()),
  referredTo: Nullable(Referral),
  receivingBody: Nullable(Type.String()),
  agreementTerms: Nullable(Type.String()),
  outcomeNote: Nullable(Type.String()),
  parties: Type.Array(PartySchema),
  sessions: Type.Array(SessionSchema),
  events: Type.Array(EventSchema),
  attachments: Type.Array(AttachmentSchema),
  /** The moves the caller may make now. */
  moves: Type.Array(Type.String()),
});
export type DisputeDetail = Static<typeof DisputeDetailSchema>;

export const DisputesQuery = Type.Object(
  {
    areaCode: Type.Optional(AreaCodeQuery),
    state: Type.Optional(DisputeState),
    kindCode: Type.Optional(Type.String({ maxLength: 40 })),
    risk: Type.Optional(Risk),
    open: Type.Optional(Type.Boolean({ description: 'Only disputes still reported or in mediation' })),
    overdue: Type.Optional(Type.Boolean({ description: 'Only mediations past their deadline' })),
    month: Type.Optional(Month),
    q: Type.Optional(Type.String({ maxLength: 60 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type DisputesQuery = Static<typeof DisputesQuery>;

const Version = Type.Integer({ minimum: 1, description: 'The version the caller saw' });
export const AssignBody = Type.Object(
  {
    version: Version,
    mediatorId: Type.Optional(
      Type.String({ format: 'uuid', description: 'An account with the mediator role' }),
    ),
    committee: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'A mediation committee' }),
    ),
  },
  { additionalProperties: false },
);
export const SessionBody = Type.Object(
  {
    version: Version,
    heldOn: Type.String({ format: 'date' }),
    place: Type.String({ minLength: 1, maxLength: 200 }),
    attendees: Type.String({ minLength: 1, maxLength: 500 }),
    notes: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export const OutcomeBody = Type.Object(
  {
    version: Version,
    outcome: Type.Enum(OUTCOMES),
    terms: Type.Optional(Type.String({ maxLength: 4000, description: 'agreement: what the parties agreed' })),
    referredTo: Type.Optional(Referral),
    receivingBody: Type.Optional(
      Type.String({ maxLength: 200, description: 'no_agreement: who received it' }),
    ),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const ExtendBody = Type.Object(
  {
    version: Version,
    reason: Type.String({ minLength: 4, maxLength: 1000 }),
    days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 30, description: 'Working days added; 15 if absent' }),
    ),
  },
  { additionalProperties: false },
);
export const NoteBody = Type.Object(
  { version: Version, note: Type.String({ minLength: 4, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type AssignBody = Static<typeof AssignBody>;
export type SessionBody = Static<typeof SessionBody>;
export type OutcomeBody = Static<typeof OutcomeBody>;
export type ExtendBody = Static<typeof ExtendBody>;
export type NoteBody = Static<typeof NoteBody>;

export const MediatorSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  areaCode: Type.String(),
});
export const AreaQuery = Type.Object(
  { areaCode: Type.Optional(AreaCodeQuery) },
  { additionalProperties: false },
);

export const NoticeSchema = Type.Object({
  id: Type.Integer(),
  disputeId: Type.String(),
  number: Type.String(),
  kind: Type.Enum(['high_risk', 'yellow', 'red']),
  audience: Type.Enum(['street', 'stability_office', 'community']),
  areaCode: Type.String(),
  message: Type.String(),
  at: Type.String(),
});

// Monthly screening (排查).
export const ScreeningQuery = Type.Object(
  { areaCode: Type.Optional(AreaCodeQuery), month: Month },
  { additionalProperties: false },
);
export const ScreeningReportQuery = Type.Object(
  { areaCode: Type.Optional(AreaCodeQuery), month: Month, format: Type.Enum(['xlsx', 'docx']) },
  { additionalProperties: false },
);
export const ScreeningParams = Type.Object({ gridCode: GridCode, month: Month });
export const ScreeningBody = Type.Object(
  {
    noneFound: Type.Boolean({ description: 'No dispute found in the grid this month' }),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type ScreeningBody = Static<typeof ScreeningBody>;
export const GridReturnSchema = Type.Object({
  gridCode: Type.String(),
  gridName: Type.String(),
  communityCode: Type.String(),
  returned: Type.Boolean(),
  noneFound: Nullable(Type.Boolean()),
  disputes: Type.Integer(),
  reportedByName: Nullable(Type.String()),
  reportedAt: Nullable(Type.String()),
});
export const CommunityFlagSchema = Type.Object({
  communityCode: Type.String(),
  communityName: Type.String(),
  grids: Type.Integer(),
  returned: Type.Integer(),
  /** Some grid has not filed its return for the month. */
  missing: Type.Boolean(),
});
export const ScreeningSchema = Type.Object({
  month: Type.String(),
  grids: Type.Array(GridReturnSchema),
  communities: Type.Array(CommunityFlagSchema),
});
export type Screening = Static<typeof ScreeningSchema>;
