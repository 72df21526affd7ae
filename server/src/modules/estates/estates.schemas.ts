import { type Static, Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
/** m² with at most two decimals, as exact text ("89.50"): stored as integer hundredths. */
const Area = Type.String({
  pattern: '^\\s*[0-9]{1,7}(\\.[0-9]{1,2})?\\s*$',
  description: 'm², ≤ 2 decimals',
});

export const IdParams = Type.Object({ id: Uuid });
export const HouseParams = Type.Object({ id: Uuid, houseId: Uuid });
export const ListQuery = Type.Object({ areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,15}$' })) });

export const EstateSummarySchema = Type.Object({
  id: Type.String(),
  communityCode: Type.String(),
  name: Type.String(),
  address: Nullable(Type.String()),
  committeeOrgId: Nullable(Type.String()),
  propertyOrgId: Nullable(Type.String()),
  version: Type.Integer(),
  buildings: Type.Integer(),
  houses: Type.Integer(),
  owners: Type.Integer(),
  totalArea: Type.String(),
});

export const HouseSchema = Type.Object({
  houseId: Type.String(),
  label: Type.String(),
  buildingId: Nullable(Type.String()),
  floorArea: Type.String(),
  owners: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  version: Type.Integer(),
});

export const EstateSchema = Type.Object({
  ...EstateSummarySchema.properties,
  houseList: Type.Array(HouseSchema),
});

export const HouseBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    floorArea: Area,
    /** The owners, people of the registry (replaces the list); left out: unchanged. */
    ownerIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type HouseBody = Static<typeof HouseBody>;
