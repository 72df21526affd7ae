import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import { ProblemSchema } from '../../platform/http.ts';
import { baseUrlOf } from './ckan.routes.ts';
import { publisherOf, resourceDataset } from './ckan.service.ts';
import { admit, keyOfHeaders, readerOf, recordUse } from './opendata.access.ts';
import * as store from './opendata.datastore.repository.ts';
import { dataPackage, dcatCatalog, dcatTurtle, formatsOf, MEDIA_TYPES, render } from './opendata.formats.ts';
import {
  CreatedPartnerKeySchema,
  CreatePartnerKeyBody,
  DatasetSchema,
  DatasetsQuery,
  DownloadParams,
  IdParams,
  NameParams,
  PartnerKeySchema,
  RefreshResultSchema,
  UpdateDatasetBody,
  UsageQuery,
  UsageSchema,
  VersionsSchema,
} from './opendata.schemas.ts';
import * as opendata from './opendata.service.ts';

const tags = ['opendata'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 429: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 422: ProblemSchema };

/** Whether an Accept header ranks Turtle above JSON-LD (q-values honoured; JSON-LD on a tie). */
export function prefersTurtle(accept: string | undefined): boolean {
  if (!accept) return false;
  const q = (type: string) => {
    let best = 0;
    for (const part of accept.split(',')) {
      const [media, ...params] = part.trim().split(';');
      const m = media.trim().toLowerCase();
      if (m !== type && m !== '*/*' && m !== `${type.split('/')[0]}/*`) continue;
      const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const value = qp ? Number(qp.slice(2)) : 1;
      // An exact type outranks a wildcard of the same weight.
      const weight = (Number.isFinite(value) ? value : 0) + (m === type ? 0.0001 : 0);
      best = Math.max(best, weight);
    }
    return best;
  };
  return q('text/turtle') > Math.max(q('application/ld+json'), q('application/json'));
}

/** The portal's API (public), files, DCAT, data packages, and the administration of datasets and partners. */
export const opendataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;
  // A partner beyond its quota is told when to come back.
  app.addHook('onError', async (_request, reply, error) => {
    if (error instanceof AppError && error.code === 'quota_exceeded') {
      const params = typeof error.params === 'function' ? error.params('en') : error.params;
      reply.header('retry-after', String(params.retryAfter));
    }
  });

  const catalogOf = async (request: FastifyRequest) =>
    dcatCatalog(
      baseUrlOf(request),
      await publisherOf(db),
      (await opendata.catalogue(db)).filter((d) => d.enabled),
    );
  app.get(
    '/catalog.jsonld',
    {
      schema: {
        tags,
        summary: 'The DCAT-AP catalogue (JSON-LD) for harvesters',
        response: { 200: Type.Unknown() },
      },
    },
    async (request, reply) => {
      reply.type('application/ld+json; charset=utf-8');
      return catalogOf(request);
    },
  );
  app.get(
    '/catalog.ttl',
    {
      schema: {
        tags,
        summary: 'The DCAT-AP catalogue as Turtle: the same graph as /catalog.jsonld',
        response: { 200: Type.String() },
      },
    },
    async (request, reply) =>
      reply.type('text/turtle; charset=utf-8').send(await dcatTurtle(await catalogOf(request))),
  );
  app.get(
    '/catalog',
    {
      schema: {
        tags,
        summary:
          'The DCAT-AP catalogue by content negotiation: Turtle for `Accept: text/turtle`, JSON-LD otherwise',
        response: { 200: Type.Unknown() },
      },
    },
    async (request, reply) => {
      const catalog = await catalogOf(request);
      reply.header('vary', 'Accept');
      if (prefersTurtle(request.headers.accept))
        return reply.type('text/turtle; charset=utf-8').send(await dcatTurtle(catalog));
      return reply.type('application/ld+json; charset=utf-8').send(JSON.stringify(catalog));
    },
  );
  app.get(
    '/api/opendata/datasets',
    {
      schema: {
        tags,
        summary: 'The open data catalogue (public), searched by title, description and keywords',
        querystring: DatasetsQuery,
        response: { 200: Type.Object({ items: Type.Array(DatasetSchema) }) },
      },
    },
    async (request) => ({
      items: opendata.searchCatalogue(
        (await opendata.catalogue(db)).filter((d) => d.enabled),
        request.query.q,
      ),
    }),
  );
  app.get(
    '/api/opendata/datasets/:name',
    {
      schema: {
        tags,
        summary: 'One dataset (public)',
        params: NameParams,
        response: { 200: DatasetSchema, ...problems },
      },
    },
    async (request) => opendata.oneDataset(db, request.params.name),
  );
  app.get(
    '/api/opendata/datasets/:name/datapackage.json',
    {
      schema: {
        tags,
        summary: 'The dataset as a Frictionless data package (Table Schema)',
        params: NameParams,
        response: { 200: Type.Unknown(), ...problems },
      },
    },
    async (request) => dataPackage(baseUrlOf(request), await opendata.oneDataset(db, request.params.name)),
  );
  app.get(
    '/api/opendata/datasets/:name/download/:format',
    {
      schema: {
        tags,
        summary: 'The newest version as CSV (UTF-8 with BOM), XLSX, JSON or GeoJSON',
        description: 'Restricted datasets need a partner key that allows them (`Authorization: <key>`).',
        params: DownloadParams,
        response: { 200: Type.Unknown(), ...problems },
      },
    },
    async (request, reply) => {
      const reader = await readerOf(db, keyOfHeaders(request.headers));
      const { name, format } = request.params;
      const { d, version } = await resourceDataset(db, name, reader).catch((error) => {
        if (error?.status === 403) throw new AppError('dataset_restricted', { id: name });
        throw new AppError('dataset_not_found', { id: name });
      });
      if (!formatsOf(d).includes(format))
        throw new AppError('dataset_not_found', { id: `${name}.${format}` });
      await admit(db, reader);
      const rows = await store.allRows(db, version.id, version.fields);
      await recordUse(db, reader, name, rows.length);
      const body = await render(d, rows, format);
      return reply
        .type(MEDIA_TYPES[format])
        .header('content-disposition', `attachment; filename="${name}-v${version.number}.${format}"`)
        .send(body);
    },
  );

  // ---- administration ----
  app.put(
    '/api/opendata/datasets/:name/settings',
    {
      schema: {
        tags,
        summary: "Set a dataset's access (public/restricted), refresh frequency and whether it is published",
        params: NameParams,
        body: UpdateDatasetBody,
        response: { 200: DatasetSchema, ...writeProblems },
      },
    },
    async (request) => opendata.updateDataset(db, request.auth, request.params.name, request.body),
  );
  app.post(
    '/api/opendata/datasets/:name/refresh',
    {
      schema: {
        tags,
        summary: 'Refresh a dataset now; a new version only if something changed',
        params: NameParams,
        response: { 200: RefreshResultSchema, ...writeProblems },
      },
    },
    async (request) => opendata.refreshByAdmin(db, request.auth, request.params.name),
  );
  app.get(
    '/api/opendata/datasets/:name/versions',
    {
      schema: {
        tags,
        summary: "A dataset's versions, newest first",
        params: NameParams,
        response: { 200: VersionsSchema, ...problems },
      },
    },
    async (request) => ({ items: await opendata.versions(db, request.auth, request.params.name) }),
  );
  app.get(
    '/api/opendata/partner-keys',
    {
      schema: {
        tags,
        summary: "Partners' keys of the area",
        response: { 200: Type.Object({ items: Type.Array(PartnerKeySchema) }), ...problems },
      },
    },
    async (request) => ({ items: await opendata.listPartnerKeys(db, request.auth) }),
  );
  app.post(
    '/api/opendata/partner-keys',
    {
      schema: {
        tags,
        summary: 'Issue a partner key (scope opendata) with its datasets, daily quota and rate',
        body: CreatePartnerKeyBody,
        response: { 201: CreatedPartnerKeySchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await opendata.issuePartnerKey(db, request.auth, request.body)),
  );
  app.post(
    '/api/opendata/partner-keys/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a partner key',
        params: IdParams,
        response: { 200: PartnerKeySchema, ...writeProblems },
      },
    },
    async (request) => opendata.revokePartnerKey(db, request.auth, request.params.id),
  );
  app.get(
    '/api/opendata/usage',
    {
      schema: {
        tags,
        summary: 'Usage per partner key, day and dataset (the last 30 days by default)',
        querystring: UsageQuery,
        response: { 200: UsageSchema, ...problems },
      },
    },
    async (request) => ({ items: await opendata.usageForAdmin(db, request.auth, request.query) }),
  );
  app.get(
    '/api/opendata/partner/usage',
    {
      schema: {
        tags,
        summary: "A partner's own usage, by its key (Authorization: <key>)",
        querystring: UsageQuery,
        response: { 200: UsageSchema, ...problems },
      },
    },
    async (request) => {
      const reader = await readerOf(db, keyOfHeaders(request.headers));
      if (!reader.partner) throw new AppError('unauthenticated');
      return { items: await opendata.usageForPartner(db, reader.partner.api_key_id, request.query) };
    },
  );
};
