import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { VERSION } from '../config.ts';
import { migrationCount } from './health.repository.ts';
import { ProblemSchema } from './http.ts';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  version: Type.String(),
  database: Type.Object({
    status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
    latencyMs: Type.Union([Type.Number(), Type.Null()]),
    migrations: Type.Union([Type.Integer(), Type.Null()]),
  }),
});

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and database state',
        security: [],
        response: { 200: Health, 503: Health, 500: ProblemSchema },
      },
    },
    async (_request, reply) => {
      const started = performance.now();
      try {
        const migrations = await migrationCount(app.db);
        return {
          status: 'ok' as const,
          version: VERSION,
          database: {
            status: 'up' as const,
            latencyMs: Math.round((performance.now() - started) * 10) / 10,
            migrations,
          },
        };
      } catch {
        return reply.code(503).send({
          status: 'degraded' as const,
          version: VERSION,
          database: { status: 'down' as const, latencyMs: null, migrations: null },
        });
      }
    },
  );
};
