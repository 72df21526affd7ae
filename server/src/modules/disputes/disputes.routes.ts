import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import * as docs from './agreement.service.ts';
import {
  AreaQuery,
  AssignBody,
  CreateDisputeBody,
  DisputeDetailSchema,
  DisputeSchema,
  DisputesQuery,
  ExtendBody,
  IdParams,
  KindBody,
  KindParams,
  KindSchema,
  MediatorSchema,
  NoteBody,
  NoticeSchema,
  OutcomeBody,
  SessionBody,
} from './disputes.schemas.ts';
import * as disputes from './disputes.service.ts';
import * as mediation from './mediation.service.ts';

const tags = ['disputes'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 422: ProblemSchema };
const SCAN_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];
const MAX_SCAN_BYTES = 10 * 1024 * 1024;
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

export const disputesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx: disputes.DisputesContext = {
    db: app.db,
    pii: app.pii,
    dataDir: app.config.dataDir,
    cases: app.cases,
  };
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);
  app.addContentTypeParser(SCAN_TYPES, { parseAs: 'buffer', bodyLimit: MAX_SCAN_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  app.get(
    '/api/dispute-kinds',
    {
      schema: {
        tags,
        summary: 'The dispute kinds catalog',
        response: { 200: Type.Array(KindSchema), ...problems },
      },
    },
    async (request) => disputes.listKinds(ctx, request.auth, lang(request)),
  );
  app.put(
    '/api/dispute-kinds/:code',
    {
      schema: {
        tags,
        summary: 'Add or change a dispute kind (district-wide)',
        params: KindParams,
        body: KindBody,
        response: { 200: KindSchema, ...writeProblems },
      },
    },
    async (request) => disputes.putKind(ctx, request.auth, request.params.code, request.body, lang(request)),
  );
  app.get(
    '/api/disputes',
    {
      schema: {
        tags,
        summary: 'Disputes in the area, newest first',
        querystring: DisputesQuery,
        response: { 200: Page(DisputeSchema), ...problems },
      },
    },
    async (request) => disputes.listDisputes(ctx, request.auth, request.query, lang(request)),
  );
  app.post(
    '/api/disputes',
    {
      config: { idempotent: true },
      schema: {
        tags,
        summary: 'Report a dispute (a high or major risk notifies the street and the stability office)',
        body: CreateDisputeBody,
        response: { 201: DisputeDetailSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await disputes.createDispute(ctx, request.auth, request.body, lang(request))),
  );
  app.get(
    '/api/disputes/:id',
    {
      schema: {
        tags,
        summary: 'One dispute with its parties, sessions, steps and the moves the caller may make',
        params: IdParams,
        response: { 200: DisputeDetailSchema, ...problems },
      },
    },
    async (request) => disputes.getDispute(ctx, request.auth, request.params.id, lang(request)),
  );

  const moves = [
    [
      'assign',
      'Assign a mediator or a mediation committee (starts the deadline)',
      AssignBody,
      mediation.assign,
    ],
    ['sessions', 'Record a mediation session', SessionBody, mediation.addSession],
    [
      'outcome',
      'Record the outcome: agreement, no agreement (referred) or withdrawn',
      OutcomeBody,
      mediation.recordOutcome,
    ],
    ['extend', 'Extend the mediation deadline once, with a reason', ExtendBody, mediation.extend],
    ['withdraw', 'Withdraw a dispute not yet in mediation', NoteBody, mediation.withdraw],
    ['escalate', 'Escalate the dispute into a case (one step; linked)', NoteBody, mediation.escalate],
  ] as const;
  for (const [path, summary, body, run] of moves)
    app.post(
      `/api/disputes/:id/${path}`,
      {
        schema: {
          tags,
          summary,
          params: IdParams,
          body,
          response: { 200: DisputeDetailSchema, ...writeProblems },
        },
      },
      // biome-ignore lint/suspicious/noExplicitAny: each move's body is validated by its own schema above
      async (request) => run(ctx, request.auth, request.params.id, request.body as any, lang(request)),
    );

  app.get(
    '/api/disputes/:id/agreement',
    {
      schema: {
        tags,
        summary: 'The mediation agreement (人民调解协议书) as DOCX',
        params: IdParams,
        response: { 200: Binary, ...problems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { buffer, fileName } = await docs.agreement(ctx, request.auth, request.params.id, lang(request));
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .send(buffer);
    },
  );
  app.post(
    '/api/disputes/:id/attachments',
    {
      bodyLimit: MAX_SCAN_BYTES,
      config: { idempotent: true },
      schema: {
        tags,
        summary: 'Attach the signed agreement scan (JPEG, PNG, WebP or PDF; the body is the file)',
        params: IdParams,
        querystring: Type.Object(
          { fileName: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), sha256: Type.String(), size: Type.Integer() }),
          ...writeProblems,
          413: ProblemSchema,
          415: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      const saved = await docs.attach(ctx, request.auth, request.params.id, {
        contentType,
        bytes: request.body as Buffer,
        fileName: request.query.fileName,
      });
      return reply.code(201).send(saved);
    },
  );
  app.get(
    '/api/disputes/:id/attachments/:fileId',
    {
      schema: {
        tags,
        summary: 'Download a signed scan (its checksum is verified first)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), fileId: Type.String({ format: 'uuid' }) }),
        response: { 200: Binary, ...problems },
      },
    },
    async (request, reply) => {
      const file = await docs.download(ctx, request.auth, request.params.id, request.params.fileId);
      return reply
        .type(file.contentType)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(file.bytes);
    },
  );

  app.get(
    '/api/dispute-notices',
    {
      schema: {
        tags,
        summary: 'Notices for the area: high-risk disputes, yellow and red mediation warnings',
        querystring: AreaQuery,
        response: { 200: Type.Array(NoticeSchema), ...problems },
      },
    },
    async (request) => disputes.listNotices(ctx, request.auth, request.query.areaCode),
  );
  app.get(
    '/api/mediators',
    {
      schema: {
        tags,
        summary: 'People’s mediators who may take disputes in the area',
        querystring: AreaQuery,
        response: { 200: Type.Array(MediatorSchema), ...problems },
      },
    },
    async (request) => disputes.listMediators(ctx, request.auth, request.query.areaCode),
  );
};
