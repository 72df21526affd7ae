import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../errors.ts';
import { ProblemSchema } from '../http.ts';
import { SESSION_COOKIE } from './auth.plugin.ts';
import { LoginBody, SessionResponse } from './auth.schemas.ts';
import * as service from './auth.service.ts';

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const production = app.config.nodeEnv === 'production';
  const cookie = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: app.config.nodeEnv === 'production',
  } as const;

  app.post(
    '/api/auth/login',
    {
      // A per-instance burst limit; the lasting throttle (per user and address) is in PostgreSQL.
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password; sets the session cookie',
        body: LoginBody,
        response: { 200: SessionResponse, 401: ProblemSchema, 403: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { token, auth } = await service.login(app.db, app.pii, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, token, cookie);
      return { user: service.publicUser(auth, production), csrfToken: auth.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the current session', response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      if (request.auth) await service.logout(app.db, request.auth);
      reply.clearCookie(SESSION_COOKIE, cookie);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user and the CSRF token to send with writes',
        response: { 200: SessionResponse, 401: ProblemSchema },
      },
    },
    async (request) => {
      if (!request.auth) throw new AppError('unauthenticated');
      return { user: service.publicUser(request.auth, production), csrfToken: request.auth.csrfToken };
    },
  );
};
