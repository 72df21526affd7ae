import { Type } from 'typebox';

const Count = <K extends string>(key: K) =>
  Type.Array(
    Type.Object({ [key]: Type.String(), count: Type.Integer() } as Record<
      K,
      ReturnType<typeof Type.String>
    > & { count: ReturnType<typeof Type.Integer> }),
  );

/** Who lives in an area and what is in it: the figures of the area summary cards. */
export const StatsSchema = Type.Object({
  areaCode: Type.String(),
  population: Type.Object({
    total: Type.Integer(),
    registered: Type.Integer(),
    nonRegistered: Type.Integer(),
    ageBands: Count('band'),
    tags: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), count: Type.Integer() })),
  }),
  households: Type.Integer(),
  housesByUsage: Count('usage'),
  orgsByKind: Count('kind'),
  thingsByCategory: Type.Array(
    Type.Object({ category: Type.String(), state: Type.String(), count: Type.Integer() }),
  ),
});
