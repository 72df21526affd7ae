import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import { Page, ProblemSchema } from '../../platform/http.ts';
import { keyOfHeaders, readerOf } from '../opendata/index.ts';
import { importAbnormalListUpload } from './credit.ledger.ts';
import {
  AbnormalListQuery,
  AbnormalListResultSchema,
  ApplyRepairBody,
  CreateEntryBody,
  CreditEntrySchema,
  DecideRepairBody,
  EntriesQuery,
  EntryDetailSchema,
  ExportQuery,
  IdParams,
  OwnRepairBody,
  PublicQuery,
  PublicResultSchema,
  RepairSchema,
  RepairsQuery,
} from './credit.schemas.ts';
import * as credit from './credit.service.ts';

const tags = ['credit'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 422: ProblemSchema };

export const creditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;

  /** The organization a partner key speaks for (401 without a key, 403 for a key of no organization). */
  async function orgOfKey(headers: Record<string, string | string[] | undefined>) {
    const reader = await readerOf(db, keyOfHeaders(headers));
    if (!reader.partner) throw new AppError('unauthenticated');
    if (!reader.partner.org_id) throw new AppError('api_key_invalid');
    return { orgId: reader.partner.org_id, keyName: reader.partner.name };
  }

  // The abnormal operation list arrives as the request body (the file itself), streamed to disk.
  app.addContentTypeParser(
    [
      'application/octet-stream',
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    (_request, payload, done) => done(null, payload),
  );
  app.post(
    '/api/credit/abnormal-list',
    {
      schema: {
        tags,
        summary:
          "Record market regulation's abnormal operation list (经营异常名录; CSV or XLSX, the body is the file): an entry per listing, matched by credit code; unknown codes are reported",
        querystring: AbnormalListQuery,
        response: { 200: AbnormalListResultSchema, ...writeProblems },
      },
    },
    async (request) =>
      importAbnormalListUpload(db, request.auth, request.body, {
        dryRun: request.query.dryRun,
        fileName: request.query.fileName,
      }),
  );

  app.get(
    '/api/credit/public',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'Public credit query by credit code or name: entries in publication only (30 a minute per address)',
        querystring: PublicQuery,
        response: { 200: PublicResultSchema, 429: ProblemSchema },
      },
    },
    async (request) => credit.publicQuery(db, request.query.q),
  );
  app.get(
    '/api/credit/entries',
    {
      schema: {
        tags,
        summary: 'Credit entries of organizations in the area',
        querystring: EntriesQuery,
        response: { 200: Page(CreditEntrySchema), ...problems },
      },
    },
    async (request) => credit.listEntries(db, request.auth, request.query),
  );
  app.post(
    '/api/credit/entries',
    {
      schema: {
        tags,
        summary: 'Record an entry: a case outcome, the abnormal operation list, or a commendation',
        body: CreateEntryBody,
        response: { 201: CreditEntrySchema, ...writeProblems },
      },
    },
    async (request, reply) => reply.code(201).send(await credit.createEntry(db, request.auth, request.body)),
  );
  app.get(
    '/api/credit/entries/:id',
    {
      schema: {
        tags,
        summary: 'One entry with its repair applications',
        params: IdParams,
        response: { 200: EntryDetailSchema, ...problems },
      },
    },
    async (request) => credit.getEntry(db, request.auth, request.params.id),
  );
  app.post(
    '/api/credit/entries/:id/repairs',
    {
      schema: {
        tags,
        summary: "Take an organization's application for credit repair, with its evidence",
        params: IdParams,
        body: ApplyRepairBody,
        response: { 201: RepairSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await credit.applyForRepair(db, request.auth, request.params.id, request.body)),
  );
  app.get(
    '/api/credit/repairs',
    {
      schema: {
        tags,
        summary: 'Repair applications in the area',
        querystring: RepairsQuery,
        response: { 200: Type.Object({ items: Type.Array(RepairSchema) }), ...problems },
      },
    },
    async (request) => ({ items: await credit.listRepairs(db, request.auth, request.query.state) }),
  );
  app.post(
    '/api/credit/repairs/:id/decide',
    {
      schema: {
        tags,
        summary: 'Approve (the entry leaves the public view) or refuse a repair, with reasons',
        params: IdParams,
        body: DecideRepairBody,
        response: { 200: RepairSchema, ...writeProblems },
      },
    },
    async (request) => credit.decideRepair(db, request.auth, request.params.id, request.body),
  );
  app.get(
    '/api/credit/export',
    {
      schema: {
        tags,
        summary: "The area's entries as CSV in the public credit information catalogue's columns",
        querystring: ExportQuery,
        response: { 200: Type.String(), ...problems },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="credit-entries.csv"')
        .send(await credit.exportEntries(db, request.auth, request.query.areaCode)),
  );
  app.get(
    '/api/credit/own',
    {
      schema: {
        tags,
        summary: "An organization's own records and repairs, through its partner key",
        response: {
          200: Type.Object({ entries: Type.Array(CreditEntrySchema), repairs: Type.Array(RepairSchema) }),
          ...problems,
        },
      },
    },
    async (request) => credit.ownRecords(db, (await orgOfKey(request.headers)).orgId),
  );
  app.post(
    '/api/credit/own/repairs',
    {
      schema: {
        tags,
        summary: 'An organization applies for repair of one of its entries, through its partner key',
        body: OwnRepairBody,
        response: { 201: RepairSchema, ...writeProblems },
      },
    },
    async (request, reply) => {
      const { orgId, keyName } = await orgOfKey(request.headers);
      return reply.code(201).send(await credit.applyAsOrg(db, orgId, keyName, request.body));
    },
  );
};
