import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { prefixOfKey } from '../../platform/auth/apikeys.ts';
import { AppError, knownError, problemOf } from '../../platform/errors.ts';
import { type Lang, langOf } from '../../platform/i18n.ts';
import {
  CreatedSchema,
  CreateRequestBody,
  DiscoverySchema,
  ErrorsSchema,
  type Format,
  FormatParams,
  KeyQuery,
  LocaleQuery,
  RequestParams,
  RequestSchema,
  RequestsQuery,
  ServiceDefinitionSchema,
  ServiceParams,
  ServiceSchema,
  TokenParams,
  TokenSchema,
} from './open311.schemas.ts';
import * as open311 from './open311.service.ts';
import { toXml } from './open311.xml.ts';

const tags = ['open311'];
const errors = { 400: ErrorsSchema, 403: ErrorsSchema, 404: ErrorsSchema, 429: ErrorsSchema };
const FORMATS =
  'The suffix chooses the format: `.json` or `.xml` (GeoReport v2 element names). Errors are the spec’s `[{code, description}]` (`<errors><error>…`), `code` being the HTTP status.';
const READS =
  'Without `api_key` this answers about requests made through Open311 only; with a key of scope `open311` it covers every case in the key’s area. Either way only public fields are shown: never the reporter’s name or phone.';

/** The language asked for by `locale` (`en`, `zh-CN`), else by Accept-Language; Chinese by default. */
function langOfRequest(request: FastifyRequest): Lang {
  const locale = (request.query as { locale?: string } | undefined)?.locale;
  return langOf(locale ?? request.headers['accept-language']);
}

const formatOf = (request: FastifyRequest): Format =>
  request.url.split('?')[0].toLowerCase().endsWith('.xml') ? 'xml' : 'json';

function send(reply: FastifyReply, format: Format, root: string, value: unknown, status = 200) {
  reply.code(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, value));
  return reply.send(value);
}

/** The spec's error document, with our message in the caller's language. */
function sendErrors(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const problem = problemOf(error, langOfRequest(request));
  // GeoReport clients expect 400 for any bad input, where the rest of the API says 422.
  const status =
    problem.status === 422 || error.code === 'point_outside_scope' || error.code === 'point_outside_district'
      ? 400
      : problem.status;
  const body = [{ code: status, description: problem.detail }];
  const format = formatOf(request);
  if (format === 'xml') return reply.code(status).type('text/xml; charset=utf-8').send(toXml('errors', body));
  // Serialized here: the route's response schema for this status would drop nothing, but is not ours to rely on.
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** Form fields as GeoReport clients send them: `attribute[code]=…` (or `attribute[code][]=…` repeated). */
export function parseForm(text: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const attribute: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    // An empty field is an absent one (clients send `lat=&long=`), not a zero.
    if (value === '') continue;
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (!m) fields[key] = value;
    else if (m[2]) attribute[m[1]] = [...((attribute[m[1]] as string[] | undefined) ?? []), value];
    else attribute[m[1]] = value;
  }
  if (Object.keys(attribute).length > 0) fields.attribute = attribute;
  return fields;
}

/** Each key gets its own budget; keyless reads share their address's. */
function rateLimit(max: number) {
  return {
    max,
    timeWindow: '1 minute',
    // After parsing, so a key sent in the form body is seen.
    hook: 'preHandler' as const,
    keyGenerator: (request: FastifyRequest) => {
      const key =
        (request.body as { api_key?: string } | undefined)?.api_key ??
        (request.query as { api_key?: string } | undefined)?.api_key;
      const prefix = prefixOfKey(key);
      return prefix ? `open311:key:${prefix}` : `open311:ip:${request.ip}`;
    },
  };
}

/** GeoReport v2 under /open311/v2 (registered with that prefix). */
export const open311Routes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.cases;

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, parseForm(body as string)),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = knownError(error);
    if (known) return sendErrors(request, reply, known);
    if (error.validation) {
      const summary = error.validation
        .map((v) => `${error.validationContext ?? ''}${v.instancePath || ''} ${v.message ?? 'invalid'}`)
        .join('; ');
      return sendErrors(request, reply, new AppError('validation_failed', { summary }));
    }
    if (error.statusCode === 429) return sendErrors(request, reply, new AppError('rate_limited'));
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return sendErrors(request, reply, new AppError('unsupported_media_type'));
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendErrors(request, reply, new AppError('payload_too_large'));
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500)
      return sendErrors(request, reply, new AppError('validation_failed', { summary: error.message }));
    request.log.error({ err: error }, 'unhandled error');
    return sendErrors(request, reply, new AppError('internal'));
  });
  // A route, not a not-found handler: the web app's static wildcard would otherwise answer first.
  app.all('/*', { schema: { hide: true } }, async (request, reply) =>
    sendErrors(request, reply, new AppError('not_found')),
  );

  const read = { config: { rateLimit: rateLimit(300) } };

  app.get(
    '/discovery.:format',
    {
      ...read,
      schema: {
        tags,
        security: [],
        summary: 'GeoReport v2 discovery: where this endpoint is and what it speaks',
        description: FORMATS,
        params: FormatParams,
        querystring: LocaleQuery,
        response: { 200: DiscoverySchema, ...errors },
      },
    },
    async (request, reply) => {
      const base = `${request.protocol}://${request.host}/open311/v2/`;
      return send(reply, request.params.format, 'discovery', open311.discovery(base, langOfRequest(request)));
    },
  );

  app.get(
    '/services.:format',
    {
      ...read,
      schema: {
        tags,
        security: [],
        summary: 'Service list: the leaf case categories, grouped by their parent category',
        description: FORMATS,
        params: FormatParams,
        querystring: LocaleQuery,
        response: { 200: Type.Array(ServiceSchema), ...errors },
      },
    },
    async (request, reply) =>
      send(reply, request.params.format, 'services', await open311.services(ctx, langOfRequest(request))),
  );

  app.get(
    '/services/:service_code.:format',
    {
      ...read,
      schema: {
        tags,
        security: [],
        summary: 'Service definition: the attributes a request for this service may carry',
        description: FORMATS,
        params: ServiceParams,
        querystring: LocaleQuery,
        response: { 200: ServiceDefinitionSchema, ...errors },
      },
    },
    async (request, reply) =>
      send(
        reply,
        request.params.format,
        'service_definition',
        await open311.serviceDefinition(ctx, request.params.service_code, langOfRequest(request)),
      ),
  );

  app.post(
    '/requests.:format',
    {
      config: { rateLimit: rateLimit(60) },
      schema: {
        tags,
        security: [],
        summary: 'Create a service request: a case reported by the API client',
        description: `${FORMATS} Needs \`api_key\` (scope \`open311\`) and \`lat\`/\`long\` inside the key’s area: an \`address_string\` alone cannot be located and is answered 400. Send \`application/x-www-form-urlencoded\` (as the spec does) or JSON. Attributes (see the service definition): \`attribute[external_id]\` makes a repeated create answer the request already made; \`attribute[location_detail]\` is added to the address. \`email\`, \`device_id\`, \`account_id\` and \`media_url\` are accepted and not kept.`,
        params: FormatParams,
        body: CreateRequestBody,
        response: { 201: Type.Array(CreatedSchema), ...errors },
      },
    },
    async (request, reply) => {
      const created = await open311.createRequest(ctx, request.body, langOfRequest(request));
      return send(reply, request.params.format, 'service_requests', created, 201);
    },
  );

  app.get(
    '/requests.:format',
    {
      ...read,
      schema: {
        tags,
        security: [],
        summary: 'Search service requests (newest first, at most 1000; the last 90 days without dates)',
        description: `${FORMATS} ${READS} \`service_request_id\` (comma-separated) overrides the other filters. \`status\` is \`open\` or \`closed\`; closed covers closed, rejected and merged cases.`,
        params: FormatParams,
        querystring: RequestsQuery,
        response: { 200: Type.Array(RequestSchema), ...errors },
      },
    },
    async (request, reply) =>
      send(
        reply,
        request.params.format,
        'service_requests',
        await open311.listRequests(ctx, request.query, langOfRequest(request)),
      ),
  );

  app.get(
    '/requests/:service_request_id.:format',
    {
      ...read,
      schema: {
        tags,
        security: [],
        summary: 'One service request by its id (the case number)',
        description: `${FORMATS} ${READS}`,
        params: RequestParams,
        querystring: KeyQuery,
        response: { 200: Type.Array(RequestSchema), ...errors },
      },
    },
    async (request, reply) =>
      send(
        reply,
        request.params.format,
        'service_requests',
        await open311.getRequest(
          ctx,
          request.params.service_request_id,
          request.query.api_key,
          langOfRequest(request),
        ),
      ),
  );

  app.get(
    '/tokens/:token.:format',
    {
      ...read,
      schema: {
        tags,
        security: [],
        summary: 'The service request id of a token',
        description: `${FORMATS} Requests are created at once and the create answer carries the id, so a token is only the case’s internal id.`,
        params: TokenParams,
        querystring: KeyQuery,
        response: { 200: Type.Array(TokenSchema), ...errors },
      },
    },
    async (request, reply) =>
      send(
        reply,
        request.params.format,
        'service_requests',
        await open311.requestOfToken(ctx, request.params.token, request.query.api_key),
      ),
  );
};
