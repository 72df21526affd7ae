import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { type Auth, authenticate, pendingStepOf } from './auth.service.ts';

export const SESSION_COOKIE = 'cg_session';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a session that must change its password may still do (and log in afresh, as anyone). */
const PASSWORD_CHANGE_ROUTES = new Set([
  '/api/auth/me',
  '/api/auth/logout',
  '/api/auth/password',
  '/api/auth/login',
]);

/**
 * Resolves the session cookie to `request.auth`, guards cookie-authenticated writes against CSRF,
 * and holds a session to the account step it still owes (a new password, a second factor).
 */
export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    // Setup is for a server nobody can log in to yet: its token is its only credential, and a
    // session someone already has (owing a step) must not stand in the way of its answers.
    if (request.url.split('?')[0] === '/api/setup') return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    request.auth = await authenticate(app.db, token, app.config.sessionIdleMinutes);
    if (request.auth && !SAFE_METHODS.has(request.method) && request.url !== '/api/auth/login') {
      if (request.headers['x-csrf-token'] !== request.auth.csrfToken) throw new AppError('csrf_invalid');
    }
    if (!request.auth) return;
    const pending = pendingStepOf(request.auth, app.config.nodeEnv === 'production');
    const path = request.url.split('?')[0]!;
    if (pending === 'password_change_required' && !PASSWORD_CHANGE_ROUTES.has(path))
      throw new AppError(pending);
    if (pending === 'totp_enrolment_required' && !path.startsWith('/api/auth/')) throw new AppError(pending);
  });
});
