import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';
import { ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import { StatsSchema } from './stats.schemas.ts';
import { areaStats } from './stats.service.ts';

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
