import { type Static, Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Hours = Type.Number({ minimum: 0 });
export const CategorySchema = Type.Object({
  code: Type.String(),
  parentCode: Nullable(Type.String()),
  name: Type.String(),
  departmentCode: Nullable(Type.String()),
  timeLimits: Type.Object(
    {
      register: Type.Optional(Hours),
      dispatch: Type.Optional(Hours),
      handle: Type.Optional(Hours),
      verify: Type.Optional(Hours),
      close: Type.Optional(Hours),
    },
    { description: 'Working hours allowed for each step' },
  ),
  version: Type.Integer({ description: 'Send it back to change the category' }),
});

// ---- administration ----

// Null first in a request's unions: with Ajv's type coercion, a string branch tried first turns
// `null` into "" (a category "without a department" became department "").
const HoursAllowed = Type.Number({ exclusiveMinimum: 0, maximum: 2000 });
/** A category as an administrator adds it, or changes it on the version they read. */
export const CategoryBody = Type.Object(
  {
    parentCode: Type.Union([Type.Null(), Type.String({ pattern: '^[a-z][a-z0-9_]{1,40}$' })]),
    nameZh: Type.String({ minLength: 1, maxLength: 50 }),
    nameEn: Type.String({ minLength: 1, maxLength: 80 }),
    departmentCode: Type.Union([Type.Null(), Type.String({ maxLength: 60 })]),
    timeLimits: Type.Object(
      {
        register: Type.Optional(HoursAllowed),
        dispatch: Type.Optional(HoursAllowed),
        handle: Type.Optional(HoursAllowed),
        verify: Type.Optional(HoursAllowed),
        close: Type.Optional(HoursAllowed),
      },
      { additionalProperties: false, description: 'Working hours allowed for each step' },
    ),
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Required to change an existing category' }),
    ),
  },
  { additionalProperties: false },
);
export const RuleBody = Type.Object(
  {
    categoryCode: Type.Union([Type.Null(), Type.String({ maxLength: 60 })]),
    areaCode: Type.Union([Type.Null(), AreaCode]),
    departmentCode: Type.String({ maxLength: 60 }),
  },
  { additionalProperties: false },
);
export const RuleSchema = Type.Object({
  id: Type.String(),
  categoryCode: Type.Union([Type.String(), Type.Null()]),
  areaCode: Type.Union([Type.String(), Type.Null()]),
  departmentCode: Type.String(),
});
export type CategoryBody = Static<typeof CategoryBody>;
export type RuleBody = Static<typeof RuleBody>;
