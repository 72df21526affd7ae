import { type Static, Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });

export const IdParams = Type.Object({ id: Uuid });
export const FileParams = Type.Object({ id: Uuid, fileId: Uuid });
export const ListQuery = Type.Object({ areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,15}$' })) });
export const DecisionsQuery = Type.Object({
  areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,15}$' })),
  overdue: Type.Optional(Type.Boolean()),
});

const Participant = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('resident'),
      Type.Literal('deputy'),
      Type.Literal('organization'),
      Type.Literal('department'),
    ]),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    personId: Type.Optional(Uuid),
    userId: Type.Optional(Uuid),
    orgId: Type.Optional(Uuid),
    departmentCode: Type.Optional(Type.String({ maxLength: 50 })),
  },
  { additionalProperties: false },
);
export type Participant = Static<typeof Participant>;

const Attachment = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    contentType: Type.Union([
      Type.Literal('image/jpeg'),
      Type.Literal('image/png'),
      Type.Literal('application/pdf'),
    ]),
    data: Type.String({ minLength: 1, maxLength: 14_000_000 }),
  },
  { additionalProperties: false },
);

export const MeetingBody = Type.Object(
  {
    communityCode: Type.String({ pattern: '^[0-9]{12}$' }),
    estateId: Type.Optional(Uuid),
    kind: Type.Union([
      Type.Literal('consultation'),
      Type.Literal('hearing'),
      Type.Literal('owners_assembly'),
    ]),
    title: Type.String({ minLength: 2, maxLength: 100 }),
    place: Type.Optional(Type.String({ maxLength: 200 })),
    startsAt: Type.String({ format: 'date-time' }),
    isPublic: Type.Optional(Type.Boolean()),
    items: Type.Array(
      Type.Object(
        {
          title: Type.String({ minLength: 1, maxLength: 200 }),
          description: Type.Optional(Type.String({ maxLength: 5000 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 30 },
    ),
    participants: Type.Optional(Type.Array(Participant, { maxItems: 500 })),
    /** Publish a notice of the meeting to the community (through the notices module). */
    notify: Type.Optional(Type.Boolean()),
    attachments: Type.Optional(Type.Array(Attachment, { maxItems: 5 })),
  },
  { additionalProperties: false },
);
export type MeetingBody = Static<typeof MeetingBody>;

export const ParticipantsBody = Type.Object(
  { participants: Type.Array(Participant, { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);

export const RecordBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    minutes: Type.String({ minLength: 1, maxLength: 50_000 }),
    attendance: Type.Optional(
      Type.Array(
        Type.Object({ participantId: Uuid, attended: Type.Boolean() }, { additionalProperties: false }),
      ),
    ),
    decisions: Type.Optional(
      Type.Array(
        Type.Object(
          {
            itemId: Type.Optional(Uuid),
            text: Type.String({ minLength: 1, maxLength: 5000 }),
            responsible: Type.String({ minLength: 1, maxLength: 200 }),
            dueDate: Type.Optional(Day),
            milestones: Type.Optional(
              Type.Array(
                Type.Object(
                  { title: Type.String({ minLength: 1, maxLength: 200 }), dueDate: Type.Optional(Day) },
                  { additionalProperties: false },
                ),
                { maxItems: 20 },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
  },
  { additionalProperties: false },
);
export type RecordBody = Static<typeof RecordBody>;

export const DecisionPatch = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    status: Type.Optional(
      Type.Union([
        Type.Literal('not_started'),
        Type.Literal('in_progress'),
        Type.Literal('completed'),
        Type.Literal('cancelled'),
      ]),
    ),
    progress: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    responsible: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    dueDate: Type.Optional(Nullable(Day)),
    milestonesDone: Type.Optional(
      Type.Array(Type.Object({ id: Uuid, doneOn: Nullable(Day) }, { additionalProperties: false })),
    ),
    addMilestones: Type.Optional(
      Type.Array(
        Type.Object(
          { title: Type.String({ minLength: 1, maxLength: 200 }), dueDate: Type.Optional(Day) },
          { additionalProperties: false },
        ),
        { maxItems: 20 },
      ),
    ),
    caseIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type DecisionPatch = Static<typeof DecisionPatch>;

export const DecisionSchema = Type.Object({
  id: Type.String(),
  meetingId: Type.String(),
  meetingTitle: Type.String(),
  communityCode: Type.String(),
  itemId: Nullable(Type.String()),
  text: Type.String(),
  responsible: Type.String(),
  dueDate: Nullable(Type.String()),
  status: Type.String(),
  progress: Type.Integer(),
  overdue: Type.Boolean(),
  version: Type.Integer(),
  milestones: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      dueDate: Nullable(Type.String()),
      doneOn: Nullable(Type.String()),
      overdue: Type.Boolean(),
    }),
  ),
  cases: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), state: Type.String() })),
});
export type DecisionView = Static<typeof DecisionSchema>;

export const MeetingSummarySchema = Type.Object({
  id: Type.String(),
  communityCode: Type.String(),
  estateId: Nullable(Type.String()),
  kind: Type.String(),
  title: Type.String(),
  place: Type.String(),
  startsAt: Type.String(),
  isPublic: Type.Boolean(),
  state: Type.String(),
  version: Type.Integer(),
});

export const MeetingSchema = Type.Object({
  ...MeetingSummarySchema.properties,
  noticeId: Nullable(Type.String()),
  minutes: Nullable(Type.String()),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      position: Type.Integer(),
      title: Type.String(),
      description: Type.String(),
    }),
  ),
  participants: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      name: Type.String(),
      registeredAt: Type.String(),
      attended: Nullable(Type.Boolean()),
      isMe: Type.Boolean(),
    }),
  ),
  attachments: Type.Array(
    Type.Object({
      id: Type.String(),
      fileName: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
    }),
  ),
  decisions: Type.Array(DecisionSchema),
});
export type MeetingView = Static<typeof MeetingSchema>;
