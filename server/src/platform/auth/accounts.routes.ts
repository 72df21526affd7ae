import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemSchema } from '../http.ts';
import {
  ChangePasswordBody,
  SessionListResponse,
  SessionParams,
  TotpCodeBody,
  TotpSetupResponse,
  UserParams,
  UserSessionParams,
} from './accounts.schemas.ts';
import * as accounts from './accounts.service.ts';

const tags = ['auth'];
const problems = { 401: ProblemSchema, 403: ProblemSchema };
const noContent = { 204: { type: 'null' } } as const;

/** The user's own account (password, second factor, sessions), and admins ending others' sessions. */
export const accountsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/auth/password',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Change one’s password; ends every other session of the user',
        body: ChangePasswordBody,
        response: { ...noContent, ...problems, 422: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      await accounts.changePassword(app.db, request.auth, { ...request.body, ip: request.ip });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/auth/totp/setup',
    {
      schema: {
        tags,
        summary: 'A new authenticator secret, to scan; not in use until enabled with a code',
        response: { 200: TotpSetupResponse, 409: ProblemSchema, ...problems },
      },
    },
    async (request) => accounts.setupTotp(app.db, app.pii, request.auth),
  );

  app.post(
    '/api/auth/totp/enable',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Turn the second factor on with a code made from the new secret',
        body: TotpCodeBody,
        response: { ...noContent, 409: ProblemSchema, 422: ProblemSchema, ...problems },
      },
    },
    async (request, reply) => {
      await accounts.enableTotp(app.db, app.pii, request.auth, request.body.code);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/auth/totp/disable',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Turn the second factor off; takes a current code',
        body: TotpCodeBody,
        response: { ...noContent, 409: ProblemSchema, 422: ProblemSchema, ...problems },
      },
    },
    async (request, reply) => {
      await accounts.disableTotp(app.db, app.pii, request.auth, request.body.code);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/sessions',
    {
      schema: {
        tags,
        summary: 'One’s own live sessions, the current one marked',
        response: { 200: SessionListResponse, ...problems },
      },
    },
    async (request) => ({
      items: await accounts.listMySessions(app.db, request.auth, app.config.sessionIdleMinutes),
    }),
  );

  app.delete(
    '/api/auth/sessions/:id',
    {
      schema: {
        tags,
        summary: 'End one of one’s own sessions',
        params: SessionParams,
        response: { ...noContent, 404: ProblemSchema, ...problems },
      },
    },
    async (request, reply) => {
      await accounts.revokeMySession(app.db, request.auth, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/users/:id/sessions',
    {
      schema: {
        tags,
        summary: 'The live sessions of a user in the caller’s area',
        params: UserParams,
        response: { 200: SessionListResponse, 404: ProblemSchema, ...problems },
      },
    },
    async (request) => ({
      items: await accounts.listUserSessions(
        app.db,
        request.auth,
        request.params.id,
        app.config.sessionIdleMinutes,
      ),
    }),
  );

  app.delete(
    '/api/users/:id/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: 'End a session of a user in the caller’s area',
        params: UserSessionParams,
        response: { ...noContent, 404: ProblemSchema, ...problems },
      },
    },
    async (request, reply) => {
      await accounts.revokeUserSession(app.db, request.auth, request.params.id, request.params.sessionId);
      return reply.code(204).send(null);
    },
  );
};
