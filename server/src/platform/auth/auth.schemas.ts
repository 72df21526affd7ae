import { Type } from 'typebox';
import { PERMISSIONS, ROLES } from './permissions.ts';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    /** Only for users with the second factor on: asked for with `totp_required`. */
    totpCode: Type.Optional(Type.String({ pattern: '^\\s*\\d{6}\\s*$' })),
  },
  { additionalProperties: false },
);

export const UserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Enum(ROLES),
  areaCode: Type.String(),
  areaName: Type.Union([Type.String(), Type.Null()]),
  departmentCode: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Array(Type.Enum(PERMISSIONS)),
  /** The session can only change the password until it is changed (`password_change_required`). */
  mustChangePassword: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  /** The session can only manage the account until TOTP is on (`totp_enrolment_required`). */
  totpEnrolmentRequired: Type.Boolean(),
});

export const SessionResponse = Type.Object({ user: UserSchema, csrfToken: Type.String() });
