import fs from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isWithin } from '../../geo/area-code.ts';
import { requirePermission } from '../../platform/auth/auth.service.ts';
import { ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import { type Alarm, fromGb, fromGeneric } from './alarms.normalize.ts';
import { type CamerasContext, snapshotPath } from './alarms.service.ts';
import {
  AlarmAnswerSchema,
  AlarmBody,
  AlarmHeaders,
  CameraDetailSchema,
  CameraInput,
  CameraPointsQuery,
  CameraPointsSchema,
  CameraSchema,
  CameraSettingsSchema,
  CamerasQuery,
  DecideBody,
  type GbAlarmValue,
  type GenericAlarmValue,
  IdParams,
  ImportQuery,
  ImportResultSchema,
  IncidentSchema,
  IncidentsQuery,
  RuleInput,
  RuleParams,
  RuleSchema,
} from './cameras.schemas.ts';
import * as cameras from './cameras.service.ts';

const tags = ['cameras'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const lang = (request: { headers: Record<string, unknown> }) =>
  langOf(request.headers['accept-language'] as string);

const normalize = (a: GbAlarmValue | GenericAlarmValue): Alarm =>
  'DeviceID' in a ? fromGb(a) : fromGeneric(a);

export const camerasRoutes: FastifyPluginAsyncTypebox<{ ctx: CamerasContext }> = async (app, { ctx }) => {
  const db = ctx.cases.db;
  app.addContentTypeParser(
    [
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/octet-stream',
    ],
    { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/api/camera-alarms',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Push camera alarms (API key of scope `cameras.alarm` in `X-Api-Key`): one GB/T 28181-style alarm, one generic event, or an array of them',
        headers: AlarmHeaders,
        body: AlarmBody,
        response: { 200: AlarmAnswerSchema, 400: ProblemSchema, ...problems },
      },
    },
    async (request) => {
      const list = Array.isArray(request.body) ? request.body : [request.body];
      return cameras.receiveAlarms(ctx, request.headers['x-api-key'], list.map(normalize));
    },
  );

  app.post(
    '/api/camera-heartbeats',
    {
      schema: {
        tags,
        summary:
          'Keepalives from the video platform (API key of scope `cameras.alarm`): these cameras are online',
        headers: AlarmHeaders,
        body: Type.Object(
          {
            cameras: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
              minItems: 1,
              maxItems: 5000,
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ online: Type.Integer(), unknown: Type.Integer() }),
          400: ProblemSchema,
          ...problems,
        },
      },
    },
    async (request) => cameras.receiveHeartbeats(ctx, request.headers['x-api-key'], request.body.cameras),
  );

  app.get(
    '/api/cameras',
    {
      schema: {
        tags,
        summary: 'Cameras in the area',
        querystring: CamerasQuery,
        response: {
          200: Type.Object({ items: Type.Array(CameraSchema), total: Type.Integer() }),
          ...problems,
        },
      },
    },
    async (request) => cameras.listCameras(db, request.auth, request.query),
  );

  app.get(
    '/api/cameras/points',
    {
      schema: {
        tags,
        summary: 'Every camera of the area as a point with its status (the map layer)',
        querystring: CameraPointsQuery,
        response: { 200: CameraPointsSchema, ...problems },
      },
    },
    async (request) => cameras.cameraPoints(db, request.auth, request.query.areaCode),
  );

  app.post(
    '/api/cameras',
    {
      schema: {
        tags,
        summary: 'Register a camera; its location places it in a grid of the caller’s area',
        body: CameraInput,
        response: {
          201: CameraSchema,
          400: ProblemSchema,
          409: ProblemSchema,
          422: ProblemSchema,
          ...problems,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await cameras.createCamera(ctx, request.auth, request.body)),
  );

  app.post(
    '/api/cameras/import',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Import the video platform’s camera list (the body is the XLSX or CSV file): every row or none',
        querystring: ImportQuery,
        response: { 200: ImportResultSchema, 400: ProblemSchema, 422: ProblemSchema, ...problems },
      },
    },
    async (request) =>
      cameras.importCameras(ctx, request.auth, request.query.fileName, request.body as Buffer),
  );

  app.get(
    '/api/cameras/:id',
    {
      schema: {
        tags,
        summary: 'One camera with its latest alarms, incidents and false-alarm rate per type',
        params: IdParams,
        response: { 200: CameraDetailSchema, ...problems },
      },
    },
    async (request) => cameras.getCamera(db, request.auth, request.params.id, lang(request)),
  );

  app.get(
    '/api/camera-incidents',
    {
      schema: {
        tags,
        summary: 'Camera incidents in the area, newest first',
        querystring: IncidentsQuery,
        response: {
          200: Type.Object({ items: Type.Array(IncidentSchema), total: Type.Integer() }),
          ...problems,
        },
      },
    },
    async (request) => cameras.listIncidents(db, request.auth, request.query, lang(request)),
  );

  app.get(
    '/api/camera-incidents/events',
    { schema: { tags, summary: 'Live incident changes in the caller’s area (text/event-stream)' } },
    async (request, reply) => {
      const auth = requirePermission(request.auth, 'cameras.read');
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const unsubscribe = ctx.bus.subscribe((change) => {
        if (!isWithin(change.gridCode, auth.areaCode)) return;
        out.write(`event: incident\ndata: ${JSON.stringify(change)}\n\n`);
      });
      const heartbeat = setInterval(() => out.write(': keep-alive\n\n'), 25_000);
      request.raw.on('close', () => {
        unsubscribe();
        clearInterval(heartbeat);
      });
      out.write('retry: 3000\n\n');
    },
  );

  app.get(
    '/api/camera-incidents/:id',
    {
      schema: {
        tags,
        summary: 'One camera incident',
        params: IdParams,
        response: { 200: IncidentSchema, ...problems },
      },
    },
    async (request) => cameras.getIncident(db, request.auth, request.params.id, lang(request)),
  );

  app.get(
    '/api/camera-incidents/:id/snapshot',
    {
      schema: {
        tags,
        summary: 'The incident’s best snapshot (JPEG)',
        params: IdParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problems },
      },
    },
    async (request, reply) => {
      const sha = await cameras.incidentSnapshot(db, request.auth, request.params.id);
      const bytes = await fs.promises.readFile(snapshotPath(ctx, sha));
      return reply.type('image/jpeg').header('cache-control', 'private, max-age=86400').send(bytes);
    },
  );

  for (const verb of ['confirm', 'dismiss'] as const)
    app.post(
      `/api/camera-incidents/:id/${verb}`,
      {
        schema: {
          tags,
          summary:
            verb === 'confirm'
              ? 'Confirm an incident: it becomes a case (once, whoever clicks first)'
              : 'Dismiss an incident as a false alarm',
          params: IdParams,
          body: DecideBody,
          response: { 200: IncidentSchema, 409: ProblemSchema, ...problems },
        },
      },
      async (request) =>
        (verb === 'confirm' ? cameras.confirmIncident : cameras.dismissIncident)(
          ctx,
          request.auth,
          request.params.id,
          request.body.version,
          lang(request),
        ),
    );

  app.get(
    '/api/camera-rules',
    {
      schema: {
        tags,
        summary: 'The rule per alarm type: case category, minimum score, zones, hours, auto or confirm',
        response: { 200: Type.Object({ items: Type.Array(RuleSchema) }), ...problems },
      },
    },
    async (request) => cameras.listRules(db, request.auth),
  );

  app.put(
    '/api/camera-rules/:type',
    {
      schema: {
        tags,
        summary: 'Set the rule of an alarm type (district-wide)',
        params: RuleParams,
        body: RuleInput,
        response: { 200: RuleSchema, 409: ProblemSchema, 422: ProblemSchema, ...problems },
      },
    },
    async (request) => cameras.putRule(db, request.auth, request.params.type, request.body),
  );

  app.get(
    '/api/camera-settings',
    {
      schema: {
        tags,
        summary: 'Incident window, flood threshold, offline time before a fault case',
        response: { 200: CameraSettingsSchema, ...problems },
      },
    },
    async (request) => cameras.getSettings(db, request.auth),
  );

  app.put(
    '/api/camera-settings',
    {
      schema: {
        tags,
        summary: 'Set the incident window, flood threshold and offline time (district-wide)',
        body: CameraSettingsSchema,
        response: { 200: CameraSettingsSchema, ...problems },
      },
    },
    async (request) => cameras.putSettings(db, request.auth, request.body),
  );
};
