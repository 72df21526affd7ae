import { Type } from 'typebox';
import { PERMISSIONS, ROLES } from './permissions.ts';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
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
});

export const SessionResponse = Type.Object({ user: UserSchema, csrfToken: Type.String() });
