import { type Static, Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Community = Type.String({ pattern: '^[0-9]{12}$' });
const Code = Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' });
const Day = Type.String({ format: 'date' });

/** The five joint areas (五联): party building, civility, service, stability, environment. */
export const JOINT_AREAS = ['party', 'civility', 'service', 'stability', 'environment'] as const;
export type JointArea = (typeof JOINT_AREAS)[number];

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const YearParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
});
export const FileParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fileId: Type.String({ format: 'uuid' }),
});

export const Upload = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    contentType: Type.Enum(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']),
    data: Type.String({ minLength: 1, maxLength: 14_000_000, description: 'The bytes, base64 (≤ 10 MB)' }),
  },
  { additionalProperties: false },
);

export const PairingBody = Type.Object(
  {
    communityCode: Community,
    unitKind: Type.Enum(['party_org', 'unit']),
    /** For a party organization: its id (its name is taken from the party module). */
    partyOrgId: Type.Optional(Type.String({ format: 'uuid' })),
    /** For a unit (an enterprise, a school, a department): its name. */
    unitName: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
    agreement: Type.String({ maxLength: 20_000 }),
    signedOn: Day,
    endsOn: Type.Optional(Day),
    attachments: Type.Optional(Type.Array(Upload, { maxItems: 5 })),
  },
  { additionalProperties: false },
);
export type PairingBody = Static<typeof PairingBody>;

export const PairingUpdateBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    agreement: Type.Optional(Type.String({ maxLength: 20_000 })),
    endsOn: Type.Optional(Nullable(Day)),
    state: Type.Optional(Type.Enum(['active', 'ended'])),
    attachments: Type.Optional(Type.Array(Upload, { maxItems: 5 })),
  },
  { additionalProperties: false },
);
export type PairingUpdateBody = Static<typeof PairingUpdateBody>;

const PlanItem = Type.Object(
  { area: Type.Enum(JOINT_AREAS), item: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export const PlanBody = Type.Object(
  {
    /** 0 for a year without a plan yet; else the version read. */
    version: Type.Integer({ minimum: 0 }),
    items: Type.Array(PlanItem, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);
export const ReviewBody = Type.Object(
  {
    version: Type.Integer({ minimum: 0 }),
    summary: Type.String({ minLength: 2, maxLength: 10_000 }),
    /** 1–5 per joint area. */
    scores: Type.Object(
      Object.fromEntries(JOINT_AREAS.map((a) => [a, Type.Integer({ minimum: 1, maximum: 5 })])) as Record<
        JointArea,
        ReturnType<typeof Type.Integer>
      >,
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export const ActivityBody = Type.Object(
  {
    heldOn: Day,
    area: Type.Enum(JOINT_AREAS),
    kind: Type.String({ minLength: 1, maxLength: 50 }),
    title: Type.String({ minLength: 2, maxLength: 200 }),
    participants: Type.Integer({ minimum: 0, maximum: 100_000 }),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
    photos: Type.Optional(Type.Array(Upload, { maxItems: 9 })),
  },
  { additionalProperties: false },
);
export type ActivityBody = Static<typeof ActivityBody>;

export const PairingsQuery = Type.Object(
  {
    areaCode: Type.Optional(Code),
    /** One unit's pairings: by party organization or by unit name. */
    partyOrgId: Type.Optional(Type.String({ format: 'uuid' })),
    unitName: Type.Optional(Type.String({ maxLength: 100 })),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  },
  { additionalProperties: false },
);

const FileSchema = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
});
const PairingHead = {
  id: Type.String(),
  version: Type.Integer(),
  communityCode: Type.String(),
  communityName: Nullable(Type.String()),
  unitKind: Type.Enum(['party_org', 'unit']),
  partyOrgId: Nullable(Type.String()),
  unitName: Type.String(),
  signedOn: Type.String(),
  endsOn: Nullable(Type.String()),
  state: Type.Enum(['active', 'ended']),
};
export const PairingSummarySchema = Type.Object({
  ...PairingHead,
  /** In the year asked (this year by default): activities, participants, plan items, reviewed. */
  year: Type.Integer(),
  activities: Type.Integer(),
  participants: Type.Integer(),
  planItems: Type.Integer(),
  reviewed: Type.Boolean(),
});
export const PairingSchema = Type.Object({
  ...PairingHead,
  agreement: Type.String(),
  files: Type.Array(FileSchema),
  plans: Type.Array(
    Type.Object({
      year: Type.Integer(),
      version: Type.Integer(),
      items: Type.Array(Type.Object({ area: Type.String(), item: Type.String() })),
    }),
  ),
  activities: Type.Array(
    Type.Object({
      id: Type.String(),
      heldOn: Type.String(),
      area: Type.String(),
      kind: Type.String(),
      title: Type.String(),
      participants: Type.Integer(),
      note: Type.String(),
      photos: Type.Array(FileSchema),
    }),
  ),
  reviews: Type.Array(
    Type.Object({
      year: Type.Integer(),
      version: Type.Integer(),
      summary: Type.String(),
      scores: Type.Record(Type.String(), Type.Integer()),
    }),
  ),
});
export type PairingView = Static<typeof PairingSchema>;
