import { Type } from 'typebox';

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
