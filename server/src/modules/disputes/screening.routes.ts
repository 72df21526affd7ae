import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import {
  GridReturnSchema,
  ScreeningBody,
  ScreeningParams,
  ScreeningQuery,
  ScreeningReportQuery,
  ScreeningSchema,
} from './disputes.schemas.ts';
import type { DisputesContext } from './disputes.service.ts';
import { reportDocx, reportXlsx } from './documents.ts';
import * as screening from './screening.service.ts';

const tags = ['disputes'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const screeningRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx: DisputesContext = { db: app.db, pii: app.pii, dataDir: app.config.dataDir, cases: app.cases };
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);

  app.get(
    '/api/dispute-screenings',
    {
      schema: {
        tags,
        summary:
          'The month’s screening returns of the grids in the area; communities missing a return flagged',
        querystring: ScreeningQuery,
        response: { 200: ScreeningSchema, ...problems },
      },
    },
    async (request) => screening.screeningOf(ctx, request.auth, request.query.areaCode, request.query.month),
  );
  app.put(
    '/api/dispute-screenings/:gridCode/:month',
    {
      schema: {
        tags,
        summary: 'File a grid’s screening return for the month (its disputes, or none found)',
        params: ScreeningParams,
        body: ScreeningBody,
        response: { 200: GridReturnSchema, ...problems, 422: ProblemSchema },
      },
    },
    async (request) =>
      screening.putReturn(ctx, request.auth, request.params.gridCode, request.params.month, request.body),
  );
  app.get(
    '/api/dispute-screenings/report',
    {
      schema: {
        tags,
        summary: 'The monthly screening report of a community or street, as XLSX or DOCX',
        querystring: ScreeningReportQuery,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problems },
      },
    },
    async (request, reply) => {
      const l = lang(request);
      const report = await screening.monthlyReport(
        ctx,
        request.auth,
        request.query.areaCode,
        request.query.month,
        l,
      );
      const docx = request.query.format === 'docx';
      const bytes = docx ? await reportDocx(report, l) : await reportXlsx(report, l);
      const fileName = `矛盾纠纷排查-${report.areaName}-${report.month}.${request.query.format}`;
      return reply
        .type(
          docx
            ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .send(bytes);
    },
  );
};
