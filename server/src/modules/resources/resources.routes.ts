import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import { importLedger } from './resources.import.ts';
import {
  EntriesQuery,
  EntriesSchema,
  FundBody,
  FundSchema,
  ImportBody,
  ImportSchema,
  KindParams,
  PersonBody,
  PersonSchema,
  RoomBody,
  RoomSchema,
  SummaryQuery,
  SummarySchema,
  UpdateFundBody,
  UpdatePersonBody,
  UpdateRoomBody,
  VersionBody,
} from './resources.schemas.ts';
import * as resources from './resources.service.ts';

const tags = ['resources'];
const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 422: ProblemSchema };
// The ledger, base64 (4/3 larger) and the rest of the body.
const IMPORT_BODY_LIMIT = 12 * 1024 * 1024;

export const resourcesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;

  app.get(
    '/api/resources/summary',
    {
      schema: {
        tags,
        summary:
          'Per community of an area and a year: funds allocated and spent, per household and grid, people, rooms',
        querystring: SummaryQuery,
        response: { 200: SummarySchema, ...problems },
      },
    },
    async (request) => resources.summary(db, request.auth, request.query),
  );

  app.get(
    '/api/resources/entries',
    {
      schema: {
        tags,
        summary: "A community's fund lines, people and rooms of a year",
        querystring: EntriesQuery,
        response: { 200: EntriesSchema, ...problems },
      },
    },
    async (request) => resources.entries(db, request.auth, request.query),
  );

  app.post(
    '/api/resources/funds',
    {
      schema: {
        tags,
        summary: 'A fund line of a community and year (the same category again replaces it)',
        body: FundBody,
        response: { 201: FundSchema, ...writeProblems },
      },
    },
    async (request, reply) => reply.code(201).send(await resources.addFund(db, request.auth, request.body)),
  );

  app.post(
    '/api/resources/people',
    {
      schema: {
        tags,
        summary: 'A person sunk to a community (who, from where, since when)',
        body: PersonBody,
        response: { 201: PersonSchema, ...writeProblems },
      },
    },
    async (request, reply) => reply.code(201).send(await resources.addPerson(db, request.auth, request.body)),
  );

  app.post(
    '/api/resources/rooms',
    {
      schema: {
        tags,
        summary: 'A room or service space of a community (m², purpose)',
        body: RoomBody,
        response: { 201: RoomSchema, ...writeProblems },
      },
    },
    async (request, reply) => reply.code(201).send(await resources.addRoom(db, request.auth, request.body)),
  );

  app.put(
    '/api/resources/:kind/:id',
    {
      schema: {
        tags,
        summary: 'Change a fund line, person or room, sent with the version the caller saw',
        params: KindParams,
        body: Type.Union([UpdateFundBody, UpdatePersonBody, UpdateRoomBody]),
        response: { 200: Type.Union([FundSchema, PersonSchema, RoomSchema]), ...writeProblems },
      },
    },
    async (request) =>
      resources.updateEntry(db, request.auth, request.params.kind, request.params.id, request.body),
  );

  app.delete(
    '/api/resources/:kind/:id',
    {
      schema: {
        tags,
        summary: 'Remove a fund line, person or room, with the version the caller saw',
        params: KindParams,
        querystring: VersionBody,
        response: { 204: Type.Null(), ...writeProblems },
      },
    },
    async (request, reply) => {
      await resources.deleteEntry(
        db,
        request.auth,
        request.params.kind,
        request.params.id,
        request.query.version,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/resources/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Import a resources ledger (XLSX: sheets funds, people, rooms) for a year, all or nothing',
        body: ImportBody,
        response: { 201: ImportSchema, ...writeProblems },
      },
    },
    async (request, reply) => reply.code(201).send(await importLedger(db, request.auth, request.body)),
  );
};
