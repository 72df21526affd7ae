import { type Static, Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';
import { PageQuery } from '../../platform/http.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const GridCode = Type.String({ pattern: '^[0-9]{15}$' });
const DateString = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const TeamEnum = Type.Enum(['grid_manager', 'service', 'volunteer']);
export const LevelEnum = Type.Enum(['junior', 'intermediate', 'senior']);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const GridParams = Type.Object({ code: GridCode });

export const MemberGridSchema = Type.Object({
  gridCode: Type.String(),
  gridName: Nullable(Type.String()),
  isHead: Type.Boolean(),
});

export const QualificationSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.String(),
  level: LevelEnum,
  certificateNo: Type.String(),
  issuedOn: Type.String(),
  expiresOn: Nullable(Type.String()),
});

export const TrainingSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  heldOn: Type.String(),
  course: Type.String(),
  hours: Type.Number(),
});

export const MemberSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  areaCode: Type.String(),
  name: Type.String(),
  team: Nullable(TeamEnum),
  forceCode: Nullable(Type.String()),
  forceName: Nullable(Type.String()),
  organization: Nullable(Type.String()),
  duty: Nullable(Type.String()),
  workPhone: Nullable(Type.String()),
  privatePhone: Nullable(Type.String({ description: 'Always masked' })),
  userId: Nullable(Type.String()),
  username: Nullable(Type.String()),
  status: Type.Enum(['active', 'inactive']),
  grids: Type.Array(MemberGridSchema),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Member = Static<typeof MemberSchema>;

export const MemberDetailSchema = Type.Object({
  ...MemberSchema.properties,
  qualifications: Type.Array(QualificationSchema),
  trainings: Type.Array(TrainingSchema),
});

export const MembersQuery = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    team: Type.Optional(TeamEnum),
    forceCode: Type.Optional(Type.String({ maxLength: 41 })),
    status: Type.Optional(Type.Enum(['active', 'inactive'])),
    q: Type.Optional(Type.String({ maxLength: 50, description: 'Part of the name' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type MembersQuery = Static<typeof MembersQuery>;

const GridAssignment = Type.Object(
  { gridCode: GridCode, isHead: Type.Optional(Type.Boolean({ default: false })) },
  { additionalProperties: false },
);
const memberFields = {
  name: Type.String({ minLength: 1, maxLength: 50 }),
  team: Nullable(TeamEnum),
  forceCode: Nullable(Type.String({ minLength: 1, maxLength: 41 })),
  organization: Nullable(Type.String({ maxLength: 100 })),
  duty: Nullable(Type.String({ maxLength: 100, description: 'What the member is responsible for' })),
  workPhone: Nullable(Type.String({ maxLength: 30, description: 'Shown to residents' })),
  privatePhone: Nullable(Type.String({ maxLength: 30, description: 'Stored encrypted; never shown' })),
  userId: Nullable(Type.String({ format: 'uuid', description: 'The member’s login account' })),
  grids: Type.Array(GridAssignment, { maxItems: 50 }),
};

export const CreateMemberBody = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    name: memberFields.name,
    team: Type.Optional(memberFields.team),
    forceCode: Type.Optional(memberFields.forceCode),
    organization: Type.Optional(memberFields.organization),
    duty: Type.Optional(memberFields.duty),
    workPhone: Type.Optional(memberFields.workPhone),
    privatePhone: Type.Optional(memberFields.privatePhone),
    userId: Type.Optional(memberFields.userId),
    grids: Type.Optional(memberFields.grids),
  },
  { additionalProperties: false },
);
export type CreateMemberBody = Static<typeof CreateMemberBody>;

export const UpdateMemberBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'The version the editor read' }),
    name: Type.Optional(memberFields.name),
    team: Type.Optional(memberFields.team),
    forceCode: Type.Optional(memberFields.forceCode),
    organization: Type.Optional(memberFields.organization),
    duty: Type.Optional(memberFields.duty),
    workPhone: Type.Optional(memberFields.workPhone),
    privatePhone: Type.Optional(memberFields.privatePhone),
    userId: Type.Optional(memberFields.userId),
    grids: Type.Optional(memberFields.grids),
    status: Type.Optional(Type.Enum(['active', 'inactive'])),
  },
  { additionalProperties: false },
);
export type UpdateMemberBody = Static<typeof UpdateMemberBody>;

export const HistorySchema = Type.Object({
  items: Type.Array(
    Type.Object({
      version: Type.Integer(),
      changedAt: Type.String({ format: 'date-time' }),
      changedBy: Nullable(Type.String()),
      source: Type.String(),
      changes: Type.Record(Type.String(), Type.Array(Type.Unknown())),
    }),
  ),
});

export const QualificationBody = Type.Object(
  {
    level: LevelEnum,
    certificateNo: Type.String({ minLength: 1, maxLength: 60 }),
    issuedOn: DateString,
    expiresOn: Type.Optional(Nullable(DateString)),
  },
  { additionalProperties: false },
);
export type QualificationBody = Static<typeof QualificationBody>;

export const TrainingBody = Type.Object(
  {
    heldOn: DateString,
    course: Type.String({ minLength: 1, maxLength: 200 }),
    hours: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
  },
  { additionalProperties: false },
);
export type TrainingBody = Static<typeof TrainingBody>;

export const ForceContactSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  forceCode: Type.String(),
  forceName: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  unit: Type.String(),
  contactName: Type.String(),
  workPhone: Type.String(),
  version: Type.Integer(),
});

export const ForcesQuery = Type.Object(
  { areaCode: Type.Optional(AreaCode) },
  { additionalProperties: false },
);

export const ForceSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  contacts: Type.Array(ForceContactSchema),
});

export const ForceContactBody = Type.Object(
  {
    forceCode: Type.String({ minLength: 1, maxLength: 41 }),
    areaCode: AreaCode,
    unit: Type.String({ minLength: 1, maxLength: 100 }),
    contactName: Type.String({ minLength: 1, maxLength: 50 }),
    workPhone: Type.String({ minLength: 1, maxLength: 30 }),
  },
  { additionalProperties: false },
);
export type ForceContactBody = Static<typeof ForceContactBody>;

export const RewardRulesSchema = Type.Object(
  {
    junior: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Yuan per year' }),
    intermediate: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    senior: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
);
export type RewardRules = Static<typeof RewardRulesSchema>;

export const RewardsQuery = Type.Object(
  { year: Type.Integer({ minimum: 2000, maximum: 2100 }), areaCode: Type.Optional(AreaCode) },
  { additionalProperties: false },
);

export const RewardLedgerSchema = Type.Object({
  year: Type.Integer(),
  rule: Type.String({ description: 'How the amounts were reckoned' }),
  rules: RewardRulesSchema,
  items: Type.Array(
    Type.Object({
      memberId: Type.String(),
      name: Type.String(),
      areaCode: Type.String(),
      level: LevelEnum,
      certificateNo: Type.String(),
      amount: Type.Integer(),
    }),
  ),
  total: Type.Integer(),
  totalAmount: Type.Integer(),
});

export const ContactCardSchema = Type.Object({
  gridCode: Type.String(),
  gridName: Type.String(),
  head: Nullable(
    Type.Object({ name: Type.String(), role: Type.String(), workPhone: Nullable(Type.String()) }),
  ),
  teams: Type.Array(
    Type.Object({
      team: TeamEnum,
      members: Type.Array(
        Type.Object({ name: Type.String(), role: Type.String(), workPhone: Nullable(Type.String()) }),
      ),
    }),
  ),
  forces: Type.Array(
    Type.Object({
      forceCode: Type.String(),
      forceName: Type.String(),
      unit: Nullable(Type.String()),
      contacts: Type.Array(
        Type.Object({ name: Type.String(), role: Type.String(), workPhone: Nullable(Type.String()) }),
      ),
    }),
  ),
});
