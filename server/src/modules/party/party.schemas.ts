import { type Static, Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';
import { PageQuery } from '../../platform/http.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateString = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
const Uuid = Type.String({ format: 'uuid' });
const Version = Type.Integer({ minimum: 1, description: 'The version read; 409 version_conflict otherwise' });

export const ORG_KINDS = ['committee', 'general_branch', 'branch'] as const;
export const MEMBER_STATUSES = ['applicant', 'activist', 'probationary', 'full'] as const;
export const MEETING_KINDS = [
  'committee',
  'members',
  'group',
  'class',
  'theme_day',
  'democratic_review',
  'other',
] as const;
export const OrgKindEnum = Type.Enum([...ORG_KINDS]);
export const StatusEnum = Type.Enum([...MEMBER_STATUSES]);
export const MeetingKindEnum = Type.Enum([...MEETING_KINDS]);

export const IdParams = Type.Object({ id: Uuid });

// Organizations ---------------------------------------------------------------------------------

export const PartyOrgSchema = Type.Object({
  id: Uuid,
  parentId: Nullable(Uuid),
  kind: OrgKindEnum,
  name: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  orgId: Nullable(Uuid),
  orgName: Nullable(Type.String({ description: 'The registry organization it is set up in' })),
  secretary: Nullable(Type.String()),
  foundedOn: Nullable(Type.String()),
  members: Type.Integer({ description: 'Current members (all statuses)' }),
  version: Type.Integer(),
});
export type PartyOrg = Static<typeof PartyOrgSchema>;

export const OrgsQuery = Type.Object({ areaCode: Type.Optional(AreaCode) }, { additionalProperties: false });
export type OrgsQuery = Static<typeof OrgsQuery>;

export const CreateOrgBody = Type.Object(
  {
    parentId: Type.Optional(Nullable(Uuid)),
    kind: OrgKindEnum,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    areaCode: AreaCode,
    orgId: Type.Optional(Nullable(Uuid)),
    secretary: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    foundedOn: Type.Optional(Nullable(DateString)),
  },
  { additionalProperties: false },
);
export type CreateOrgBody = Static<typeof CreateOrgBody>;

export const UpdateOrgBody = Type.Object(
  {
    version: Version,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    secretary: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    orgId: Type.Optional(Nullable(Uuid)),
    foundedOn: Type.Optional(Nullable(DateString)),
  },
  { additionalProperties: false },
);
export type UpdateOrgBody = Static<typeof UpdateOrgBody>;

// Members ---------------------------------------------------------------------------------------

export const TransferSchema = Type.Object({
  id: Type.Integer(),
  direction: Type.Enum(['in', 'out', 'internal']),
  fromOrgId: Nullable(Uuid),
  fromOrgName: Nullable(Type.String()),
  toOrgId: Nullable(Uuid),
  toOrgName: Nullable(Type.String()),
  outsideOrg: Nullable(Type.String()),
  transferredOn: Type.String(),
  note: Nullable(Type.String()),
  recordedAt: Type.String({ format: 'date-time' }),
});

export const HoursSchema = Type.Object({
  id: Uuid,
  communityCode: Type.String(),
  servedOn: Type.String(),
  hours: Type.Number(),
  activity: Type.String(),
});

export const PartyMemberSchema = Type.Object({
  id: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  areaCode: Type.String(),
  name: Type.String(),
  gender: Nullable(Type.Enum(['male', 'female'])),
  idNumber: Nullable(Type.String({ description: 'Always masked' })),
  phone: Nullable(Type.String({ description: 'Always masked' })),
  status: StatusEnum,
  appliedOn: Nullable(Type.String()),
  activistOn: Nullable(Type.String()),
  probationaryOn: Nullable(Type.String()),
  fullOn: Nullable(Type.String()),
  duesStandard: Type.Number({ description: 'Monthly dues, yuan' }),
  duesPaidTo: Nullable(Type.String({ description: 'Last month paid, YYYY-MM' })),
  inService: Type.Boolean(),
  workplace: Nullable(Type.String()),
  residenceCommunity: Nullable(Type.String({ description: '双报到: the community registered at' })),
  residenceName: Nullable(Type.String()),
  registeredOn: Nullable(Type.String()),
  leftOn: Nullable(Type.String()),
  leftTo: Nullable(Type.String()),
  version: Type.Integer(),
});
export type PartyMember = Static<typeof PartyMemberSchema>;

export const PartyMemberDetailSchema = Type.Object({
  ...PartyMemberSchema.properties,
  transfers: Type.Array(TransferSchema),
  hours: Type.Array(HoursSchema),
  hoursTotal: Type.Number(),
});

export const MembersQuery = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    orgId: Type.Optional(Uuid),
    status: Type.Optional(StatusEnum),
    q: Type.Optional(Type.String({ maxLength: 50, description: 'Part of the name' })),
    registered: Type.Optional(
      Type.Boolean({ description: 'Only in-service members registered at a community of the area (双报到)' }),
    ),
    left: Type.Optional(Type.Boolean({ description: 'Those transferred out instead of current members' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type MembersQuery = Static<typeof MembersQuery>;

const PersonFields = {
  name: Type.String({ minLength: 1, maxLength: 50 }),
  gender: Type.Optional(Nullable(Type.Enum(['male', 'female']))),
  idNumber: Type.Optional(Nullable(Type.String({ maxLength: 18 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  duesStandard: Type.Optional(Type.Number({ minimum: 0, maximum: 100000, multipleOf: 0.01 })),
  inService: Type.Optional(Type.Boolean()),
  workplace: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
};

export const CreateMemberBody = Type.Object(
  {
    orgId: Uuid,
    ...PersonFields,
    status: StatusEnum,
    /** The date of the current status (and of the earlier ones when known). */
    appliedOn: Type.Optional(Nullable(DateString)),
    activistOn: Type.Optional(Nullable(DateString)),
    probationaryOn: Type.Optional(Nullable(DateString)),
    fullOn: Type.Optional(Nullable(DateString)),
    duesPaidTo: Type.Optional(Nullable(Month)),
    transferredFrom: Type.Optional(
      Nullable(
        Type.String({ maxLength: 100, description: 'Transfer in: the organization outside it came from' }),
      ),
    ),
    transferredOn: Type.Optional(Nullable(DateString)),
  },
  { additionalProperties: false },
);
export type CreateMemberBody = Static<typeof CreateMemberBody>;

export const UpdateMemberBody = Type.Object(
  {
    version: Version,
    name: Type.Optional(PersonFields.name),
    gender: PersonFields.gender,
    idNumber: PersonFields.idNumber,
    phone: PersonFields.phone,
    duesStandard: PersonFields.duesStandard,
    inService: PersonFields.inService,
    workplace: PersonFields.workplace,
  },
  { additionalProperties: false },
);
export type UpdateMemberBody = Static<typeof UpdateMemberBody>;

export const StatusBody = Type.Object(
  { version: Version, status: StatusEnum, on: DateString },
  { additionalProperties: false },
);
export type StatusBody = Static<typeof StatusBody>;

export const TransferBody = Type.Object(
  {
    version: Version,
    toOrgId: Type.Optional(Uuid),
    outsideOrg: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    on: DateString,
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type TransferBody = Static<typeof TransferBody>;

export const DuesBody = Type.Object({ version: Version, paidTo: Month }, { additionalProperties: false });
export type DuesBody = Static<typeof DuesBody>;

export const RegistrationBody = Type.Object(
  { version: Version, communityCode: AreaCode, on: DateString },
  { additionalProperties: false },
);
export type RegistrationBody = Static<typeof RegistrationBody>;

export const HoursBody = Type.Object(
  {
    servedOn: DateString,
    hours: Type.Number({ exclusiveMinimum: 0, maximum: 24, multipleOf: 0.5 }),
    activity: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type HoursBody = Static<typeof HoursBody>;

// Meetings --------------------------------------------------------------------------------------

export const MeetingSchema = Type.Object({
  id: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  kind: MeetingKindEnum,
  heldOn: Type.String(),
  topic: Type.String(),
  attendees: Type.Integer(),
  absentees: Type.Integer(),
  minutes: Nullable(Type.String()),
});
export type Meeting = Static<typeof MeetingSchema>;

export const MeetingsQuery = Type.Object(
  {
    areaCode: Type.Optional(AreaCode),
    orgId: Type.Optional(Uuid),
    kind: Type.Optional(MeetingKindEnum),
    month: Type.Optional(Month),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type MeetingsQuery = Static<typeof MeetingsQuery>;

export const MeetingBody = Type.Object(
  {
    orgId: Uuid,
    kind: MeetingKindEnum,
    heldOn: DateString,
    topic: Type.String({ minLength: 1, maxLength: 200 }),
    attendees: Type.Integer({ minimum: 0, maximum: 10000 }),
    absentees: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
    minutes: Type.Optional(Nullable(Type.String({ maxLength: 20000 }))),
  },
  { additionalProperties: false },
);
export type MeetingBody = Static<typeof MeetingBody>;

// Requirements, compliance, arrears, figures -----------------------------------------------------

export const RequirementSchema = Type.Object(
  {
    kind: MeetingKindEnum,
    every: Type.Enum(['month', 'quarter', 'year']),
    orgKinds: Type.Array(OrgKindEnum, { minItems: 1, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type Requirement = Static<typeof RequirementSchema>;
export const RequirementsSchema = Type.Object(
  { items: Type.Array(RequirementSchema, { maxItems: 20 }) },
  { additionalProperties: false },
);
export type Requirements = Static<typeof RequirementsSchema>;

export const ComplianceQuery = Type.Object(
  { areaCode: Type.Optional(AreaCode), month: Type.Optional(Month) },
  { additionalProperties: false },
);
export type ComplianceQuery = Static<typeof ComplianceQuery>;

export const ComplianceSchema = Type.Object({
  month: Type.String(),
  items: Type.Array(
    Type.Object({
      orgId: Uuid,
      orgName: Type.String(),
      kind: OrgKindEnum,
      areaCode: Type.String(),
      checks: Type.Array(
        Type.Object({
          kind: MeetingKindEnum,
          every: Type.Enum(['month', 'quarter', 'year']),
          /** The window the month falls in: its first and last month. */
          from: Type.String(),
          to: Type.String(),
          held: Type.Integer(),
          /** met: held in the window; pending: none yet, the window is still open; missing: closed with none. */
          state: Type.Enum(['met', 'pending', 'missing']),
        }),
      ),
      missing: Type.Integer(),
    }),
  ),
});
export type Compliance = Static<typeof ComplianceSchema>;

export const ArrearsSchema = Type.Object({
  month: Type.String(),
  items: Type.Array(
    Type.Object({
      memberId: Uuid,
      name: Type.String(),
      orgId: Uuid,
      orgName: Type.String(),
      status: StatusEnum,
      duesStandard: Type.Number(),
      duesPaidTo: Nullable(Type.String()),
      monthsOwed: Type.Integer(),
      amountOwed: Type.Number(),
    }),
  ),
  total: Type.Integer(),
});

export const FiguresQuery = Type.Object(
  { areaCode: Type.Optional(AreaCode), year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) },
  { additionalProperties: false },
);
export type FiguresQuery = Static<typeof FiguresQuery>;

export const FigureRowSchema = Type.Object({
  areaCode: Type.String(),
  areaName: Type.String(),
  orgs: Type.Integer(),
  members: Type.Object({
    applicant: Type.Integer(),
    activist: Type.Integer(),
    probationary: Type.Integer(),
    full: Type.Integer(),
  }),
  meetingsHeld: Type.Integer({ description: 'Required meetings: windows closed in the year with one held' }),
  meetingsRequired: Type.Integer({ description: 'Required meetings: windows closed in the year' }),
  registered: Type.Integer({ description: 'In-service members registered at its communities (双报到)' }),
  hours: Type.Number({ description: 'Volunteer hours served at its communities in the year' }),
});
export type FigureRow = Static<typeof FigureRowSchema>;
export const FiguresSchema = Type.Object({
  year: Type.Integer(),
  rows: Type.Array(FigureRowSchema),
  total: FigureRowSchema,
});
