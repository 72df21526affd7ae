import { Type } from 'typebox';
import { ROLES } from '../../platform/auth/permissions.ts';

export const TagList = Type.Object({
  items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), restricted: Type.Boolean() })),
});

export const TagSettings = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      nameZh: Type.String(),
      nameEn: Type.String(),
      visibleTo: Type.Union([Type.Array(Type.Enum(ROLES)), Type.Null()]),
      sort: Type.Integer(),
    }),
  ),
});

export const TagBody = Type.Object(
  {
    nameZh: Type.String({ minLength: 1, maxLength: 40 }),
    nameEn: Type.String({ minLength: 1, maxLength: 80 }),
    visibleTo: Type.Union([Type.Array(Type.Enum(ROLES), { uniqueItems: true }), Type.Null()], {
      description: 'Roles that may see the tag; null = every staff role',
    }),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
