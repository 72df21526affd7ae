import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import {
  CategorySchema,
  CorrectBody,
  CreateBody,
  EstateOptionSchema,
  FileParams,
  IdParams,
  ImportBody,
  LateQuery,
  LateSchema,
  ListQuery,
  MineSchema,
  SettingsSchema,
  StatementDetailSchema,
  StatementSchema,
  UpdateBody,
  VersionBody,
  VoucherBody,
} from './disclosure.schemas.ts';
import * as disclosure from './disclosure.service.ts';

const tags = ['disclosure'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 415: ProblemSchema, 422: ProblemSchema };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

export const disclosureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = { db: app.db, dataDir: app.config.dataDir };
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);

  app.get(
    '/api/disclosure/categories',
    {
      schema: {
        tags,
        summary: "The catalogue of a committee's income and expense categories",
        response: { 200: Type.Array(CategorySchema), ...problems },
      },
    },
    async (request) => disclosure.categories(request.auth, lang(request)),
  );
  app.get(
    '/api/disclosure/estates',
    {
      schema: {
        tags,
        summary: 'Community staff: the estates of the area statements are made for',
        querystring: Type.Object({
          areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' })),
        }),
        response: { 200: Type.Array(EstateOptionSchema), ...problems },
      },
    },
    async (request) => disclosure.estateOptions(ctx, request.auth, request.query.areaCode),
  );
  app.get(
    '/api/disclosure/statements',
    {
      schema: {
        tags,
        summary: "Community staff: committees' statements of the area, drafts and every revision",
        querystring: ListQuery,
        response: { 200: Page(StatementSchema), ...problems },
      },
    },
    async (request) => disclosure.listStatements(ctx, request.auth, request.query),
  );
  app.post(
    '/api/disclosure/statements',
    {
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags,
        summary:
          "A draft statement of an estate's committee for a period (balances are checked on publishing)",
        body: CreateBody,
        response: { 201: StatementDetailSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await disclosure.createStatement(ctx, request.auth, request.body, lang(request))),
  );
  app.post(
    '/api/disclosure/statements/import',
    {
      bodyLimit: 15 * 1024 * 1024,
      schema: {
        tags,
        summary: 'A draft statement from the XLSX template: all or nothing, with every problem per row',
        body: ImportBody,
        response: { 201: StatementDetailSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await disclosure.importStatement(ctx, request.auth, request.body, lang(request))),
  );
  app.get(
    '/api/disclosure/template.xlsx',
    {
      schema: {
        tags,
        summary: 'The XLSX template a statement is imported from',
        response: { 200: Binary, ...problems },
      },
    },
    async (request, reply) => {
      disclosure.categories(request.auth, lang(request));
      return reply
        .type(XLSX)
        .header('content-disposition', attachment('业委会账目公开模板.xlsx'))
        .send(await disclosure.template());
    },
  );
  app.get(
    '/api/disclosure/mine',
    {
      schema: {
        tags,
        summary: "An owner: the estates they own a house in, and their committees' published statements",
        response: { 200: MineSchema, ...problems },
      },
    },
    async (request) => disclosure.mine(ctx, request.auth),
  );
  app.get(
    '/api/disclosure/late',
    {
      schema: {
        tags,
        summary: 'Community staff: periods whose statements were not published on time',
        querystring: LateQuery,
        response: { 200: Type.Array(LateSchema), ...problems },
      },
    },
    async (request) => disclosure.lateList(ctx, request.auth, request.query),
  );
  app.get(
    '/api/disclosure/statements/:id',
    {
      schema: {
        tags,
        summary:
          'One statement with its lines, vouchers and revisions (owners: published ones of their estates)',
        params: IdParams,
        response: { 200: StatementDetailSchema, ...problems },
      },
    },
    async (request) => disclosure.getStatement(ctx, request.auth, request.params.id, lang(request)),
  );
  app.put(
    '/api/disclosure/statements/:id',
    {
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags,
        summary: "Change a draft's balances and lines (a published statement never changes)",
        params: IdParams,
        body: UpdateBody,
        response: { 200: StatementDetailSchema, ...writeProblems },
      },
    },
    async (request) =>
      disclosure.updateStatement(ctx, request.auth, request.params.id, request.body, lang(request)),
  );
  app.post(
    '/api/disclosure/statements/:id/vouchers',
    {
      bodyLimit: 15 * 1024 * 1024,
      schema: {
        tags,
        summary: "Attach a voucher scan to a draft's line (JPEG, PNG, WebP or PDF, ≤ 10 MB)",
        params: IdParams,
        body: VoucherBody,
        response: { 200: StatementDetailSchema, ...writeProblems },
      },
    },
    async (request) =>
      disclosure.addVoucher(ctx, request.auth, request.params.id, request.body, lang(request)),
  );
  app.get(
    '/api/disclosure/statements/:id/vouchers/:fileId',
    {
      schema: {
        tags,
        summary: 'A voucher scan (its checksum is verified first)',
        params: FileParams,
        response: { 200: Binary, ...problems },
      },
    },
    async (request, reply) => {
      const file = await disclosure.voucherFile(ctx, request.auth, request.params.id, request.params.fileId);
      return reply
        .type(file.contentType)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(file.bytes);
    },
  );
  app.post(
    '/api/disclosure/statements/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish a draft: opening + income − expense must equal closing; then it never changes',
        params: IdParams,
        body: VersionBody,
        response: { 200: StatementDetailSchema, ...writeProblems },
      },
    },
    async (request) =>
      disclosure.publishStatement(ctx, request.auth, request.params.id, request.body.version, lang(request)),
  );
  app.post(
    '/api/disclosure/statements/:id/correct',
    {
      schema: {
        tags,
        summary: 'Start a correction of the current published revision: a new draft revision with the reason',
        params: IdParams,
        body: CorrectBody,
        response: { 201: StatementDetailSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await disclosure.correctStatement(
            ctx,
            request.auth,
            request.params.id,
            request.body,
            lang(request),
          ),
        ),
  );
  app.get(
    '/api/disclosure/statements/:id/export.xlsx',
    {
      schema: {
        tags,
        summary: 'The statement as XLSX (the template filled in; imports again unchanged)',
        params: IdParams,
        response: { 200: Binary, ...problems },
      },
    },
    async (request, reply) => {
      const file = await disclosure.exportXlsx(ctx, request.auth, request.params.id, lang(request));
      return reply.type(XLSX).header('content-disposition', attachment(file.fileName)).send(file.bytes);
    },
  );
  app.get(
    '/api/disclosure/statements/:id/datapackage.json',
    {
      schema: {
        tags,
        summary:
          'The statement as a Fiscal Data Package (datapackage.json with its fiscal model, data inline)',
        params: IdParams,
        response: { 200: Type.Object({}, { additionalProperties: true }), ...problems },
      },
    },
    async (request) => disclosure.exportFdp(ctx, request.auth, request.params.id, lang(request)),
  );
  app.get(
    '/api/settings/disclosure',
    {
      schema: {
        tags,
        summary: 'How often statements are due (quarter or month) and the days of grace after a period',
        response: { 200: SettingsSchema, ...problems },
      },
    },
    async (request) => disclosure.getSettings(app.db, request.auth),
  );
  app.put(
    '/api/settings/disclosure',
    {
      schema: {
        tags,
        summary: 'Change the statement period and the days of grace',
        body: SettingsSchema,
        response: { 200: SettingsSchema, ...writeProblems },
      },
    },
    async (request) => disclosure.putSettings(app.db, request.auth, request.body),
  );
};
