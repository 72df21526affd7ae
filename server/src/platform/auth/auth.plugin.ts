import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { type Auth, authenticate } from './auth.service.ts';

export const SESSION_COOKIE = 'cg_session';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves the session cookie to `request.auth` and guards cookie-authenticated writes against CSRF. */
export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    request.auth = await authenticate(app.db, token, app.config.sessionIdleMinutes);
    if (request.auth && !SAFE_METHODS.has(request.method) && request.url !== '/api/auth/login') {
      if (request.headers['x-csrf-token'] !== request.auth.csrfToken) throw new AppError('csrf_invalid');
    }
  });
});
