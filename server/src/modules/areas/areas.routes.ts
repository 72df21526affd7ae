import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import { Page, ProblemSchema } from '../../platform/http.ts';
import { importFile, previewFile } from './areas.file-import.ts';
import { importAreas } from './areas.import.ts';
import {
  AreaSchema,
  AreaSummary,
  CodeParams,
  CreateAreaBody,
  FileImportQuery,
  GeoJsonQuery,
  HistoryEntry,
  ImportBody,
  ImportPreview,
  ImportResult,
  ListQuery,
  LocateQuery,
  LocateResponse,
  PreviewQuery,
  RetireBody,
  TreeNodeSchema,
  TreeQuery,
  UpdateAreaBody,
} from './areas.schemas.ts';
import * as service from './areas.service.ts';
import { formatOf, GIS_CONTENT_TYPES } from './gis-files.ts';

const tags = ['areas'];
const FILE_LIMIT = 100 * 1024 * 1024;
const FILE_BODY = {
  body: Type.Unknown({ description: 'The file: a Shapefile zip, KMZ, KML or GeoJSON' }),
  consumes: Object.keys(GIS_CONTENT_TYPES),
};
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const areasRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, gridIndex } = app;

  // Shapefile zips, KMZ and KML arrive as the file itself; GeoJSON is parsed as JSON (app.ts).
  const rawTypes = Object.keys(GIS_CONTENT_TYPES).filter((t) => !t.includes('json'));
  app.addContentTypeParser(rawTypes, { parseAs: 'buffer', bodyLimit: FILE_LIMIT }, (_request, body, done) =>
    done(null, body),
  );
  const fileFormat = (contentType: string | undefined) => {
    const format = formatOf(contentType);
    if (!format)
      throw new AppError('validation_failed', { summary: `content type ${contentType} is not a map file` });
    return format;
  };

  app.get(
    '/api/areas/tree',
    {
      schema: {
        tags,
        summary: "The area tree under the caller's scope, down to `depth`",
        querystring: TreeQuery,
        response: { 200: Type.Object({ items: Type.Array(TreeNodeSchema) }), ...problems },
      },
    },
    async (request) => ({ items: await service.areaTree(db, request.auth, request.query.depth) }),
  );

  app.get(
    '/api/areas',
    {
      schema: {
        tags,
        summary: 'Search areas by name or code',
        querystring: ListQuery,
        response: { 200: Page(AreaSummary), ...problems },
      },
    },
    async (request) => service.listAreas(db, request.auth, request.query),
  );

  app.get(
    '/api/areas.geojson',
    {
      schema: {
        tags,
        summary: 'Boundaries as a GeoJSON FeatureCollection',
        querystring: GeoJsonQuery,
        produces: ['application/geo+json'],
        response: { 200: Type.Unknown({ description: 'GeoJSON FeatureCollection' }), ...problems },
      },
    },
    async (request, reply) => {
      const json = await service.areasGeoJson(db, request.auth, request.query.level, request.query.within);
      return reply.type('application/geo+json; charset=utf-8').send(json);
    },
  );

  app.get(
    '/api/areas/locate',
    {
      schema: {
        tags,
        summary: 'The grid (and its ancestors) a point lies in',
        querystring: LocateQuery,
        response: { 200: LocateResponse, ...problems },
      },
    },
    async (request) => {
      const { lon, lat, crs = 'wgs84' } = request.query;
      return service.locate(db, gridIndex, request.auth, lon, lat, crs);
    },
  );

  app.get(
    '/api/areas/:code',
    {
      schema: {
        tags,
        summary: 'One area with its ancestors and children',
        params: CodeParams,
        response: { 200: AreaSchema, ...problems },
      },
    },
    async (request) => service.getArea(db, request.auth, request.params.code),
  );

  app.get(
    '/api/areas/:code/history',
    {
      schema: {
        tags,
        summary: "The area's changes, newest first",
        params: CodeParams,
        response: { 200: Type.Object({ items: Type.Array(HistoryEntry) }), ...problems },
      },
    },
    async (request) => ({ items: await service.areaHistory(db, request.auth, request.params.code) }),
  );

  app.post(
    '/api/areas',
    {
      schema: {
        tags,
        summary: 'Create an area',
        body: CreateAreaBody,
        response: { 201: AreaSchema, 409: ProblemSchema, 422: ProblemSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createArea(db, gridIndex, request.auth, request.body)),
  );

  app.patch(
    '/api/areas/:code',
    {
      schema: {
        tags,
        summary: 'Change an area (rename, new boundary, sizing, grid head); needs the version read',
        params: CodeParams,
        body: UpdateAreaBody,
        response: { 200: AreaSchema, 409: ProblemSchema, 422: ProblemSchema, ...problems },
      },
    },
    async (request) => service.updateArea(db, gridIndex, request.auth, request.params.code, request.body),
  );

  app.post(
    '/api/areas/:code/retire',
    {
      schema: {
        tags,
        summary: 'Retire an area with no active sub-areas (nothing is deleted)',
        params: CodeParams,
        body: RetireBody,
        response: { 200: AreaSchema, 409: ProblemSchema, ...problems },
      },
    },
    async (request) =>
      service.retireArea(db, gridIndex, request.auth, request.params.code, request.body.version),
  );

  app.post(
    '/api/areas/import',
    {
      bodyLimit: 100 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Import boundaries from a GeoJSON FeatureCollection: all or nothing',
        body: ImportBody,
        response: { 200: ImportResult, 422: ProblemSchema, ...problems },
      },
    },
    async (request) => importAreas(db, gridIndex, request.auth, request.body.features),
  );

  app.post(
    '/api/areas/import/preview',
    {
      bodyLimit: FILE_LIMIT,
      schema: {
        tags,
        summary:
          'Read a Shapefile (zip), KMZ, KML or GeoJSON file without importing it: its features in WGS84, attributes and coordinate system',
        querystring: PreviewQuery,
        ...FILE_BODY,
        response: { 200: ImportPreview, 400: ProblemSchema, 422: ProblemSchema, ...problems },
      },
    },
    async (request) =>
      previewFile(request.auth, request.body, fileFormat(request.headers['content-type']), request.query.crs),
  );

  app.post(
    '/api/areas/import/file',
    {
      bodyLimit: FILE_LIMIT,
      schema: {
        tags,
        summary:
          'Import a Shapefile (zip), KMZ, KML or GeoJSON file with the attributes mapped to code, name and level: all or nothing',
        querystring: FileImportQuery,
        ...FILE_BODY,
        response: { 200: ImportResult, 400: ProblemSchema, 422: ProblemSchema, ...problems },
      },
    },
    async (request) => {
      const { crs, ...mapping } = request.query;
      return importFile(
        db,
        gridIndex,
        request.auth,
        request.body,
        fileFormat(request.headers['content-type']),
        mapping,
        crs,
      );
    },
  );
};
