import fs from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { Page, ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import { exportLedger, type OutFile, reportFile } from './files.ts';
import * as ledgerTypes from './ledger-types.service.ts';
import { problemMessage } from './ledgers.messages.ts';
import {
  CodeParams,
  ConflictParams,
  ConflictSchema,
  ConflictsQuery,
  ExportQuery,
  FieldsSchema,
  IdParams,
  ImportBody,
  ImportDetailSchema,
  ImportSchema,
  ImportsQuery,
  LedgerTypeBody,
  LedgerTypeSchema,
  ProblemItem,
  ProblemsQuery,
  ResolveBody,
  RulesSchema,
  SourcesParams,
  SourcesSchema,
  UploadQuery,
  UploadResponse,
} from './ledgers.schemas.ts';
import * as ledgers from './ledgers.service.ts';
import * as review from './review.ts';
import * as uploads from './uploads.service.ts';

const tags = ['ledgers'];
const FILE = { 200: Type.String({ description: 'The file' }) };

/** Streams a temporary file to the client and removes it afterwards. */
function sendFile(reply: FastifyReply, file: OutFile) {
  const stream = fs.createReadStream(file.path);
  stream.on('close', () => fs.rm(file.path, { force: true }, () => {}));
  return reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .send(stream);
}
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const ledgersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx: ledgers.LedgersContext = {
    db: app.db,
    pii: app.pii,
    gridIndex: app.gridIndex,
    dataDir: app.config.dataDir,
  };
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);
  // Validation and commits run after the answer; their state is read back with GET.
  const background = (work: Promise<void>) =>
    work.catch((error) => app.log.error({ err: error }, 'ledger import failed'));

  // Uploads are streamed to disk, never buffered: the body reaches the handler as a stream.
  app.addContentTypeParser(
    [
      'application/octet-stream',
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    (_request, payload, done) => done(null, payload),
  );

  app.get(
    '/api/ledger-types',
    {
      schema: {
        tags,
        summary: 'Ledger types: department, entity, column mapping, priority',
        response: { 200: Type.Array(LedgerTypeSchema), ...problems },
      },
    },
    (request) => ledgerTypes.listLedgerTypes(ctx, request.auth, lang(request)),
  );

  app.put(
    '/api/ledger-types/:code',
    {
      schema: {
        tags,
        summary: 'Create a ledger type, or change one at the version read',
        params: CodeParams,
        body: LedgerTypeBody,
        response: { 200: LedgerTypeSchema, 409: ProblemSchema, 422: ProblemSchema, ...problems },
      },
    },
    async (request) => {
      const saved = await ledgerTypes.putLedgerType(
        ctx,
        request.auth,
        request.params.code,
        request.body,
        lang(request),
      );
      return saved as NonNullable<typeof saved>;
    },
  );

  app.get(
    '/api/ledger-fields',
    {
      schema: {
        tags,
        summary: 'Registry fields a ledger column can fill, per entity',
        response: { 200: FieldsSchema, ...problems },
      },
    },
    (request) => ledgerTypes.ledgerFields(request.auth, lang(request)),
  );

  app.get(
    '/api/ledger-rules',
    {
      schema: {
        tags,
        summary: 'Which value is current when two sources disagree',
        response: { 200: RulesSchema, ...problems },
      },
    },
    (request) => ledgerTypes.getRules(ctx, request.auth),
  );

  app.put(
    '/api/ledger-rules',
    {
      schema: {
        tags,
        summary: 'Set the rule for the current value',
        body: RulesSchema,
        response: { 200: RulesSchema, ...problems },
      },
    },
    (request) => ledgerTypes.putRules(ctx, request.auth, request.body),
  );

  app.post(
    '/api/ledger-files',
    {
      bodyLimit: uploads.MAX_LEDGER_BYTES,
      schema: {
        tags,
        summary:
          'Upload a ledger (CSV or XLSX; the body is the file). Answers its sheets, headers, first rows and proposed mappings',
        querystring: UploadQuery,
        response: { 201: UploadResponse, 413: ProblemSchema, 422: ProblemSchema, ...problems },
      },
    },
    async (request, reply) => {
      const stored = await uploads.storeUpload(ctx, request.auth, request.body, lang(request));
      return reply.code(201).send(stored);
    },
  );

  app.post(
    '/api/ledger-imports',
    {
      schema: {
        tags,
        summary:
          'Validate an uploaded file against a ledger type (runs in the background; nothing is written to the registry)',
        body: ImportBody,
        response: { 202: Type.Object({ id: Type.String() }), 422: ProblemSchema, ...problems },
      },
    },
    async (request, reply) => {
      const id = await ledgers.createImport(ctx, request.auth, request.body);
      background(ledgers.runValidation(ctx, id));
      return reply.code(202).send({ id });
    },
  );

  app.get(
    '/api/ledger-imports',
    {
      schema: {
        tags,
        summary: 'Import history in the caller’s area, newest first',
        querystring: ImportsQuery,
        response: { 200: Page(ImportSchema), ...problems },
      },
    },
    (request) => ledgers.listImports(ctx, request.auth, request.query, lang(request)),
  );

  app.get(
    '/api/ledger-imports/:id',
    {
      schema: {
        tags,
        summary: 'One import: state, progress, counts, problems by code',
        params: IdParams,
        response: { 200: ImportDetailSchema, ...problems },
      },
    },
    (request) => ledgers.getImport(ctx, request.auth, request.params.id, lang(request)),
  );

  app.get(
    '/api/ledger-imports/:id/problems',
    {
      schema: {
        tags,
        summary: 'The problems found, per row and column',
        params: IdParams,
        querystring: ProblemsQuery,
        response: { 200: Page(ProblemItem), ...problems },
      },
    },
    async (request) => {
      const page = await ledgers.listProblems(ctx, request.auth, request.params.id, request.query);
      const l = lang(request);
      return {
        ...page,
        items: page.items.map((p) => ({ ...p, message: problemMessage(p.code, l, p.detail) })),
      };
    },
  );

  app.post(
    '/api/ledger-imports/:id/commit',
    {
      schema: {
        tags,
        summary: 'Import the valid rows (or resume an interrupted import); runs in the background',
        params: IdParams,
        response: { 202: Type.Object({ id: Type.String() }), 409: ProblemSchema, ...problems },
      },
    },
    async (request, reply) => {
      const imp = await ledgers.prepareCommit(ctx, request.auth, request.params.id);
      background(ledgers.runCommit(ctx, imp.id));
      return reply.code(202).send({ id: imp.id });
    },
  );

  app.post(
    '/api/ledger-imports/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Import nothing from a validated file',
        params: IdParams,
        response: { 204: Type.Null(), 409: ProblemSchema, ...problems },
      },
    },
    async (request, reply) => {
      await ledgers.cancelImport(ctx, request.auth, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/ledger-imports/:id/rollback',
    {
      schema: {
        tags,
        summary:
          'Undo a finished import as a whole: changed records restored, created ones retired (409 when records changed since)',
        params: IdParams,
        response: {
          200: Type.Object({ restored: Type.Integer(), retired: Type.Integer() }),
          409: ProblemSchema,
          ...problems,
        },
      },
    },
    (request) => review.rollbackImport(ctx, request.auth, request.params.id),
  );

  app.get(
    '/api/ledger-imports/:id/report.xlsx',
    {
      schema: {
        tags,
        summary: 'The rejected rows as they were, bad cells highlighted, with the problems',
        params: IdParams,
        response: { ...FILE, ...problems },
      },
    },
    async (request, reply) =>
      sendFile(reply, await reportFile(ctx, request.auth, request.params.id, lang(request))),
  );

  app.get(
    '/api/ledger-types/:code/export',
    {
      schema: {
        tags,
        summary:
          'Registry records of the caller’s area in the ledger type’s own columns (numbers masked unless reveal=true and allowed)',
        params: CodeParams,
        querystring: Type.Object(
          { ...ExportQuery.properties, reveal: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { ...FILE, ...problems },
      },
    },
    async (request, reply) =>
      sendFile(reply, await exportLedger(ctx, request.auth, request.params.code, request.query)),
  );

  app.get(
    '/api/ledger-conflicts',
    {
      schema: {
        tags,
        summary: 'Values two sources disagree on, for review',
        querystring: ConflictsQuery,
        response: { 200: Page(ConflictSchema), ...problems },
      },
    },
    (request) => review.listConflicts(ctx, request.auth, request.query, lang(request)),
  );

  app.post(
    '/api/ledger-conflicts/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Keep one candidate value: it becomes the record’s value and the conflict is closed',
        params: ConflictParams,
        body: ResolveBody,
        response: { 204: Type.Null(), 409: ProblemSchema, ...problems },
      },
    },
    async (request, reply) => {
      await review.resolveConflict(ctx, request.auth, request.params.id, request.body.choice);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/ledger-sources/:entity/:id',
    {
      schema: {
        tags,
        summary: 'Where each field of a record came from: ledger, file, row, or a manual edit',
        params: SourcesParams,
        response: { 200: SourcesSchema, ...problems },
      },
    },
    (request) => review.sourcesOf(ctx, request.auth, request.params.entity, request.params.id, lang(request)),
  );
};
