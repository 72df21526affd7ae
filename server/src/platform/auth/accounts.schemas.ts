import { Type } from 'typebox';

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const TotpCodeBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 20 }) },
  { additionalProperties: false },
);

export const TotpSetupResponse = Type.Object({
  /** Base32, for typing into an authenticator app by hand. */
  secret: Type.String(),
  /** The same as an `otpauth://` URI, for a QR code. */
  otpauthUri: Type.String(),
});

export const SessionSchema = Type.Object({
  /** The first 16 hex digits of the session's id: enough to name it, never enough to use it. */
  id: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  /** The session this request came with. */
  current: Type.Boolean(),
});

export const SessionListResponse = Type.Object({ items: Type.Array(SessionSchema) });

export const SessionParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) });

export const UserSessionParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  sessionId: Type.String({ pattern: '^[0-9a-f]{16}$' }),
});

export const UserParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
