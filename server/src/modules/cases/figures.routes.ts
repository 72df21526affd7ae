import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';
import { ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import { FiguresQuery, FiguresSchema, OverviewSchema } from './figures.schemas.ts';
import * as figures from './figures.service.ts';

const tags = ['cases'];
const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema };
export const figuresRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);

  app.get(
    '/api/cases/figures',
    {
      schema: {
        tags,
        summary: 'Case figures per grid, community, street, department, category or day for a period',
        description:
          'Cases reported from `from` to `to` (inclusive, default the last 30 days). closureRate = closed / (reported − rejected − merged); handling hours run from report to close of closed cases; onTimeRate per step = steps finished by their deadline / finished steps with a deadline; reopenRate = reopened closed cases / closed; selfSolvedShare = kept in the grid / dispatched; rank orders by on-time handling, closure rate, satisfaction.',
        querystring: FiguresQuery,
        response: { 200: FiguresSchema, ...problems },
      },
    },
    async (request) => figures.caseFigures(app.db, request.auth, request.query, lang(request)),
  );

  app.get(
    '/api/cases/overview',
    {
      schema: {
        tags,
        summary: 'The dashboard: cases now by state and alarm, the last 30 days by day, category and grid',
        querystring: Type.Object({ areaCode: Type.Optional(AreaCode) }, { additionalProperties: false }),
        response: { 200: OverviewSchema, ...problems },
      },
    },
    async (request) => figures.caseOverview(app.db, request.auth, request.query, lang(request)),
  );
};
