import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import {
  ActivityBody,
  FileParams,
  IdParams,
  PairingBody,
  PairingSchema,
  PairingSummarySchema,
  PairingsQuery,
  PairingUpdateBody,
  PlanBody,
  ReviewBody,
  YearParams,
} from './pairing.schemas.ts';
import * as pairing from './pairing.service.ts';

const tags = ['pairing'];
const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 413: ProblemSchema, 422: ProblemSchema };
// Five photos or files of 10 MB, base64.
const BODY_LIMIT = 70 * 1024 * 1024;

export const pairingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = { db: app.db, dataDir: app.config.dataDir };

  app.get(
    '/api/pairings',
    {
      schema: {
        tags,
        summary: "Five-joint pairings of an area (or of one unit), with a year's activities, plan and review",
        querystring: PairingsQuery,
        response: { 200: Type.Array(PairingSummarySchema), ...problems },
      },
    },
    async (request) => pairing.listPairings(ctx, request.auth, request.query),
  );

  app.post(
    '/api/pairings',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Pair a party organization or a unit with a community: the agreement and its files',
        body: PairingBody,
        response: { 201: PairingSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await pairing.createPairing(ctx, request.auth, request.body)),
  );

  app.get(
    '/api/pairings/:id',
    {
      schema: {
        tags,
        summary: 'One pairing: agreement, plans, activities, reviews',
        params: IdParams,
        response: { 200: PairingSchema, ...problems },
      },
    },
    async (request) => pairing.getPairing(ctx, request.auth, request.params.id),
  );

  app.patch(
    '/api/pairings/:id',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Change the agreement, add files, end a pairing, with the version read',
        params: IdParams,
        body: PairingUpdateBody,
        response: { 200: PairingSchema, ...writeProblems },
      },
    },
    async (request) => pairing.updatePairing(ctx, request.auth, request.params.id, request.body),
  );

  app.put(
    '/api/pairings/:id/plans/:year',
    {
      schema: {
        tags,
        summary: "A year's plan: items per joint area (version 0 for a new one)",
        params: YearParams,
        body: PlanBody,
        response: { 200: PairingSchema, ...writeProblems },
      },
    },
    async (request) =>
      pairing.writeYear(ctx, request.auth, request.params.id, request.params.year, 'plan', request.body),
  );

  app.put(
    '/api/pairings/:id/reviews/:year',
    {
      schema: {
        tags,
        summary: "A year's review: a summary and a score per joint area (version 0 for a new one)",
        params: YearParams,
        body: ReviewBody,
        response: { 200: PairingSchema, ...writeProblems },
      },
    },
    async (request) =>
      pairing.writeYear(ctx, request.auth, request.params.id, request.params.year, 'review', request.body),
  );

  app.post(
    '/api/pairings/:id/activities',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'An activity: date, joint area, kind, participants, photos',
        params: IdParams,
        body: ActivityBody,
        response: { 201: PairingSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await pairing.addActivity(ctx, request.auth, request.params.id, request.body)),
  );

  app.get(
    '/api/pairings/:id/files/:fileId',
    {
      schema: {
        tags,
        summary: "An agreement's file or an activity's photo",
        params: FileParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problems },
      },
    },
    async (request, reply) => {
      const f = await pairing.file(ctx, request.auth, request.params.id, request.params.fileId);
      return reply
        .type(f.contentType)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(f.bytes);
    },
  );
};
