import { type Static, Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Identity = {
  name: Type.String({ minLength: 1, maxLength: 50 }),
  idNumber: Type.String({ minLength: 15, maxLength: 20 }),
  phone: Type.String({ minLength: 7, maxLength: 20 }),
  username: Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
};

export const SignupBody = Type.Object(Identity, { additionalProperties: false });
export type SignupBody = Static<typeof SignupBody>;

export const ApplicationBody = Type.Object(
  {
    ...Identity,
    communityCode: Type.String({ pattern: '^[0-9]{12}$' }),
    address: Type.String({ minLength: 2, maxLength: 200 }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type ApplicationBody = Static<typeof ApplicationBody>;

export const SignupStarted = Type.Object({
  signupId: Type.String(),
  phoneMask: Type.String(),
  expiresAt: Type.String(),
});

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const VerifyBody = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);
export const SignupDone = Type.Object({
  state: Type.Enum(['done', 'awaiting_approval']),
  username: Type.String(),
});

export const ApplicationsQuery = Type.Object(
  { areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' })) },
  { additionalProperties: false },
);
export const ApplicationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  idNumberMask: Type.String(),
  phoneMask: Type.String(),
  communityCode: Type.String(),
  address: Nullable(Type.String()),
  note: Nullable(Type.String()),
  username: Type.String(),
  createdAt: Type.String(),
});
export const ApproveBody = Type.Object(
  { gridCode: Type.String({ pattern: '^[0-9]{15}$' }) },
  { additionalProperties: false },
);
export const RejectBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500 }) },
  { additionalProperties: false },
);

export const SmsSettingsSchema = Type.Object({ url: Nullable(Type.String()), hasSecret: Type.Boolean() });
export const SmsSettingsBody = Type.Object(
  {
    url: Nullable(Type.String({ format: 'uri', maxLength: 500, pattern: '^https?://' })),
    /** Omitted: keep the current secret. */
    secret: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })),
  },
  { additionalProperties: false },
);
