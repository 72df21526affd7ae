import { type Static, Type } from 'typebox';
import { ListQueryBase, Nullable, RecordMeta, VersionBody } from './registry.schemas.ts';

export const HouseholdSchema = Type.Object({
  ...RecordMeta,
  houseId: Type.String(),
  address: Type.String(),
  headId: Nullable(Type.String()),
  headName: Nullable(Type.String()),
  members: Type.Integer({ description: 'Active members' }),
});
export type Household = Static<typeof HouseholdSchema>;

export const HouseholdsQuery = Type.Object(
  {
    ...ListQueryBase,
    houseId: Type.Optional(Type.String({ format: 'uuid' })),
    sort: Type.Optional(Type.Enum(['address', '-address', 'updatedAt', '-updatedAt'])),
  },
  { additionalProperties: false },
);
export type HouseholdsQuery = Static<typeof HouseholdsQuery>;

export const CreateHouseholdBody = Type.Object(
  { houseId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export type CreateHouseholdBody = Static<typeof CreateHouseholdBody>;

export const UpdateHouseholdBody = Type.Object(
  {
    ...VersionBody,
    houseId: Type.Optional(
      Type.String({ format: 'uuid', description: 'Moving the household moves its members' }),
    ),
    headId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'Must be a member' }))),
  },
  { additionalProperties: false },
);
export type UpdateHouseholdBody = Static<typeof UpdateHouseholdBody>;
