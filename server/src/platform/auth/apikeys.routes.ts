import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../http.ts';
import { ApiKeyIdParams, ApiKeySchema, CreateApiKeyBody, CreatedApiKeySchema } from './apikeys.schemas.ts';
import * as apikeys from './apikeys.ts';

const tags = ['auth'];
const problems = { 401: ProblemSchema, 403: ProblemSchema };

export const apiKeysRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/api-keys',
    {
      schema: {
        tags,
        summary: 'API keys issued for machines in the caller’s area (never the keys themselves)',
        response: { 200: Type.Object({ items: Type.Array(ApiKeySchema) }), ...problems },
      },
    },
    async (request) => ({ items: await apikeys.listKeys(app.db, request.auth) }),
  );

  app.post(
    '/api/api-keys',
    {
      schema: {
        tags,
        summary: 'Issue an API key; the answer holds the whole key, shown this once',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKeySchema, 400: ProblemSchema, 404: ProblemSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await apikeys.issueKey(app.db, request.auth, request.body)),
  );

  app.post(
    '/api/api-keys/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an API key: it stops working at once',
        params: ApiKeyIdParams,
        response: { 200: ApiKeySchema, 404: ProblemSchema, ...problems },
      },
    },
    async (request) => apikeys.revokeKey(app.db, request.auth, request.params.id),
  );
};
