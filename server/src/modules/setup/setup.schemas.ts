import { Type } from 'typebox';

const Token = Type.String({ maxLength: 100, description: 'The one-time token of the printed setup URL' });

export const SetupQuery = Type.Object({ token: Type.Optional(Token) }, { additionalProperties: false });

export const SetupStatus = Type.Object({
  expiresAt: Type.String({ format: 'date-time', description: 'Until when the token works, unless used' }),
});

export const SetupBody = Type.Object(
  {
    token: Token,
    districtCode: Type.String({ maxLength: 20, description: '6-digit GB/T 2260 code, e.g. 110105' }),
    districtName: Type.String({ maxLength: 100 }),
    adminUsername: Type.String({ maxLength: 100 }),
    adminName: Type.Optional(Type.String({ maxLength: 100 })),
    password: Type.String({ maxLength: 200 }),
    passwordConfirmation: Type.String({ maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const SetupResponse = Type.Object({
  areaCode: Type.String({ description: 'The district’s 12-digit area code' }),
  districtName: Type.String(),
  admin: Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String() }),
  totp: Type.Object(
    { secret: Type.String(), otpauthUri: Type.String() },
    { description: 'The administrator’s authenticator secret; the first login confirms it with a code' },
  ),
});
