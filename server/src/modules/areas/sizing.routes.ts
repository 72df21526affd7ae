import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';
import type { Boundary } from '../../geo/geojson.ts';
import { ProblemSchema } from '../../platform/http.ts';
import { BoundarySchema, CodeParams } from './areas.schemas.ts';
import * as sizing from './sizing.service.ts';

const Bounds = Type.Object(
  {
    target: Type.Integer({ minimum: 1 }),
    min: Type.Integer({ minimum: 0 }),
    max: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
const Rule = Type.Object({ households: Bounds, people: Bounds }, { additionalProperties: false });
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const tags = ['areas'];

export const sizingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = { db: app.db, gridIndex: app.gridIndex };

  app.get(
    '/api/grid-sizing',
    {
      schema: {
        tags,
        summary: 'Households and people per grid against the sizing rule; oversized and undersized grids',
        querystring: Type.Object({ areaCode: Type.Optional(AreaCode) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            rule: Rule,
            items: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                parentCode: Type.Union([Type.String(), Type.Null()]),
                households: Type.Integer(),
                people: Type.Integer(),
                status: Type.Enum(['oversized', 'undersized', 'ok']),
              }),
            ),
            summary: Type.Object({
              oversized: Type.Integer(),
              undersized: Type.Integer(),
              ok: Type.Integer(),
            }),
          }),
          ...problems,
        },
      },
    },
    async (request) => sizing.gridSizing(app.db, request.auth, request.query.areaCode),
  );

  app.put(
    '/api/grid-sizing/rule',
    {
      schema: {
        tags,
        summary: 'Change the sizing rule',
        body: Rule,
        response: { 200: Rule, 400: ProblemSchema, ...problems },
      },
    },
    async (request) => sizing.putSizingRule(app.db, request.auth, request.body),
  );

  app.get(
    '/api/areas/:code/split-proposal',
    {
      schema: {
        tags,
        summary: 'A proposed split of a grid into parts of about the target households, along its buildings',
        params: CodeParams,
        response: {
          200: Type.Object({
            code: Type.String(),
            version: Type.Integer(),
            households: Type.Integer(),
            parts: Type.Array(
              Type.Object({
                boundary: BoundarySchema,
                buildings: Type.Integer(),
                households: Type.Integer(),
                people: Type.Integer(),
              }),
            ),
          }),
          ...problems,
          409: ProblemSchema,
        },
      },
    },
    async (request) => sizing.splitProposal(app.db, request.auth, request.params.code),
  );

  app.post(
    '/api/areas/:code/split',
    {
      schema: {
        tags,
        summary: 'Replace a grid by parts: new grids, the old one retired, its records re-placed',
        params: CodeParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            parts: Type.Array(
              Type.Object(
                { name: Type.String({ minLength: 1, maxLength: 100 }), boundary: BoundarySchema },
                { additionalProperties: false },
              ),
              { minItems: 2, maxItems: 20 },
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            retired: Type.String(),
            created: Type.Array(Type.String()),
            moved: Type.Record(Type.String(), Type.Integer()),
          }),
          ...problems,
          400: ProblemSchema,
          409: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request) =>
      sizing.acceptSplit(ctx, request.auth, request.params.code, {
        version: request.body.version,
        parts: request.body.parts.map((p) => ({ name: p.name, boundary: p.boundary as Boundary })),
      }),
  );
};
