import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemSchema } from '../../platform/http.ts';
import { BaseMapBody as Body, BaseMapConfig as Response } from './base-map.schemas.ts';
import * as service from './base-map.service.ts';

const tags = ['settings'];
const problems = { 401: ProblemSchema, 403: ProblemSchema };

export const baseMapRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/settings/base-map',
    {
      schema: {
        tags,
        summary: 'The base map tiles and where maps start',
        response: { 200: Response, ...problems },
      },
    },
    async (request) => service.getBaseMap(app.db, request.auth),
  );

  app.put(
    '/api/settings/base-map',
    {
      schema: {
        tags,
        summary: 'Set the base map tiles (null: none)',
        body: Body,
        response: { 200: Response, 400: ProblemSchema, 422: ProblemSchema, ...problems },
      },
    },
    async (request) => service.putBaseMap(app.db, request.auth, request.body.baseMap),
  );
};
