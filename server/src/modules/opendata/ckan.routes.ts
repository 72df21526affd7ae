import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { knownError, messageOf } from '../../platform/errors.ts';
import { langOf } from '../../platform/i18n.ts';
import * as ckan from './ckan.service.ts';
import { keyOfHeaders, readerOf } from './opendata.access.ts';
import {
  CkanEnvelope,
  CkanError,
  DatastoreSearchQuery,
  OrganizationListQuery,
  PackageListQuery,
  PackageSearchQuery,
  PackageShowQuery,
} from './opendata.schemas.ts';

export const baseUrlOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
const helpOf = (request: FastifyRequest) => {
  const action = /\/api\/3\/action\/(\w+)/.exec(request.url)?.[1] ?? '';
  return `${baseUrlOf(request)}/api/3/action/help_show?name=${action}`;
};

/** Sends an error in CKAN's shape (`success: false`, `error.__type`), with CKAN's status codes. */
function sendCkanError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const help = helpOf(request);
  if (error instanceof ckan.CkanError)
    return reply
      .code(error.status)
      .send({ help, success: false, error: { __type: error.type, message: error.message, ...error.fields } });
  const known = knownError(error);
  if (known) {
    const lang = langOf(request.headers['accept-language']);
    const message = messageOf(
      known.code,
      lang,
      typeof known.params === 'function' ? known.params(lang) : known.params,
    );
    if (known.code === 'quota_exceeded') {
      const params = typeof known.params === 'function' ? known.params('en') : known.params;
      reply.header('retry-after', String(params.retryAfter));
    }
    const type =
      known.status === 404
        ? 'Not Found Error'
        : known.status === 403 || known.status === 401
          ? 'Authorization Error'
          : known.status === 429
            ? 'Throttling Error'
            : 'Validation Error';
    // CKAN answers a request it cannot validate with 409.
    const status = known.code === 'validation_failed' ? 409 : known.status;
    return reply.code(status).send({ help, success: false, error: { __type: type, message } });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply
    .code(500)
    .send({ help, success: false, error: { __type: 'Internal Error', message: 'Internal error' } });
}

const responses = {
  200: CkanEnvelope,
  400: CkanError,
  403: CkanError,
  404: CkanError,
  409: CkanError,
  429: CkanError,
};
const tags = ['opendata'];

/** CKAN's action API v3, read actions: `/api/3/action/<action>`. */
export const ckanRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;
  app.setErrorHandler((error: FastifyError, request, reply) => sendCkanError(request, reply, error));
  const ok = (request: FastifyRequest, result: unknown) => ({ help: helpOf(request), success: true, result });

  app.get(
    '/api/3/action/package_list',
    {
      schema: {
        tags,
        summary: 'CKAN: names of the datasets',
        querystring: PackageListQuery,
        response: responses,
      },
    },
    async (request) => ok(request, await ckan.packageList(db, request.query)),
  );
  app.get(
    '/api/3/action/package_show',
    {
      schema: {
        tags,
        summary: 'CKAN: one dataset with its resources',
        querystring: PackageShowQuery,
        response: responses,
      },
    },
    async (request) => ok(request, await ckan.packageShow(db, baseUrlOf(request), request.query.id)),
  );
  app.get(
    '/api/3/action/package_search',
    {
      schema: {
        tags,
        summary: 'CKAN: search datasets (q; fq on tags, organization, res_format; rows, start)',
        querystring: PackageSearchQuery,
        response: responses,
      },
    },
    async (request) => ok(request, await ckan.packageSearch(db, baseUrlOf(request), request.query)),
  );
  app.get(
    '/api/3/action/organization_list',
    {
      schema: {
        tags,
        summary: 'CKAN: the publishing organization',
        querystring: OrganizationListQuery,
        response: responses,
      },
    },
    async (request) => ok(request, await ckan.organizationList(db, request.query.all_fields ?? false)),
  );
  app.get(
    '/api/3/action/datastore_search',
    {
      schema: {
        tags,
        summary: 'CKAN: rows of a resource (filters, q, sort, fields, limit, offset)',
        description:
          'Public datasets need no key; restricted ones a partner key (`Authorization: <key>`) that allows them. A key counts against its quota.',
        querystring: DatastoreSearchQuery,
        response: responses,
      },
    },
    async (request) => {
      const reader = await readerOf(db, keyOfHeaders(request.headers));
      return ok(request, await ckan.datastoreSearch(db, reader, request.query));
    },
  );
  app.all('/api/3/action/:action', { schema: { hide: true } }, async (request, reply) =>
    sendCkanError(
      request,
      reply,
      new ckan.CkanError(
        400,
        'Bad request',
        `Bad request - Action name not known: ${(request.params as { action: string }).action}`,
      ),
    ),
  );
};
