import { type Static, Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const Choice = Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('abstain')]);
/** Exclusive areas: m² with two decimals as exact text, e.g. "12345.67". */
const Area = Type.String({ description: 'm², two decimals, exact' });

export const IdParams = Type.Object({ id: Uuid });
export const PhotoParams = Type.Object({ id: Uuid, ballotId: Uuid });
export const ListQuery = Type.Object({ areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,15}$' })) });
export const VersionBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const VoteBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('owners'), Type.Literal('simple')]),
    /** Owners' votes: the estate and the matter (ordinary, or items 6–8 of art. 278). */
    estateId: Type.Optional(Uuid),
    matter: Type.Optional(
      Type.Union([
        Type.Literal('ordinary'),
        Type.Literal('fund'),
        Type.Literal('rebuild'),
        Type.Literal('common_use'),
      ]),
    ),
    /** Simple votes: the meeting whose participants vote, and the majority basis. */
    meetingId: Type.Optional(Uuid),
    basis: Type.Optional(Type.Union([Type.Literal('cast'), Type.Literal('participants')])),
    itemId: Type.Optional(Uuid),
    title: Type.String({ minLength: 2, maxLength: 100 }),
    question: Type.String({ minLength: 2, maxLength: 5000 }),
    closesAt: Type.String({ format: 'date-time' }),
    isPublic: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type VoteBody = Static<typeof VoteBody>;

export const BallotBody = Type.Object(
  {
    choice: Choice,
    /** Only when the voter owns in several units (e.g. alone and with a co-owner). */
    unitKey: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const PaperBallotBody = Type.Object(
  {
    choice: Choice,
    /** Owners' votes: a house of the unit, and the owner who signed the paper ballot. */
    houseId: Type.Optional(Uuid),
    voterId: Type.Optional(Uuid),
    /** Simple votes: the participant. */
    participantId: Type.Optional(Uuid),
    photo: Type.Object(
      {
        contentType: Type.Union([Type.Literal('image/jpeg'), Type.Literal('image/png')]),
        data: Type.String({ minLength: 1, maxLength: 14_000_000, description: 'base64, ≤ 10 MB' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type PaperBallotBody = Static<typeof PaperBallotBody>;

const Counts = Type.Object({ area: Area, heads: Type.Integer() });
export const ResultSchema = Type.Object({
  kind: Type.String(),
  outcome: Type.String(),
  // Owners' votes
  matter: Type.Optional(Type.String()),
  threshold: Type.Optional(Type.String()),
  total: Type.Optional(Counts),
  participating: Type.Optional(Counts),
  yes: Type.Optional(Counts),
  no: Type.Optional(Counts),
  abstain: Type.Optional(Counts),
  quorumArea: Type.Optional(Type.Boolean()),
  quorumHeads: Type.Optional(Type.Boolean()),
  approvedArea: Type.Optional(Type.Boolean()),
  approvedHeads: Type.Optional(Type.Boolean()),
  // Simple votes
  basis: Type.Optional(Type.String()),
  participants: Type.Optional(Type.Integer()),
  cast: Type.Optional(Type.Integer()),
  yesVotes: Type.Optional(Type.Integer()),
  noVotes: Type.Optional(Type.Integer()),
  abstentions: Type.Optional(Type.Integer()),
  /** The receipt codes of the ballots counted: a voter finds their own here. */
  receipts: Type.Array(Type.String()),
  paper: Type.Integer(),
  online: Type.Integer(),
});

const BallotView = Type.Object({
  choice: Type.String(),
  channel: Type.String(),
  castAt: Type.String(),
  current: Type.Boolean(),
  receipt: Type.String(),
});

export const VoteSchema = Type.Object({
  id: Type.String(),
  communityCode: Type.String(),
  kind: Type.String(),
  estateId: Nullable(Type.String()),
  matter: Nullable(Type.String()),
  meetingId: Nullable(Type.String()),
  basis: Nullable(Type.String()),
  itemId: Nullable(Type.String()),
  title: Type.String(),
  question: Type.String(),
  closesAt: Type.String(),
  isPublic: Type.Boolean(),
  state: Type.String(),
  openedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  version: Type.Integer(),
  /** The frozen electorate (after opening): units and their total area. */
  units: Type.Integer(),
  totalArea: Nullable(Area),
  /** Units with a ballot that counts now (staff only; null for voters before publication). */
  voted: Nullable(Type.Integer()),
  result: Nullable(ResultSchema),
  /** A voter's own units: houses, area, the ballot that counts and its history, counted or not. */
  mine: Type.Array(
    Type.Object({
      unitKey: Type.String(),
      houses: Type.Array(Type.String()),
      area: Area,
      ballot: Nullable(BallotView),
      history: Type.Array(BallotView),
      counted: Nullable(Type.Boolean()),
    }),
  ),
});
export type VoteView = Static<typeof VoteSchema>;
export const VotesSchema = Type.Array(VoteSchema);

export const ReceiptSchema = Type.Object({
  unitKey: Type.String(),
  choice: Type.String(),
  channel: Type.String(),
  receipt: Type.String(),
  castAt: Type.String(),
});

export const UnitsSchema = Type.Array(
  Type.Object({
    unitKey: Type.String(),
    houses: Type.Array(Type.Object({ id: Type.String(), label: Type.String() })),
    owners: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    area: Area,
    voted: Type.Boolean(),
    channel: Nullable(Type.String()),
  }),
);

export const HistorySchema = Type.Array(
  Type.Object({
    id: Type.String(),
    unitKey: Type.String(),
    choice: Type.String(),
    channel: Type.String(),
    voter: Nullable(Type.String()),
    enteredBy: Nullable(Type.String()),
    hasPhoto: Type.Boolean(),
    current: Type.Boolean(),
    castAt: Type.String(),
  }),
);
