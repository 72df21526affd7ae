import { type Static, Type } from 'typebox';
import { PageQuery } from '../../platform/http.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const QUESTION_STATES = ['held', 'hidden', 'open', 'answered'] as const;
export const QuestionState = Type.Enum([...QUESTION_STATES]);
export type QuestionState = Static<typeof QuestionState>;
export const AnswererKind = Type.Enum(['deputy', 'department', 'committee']);
export type AnswererKind = Static<typeof AnswererKind>;

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const PhotoParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  photoId: Type.String({ format: 'uuid' }),
});

export const QuestionPhotoUpload = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    contentType: Type.Enum(['image/jpeg', 'image/png', 'image/webp']),
    data: Type.String({ minLength: 1, maxLength: 7_000_000, description: 'The bytes, base64 (≤ 5 MB)' }),
  },
  { additionalProperties: false },
);

export const AskBody = Type.Object(
  {
    answererKind: AnswererKind,
    /** The deputy's account, when a deputy is asked. */
    answererId: Type.Optional(Type.String({ format: 'uuid' })),
    /** The department, when a department is asked. */
    departmentCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** The estate whose homeowners' committee is asked (the asker owns a house there). */
    estateId: Type.Optional(Type.String({ format: 'uuid' })),
    /** A question to a committee about one line of its published statement: both, or neither. */
    statementId: Type.Optional(Type.String({ format: 'uuid' })),
    lineId: Type.Optional(Type.String({ format: 'uuid' })),
    isPublic: Type.Boolean(),
    text: Type.String({ minLength: 5, maxLength: 2000 }),
    photos: Type.Optional(Type.Array(QuestionPhotoUpload, { maxItems: 6 })),
  },
  { additionalProperties: false },
);
export type AskBody = Static<typeof AskBody>;

export const ModerateBody = Type.Object(
  {
    decision: Type.Enum(['publish', 'hide']),
    reason: Type.String({ minLength: 2, maxLength: 500 }),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type ModerateBody = Static<typeof ModerateBody>;

export const AnswerBody = Type.Object(
  {
    text: Type.String({ minLength: 2, maxLength: 4000 }),
    /** false keeps a draft only the answerer sees; true publishes (or amends a published answer). */
    publish: Type.Boolean(),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type AnswerBody = Static<typeof AnswerBody>;

export const RatingBody = Type.Object(
  {
    rating: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type RatingBody = Static<typeof RatingBody>;

export const ToCaseBody = Type.Object(
  {
    categoryCode: Type.String({ minLength: 1, maxLength: 64 }),
    /** Needed when the asker's account is bound to a community rather than one grid. */
    gridCode: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
  },
  { additionalProperties: false },
);
export type ToCaseBody = Static<typeof ToCaseBody>;

export const ListQuery = Type.Object(
  {
    areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' })),
    state: Type.Optional(QuestionState),
    overdue: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 50 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;
export const MineQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const InboxQuery = Type.Object(
  { state: Type.Optional(QuestionState), ...PageQuery },
  { additionalProperties: false },
);

export const StatementLineRef = Type.Object({
  statementId: Type.String(),
  lineId: Type.String(),
  period: Type.String(),
  revision: Type.Integer(),
  position: Type.Integer(),
  direction: Type.Enum(['income', 'expense']),
  category: Type.String(),
  categoryLabel: Type.String(),
  /** Fen. */
  amount: Type.Integer(),
  occurredOn: Type.String(),
});

export const QuestionSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  communityCode: Type.String(),
  gridCode: Nullable(Type.String()),
  answererKind: AnswererKind,
  answererId: Nullable(Type.String()),
  departmentCode: Nullable(Type.String()),
  /** A committee question: the estate whose committee is asked. */
  estateId: Nullable(Type.String()),
  answererLabel: Type.String(),
  /** The statement line a committee question is about, as it was published. */
  line: Nullable(StatementLineRef),
  isPublic: Type.Boolean(),
  text: Type.String(),
  state: QuestionState,
  askedAt: Type.String(),
  dueAt: Nullable(Type.String()),
  alarm: Nullable(Type.Enum(['yellow', 'red'])),
  escalated: Type.Boolean(),
  answerText: Nullable(Type.String()),
  answererName: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  answerEdited: Type.Boolean(),
  answeredOnTime: Nullable(Type.Boolean()),
  rating: Nullable(Type.Integer()),
  ratingComment: Nullable(Type.String()),
  reopened: Type.Boolean(),
  caseId: Nullable(Type.String()),
  followerCount: Type.Integer(),
  version: Type.Integer(),
});
export type QuestionView = Static<typeof QuestionSchema>;

export const QuestionDetailSchema = Type.Object({
  ...QuestionSchema.properties,
  /** Only to the answerer. */
  answerDraft: Nullable(Type.String()),
  heldWords: Type.Array(Type.String()),
  moderationReason: Nullable(Type.String()),
  following: Type.Boolean(),
  mine: Type.Boolean(),
  photos: Type.Array(
    Type.Object({
      id: Type.String(),
      fileName: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
    }),
  ),
  history: Type.Array(
    Type.Object({
      action: Type.String(),
      actorName: Nullable(Type.String()),
      note: Nullable(Type.String()),
      at: Type.String(),
    }),
  ),
});

export const AnswererSchema = Type.Object({
  kind: AnswererKind,
  /** The deputy's account id, or the department's code. */
  id: Type.String(),
  name: Type.String(),
});

export const NotificationSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  subjectId: Type.String(),
  message: Type.String(),
  createdAt: Type.String(),
  read: Type.Boolean(),
});

export const QuestionSettingsSchema = Type.Object(
  {
    sensitiveWords: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 2000 }),
    /** Working days an answer is due in, per answerer kind. */
    answerDays: Type.Object(
      {
        deputy: Type.Integer({ minimum: 1, maximum: 60 }),
        department: Type.Integer({ minimum: 1, maximum: 60 }),
        /** A homeowners' committee (answered by community staff on its behalf); 5 when unset. */
        committee: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type QuestionSettings = Static<typeof QuestionSettingsSchema>;

// Public pages (no login): no asker, no personal data; answerers are public office holders.
export const PublicListQuery = Type.Object(
  {
    communityCode: Type.String({ pattern: '^[0-9]{12}$' }),
    q: Type.Optional(Type.String({ maxLength: 50 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export const PublicQuestionSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  answererKind: AnswererKind,
  answererLabel: Type.String(),
  text: Type.String(),
  askedAt: Type.String(),
  answerText: Type.String(),
  answeredAt: Type.String(),
  answerEdited: Type.Boolean(),
  answeredOnTime: Nullable(Type.Boolean()),
  rating: Nullable(Type.Integer()),
  followerCount: Type.Integer(),
});
export type PublicQuestion = Static<typeof PublicQuestionSchema>;
export const PublicCommunitySchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  streetCode: Type.String(),
  streetName: Type.String(),
});
export const PublicRecordQuery = Type.Object(
  {
    communityCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
    q: Type.Optional(Type.String({ maxLength: 50 })),
  },
  { additionalProperties: false },
);
export const AnswererRecordSchema = Type.Object({
  kind: AnswererKind,
  id: Type.String(),
  name: Type.String(),
  asked: Type.Integer(),
  answered: Type.Integer(),
  onTime: Type.Integer(),
  averageRating: Nullable(Type.Number()),
  overdueNow: Type.Integer(),
  /** The numbers of the questions overdue now (public ones only), like FOI portals list them. */
  overdueNumbers: Type.Array(Type.String()),
});
export type AnswererRecord = Static<typeof AnswererRecordSchema>;

export const SatisfactionQuery = Type.Object(
  {
    areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' })),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
  },
  { additionalProperties: false },
);
export type SatisfactionQuery = Static<typeof SatisfactionQuery>;
const Ratings = Type.Object({ rated: Type.Integer(), average: Type.Number(), low: Type.Integer() });
export const SatisfactionSchema = Type.Object({
  areas: Type.Array(
    Type.Object({
      areaCode: Type.String(),
      areaName: Type.String(),
      answers: Type.Union([Ratings, Type.Null()]),
      cases: Type.Union([Ratings, Type.Null()]),
    }),
  ),
  answerers: Type.Array(
    Type.Object({
      kind: AnswererKind,
      id: Type.String(),
      name: Type.String(),
      rated: Type.Integer(),
      average: Type.Number(),
      low: Type.Integer(),
    }),
  ),
  comments: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('answer'), Type.Literal('case')]),
      subjectId: Type.String(),
      number: Type.String(),
      rating: Type.Integer(),
      comment: Type.String(),
      by: Type.Union([Type.String(), Type.Null()]),
      areaCode: Type.String(),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
});
export type Satisfaction = Static<typeof SatisfactionSchema>;
