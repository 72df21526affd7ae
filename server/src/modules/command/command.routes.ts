import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import type { WallFigureSource } from '../../platform/wall.ts';
import { CaseSchema } from '../cases/index.ts';
import {
  AreaQuery,
  CameraLayerSchema,
  DeleteLayoutQuery,
  GenerateReportBody,
  HotspotCasesQuery,
  HotspotParams,
  HotspotSchema,
  HotspotsQuery,
  HotspotsSchema,
  LayoutBody,
  LayoutSchema,
  PointsQuery,
  PointsSchema,
  RankingsQuery,
  RankingsSchema,
  ReportFileParams,
  ReportSchema,
  ReportsQuery,
  SendHotspotBody,
  SentHotspotSchema,
  WallFiguresSchema,
} from './command.schemas.ts';
import * as command from './command.service.ts';
import * as layouts from './layouts.service.ts';
import * as reports from './report.service.ts';

const tags = ['command'];
// Here rather than in command.schemas.ts, which the web reads and which so stays free of other modules.
const HotspotCasesSchema = Type.Object({
  hotspot: HotspotSchema,
  items: Type.Array(CaseSchema),
  total: Type.Integer(),
});
const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 422: ProblemSchema };

export interface CommandRoutesOptions {
  /** Every module's wall figures (see platform/wall.ts); app.ts passes the list. */
  sources: WallFigureSource[];
}

export const commandRoutes: FastifyPluginAsyncTypebox<CommandRoutesOptions> = async (app, { sources }) => {
  const db = app.db;
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);

  app.get(
    '/api/command/figures',
    {
      schema: {
        tags,
        summary: "Today's numbers of every module the viewer may see, each against the same day last week",
        querystring: AreaQuery,
        response: { 200: WallFiguresSchema, ...problems },
      },
    },
    async (request) => command.wallFigures(db, sources, request.auth, request.query.areaCode),
  );

  app.get(
    '/api/command/points',
    {
      schema: {
        tags,
        summary: 'Located cases of the last N days: the map’s points and heat layer',
        querystring: PointsQuery,
        response: { 200: PointsSchema, ...problems },
      },
    },
    async (request, reply) => {
      const json = await command.points(db, request.auth, request.query);
      // Already the JSON text of PointsSchema (see command.points): a string with a JSON type is
      // sent as it is, not serialized again.
      return reply
        .type('application/json; charset=utf-8')
        .send(json as unknown as Static<typeof PointsSchema>);
    },
  );

  app.get(
    '/api/command/hotspots',
    {
      schema: {
        tags,
        summary: 'Hot spots: clusters of cases of one category close in space and time (DBSCAN)',
        querystring: HotspotsQuery,
        response: { 200: HotspotsSchema, ...problems },
      },
    },
    async (request) => command.hotspots(db, request.auth, request.query, lang(request)),
  );

  app.get(
    '/api/command/hotspots/:id/cases',
    {
      schema: {
        tags,
        summary:
          "Exactly a hot spot's cases, as the case list shows them (the clusters found again with the same settings as of `at`)",
        params: HotspotParams,
        querystring: HotspotCasesQuery,
        response: { 200: HotspotCasesSchema, 409: ProblemSchema, ...problems },
      },
    },
    async (request) =>
      command.hotspotCases(app.cases, request.auth, request.params.id, request.query, lang(request)),
  );

  app.get(
    '/api/command/cameras',
    {
      schema: {
        tags,
        summary: "The map's camera layer: the area's cameras, online or not, with their incidents waiting",
        querystring: AreaQuery,
        response: { 200: CameraLayerSchema, ...problems },
      },
    },
    async (request) => command.cameras(db, request.auth, request.query.areaCode),
  );

  app.post(
    '/api/command/hotspots/send',
    {
      schema: {
        tags,
        summary: 'Send a hot spot to the command centre as one supervised case (command.manage)',
        body: SendHotspotBody,
        response: { 201: SentHotspotSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await command.sendHotspot(app.cases, request.auth, request.body, lang(request))),
  );

  app.get(
    '/api/command/rankings',
    {
      schema: {
        tags,
        summary:
          'Grids, communities or departments ranked by on-time rate, closure rate, satisfaction or rework',
        querystring: RankingsQuery,
        response: { 200: RankingsSchema, ...problems },
      },
    },
    async (request) => command.rankings(db, request.auth, request.query, lang(request)),
  );

  app.get(
    '/api/command/layouts',
    {
      schema: {
        tags,
        summary: "The caller's wall layouts, then their role's",
        response: { 200: Type.Array(LayoutSchema), ...problems },
      },
    },
    async (request) => layouts.listLayouts(db, request.auth),
  );

  app.put(
    '/api/command/layouts',
    {
      schema: {
        tags,
        summary: 'Save a named layout for oneself, or for one’s role (command.manage)',
        body: LayoutBody,
        response: { 200: LayoutSchema, ...writeProblems },
      },
    },
    async (request) => layouts.saveLayout(db, request.auth, request.body),
  );

  app.delete(
    '/api/command/layouts',
    {
      schema: {
        tags,
        summary: 'Delete a named layout of one’s own, or of one’s role (command.manage)',
        querystring: DeleteLayoutQuery,
        response: { 204: Type.Null(), ...writeProblems },
      },
    },
    async (request, reply) => {
      await layouts.deleteLayout(db, request.auth, request.query);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/command/reports',
    {
      schema: {
        tags,
        summary: 'The monthly reports kept for an area, the newest first',
        querystring: ReportsQuery,
        response: { 200: Type.Array(ReportSchema), ...problems },
      },
    },
    async (request) => reports.listReports(db, request.auth, request.query.areaCode),
  );

  app.post(
    '/api/command/reports',
    {
      schema: {
        tags,
        summary: 'Generate (or regenerate) an area’s monthly report now (command.manage)',
        body: GenerateReportBody,
        response: { 201: ReportSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await reports.generateOnDemand(db, request.auth, request.body)),
  );

  const TYPES = {
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  } as const;
  for (const format of ['docx', 'xlsx'] as const)
    app.get(
      `/api/command/reports/:id/${format}`,
      {
        schema: {
          tags,
          summary: `A kept monthly report as ${format.toUpperCase()}`,
          params: ReportFileParams,
          response: { 200: Type.Unknown(), ...problems },
        },
      },
      async (request, reply) => {
        const file = await reports.reportFile(db, request.auth, request.params.id, format);
        return reply
          .type(TYPES[format])
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .send(file.body);
      },
    );
};
