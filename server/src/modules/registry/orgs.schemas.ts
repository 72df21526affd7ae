import { type Static, Type } from 'typebox';
import { Lat, ListQueryBase, Lon, Nullable, RecordMeta, VersionBody } from './registry.schemas.ts';

export const OrgSchema = Type.Object({
  ...RecordMeta,
  kind: Type.String({
    description: 'party_branch, social_org, enterprise, shop, property_company, owners_committee, school…',
  }),
  name: Type.String(),
  creditCode: Nullable(Type.String({ description: 'Unified social credit code (GB 32100)' })),
  address: Nullable(Type.String()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  contactPhone: Nullable(Type.String()),
  responsiblePerson: Nullable(Type.String()),
});
export type Org = Static<typeof OrgSchema>;

export const OrgsQuery = Type.Object(
  {
    ...ListQueryBase,
    kind: Type.Optional(Type.String({ maxLength: 40 })),
    sort: Type.Optional(Type.Enum(['name', '-name', 'updatedAt', '-updatedAt'])),
  },
  { additionalProperties: false },
);
export type OrgsQuery = Static<typeof OrgsQuery>;

const fields = {
  kind: Type.String({ minLength: 1, maxLength: 40 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  creditCode: Nullable(Type.String({ maxLength: 40 })),
  address: Nullable(Type.String({ maxLength: 200 })),
  lon: Lon,
  lat: Lat,
  contactPhone: Nullable(Type.String({ maxLength: 40 })),
  responsiblePerson: Nullable(Type.String({ maxLength: 50 })),
};

export const CreateOrgBody = Type.Object(
  {
    kind: fields.kind,
    name: fields.name,
    creditCode: Type.Optional(fields.creditCode),
    address: Type.Optional(fields.address),
    lon: fields.lon,
    lat: fields.lat,
    contactPhone: Type.Optional(fields.contactPhone),
    responsiblePerson: Type.Optional(fields.responsiblePerson),
  },
  { additionalProperties: false },
);
export type CreateOrgBody = Static<typeof CreateOrgBody>;

export const UpdateOrgBody = Type.Object(
  {
    ...VersionBody,
    kind: Type.Optional(fields.kind),
    name: Type.Optional(fields.name),
    creditCode: Type.Optional(fields.creditCode),
    address: Type.Optional(fields.address),
    lon: Type.Optional(fields.lon),
    lat: Type.Optional(fields.lat),
    contactPhone: Type.Optional(fields.contactPhone),
    responsiblePerson: Type.Optional(fields.responsiblePerson),
  },
  { additionalProperties: false },
);
export type UpdateOrgBody = Static<typeof UpdateOrgBody>;
