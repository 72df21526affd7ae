import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import * as contacts from './contacts.service.ts';
import * as rewards from './rewards.service.ts';
import {
  ContactCardSchema,
  CreateMemberBody,
  ForceContactBody,
  ForceContactSchema,
  ForceSchema,
  ForcesQuery,
  GridParams,
  HistorySchema,
  IdParams,
  MemberDetailSchema,
  MemberSchema,
  MembersQuery,
  QualificationBody,
  QualificationSchema,
  RewardLedgerSchema,
  RewardRulesSchema,
  RewardsQuery,
  TrainingBody,
  TrainingSchema,
  UpdateMemberBody,
} from './teams.schemas.ts';
import * as teams from './teams.service.ts';

const tags = ['teams'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 422: ProblemSchema };

export const teamsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = { db: app.db, pii: app.pii };
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);

  app.get(
    '/api/team-members',
    {
      schema: {
        tags,
        summary: 'Team members (3+10+N) who belong to or serve the area',
        querystring: MembersQuery,
        response: { 200: Page(MemberSchema), ...problems },
      },
    },
    async (request) => teams.listMembers(ctx, request.auth, request.query, lang(request)),
  );
  app.post(
    '/api/team-members',
    {
      schema: {
        tags,
        summary: 'Add a team member (a team or a force; grids served, grid head of some)',
        body: CreateMemberBody,
        response: { 201: MemberSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await teams.createMember(ctx, request.auth, request.body, lang(request))),
  );
  app.get(
    '/api/team-members/:id',
    {
      schema: {
        tags,
        summary: 'One member, with qualifications and trainings',
        params: IdParams,
        response: { 200: MemberDetailSchema, ...problems },
      },
    },
    async (request) => teams.getMember(ctx, request.auth, request.params.id, lang(request)),
  );
  app.patch(
    '/api/team-members/:id',
    {
      schema: {
        tags,
        summary: 'Change a member; needs the version read (409 version_conflict otherwise)',
        params: IdParams,
        body: UpdateMemberBody,
        response: { 200: MemberSchema, ...writeProblems },
      },
    },
    async (request) => teams.updateMember(ctx, request.auth, request.params.id, request.body, lang(request)),
  );
  app.get(
    '/api/team-members/:id/history',
    {
      schema: {
        tags,
        summary: 'Changes of one member, newest first',
        params: IdParams,
        response: { 200: HistorySchema, ...problems },
      },
    },
    async (request) => ({
      items: await teams.memberHistory(ctx, request.auth, request.params.id, lang(request)),
    }),
  );
  app.post(
    '/api/team-members/:id/qualifications',
    {
      schema: {
        tags,
        summary: 'Record a social-worker qualification (certificate and dates)',
        params: IdParams,
        body: QualificationBody,
        response: { 201: QualificationSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await teams.addQualification(ctx, request.auth, request.params.id, request.body)),
  );
  app.post(
    '/api/team-members/:id/trainings',
    {
      schema: {
        tags,
        summary: 'Record a training attended',
        params: IdParams,
        body: TrainingBody,
        response: { 201: TrainingSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await teams.addTraining(ctx, request.auth, request.params.id, request.body)),
  );
  app.get(
    '/api/forces',
    {
      schema: {
        tags,
        summary: 'The professional forces, with their units and on-duty contacts in and above the area',
        querystring: ForcesQuery,
        response: { 200: Type.Object({ items: Type.Array(ForceSchema) }), ...problems },
      },
    },
    async (request) => contacts.listForces(ctx, request.auth, request.query.areaCode, lang(request)),
  );
  app.put(
    '/api/force-contacts',
    {
      schema: {
        tags,
        summary: 'Set a force’s unit and on-duty contact for an area (one per force and area)',
        body: ForceContactBody,
        response: { 200: ForceContactSchema, ...writeProblems },
      },
    },
    async (request) => contacts.putForceContact(ctx, request.auth, request.body, lang(request)),
  );
  app.get(
    '/api/grids/:code/contacts',
    {
      schema: {
        tags,
        summary: 'The grid’s contact card: head, teams, forces; work phones only (residents see it too)',
        params: GridParams,
        response: { 200: ContactCardSchema, ...problems },
      },
    },
    async (request) => contacts.contactCard(ctx, request.auth, request.params.code, lang(request)),
  );
  app.get(
    '/api/team-rewards/rules',
    {
      schema: {
        tags,
        summary: 'Yearly reward per social-worker level (yuan)',
        response: { 200: RewardRulesSchema, ...problems },
      },
    },
    async (request) => rewards.getRewardRules(ctx, request.auth),
  );
  app.put(
    '/api/team-rewards/rules',
    {
      schema: {
        tags,
        summary: 'Set the yearly reward per level (district administrator)',
        body: RewardRulesSchema,
        response: { 200: RewardRulesSchema, ...writeProblems },
      },
    },
    async (request) => rewards.putRewardRules(ctx, request.auth, request.body),
  );
  app.get(
    '/api/team-rewards',
    {
      schema: {
        tags,
        summary: 'The reward ledger of a year, computed from the rules and the certificates',
        querystring: RewardsQuery,
        response: { 200: RewardLedgerSchema, ...problems },
      },
    },
    async (request) => rewards.rewardLedger(ctx, request.auth, request.query),
  );
};
