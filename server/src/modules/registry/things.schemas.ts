import { type Static, Type } from 'typebox';
import { Lat, ListQueryBase, Lon, Nullable, RecordMeta, VersionBody } from './registry.schemas.ts';

export const THING_STATES = ['normal', 'damaged', 'missing', 'under_repair'] as const;

export const ThingSchema = Type.Object({
  ...RecordMeta,
  category: Type.String({ description: 'Urban component category code' }),
  name: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  ownerDepartment: Nullable(Type.String()),
  state: Type.Enum(THING_STATES),
});
export type Thing = Static<typeof ThingSchema>;

export const ThingsQuery = Type.Object(
  {
    ...ListQueryBase,
    category: Type.Optional(Type.String({ maxLength: 20 })),
    state: Type.Optional(Type.Enum(THING_STATES)),
    sort: Type.Optional(Type.Enum(['name', '-name', 'updatedAt', '-updatedAt'])),
  },
  { additionalProperties: false },
);
export type ThingsQuery = Static<typeof ThingsQuery>;

const fields = {
  category: Type.String({ minLength: 1, maxLength: 20 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  lon: Lon,
  lat: Lat,
  ownerDepartment: Nullable(Type.String({ maxLength: 100 })),
  state: Type.Enum(THING_STATES),
};

export const CreateThingBody = Type.Object(
  { ...fields, ownerDepartment: Type.Optional(fields.ownerDepartment), state: Type.Optional(fields.state) },
  { additionalProperties: false },
);
export type CreateThingBody = Static<typeof CreateThingBody>;

export const UpdateThingBody = Type.Object(
  {
    ...VersionBody,
    category: Type.Optional(fields.category),
    name: Type.Optional(fields.name),
    lon: Type.Optional(fields.lon),
    lat: Type.Optional(fields.lat),
    ownerDepartment: Type.Optional(fields.ownerDepartment),
    state: Type.Optional(fields.state),
  },
  { additionalProperties: false },
);
export type UpdateThingBody = Static<typeof UpdateThingBody>;
