import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import { DOCX_TYPE, renderDocument } from './documents.ts';
import {
  CreateMatterBody,
  DocumentParams,
  EvidenceBody,
  IdParams,
  MatterDetailSchema,
  MatterSchema,
  MattersQuery,
  MoveBody,
  OfficerSchema,
  PublicDecisionSchema,
  PublicQuery,
  SettingsSchema,
} from './enforcement.schemas.ts';
import * as service from './enforcement.service.ts';
import { addEvidence } from './evidence.service.ts';
import { makeMove } from './moves.service.ts';
import { publicDecisions } from './public.service.ts';

const tags = ['enforcement'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 415: ProblemSchema, 422: ProblemSchema };

export interface EnforcementRoutesOptions {
  filesDir: string;
}

export const enforcementRoutes: FastifyPluginAsyncTypebox<EnforcementRoutesOptions> = async (
  app,
  options,
) => {
  const ctx: service.EnforcementContext = { db: app.db, pii: app.pii, filesDir: options.filesDir };
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);

  app.get(
    '/api/enforcement/matters',
    {
      schema: {
        tags,
        summary: 'Enforcement matters in the area (filter by state, source case, overdue)',
        querystring: MattersQuery,
        response: { 200: Page(MatterSchema), ...problems },
      },
    },
    async (request) => service.listMatters(app.db, request.auth, request.query, lang(request)),
  );
  app.post(
    '/api/enforcement/matters',
    {
      schema: {
        tags,
        summary: 'Open a matter, from a case or on its own (filing due in 15 working days)',
        body: CreateMatterBody,
        response: { 201: MatterDetailSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createMatter(ctx, request.auth, request.body, lang(request))),
  );
  app.get(
    '/api/enforcement/matters/:id',
    {
      schema: {
        tags,
        summary: 'One matter: its steps, evidence index and the moves the caller may make',
        params: IdParams,
        response: { 200: MatterDetailSchema, ...problems },
      },
    },
    async (request) => service.getMatter(ctx, request.auth, request.params.id, lang(request)),
  );
  app.post(
    '/api/enforcement/matters/:id/moves',
    {
      schema: {
        tags,
        summary: 'Take a step of the procedure; needs the version read (409 version_conflict otherwise)',
        params: IdParams,
        body: MoveBody,
        response: { 200: MatterDetailSchema, ...writeProblems },
      },
    },
    async (request) => makeMove(ctx, request.auth, request.params.id, request.body, lang(request)),
  );
  app.post(
    '/api/enforcement/matters/:id/evidence',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Add an evidence item (kept with its SHA-256; never replaced or removed)',
        params: IdParams,
        body: EvidenceBody,
        response: { 201: MatterDetailSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await addEvidence(ctx, request.auth, request.params.id, request.body, lang(request))),
  );
  app.get(
    '/api/enforcement/matters/:id/documents/:document',
    {
      schema: {
        tags,
        summary: 'The notice of the intended decision or the decision, as DOCX',
        params: DocumentParams,
        produces: [DOCX_TYPE],
        response: { 200: Type.Unknown({ description: 'The DOCX file' }), 409: ProblemSchema, ...problems },
      },
    },
    async (request, reply) => {
      const { row } = await service.visibleMatter(app.db, request.auth, request.params.id);
      const body = await renderDocument(request.params.document, row, app.pii);
      return reply
        .type(DOCX_TYPE)
        .header('content-disposition', `attachment; filename="${row.number}-${request.params.document}.docx"`)
        .send(body);
    },
  );
  app.get(
    '/api/enforcement/officers',
    {
      schema: {
        tags,
        summary: 'Enforcement officers one may name as the second officer on site',
        response: { 200: Type.Object({ items: Type.Array(OfficerSchema) }), ...problems },
      },
    },
    async (request) => ({ items: await service.listOfficers(app.db, request.auth) }),
  );
  app.get(
    '/api/enforcement/settings',
    {
      schema: {
        tags,
        summary: 'The publication time limit in working days',
        response: { 200: SettingsSchema, ...problems },
      },
    },
    async (request) => service.getSettings(app.db, request.auth),
  );
  app.put(
    '/api/enforcement/settings',
    {
      schema: {
        tags,
        summary: 'Set the publication time limit',
        body: SettingsSchema,
        response: { 200: SettingsSchema, ...writeProblems },
      },
    },
    async (request) => service.putSettings(app.db, request.auth, request.body),
  );
  app.get(
    '/api/public/enforcement/decisions',
    {
      schema: {
        tags,
        summary: 'Published decisions, without personal names or numbers (no login)',
        security: [],
        querystring: PublicQuery,
        response: { 200: Page(PublicDecisionSchema) },
      },
    },
    async (request) => publicDecisions(app.db, request.query.page, request.query.pageSize),
  );
};
