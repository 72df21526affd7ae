import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import { Page, ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import * as files from './attachments.ts';
import { inbox, listCases } from './cases.lists.ts';
import { evaluateCase, moveCase, superviseCase } from './cases.moves.ts';
import { hearsChange, requireLiveEvents } from './cases.policy.ts';
import { reportCase, similarCases } from './cases.report.ts';
import { CASE_READS } from './cases.repository.ts';
import {
  CaseDetailSchema,
  CaseSchema,
  CasesQuery,
  EvaluateBody,
  IdParams,
  InboxQuery,
  LikelyDuplicateSchema,
  MoveBody,
  MoveParams,
  ReportBody,
  ReportResponse,
  SimilarQuery,
  SuperviseBody,
  TimelineSchema,
} from './cases.schemas.ts';
import * as cases from './cases.service.ts';

const tags = ['cases'];
const CASE_TTL_MS = 60_000;
const OVERDUE_FILTER_TTL_MS = 5_000;
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const casesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.cases;
  const bus = ctx.bus;
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);

  app.get(
    '/api/cases',
    {
      schema: {
        tags,
        summary:
          'Cases in the caller’s area (a department handler: their department’s; a resident: their own)',
        querystring: CasesQuery,
        response: { 200: Page(CaseSchema), ...problems },
      },
      // A resident's own cases (or anyone's "mine") lie anywhere.
      config: {
        readCache: {
          reads: CASE_READS,
          area: (request) =>
            request.auth?.role === 'resident' || (request.query as { mine?: unknown }).mine === 'true'
              ? 'everywhere'
              : 'scope',
          ttlMs: CASE_TTL_MS,
          // Filtered by "overdue", the list also changes as cases not shown pass their deadlines.
          staleAt: (answer, request) => {
            const next = cases.nextOverdueAt((answer as { items: cases.CaseView[] }).items);
            if ((request.query as { overdue?: unknown }).overdue === undefined) return next;
            return Math.min(next ?? Number.POSITIVE_INFINITY, Date.now() + OVERDUE_FILTER_TTL_MS);
          },
        },
      },
    },
    async (request) => listCases(ctx, request.auth, request.query, lang(request)),
  );

  app.get(
    '/api/cases/inbox',
    {
      schema: {
        tags,
        summary: 'What waits for the caller: cases where they have a move to make, soonest deadline first',
        querystring: InboxQuery,
        response: { 200: Page(CaseSchema), ...problems },
      },
    },
    async (request) => inbox(ctx, request.auth, request.query, lang(request)),
  );

  app.get(
    '/api/cases/similar',
    {
      schema: {
        tags,
        summary: 'Open cases of a category near a point: likely duplicates of a new report',
        querystring: SimilarQuery,
        response: {
          200: Type.Object({
            items: Type.Array(LikelyDuplicateSchema),
          }),
          ...problems,
        },
      },
    },
    async (request) => ({ items: await similarCases(ctx, request.auth, request.query) }),
  );

  app.post(
    '/api/cases',
    {
      config: { idempotent: true },
      schema: {
        tags,
        summary: 'Report a case; the answer lists likely duplicates nearby',
        body: ReportBody,
        response: { 201: ReportResponse, 422: ProblemSchema, ...problems },
      },
    },
    async (request, reply) => {
      if (!request.auth) throw new AppError('unauthenticated');
      const created = await reportCase(
        ctx,
        { kind: 'user', auth: request.auth },
        request.body,
        lang(request),
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/cases/:id',
    {
      schema: {
        tags,
        summary: 'One case, with the actions the caller may take now',
        params: IdParams,
        response: { 200: CaseDetailSchema, ...problems },
      },
      config: {
        readCache: {
          reads: CASE_READS,
          area: 'record',
          ttlMs: CASE_TTL_MS,
          staleAt: (answer) => cases.nextOverdueAt([answer as cases.CaseView]),
        },
      },
    },
    async (request) => cases.getCase(ctx, request.auth, request.params.id, lang(request)),
  );

  app.get(
    '/api/cases/:id/timeline',
    {
      schema: {
        tags,
        summary: 'Everything that happened to a case, and its steps with deadlines',
        params: IdParams,
        response: { 200: TimelineSchema, ...problems },
      },
    },
    async (request) => cases.timeline(ctx, request.auth, request.params.id),
  );

  app.post(
    '/api/cases/:id/:move',
    {
      config: { idempotent: true },
      schema: {
        tags,
        summary:
          'Move a case: register, reject, merge, dispatch, accept, send_back, feedback, verify, reopen, close',
        description:
          'Each move is allowed from some states to some roles (see `allowedActions` on the case). A move from the wrong state is 409 `case_wrong_state`; a move that is not the caller’s is 403 `case_not_yours`; a stale `version` is 409 `version_conflict`.',
        params: MoveParams,
        body: MoveBody,
        response: { 200: CaseDetailSchema, 409: ProblemSchema, 422: ProblemSchema, ...problems },
      },
    },
    async (request) =>
      moveCase(ctx, request.auth, request.params.id, request.params.move, request.body, lang(request)),
  );

  app.post(
    '/api/cases/:id/supervise',
    {
      schema: {
        tags,
        summary: 'A leader supervises (督办) an open case with an instruction; the handler is notified',
        params: IdParams,
        body: SuperviseBody,
        response: { 200: CaseDetailSchema, 409: ProblemSchema, ...problems },
      },
    },
    async (request) =>
      superviseCase(ctx, request.auth, request.params.id, request.body.instruction, lang(request)),
  );

  app.post(
    '/api/cases/:id/evaluate',
    {
      schema: {
        tags,
        summary: 'Rate a closed case: the reporter’s satisfaction (once), or a staff evaluation',
        params: IdParams,
        body: EvaluateBody,
        response: { 200: CaseDetailSchema, 409: ProblemSchema, ...problems },
      },
    },
    async (request) => evaluateCase(ctx, request.auth, request.params.id, request.body, lang(request)),
  );

  await app.register(files.attachmentRoutes, { ctx });

  // Server-sent events: a `case` event when a case the user may act on changes, and `waiting`
  // with the size of their inbox. EventSource reconnects by itself.
  app.get(
    '/api/cases/events',
    { schema: { tags, summary: 'Live updates (text/event-stream)' } },
    async (request, reply) => {
      const auth = requireLiveEvents(request.auth);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = (event: string, data: unknown) =>
        out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      let timer: NodeJS.Timeout | null = null;
      const sendWaiting = async () => {
        timer = null;
        const { total } = await inbox(ctx, auth, { page: 1, pageSize: 1 }, lang(request)).catch(() => ({
          total: -1,
        }));
        if (total >= 0 && !out.writableEnded) send('waiting', { count: total });
      };
      const unsubscribe = bus.subscribe((change) => {
        if (change && !hearsChange(auth, change)) return;
        if (change) send('case', change);
        // Several changes in a burst give one count.
        timer ??= setTimeout(sendWaiting, 300);
      });
      const heartbeat = setInterval(() => out.write(': keep-alive\n\n'), 25_000);
      request.raw.on('close', () => {
        unsubscribe();
        clearInterval(heartbeat);
        if (timer) clearTimeout(timer);
      });
      out.write('retry: 3000\n\n');
      await sendWaiting();
    },
  );
};
