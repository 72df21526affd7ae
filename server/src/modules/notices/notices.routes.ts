import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import {
  FileParams,
  IdParams,
  NoticeBody,
  NoticeSchema,
  NoticesQuery,
  PublicNoticeSchema,
  PublicNoticesQuery,
  UnreadHouseholdSchema,
} from './notices.schemas.ts';
import * as notices from './notices.service.ts';

const tags = ['notices'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const noticesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = { db: app.db, dataDir: app.config.dataDir };
  app.post(
    '/api/notices',
    {
      bodyLimit: 5 * 14_000_000 + 100_000,
      schema: {
        tags,
        summary:
          "Publish a notice to areas of one's own (down to grids): pinned, important, public, expiry, attachments",
        body: NoticeBody,
        response: { 201: NoticeSchema, ...problems, 422: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await notices.createNotice(ctx, request.auth, request.body)),
  );
  app.get(
    '/api/notices',
    {
      schema: {
        tags,
        summary: "A resident's notices (their area's), or the notices touching a staff member's area",
        querystring: NoticesQuery,
        response: { 200: Type.Array(NoticeSchema), ...problems },
      },
    },
    async (request) => notices.listNotices(ctx, request.auth, request.query),
  );
  app.get(
    '/api/notices/:id',
    {
      schema: { tags, summary: 'One notice', params: IdParams, response: { 200: NoticeSchema, ...problems } },
    },
    async (request) => notices.getNotice(ctx, request.auth, request.params.id),
  );
  app.post(
    '/api/notices/:id/read',
    {
      schema: {
        tags,
        summary: "Read receipt: the caller's, and their household's",
        params: IdParams,
        response: { 200: NoticeSchema, ...problems },
      },
    },
    async (request) => notices.markRead(ctx, request.auth, request.params.id),
  );
  app.get(
    '/api/notices/:id/unread',
    {
      schema: {
        tags,
        summary:
          'Households the notice went to that have not read it, focus groups (elderly living alone) first',
        params: IdParams,
        response: { 200: Type.Array(UnreadHouseholdSchema), ...problems },
      },
    },
    async (request) => notices.unread(ctx, request.auth, request.params.id),
  );
  app.get(
    '/api/notices/:id/attachments/:fileId',
    {
      schema: {
        tags,
        summary: "A notice's attachment (a public notice's without login)",
        params: FileParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problems },
      },
    },
    async (request, reply) => {
      const file = await notices.attachment(ctx, request.auth, request.params.id, request.params.fileId);
      return reply
        .type(file.contentType)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(file.bytes);
    },
  );
  app.get(
    '/api/public/notices',
    {
      schema: {
        tags,
        security: [],
        summary: 'Current public notices of a community (no login)',
        querystring: PublicNoticesQuery,
        response: { 200: Type.Array(PublicNoticeSchema) },
      },
    },
    async (request) => notices.publicNotices(ctx, request.query.communityCode),
  );
};
