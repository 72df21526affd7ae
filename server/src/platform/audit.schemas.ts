import { Type } from 'typebox';
import { PageQuery } from './http.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const AuditEntrySchema = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actorId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  role: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
  result: Type.Enum(['ok', 'denied', 'failed']),
  /** Null for a second or so, until the entry is sealed into the chain. */
  hash: Nullable(Type.String()),
});

export const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the username' })),
    action: Type.Optional(
      Type.String({ maxLength: 100, description: 'An action, or its domain ("registry")' }),
    ),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive' })),
    targetId: Type.Optional(Type.String({ maxLength: 100 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
