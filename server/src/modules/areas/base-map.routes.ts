import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import * as service from './base-map.service.ts';

const Template = Type.String({
  minLength: 10,
  maxLength: 1000,
  description: 'http(s) tile URL with {z}, {x}, {y}; {s} for a subdomain',
});
const BaseMapSchema = Type.Object(
  {
    url: Template,
    labelsUrl: Type.Optional(Type.Union([Template, Type.Null()])),
    subdomains: Type.String({ maxLength: 20, description: 'e.g. abc or 01234567' }),
    attribution: Type.String({ maxLength: 300 }),
    maxZoom: Type.Integer({ minimum: 1, maximum: 22 }),
    crs: Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')], {
      description: 'The system the tiles are drawn in',
    }),
  },
  { additionalProperties: false },
);
const Body = Type.Object(
  { baseMap: Type.Union([BaseMapSchema, Type.Null()], { description: 'null: no tiles' }) },
  { additionalProperties: false },
);
const Response = Type.Object({
  baseMap: Type.Union([BaseMapSchema, Type.Null()]),
  bounds: Type.Union([Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }), Type.Null()], {
    description: "The caller's area [minLon, minLat, maxLon, maxLat], WGS84",
  }),
});
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
