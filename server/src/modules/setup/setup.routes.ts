import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors.ts';
import { ProblemSchema } from '../../platform/http.ts';
import { SetupBody, SetupQuery, SetupResponse, SetupStatus } from './setup.schemas.ts';
import { setUpDistrict, setupStatus } from './setup.service.ts';

export interface SetupRoutesOptions {
  /** Whether the built web app is there to answer `GET /setup` with (web/dist/index.html). */
  hasWeb?: boolean;
}

const tags = ['setup'];

/**
 * Browser setup of a new district: the page `/setup?token=…` asks whether its token is good, then
 * sends the form. Without a good token both answer 404, as if there were no such thing.
 */
export const setupRoutes: FastifyPluginAsyncTypebox<SetupRoutesOptions> = async (app, options) => {
  // Tokens are long and random; the limit keeps a guesser from trying many.
  const rateLimit = { max: 20, timeWindow: '1 minute' };

  if (options.hasWeb) {
    // The page itself: the web app, with 404 unless the token is good (as the API says), so a
    // wrong or spent link is not found for crawlers, monitors and people alike. Same limit.
    app.get(
      '/setup',
      // No query schema: any other query (a long or repeated token) is simply not a good one.
      { config: { rateLimit }, schema: { hide: true } },
      async (request, reply) => {
        const { token } = request.query as Record<string, unknown>;
        const good = await setupStatus(app.db, typeof token === 'string' ? token : '').then(
          () => true,
          (error: unknown) => {
            if (error instanceof AppError && error.code === 'not_found') return false;
            throw error;
          },
        );
        return reply
          .code(good ? 200 : 404)
          .header('cache-control', 'no-store')
          .type('text/html')
          .sendFile('index.html');
      },
    );
  }

  app.get(
    '/api/setup',
    {
      config: { rateLimit },
      schema: {
        tags,
        summary: 'Whether a setup token is good (404 otherwise)',
        querystring: SetupQuery,
        response: { 200: SetupStatus, 404: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request) => setupStatus(app.db, request.query.token ?? ''),
  );

  app.post(
    '/api/setup',
    {
      config: { rateLimit },
      schema: {
        tags,
        summary: 'Create the district and its first administrator with a setup token; the token is spent',
        body: SetupBody,
        response: {
          201: SetupResponse,
          404: ProblemSchema,
          409: ProblemSchema,
          422: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { token, ...input } = request.body;
      const result = await setUpDistrict(app.db, app.pii, input, { token });
      return reply.code(201).send(result);
    },
  );
};
