import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditEntrySchema, AuditQuery } from './audit.schemas.ts';
import { searchAudit } from './audit.search.ts';
import { Page, ProblemSchema } from './http.ts';

/** The audit log, for the audit administrator only (separation of duties from district_admin). */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log, newest first',
        querystring: AuditQuery,
        response: { 200: Page(AuditEntrySchema), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => searchAudit(app.db, request.auth, request.query),
  );
};
