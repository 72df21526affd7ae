import { type Static, Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';

/**
 * What a key may be used for: Open311 clients create and read requests; camera platforms report
 * cases; video platforms push camera alarms (`POST /api/camera-alarms`); partners read open data
 * (their datasets, quota and rate: the `opendata` module).
 */
export const API_KEY_SCOPES = ['open311', 'cases.report', 'cameras.alarm', 'opendata'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const ApiKeySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  /** The part of the key kept in clear, to tell keys apart in lists and logs. */
  prefix: Type.String(),
  scopes: Type.Array(Type.Enum([...API_KEY_SCOPES])),
  areaCode: Type.String(),
  areaName: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdByName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  /** Neither revoked nor expired. */
  active: Type.Boolean(),
});
export type ApiKeyView = Static<typeof ApiKeySchema>;

export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(Type.Enum([...API_KEY_SCOPES]), { minItems: 1, uniqueItems: true }),
    /** Where the key's holder may act; the caller's own area when omitted. */
    areaCode: Type.Optional(AreaCode),
    /** Days until the key stops working; never when omitted. */
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
);
export type CreateApiKeyInput = Static<typeof CreateApiKeyBody>;

export const CreatedApiKeySchema = Type.Object({
  ...ApiKeySchema.properties,
  /** The whole key, shown this once: only its hash is stored. */
  key: Type.String(),
});

export const ApiKeyIdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
