import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import { CategoryBody, RuleBody, RuleSchema } from './catalog.schemas.ts';
import { addRoutingRule, listRoutingRules, putCategory, removeRoutingRule } from './catalog-admin.service.ts';

const tags = ['cases'];
const problems = {
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};

export const catalogAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;

  app.put(
    '/api/case-categories/:code',
    {
      schema: {
        tags,
        summary: 'Add a case category, or change one on the version read (cases.configure)',
        params: Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,40}$' }) }),
        body: CategoryBody,
        response: { 200: Type.Object({ code: Type.String(), version: Type.Integer() }), ...problems },
      },
    },
    async (request) => putCategory(db, request.auth, request.params.code, request.body),
  );

  app.get(
    '/api/routing-rules',
    {
      schema: {
        tags,
        summary: 'Routing rules in the caller’s area: category + area → department (cases.configure)',
        response: { 200: Type.Object({ items: Type.Array(RuleSchema) }), ...problems },
      },
    },
    async (request) => listRoutingRules(db, request.auth),
  );

  app.post(
    '/api/routing-rules',
    {
      schema: {
        tags,
        summary: 'Add a routing rule; the most specific rule wins (cases.configure)',
        body: RuleBody,
        response: { 201: RuleSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await addRoutingRule(db, request.auth, request.body)),
  );

  app.delete(
    '/api/routing-rules/:id',
    {
      schema: {
        tags,
        summary: 'Remove a routing rule (cases.configure)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      await removeRoutingRule(db, request.auth, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
