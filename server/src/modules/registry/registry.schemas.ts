import { Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';
import { PageQuery } from '../../platform/http.ts';

/** Shapes shared by every registry resource. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const ListQueryBase = {
  q: Type.Optional(Type.String({ maxLength: 100 })),
  areaCode: Type.Optional(AreaCode),
  includeRetired: Type.Optional(Type.Boolean()),
  ...PageQuery,
};

export const RecordMeta = {
  id: Type.String({ format: 'uuid' }),
  gridCode: Type.String(),
  version: Type.Integer(),
  retired: Type.Boolean(),
  retiredReason: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};

export const VersionBody = {
  version: Type.Integer({ minimum: 1, description: 'The version the editor read' }),
};

export const HistoryResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      version: Type.Integer(),
      changedAt: Type.String({ format: 'date-time' }),
      changedBy: Nullable(Type.String()),
      source: Type.String(),
      sourceRef: Nullable(Type.String()),
      sourceRow: Type.Union([Type.Integer(), Type.Null()], {
        description: 'The ledger row, for a ledger import',
      }),
      changes: Type.Record(Type.String(), Type.Array(Type.Unknown())),
    }),
  ),
});

export const Lon = Type.Number({ minimum: -180, maximum: 180 });
export const Lat = Type.Number({ minimum: -90, maximum: 90 });
export const DateString = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
