import { type Static, Type } from 'typebox';
import { Lat, ListQueryBase, Lon, Nullable, RecordMeta, VersionBody } from './registry.schemas.ts';

export const HOUSE_USAGES = ['own_occupied', 'rented', 'vacant', 'commercial'] as const;

export const BuildingSchema = Type.Object({
  ...RecordMeta,
  name: Type.String(),
  address: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  floors: Nullable(Type.Integer()),
  houses: Type.Integer({ description: 'Active houses in the building' }),
});
export type Building = Static<typeof BuildingSchema>;

export const BuildingsQuery = Type.Object(
  { ...ListQueryBase, sort: Type.Optional(Type.Enum(['address', '-address', 'updatedAt', '-updatedAt'])) },
  { additionalProperties: false },
);
export type BuildingsQuery = Static<typeof BuildingsQuery>;

const buildingFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  address: Type.String({ minLength: 1, maxLength: 200 }),
  lon: Lon,
  lat: Lat,
  floors: Nullable(Type.Integer({ minimum: 1, maximum: 200 })),
};
export const CreateBuildingBody = Type.Object(
  { ...buildingFields, floors: Type.Optional(buildingFields.floors) },
  { additionalProperties: false },
);
export type CreateBuildingBody = Static<typeof CreateBuildingBody>;
export const UpdateBuildingBody = Type.Object(
  {
    ...VersionBody,
    name: Type.Optional(buildingFields.name),
    address: Type.Optional(buildingFields.address),
    lon: Type.Optional(buildingFields.lon),
    lat: Type.Optional(buildingFields.lat),
    floors: Type.Optional(buildingFields.floors),
  },
  { additionalProperties: false },
);
export type UpdateBuildingBody = Static<typeof UpdateBuildingBody>;

export const HouseSchema = Type.Object({
  ...RecordMeta,
  buildingId: Type.String(),
  room: Type.String(),
  address: Type.String(),
  usage: Type.Enum(HOUSE_USAGES),
  areaM2: Nullable(Type.Number()),
  residents: Type.Integer({ description: 'Active people living in the house' }),
});
export type House = Static<typeof HouseSchema>;

export const HousesQuery = Type.Object(
  {
    ...ListQueryBase,
    buildingId: Type.Optional(Type.String({ format: 'uuid' })),
    usage: Type.Optional(Type.Enum(HOUSE_USAGES)),
    sort: Type.Optional(Type.Enum(['address', '-address', 'updatedAt', '-updatedAt'])),
  },
  { additionalProperties: false },
);
export type HousesQuery = Static<typeof HousesQuery>;

export const CreateHouseBody = Type.Object(
  {
    buildingId: Type.String({ format: 'uuid' }),
    room: Type.String({ minLength: 1, maxLength: 50 }),
    usage: Type.Enum(HOUSE_USAGES),
    areaM2: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 100000 }))),
  },
  { additionalProperties: false },
);
export type CreateHouseBody = Static<typeof CreateHouseBody>;
export const UpdateHouseBody = Type.Object(
  {
    ...VersionBody,
    room: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    usage: Type.Optional(Type.Enum(HOUSE_USAGES)),
    areaM2: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 100000 }))),
  },
  { additionalProperties: false },
);
export type UpdateHouseBody = Static<typeof UpdateHouseBody>;
