import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import {
  BallotBody,
  HistorySchema,
  IdParams,
  ListQuery,
  PaperBallotBody,
  PhotoParams,
  ReceiptSchema,
  UnitsSchema,
  VersionBody,
  VoteBody,
  VoteSchema,
  VotesSchema,
} from './votes.schemas.ts';
import * as votes from './votes.service.ts';

const tags = ['votes'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 422: ProblemSchema };

export const votesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = { db: app.db, dataDir: app.config.dataDir };
  const db = app.db;

  app.get(
    '/api/votes',
    {
      schema: {
        tags,
        summary: "Staff: an area's votes. Residents and deputies: the votes they take part in",
        querystring: ListQuery,
        response: { 200: VotesSchema, ...problems },
      },
    },
    async (request) => votes.listVotes(db, request.auth, request.query.areaCode),
  );
  app.post(
    '/api/votes',
    {
      schema: {
        tags,
        summary:
          "Create a vote: an owners' vote of an estate (art. 278; ordinary or items 6–8) or a simple vote of a meeting's participants",
        body: VoteBody,
        response: { 201: VoteSchema, ...writeProblems },
      },
    },
    async (request, reply) => reply.code(201).send(await votes.createVote(db, request.auth, request.body)),
  );
  app.get(
    '/api/votes/:id',
    {
      schema: {
        tags,
        summary: "A vote: its electorate's size, the result once published, a voter's own ballot and receipt",
        params: IdParams,
        response: { 200: VoteSchema, ...problems },
      },
    },
    async (request) => votes.getVote(db, request.auth, request.params.id),
  );
  for (const [move, summary] of [
    ['open', 'Open a vote: its electorate is frozen (units of owners with their exclusive areas)'],
    ['close', 'Close a vote and count it exactly'],
    ['publish', 'Publish the result to the voters and as a notice to the community'],
  ] as const)
    app.post(
      `/api/votes/:id/${move}`,
      {
        schema: {
          tags,
          summary,
          params: IdParams,
          body: VersionBody,
          response: { 200: VoteSchema, ...writeProblems },
        },
      },
      async (request) => {
        const fn = move === 'open' ? votes.openVote : move === 'close' ? votes.closeVote : votes.publishVote;
        return fn(db, request.auth, request.params.id, request.body.version);
      },
    );
  app.post(
    '/api/votes/:id/ballots',
    {
      schema: {
        tags,
        summary:
          "Vote online (a voter): replaces the unit's earlier ballot until the vote closes; answers a receipt",
        params: IdParams,
        body: BallotBody,
        response: { 201: ReceiptSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await votes.castOnline(db, request.auth, request.params.id, request.body)),
  );
  app.post(
    '/api/votes/:id/paper-ballots',
    {
      bodyLimit: 14_000_000 + 10_000,
      schema: {
        tags,
        summary: 'Enter a paper ballot with its photo (grid worker): the signing owner and the house',
        params: IdParams,
        body: PaperBallotBody,
        response: { 201: ReceiptSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await votes.castPaper(ctx, request.auth, request.params.id, request.body)),
  );
  app.get(
    '/api/votes/:id/units',
    {
      schema: {
        tags,
        summary: 'Staff: the electorate (houses, masked owners, areas) and who has voted, not how',
        params: IdParams,
        response: { 200: UnitsSchema, ...problems },
      },
    },
    async (request) => votes.unitsOfVote(db, request.auth, request.params.id),
  );
  app.get(
    '/api/votes/:id/history',
    {
      schema: {
        tags,
        summary: 'Staff: every ballot cast, replaced ones too (choices sealed until the vote closes)',
        params: IdParams,
        response: { 200: HistorySchema, ...problems },
      },
    },
    async (request) => votes.historyOfVote(db, request.auth, request.params.id),
  );
  app.get(
    '/api/votes/:id/ballots/:ballotId/photo',
    {
      schema: {
        tags,
        summary: "Staff: a paper ballot's photo",
        params: PhotoParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problems },
      },
    },
    async (request, reply) => {
      const file = await votes.ballotPhoto(ctx, request.auth, request.params.id, request.params.ballotId);
      return reply.type(file.type).header('x-content-type-options', 'nosniff').send(file.bytes);
    },
  );
};
