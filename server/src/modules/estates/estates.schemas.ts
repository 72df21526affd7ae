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

export const OwnershipImportQuery = Type.Object({
  /** true (the default): report only; false: apply, all or nothing. */
  dryRun: Type.Optional(Type.Boolean({ default: true })),
  fileName: Type.Optional(Type.String({ maxLength: 200 })),
});

const RowProblem = Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() });

export const OwnershipReportSchema = Type.Object({
  estateId: Type.String(),
  dryRun: Type.Boolean(),
  applied: Type.Boolean(),
  valid: Type.Boolean(),
  counts: Type.Object({
    rows: Type.Integer(),
    matched: Type.Integer(),
    new: Type.Integer(),
    changed: Type.Integer(),
    unchanged: Type.Integer(),
    areaChanged: Type.Integer(),
    ownersChanged: Type.Integer(),
    invalid: Type.Integer(),
    ignored: Type.Integer(),
    unknownBuilding: Type.Integer(),
    unknownRoom: Type.Integer(),
    unknownPerson: Type.Integer(),
    badArea: Type.Integer(),
    duplicate: Type.Integer(),
  }),
  rows: Type.Array(
    Type.Object({
      row: Type.Integer(),
      sheet: Type.String(),
      building: Type.String(),
      unit: Type.String(),
      room: Type.String(),
      houseId: Nullable(Type.String()),
      label: Nullable(Type.String()),
      status: Type.Union([
        Type.Literal('new'),
        Type.Literal('changed'),
        Type.Literal('unchanged'),
        Type.Literal('invalid'),
        Type.Literal('ignored'),
      ]),
      areaFrom: Nullable(Type.String()),
      areaTo: Nullable(Type.String()),
      areaChanged: Type.Boolean(),
      ownersChanged: Type.Boolean(),
      /** Names and ID numbers masked (张**, 4403**********1234). */
      owners: Type.Array(
        Type.Object({
          role: Type.Union([Type.Literal('owner'), Type.Literal('co_owner')]),
          name: Type.String(),
          idNumber: Type.String(),
          found: Type.Boolean(),
        }),
      ),
      problems: Type.Array(RowProblem),
      warnings: Type.Array(RowProblem),
    }),
  ),
});
