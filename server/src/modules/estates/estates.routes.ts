import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import {
  EstateSchema,
  EstateSummarySchema,
  HouseBody,
  HouseParams,
  IdParams,
  ListQuery,
  OwnershipImportQuery,
  OwnershipReportSchema,
} from './estates.schemas.ts';
import * as estates from './estates.service.ts';
import { importOwnership, templateFor } from './ownership.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

const tags = ['estates'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const estatesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;
  // The ownership ledger arrives as the request body (the file itself), streamed to disk.
  app.addContentTypeParser(['application/octet-stream', 'text/csv', XLSX], (_request, payload, done) =>
    done(null, payload),
  );
  app.get(
    '/api/estates',
    {
      schema: {
        tags,
        summary: "An area's estates: buildings, houses, owners, total exclusive area (m², two decimals)",
        querystring: ListQuery,
        response: { 200: Type.Array(EstateSummarySchema), ...problems },
      },
    },
    async (request) => estates.listEstates(db, request.auth, request.query.areaCode),
  );
  app.get(
    '/api/estates/:id',
    {
      schema: {
        tags,
        summary: "An estate's houses with their exclusive floor areas and owners (masked)",
        params: IdParams,
        response: { 200: EstateSchema, ...problems },
      },
    },
    async (request) => estates.getEstate(db, request.auth, request.params.id),
  );
  app.put(
    '/api/estates/:id/houses/:houseId',
    {
      schema: {
        tags,
        summary: 'Change a house\'s exclusive floor area ("89.50") and owners, with the version seen',
        params: HouseParams,
        body: HouseBody,
        response: { 200: EstateSchema, ...problems, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) =>
      estates.updateHouse(db, request.auth, request.params.id, request.params.houseId, request.body),
  );
  app.post(
    '/api/estates/:id/ownership-import',
    {
      schema: {
        tags,
        summary:
          "Import the housing department's ownership ledger (房屋产权台账; CSV or XLSX, the body is the file): each house's exclusive floor area and owners. dryRun=true (default) reports row by row; dryRun=false applies all or nothing",
        params: IdParams,
        querystring: OwnershipImportQuery,
        response: {
          200: OwnershipReportSchema,
          ...problems,
          409: ProblemSchema,
          415: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request) =>
      importOwnership(db, app.pii, request.auth, request.params.id, request.body, {
        dryRun: request.query.dryRun !== false,
        fileName: request.query.fileName,
        lang: langOf(request.headers['accept-language']),
      }),
  );
  app.get(
    '/api/estates/ownership-template.xlsx',
    {
      schema: {
        tags,
        summary: 'The XLSX template of the ownership ledger (房屋产权台账模板) the import reads',
        response: { 200: Binary, ...problems },
      },
    },
    async (request, reply) => {
      const template = await templateFor(request.auth);
      return reply
        .type(XLSX)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent('房屋产权台账模板.xlsx')}`,
        )
        .send(template);
    },
  );
};
