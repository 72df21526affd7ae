import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
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
/**
 * Keyless reads are kept by the read cache until a dataset's settings or versions change: a
 * version's rows never change. A partner's key is counted, so its requests are always answered.
 */
const PUBLIC_READ = {
  reads: ['opendata_datasets', 'opendata_versions'],
  area: 'everywhere',
  ttlMs: 10 * 60_000,
  public: true,
} as const;

/**
 * A POSTed parameter as the query string would carry it: CKAN's JSON-object parameters (`filters`,
 * a per-field `q`) as their JSON text, a list of `fields` joined by commas. Anything else, and an
 * object too deep to write, stays as it is for validation to refuse.
 */
function jsonParameter(name: string, value: unknown): unknown {
  if (name === 'fields' && Array.isArray(value) && value.every((f) => typeof f === 'string'))
    return value.join(',');
  if ((name === 'filters' || name === 'q') && typeof value === 'object' && !Array.isArray(value)) {
    try {
      return JSON.stringify(value);
    } catch {
      return value;
    }
  }
  return value;
}

/** CKAN's action API v3, read actions: `/api/3/action/<action>`. */
export const ckanRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;
  app.setErrorHandler((error: FastifyError, request, reply) => sendCkanError(request, reply, error));
  const ok = (request: FastifyRequest, result: unknown) => ({ help: helpOf(request), success: true, result });

  /**
   * Each action answers GET with its parameters in the query string and POST with them in a JSON
   * body, as CKAN does (CKAN's own clients, ckan.js and ckanapi, POST). In a body, `filters` and a
   * per-field `q` are JSON objects; they are taken as the query string's JSON text.
   */
  function action<S extends TSchema>(
    name: string,
    summary: string,
    params: S,
    run: (request: FastifyRequest, params: Static<S>) => Promise<ReturnType<typeof ok>>,
    description?: string,
  ) {
    const url = `/api/3/action/${name}`;
    app.get(
      url,
      {
        schema: { tags, summary, description, querystring: params, response: responses },
        config: { readCache: PUBLIC_READ },
      },
      (request) => run(request, request.query as Static<S>),
    );
    app.post(
      url,
      {
        schema: {
          tags,
          summary: `${summary} (POST, JSON body)`,
          description,
          body: params,
          response: responses,
        },
        preValidation: async (request) => {
          // No body at all is no parameters (ckan.js sends none for package_list); `null`, a list
          // or a scalar is left for validation to refuse.
          const body = (request.body === undefined ? {} : request.body) as Record<string, unknown>;
          if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
          (request as { body: unknown }).body = Object.fromEntries(
            Object.entries(body)
              .filter(([, v]) => v !== null && v !== undefined)
              .map(([k, v]) => [k, jsonParameter(k, v)]),
          );
        },
      },
      (request) => run(request, request.body as Static<S>),
    );
  }

  action('package_list', 'CKAN: names of the datasets', PackageListQuery, async (request, q) =>
    ok(request, await ckan.packageList(db, q)),
  );
  action('package_show', 'CKAN: one dataset with its resources', PackageShowQuery, async (request, q) =>
    ok(request, await ckan.packageShow(db, baseUrlOf(request), q.id)),
  );
  action(
    'package_search',
    'CKAN: search datasets (q; fq on tags, organization, res_format; rows, start)',
    PackageSearchQuery,
    async (request, q) => ok(request, await ckan.packageSearch(db, baseUrlOf(request), q)),
  );
  action(
    'organization_list',
    'CKAN: the publishing organization',
    OrganizationListQuery,
    async (request, q) => ok(request, await ckan.organizationList(db, q.all_fields ?? false)),
  );
  action(
    'datastore_search',
    'CKAN: rows of a resource (filters, q, sort, fields, limit, offset)',
    DatastoreSearchQuery,
    async (request, q) => {
      const reader = await readerOf(db, keyOfHeaders(request.headers));
      return ok(request, await ckan.datastoreSearch(db, reader, q));
    },
    'Public datasets need no key; restricted ones a partner key (`Authorization: <key>`, or `X-CKAN-API-KEY`) that allows them. A key counts against its quota.',
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
