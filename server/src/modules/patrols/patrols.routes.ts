import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import { CaseDetailSchema } from '../cases/index.ts';
import {
  CaseFromVisitBody,
  CoverageQuery,
  CoverageSchema,
  CreatePlanBody,
  GenerateBody,
  GenerateResponse,
  IdParams,
  OverdueQuery,
  OverdueSchema,
  PhotoParams,
  PlanSchema,
  PlansQuery,
  TaskSchema,
  TasksQuery,
  TracksQuery,
  TracksSchema,
  UpdatePlanBody,
  VisitBody,
  VisitSchema,
  VisitsQuery,
} from './patrols.schemas.ts';
import * as patrols from './patrols.service.ts';
import * as visits from './visits.service.ts';

const tags = ['patrols'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 422: ProblemSchema };
// Up to six photos of 5 MB, base64 (4/3 larger), and the rest of the record.
const VISIT_BODY_LIMIT = 42 * 1024 * 1024;

export const patrolsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;
  const ctx: visits.VisitsContext = { db, cases: app.cases, dataDir: app.config.dataDir };
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);

  app.get(
    '/api/visit-plans',
    {
      schema: {
        tags,
        summary: 'Visit plans of the area (what to visit, how often)',
        querystring: PlansQuery,
        response: { 200: Page(PlanSchema), ...problems },
      },
    },
    async (request) => patrols.listPlans(db, request.auth, request.query),
  );
  app.post(
    '/api/visit-plans',
    {
      schema: {
        tags,
        summary: 'Add a visit plan, e.g. each person tagged elderly_alone weekly',
        body: CreatePlanBody,
        response: { 201: PlanSchema, ...writeProblems },
      },
    },
    async (request, reply) => reply.code(201).send(await patrols.createPlan(db, request.auth, request.body)),
  );
  app.patch(
    '/api/visit-plans/:id',
    {
      schema: {
        tags,
        summary: 'Change a visit plan (name, filter, frequency, active); needs the version read',
        params: IdParams,
        body: UpdatePlanBody,
        response: { 200: PlanSchema, ...writeProblems },
      },
    },
    async (request) => patrols.updatePlan(db, request.auth, request.params.id, request.body),
  );
  app.post(
    '/api/visit-plans/generate',
    {
      schema: {
        tags,
        summary: 'Make the current period’s visit tasks now (the daily job does it too; idempotent)',
        body: GenerateBody,
        response: { 200: GenerateResponse, ...writeProblems },
      },
    },
    async (request) => patrols.generateForCaller(db, request.auth, request.body),
  );
  app.get(
    '/api/visit-tasks',
    {
      schema: {
        tags,
        summary: 'Visit tasks in the area, or the caller’s own (mine=true); state overdue = open past due',
        querystring: TasksQuery,
        response: { 200: Page(TaskSchema), ...problems },
      },
    },
    async (request) => patrols.listTasks(db, request.auth, request.query),
  );
  app.get(
    '/api/visit-tasks/overdue',
    {
      schema: {
        tags,
        summary: 'Open tasks past due, counted per worker and per community',
        querystring: OverdueQuery,
        response: { 200: OverdueSchema, ...problems },
      },
    },
    async (request) => patrols.overdue(db, request.auth, request.query.areaCode),
  );
  app.get(
    '/api/visit-tasks/:id',
    {
      schema: {
        tags,
        summary: 'One visit task',
        params: IdParams,
        response: { 200: TaskSchema, ...problems },
      },
    },
    async (request) => patrols.getTask(db, request.auth, request.params.id),
  );
  app.get(
    '/api/patrols/coverage',
    {
      schema: {
        tags,
        summary: 'Share of planned visits done on time, per grid and community (default: this month)',
        querystring: CoverageQuery,
        response: { 200: CoverageSchema, ...writeProblems },
      },
    },
    async (request) => patrols.coverage(db, request.auth, request.query),
  );
  app.post(
    '/api/visits',
    {
      bodyLimit: VISIT_BODY_LIMIT,
      config: { idempotent: true },
      schema: {
        tags,
        summary: 'Record a visit or patrol (track, check-in points, findings, photos); closes its task',
        body: VisitBody,
        response: { 201: VisitSchema, ...writeProblems, 413: ProblemSchema, 415: ProblemSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await visits.recordVisit(ctx, request.auth, request.body)),
  );
  app.get(
    '/api/visits',
    {
      schema: {
        tags,
        summary: 'Visits and patrols in the area, newest first',
        querystring: VisitsQuery,
        response: { 200: Page(VisitSchema), ...problems },
      },
    },
    async (request) => visits.listVisits(ctx, request.auth, request.query),
  );
  app.get(
    '/api/visits/tracks',
    {
      schema: {
        tags,
        summary: 'A day’s patrol tracks and visit points as a GeoJSON FeatureCollection (WGS84)',
        querystring: TracksQuery,
        response: { 200: TracksSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.type('application/geo+json').send(await visits.tracks(ctx, request.auth, request.query)),
  );
  app.get(
    '/api/visits/:id',
    {
      schema: { tags, summary: 'One visit', params: IdParams, response: { 200: VisitSchema, ...problems } },
    },
    async (request) => visits.getVisit(ctx, request.auth, request.params.id),
  );
  app.get(
    '/api/visits/:id/photos/:photoId',
    {
      schema: {
        tags,
        summary: 'A photo of a visit (its checksum is verified first)',
        params: PhotoParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problems },
      },
    },
    async (request, reply) => {
      const file = await visits.photo(ctx, request.auth, request.params.id, request.params.photoId);
      return reply
        .type(file.contentType)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(file.bytes);
    },
  );
  app.post(
    '/api/visits/:id/case',
    {
      config: { idempotent: true },
      schema: {
        tags,
        summary:
          'Turn the visit’s finding into a case in one step (reported by the caller, linked both ways)',
        params: IdParams,
        body: CaseFromVisitBody,
        response: {
          201: Type.Object({ visit: VisitSchema, case: CaseDetailSchema }),
          ...writeProblems,
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await visits.caseFromVisit(ctx, request.auth, request.params.id, request.body, lang(request))),
  );
};
