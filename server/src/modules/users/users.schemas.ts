import { type Static, Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';
import { ROLES } from '../../platform/auth/permissions.ts';
import { PageQuery } from '../../platform/http.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const RoleEnum = Type.Enum([...ROLES]);
export const USER_STATES = ['active', 'disabled', 'locked'] as const;
export type UserState = (typeof USER_STATES)[number];

export const UserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleEnum,
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  departmentCode: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  /** Masked ('138****5678'); the number itself is stored encrypted and never sent. */
  workPhone: Nullable(Type.String()),
  /** `locked`: too many failed logins lately (the login throttle); it lifts by itself or by unlock. */
  state: Type.Enum([...USER_STATES]),
  mustChangePassword: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  lastLoginAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
});
export type User = Static<typeof UserSchema>;

export const UsersQuery = Type.Object(
  {
    role: Type.Optional(RoleEnum),
    areaCode: Type.Optional(AreaCode),
    state: Type.Optional(Type.Enum([...USER_STATES])),
    text: Type.Optional(Type.String({ maxLength: 50, description: 'Part of the username or name' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type UsersQuery = Static<typeof UsersQuery>;

const Username = Type.String({
  pattern: '^[A-Za-z0-9_.-]{3,40}$',
  description: 'Letters, digits and _ . - (3 to 40); kept in lower case',
});
const DisplayName = Type.String({ minLength: 1, maxLength: 50 });
const WorkPhone = Nullable(Type.String({ maxLength: 30, description: 'Stored encrypted; shown masked' }));
const DepartmentCode = Nullable(Type.String({ minLength: 1, maxLength: 41 }));

export const CreateUserBody = Type.Object(
  {
    username: Username,
    displayName: DisplayName,
    role: RoleEnum,
    areaCode: AreaCode,
    departmentCode: Type.Optional(DepartmentCode),
    workPhone: Type.Optional(WorkPhone),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    displayName: Type.Optional(DisplayName),
    role: Type.Optional(RoleEnum),
    areaCode: Type.Optional(AreaCode),
    departmentCode: Type.Optional(DepartmentCode),
    workPhone: Type.Optional(WorkPhone),
  },
  { additionalProperties: false },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

/** An account just made or reset, with its temporary password: shown this once, never stored. */
export const UserWithPassword = Type.Object({
  user: UserSchema,
  temporaryPassword: Type.String(),
});

export const UserIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const ImportQuery = Type.Object(
  { dryRun: Type.Optional(Type.Boolean({ default: false })) },
  { additionalProperties: false },
);

export const ImportedAccount = Type.Object({
  row: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleEnum,
  areaCode: Type.String(),
  departmentCode: Nullable(Type.String()),
});

export const ImportResponse = Type.Object({
  dryRun: Type.Boolean(),
  count: Type.Integer(),
  accounts: Type.Array(ImportedAccount),
  /** The temporary passwords as an XLSX (base64), to hand out; absent on a dry run. */
  passwordsFile: Nullable(Type.String({ contentEncoding: 'base64' })),
  fileName: Nullable(Type.String()),
});

/** Which roles the caller may give (the role select of the form). */
export const GrantsResponse = Type.Object({ roles: Type.Array(RoleEnum) });
