import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';
import { ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import { areaStats } from './stats.service.ts';

const Count = (key: string) => Type.Array(Type.Object({ [key]: Type.String(), count: Type.Integer() }));

const StatsSchema = Type.Object({
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

export const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/registry/stats',
    {
      schema: {
        tags: ['registry'],
        summary: 'Population, households, houses, organizations and components of an area',
        querystring: Type.Object({ areaCode: Type.Optional(AreaCode) }, { additionalProperties: false }),
        response: { 200: StatsSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) =>
      areaStats(app.db, request.auth, request.query.areaCode, langOf(request.headers['accept-language'])),
  );
};
