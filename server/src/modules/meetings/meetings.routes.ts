import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import {
  DecisionPatch,
  DecisionSchema,
  DecisionsQuery,
  FileParams,
  IdParams,
  ListQuery,
  MeetingBody,
  MeetingSchema,
  MeetingSummarySchema,
  ParticipantsBody,
  RecordBody,
} from './meetings.schemas.ts';
import * as meetings from './meetings.service.ts';

const tags = ['meetings'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 422: ProblemSchema };

export const meetingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = { db: app.db, dataDir: app.config.dataDir };
  const db = app.db;
  app.get(
    '/api/meetings',
    {
      schema: {
        tags,
        summary:
          "Staff: an area's meetings. Residents and deputies: their community's public ones and their own",
        querystring: ListQuery,
        response: { 200: Type.Array(MeetingSummarySchema), ...problems },
      },
    },
    async (request) => meetings.listMeetings(db, request.auth, request.query.areaCode),
  );
  app.post(
    '/api/meetings',
    {
      bodyLimit: 5 * 14_000_000 + 100_000,
      schema: {
        tags,
        summary:
          'Call a consultation, hearing or owners’ assembly: agenda, participants, attachments, a notice to the community',
        body: MeetingBody,
        response: { 201: MeetingSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await meetings.createMeeting(ctx, request.auth, request.body)),
  );
  app.get(
    '/api/meetings/:id',
    {
      schema: {
        tags,
        summary:
          'A meeting: agenda, participants, attachments, minutes, attendance, decisions and their progress',
        params: IdParams,
        response: { 200: MeetingSchema, ...problems },
      },
    },
    async (request) => meetings.getMeeting(db, request.auth, request.params.id),
  );
  app.post(
    '/api/meetings/:id/participants',
    {
      schema: {
        tags,
        summary: 'Invite participants: residents, deputies, organizations, departments',
        params: IdParams,
        body: ParticipantsBody,
        response: { 200: MeetingSchema, ...writeProblems },
      },
    },
    async (request) =>
      meetings.addParticipants(db, request.auth, request.params.id, request.body.participants),
  );
  app.post(
    '/api/meetings/:id/register',
    {
      schema: {
        tags,
        summary: 'Register oneself for a meeting (a resident or deputy)',
        params: IdParams,
        response: { 200: MeetingSchema, ...writeProblems },
      },
    },
    async (request) => meetings.register(db, request.auth, request.params.id),
  );
  app.post(
    '/api/meetings/:id/record',
    {
      schema: {
        tags,
        summary: 'After the meeting: minutes, attendance, decisions per agenda item with milestones',
        params: IdParams,
        body: RecordBody,
        response: { 200: MeetingSchema, ...writeProblems },
      },
    },
    async (request) => meetings.recordMeeting(db, request.auth, request.params.id, request.body),
  );
  app.get(
    '/api/meetings/:id/attachments/:fileId',
    {
      schema: {
        tags,
        summary: "A meeting's attachment",
        params: FileParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problems },
      },
    },
    async (request, reply) => {
      const file = await meetings.attachment(ctx, request.auth, request.params.id, request.params.fileId);
      return reply
        .type(file.contentType)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(file.bytes);
    },
  );
  app.get(
    '/api/decisions',
    {
      schema: {
        tags,
        summary: "Decisions of an area's meetings followed to completion; overdue ones flagged",
        querystring: DecisionsQuery,
        response: { 200: Type.Array(DecisionSchema), ...problems },
      },
    },
    async (request) =>
      meetings.listDecisions(db, request.auth, request.query.areaCode, request.query.overdue),
  );
  app.patch(
    '/api/decisions/:id',
    {
      schema: {
        tags,
        summary: 'Follow a decision: status, progress, milestones, linked cases (with the version seen)',
        params: IdParams,
        body: DecisionPatch,
        response: { 200: DecisionSchema, ...writeProblems },
      },
    },
    async (request) => meetings.updateDecision(db, request.auth, request.params.id, request.body),
  );
};
