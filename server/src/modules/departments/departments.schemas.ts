import { type Static, Type } from 'typebox';

const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{1,40}$', description: 'e.g. urban_management' });
const NameZh = Type.String({ minLength: 1, maxLength: 50 });
const NameEn = Type.String({ minLength: 1, maxLength: 80 });
const Kind = Type.Union([Type.Literal('department'), Type.Literal('force')], {
  description: 'A department (职能部门) or a professional force (专业力量)',
});
const Sort = Type.Integer({ minimum: 0, maximum: 10_000 });
const Version = Type.Integer({ minimum: 1, description: 'The version read: a stale one gets 409' });

export const DepartmentSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  kind: Type.Enum(['department', 'force']),
  sort: Type.Integer(),
  version: Type.Integer(),
  retired: Type.Boolean({ description: 'A retired unit receives no new dispatches, categories or rules' }),
});
export type Department = Static<typeof DepartmentSchema>;

export const CodeParams = Type.Object({ code: Code });

export const ListQuery = Type.Object(
  {
    includeRetired: Type.Optional(
      Type.Boolean({ description: 'Retired units too (departments.manage)', default: false }),
    ),
  },
  { additionalProperties: false },
);

export const CreateDepartmentBody = Type.Object(
  { code: Code, nameZh: NameZh, nameEn: NameEn, kind: Kind, sort: Type.Optional(Sort) },
  { additionalProperties: false },
);
export type CreateDepartmentBody = Static<typeof CreateDepartmentBody>;

export const UpdateDepartmentBody = Type.Object(
  {
    nameZh: Type.Optional(NameZh),
    nameEn: Type.Optional(NameEn),
    kind: Type.Optional(Kind),
    sort: Type.Optional(Sort),
    version: Version,
  },
  { additionalProperties: false },
);
export type UpdateDepartmentBody = Static<typeof UpdateDepartmentBody>;

export const RetireDepartmentBody = Type.Object({ version: Version }, { additionalProperties: false });
