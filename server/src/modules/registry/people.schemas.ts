import { type Static, Type } from 'typebox';
import { DateString, ListQueryBase, Nullable, RecordMeta, VersionBody } from './registry.schemas.ts';

export const RESIDENCIES = ['registered', 'non_registered'] as const;
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'other', 'tenant'] as const;
export const RETIRE_REASONS = ['moved_out', 'deceased', 'duplicate'] as const;

export const TagRef = Type.Object({ code: Type.String(), name: Type.String() });

export const PersonSchema = Type.Object({
  ...RecordMeta,
  name: Type.String(),
  idNumber: Type.String({ description: 'Masked unless revealed' }),
  birthDate: Type.String({ format: 'date' }),
  age: Type.Integer(),
  sex: Type.Enum(['male', 'female']),
  phone: Nullable(Type.String({ description: 'Masked unless revealed' })),
  residency: Type.Enum(RESIDENCIES),
  houseId: Nullable(Type.String()),
  householdId: Nullable(Type.String()),
  relation: Nullable(Type.Enum(RELATIONS)),
  address: Nullable(Type.String()),
  moveInDate: Nullable(Type.String({ format: 'date' })),
  moveOutDate: Nullable(Type.String({ format: 'date' })),
  tags: Type.Array(TagRef),
});
export type Person = Static<typeof PersonSchema>;

export const PeopleQuery = Type.Object(
  {
    ...ListQueryBase,
    tag: Type.Optional(Type.String({ maxLength: 40 })),
    residency: Type.Optional(Type.Enum(RESIDENCIES)),
    houseId: Type.Optional(Type.String({ format: 'uuid' })),
    buildingId: Type.Optional(Type.String({ format: 'uuid' })),
    householdId: Type.Optional(Type.String({ format: 'uuid' })),
    sort: Type.Optional(Type.Enum(['name', '-name', 'birthDate', '-birthDate', 'updatedAt', '-updatedAt'])),
  },
  { additionalProperties: false },
);
export type PeopleQuery = Static<typeof PeopleQuery>;

const editable = {
  name: Type.String({ minLength: 1, maxLength: 50 }),
  idNumber: Type.String({ minLength: 1, maxLength: 40 }),
  phone: Nullable(Type.String({ maxLength: 40 })),
  residency: Type.Enum(RESIDENCIES),
  houseId: Nullable(Type.String({ format: 'uuid' })),
  householdId: Nullable(Type.String({ format: 'uuid' })),
  relation: Nullable(Type.Enum(RELATIONS)),
  moveInDate: Nullable(DateString),
  tags: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 30, uniqueItems: true }),
};

export const CreatePersonBody = Type.Object(
  {
    name: editable.name,
    idNumber: editable.idNumber,
    residency: editable.residency,
    phone: Type.Optional(editable.phone),
    houseId: Type.Optional(editable.houseId),
    householdId: Type.Optional(editable.householdId),
    relation: Type.Optional(editable.relation),
    moveInDate: Type.Optional(editable.moveInDate),
    tags: Type.Optional(editable.tags),
    gridCode: Type.Optional(
      Type.String({ pattern: '^[0-9]{15}$', description: 'Only for a person without a house' }),
    ),
  },
  { additionalProperties: false },
);
export type CreatePersonBody = Static<typeof CreatePersonBody>;

export const UpdatePersonBody = Type.Object(
  {
    ...VersionBody,
    name: Type.Optional(editable.name),
    idNumber: Type.Optional(editable.idNumber),
    phone: Type.Optional(editable.phone),
    residency: Type.Optional(editable.residency),
    houseId: Type.Optional(editable.houseId),
    householdId: Type.Optional(editable.householdId),
    relation: Type.Optional(editable.relation),
    moveInDate: Type.Optional(editable.moveInDate),
    tags: Type.Optional(editable.tags),
  },
  { additionalProperties: false },
);
export type UpdatePersonBody = Static<typeof UpdatePersonBody>;

export const RetirePersonBody = Type.Object(
  { ...VersionBody, reason: Type.Enum(RETIRE_REASONS), date: Type.Optional(DateString) },
  { additionalProperties: false },
);
export type RetirePersonBody = Static<typeof RetirePersonBody>;

/** Why the full numbers are needed: kept in the audit log with the reveal. */
export const RevealBody = Type.Object(
  // At least 4 characters besides spaces ("走访核实" is enough).
  { purpose: Type.String({ minLength: 4, maxLength: 200, pattern: '(\\S\\s*){4}' }) },
  { additionalProperties: false },
);
export type RevealBody = Static<typeof RevealBody>;
export const RevealResponse = Type.Object({
  idNumber: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
});
