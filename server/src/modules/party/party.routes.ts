import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, ProblemSchema } from '../../platform/http.ts';
import * as comply from './compliance.service.ts';
import * as members from './members.service.ts';
import {
  ArrearsSchema,
  ComplianceQuery,
  ComplianceSchema,
  CreateMemberBody,
  CreateOrgBody,
  DuesBody,
  FiguresQuery,
  FiguresSchema,
  HoursBody,
  HoursSchema,
  IdParams,
  MeetingBody,
  MeetingSchema,
  MeetingsQuery,
  MembersQuery,
  OrgsQuery,
  PartyMemberDetailSchema,
  PartyMemberSchema,
  PartyOrgSchema,
  RegistrationBody,
  RequirementsSchema,
  StatusBody,
  TransferBody,
  UpdateMemberBody,
  UpdateOrgBody,
} from './party.schemas.ts';
import * as orgs from './party.service.ts';

const tags = ['party'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 422: ProblemSchema };

/** Party building: every route needs party.read or party.manage, which only party roles hold. */
export const partyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = { db: app.db, pii: app.pii };

  app.get(
    '/api/party/orgs',
    {
      schema: {
        tags,
        summary: 'Party organizations placed in the area (parents first; the client draws the tree)',
        querystring: OrgsQuery,
        response: { 200: Type.Object({ items: Type.Array(PartyOrgSchema) }), ...problems },
      },
    },
    async (request) => orgs.listOrgs(ctx, request.auth, request.query),
  );
  app.post(
    '/api/party/orgs',
    {
      schema: {
        tags,
        summary: 'Set up a party organization (committee, general branch or branch)',
        body: CreateOrgBody,
        response: { 201: PartyOrgSchema, ...writeProblems },
      },
    },
    async (request, reply) => reply.code(201).send(await orgs.createOrg(ctx, request.auth, request.body)),
  );
  app.patch(
    '/api/party/orgs/:id',
    {
      schema: {
        tags,
        summary: 'Change an organization; needs the version read (409 version_conflict otherwise)',
        params: IdParams,
        body: UpdateOrgBody,
        response: { 200: PartyOrgSchema, ...writeProblems },
      },
    },
    async (request) => orgs.updateOrg(ctx, request.auth, request.params.id, request.body),
  );

  app.get(
    '/api/party/members',
    {
      schema: {
        tags,
        summary: 'Members of the organizations in the area; or those registered at its communities (双报到)',
        querystring: MembersQuery,
        response: { 200: Page(PartyMemberSchema), ...problems },
      },
    },
    async (request) => members.listMembers(ctx, request.auth, request.query),
  );
  app.post(
    '/api/party/members',
    {
      schema: {
        tags,
        summary: 'Record a member (or one transferred in from outside: transferredFrom)',
        body: CreateMemberBody,
        response: { 201: PartyMemberSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await members.createMember(ctx, request.auth, request.body)),
  );
  app.get(
    '/api/party/members/:id',
    {
      schema: {
        tags,
        summary: 'One member with transfer history and volunteer hours; numbers always masked',
        params: IdParams,
        response: { 200: PartyMemberDetailSchema, ...problems },
      },
    },
    async (request) => members.getMember(ctx, request.auth, request.params.id),
  );
  app.patch(
    '/api/party/members/:id',
    {
      schema: {
        tags,
        summary: 'Change a member’s details; needs the version read',
        params: IdParams,
        body: UpdateMemberBody,
        response: { 200: PartyMemberSchema, ...writeProblems },
      },
    },
    async (request) => members.updateMember(ctx, request.auth, request.params.id, request.body),
  );
  const memberWrite = <
    B extends typeof StatusBody | typeof TransferBody | typeof DuesBody | typeof RegistrationBody,
  >(
    path: string,
    summary: string,
    body: B,
    run:
      | typeof members.moveStatus
      | typeof members.transfer
      | typeof members.payDues
      | typeof members.register,
  ) =>
    app.post(
      `/api/party/members/:id/${path}`,
      {
        schema: {
          tags,
          summary,
          params: IdParams,
          body,
          response: { 200: PartyMemberSchema, ...writeProblems },
        },
      },
      // biome-ignore lint/suspicious/noExplicitAny: each route's body is the one its service takes
      async (request) => run(ctx, request.auth, request.params.id, request.body as any),
    );
  memberWrite('status', 'Move the status one step forward, with its date', StatusBody, members.moveStatus);
  memberWrite(
    'transfer',
    'Transfer to another organization of the area, or out of the district',
    TransferBody,
    members.transfer,
  );
  memberWrite('dues', 'Record dues paid up to a later month', DuesBody, members.payDues);
  memberWrite(
    'registration',
    '双报到: register an in-service member at their residential community',
    RegistrationBody,
    members.register,
  );
  app.post(
    '/api/party/members/:id/hours',
    {
      schema: {
        tags,
        summary: 'Record volunteer hours served at the community registered at',
        params: IdParams,
        body: HoursBody,
        response: { 201: HoursSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await members.addHours(ctx, request.auth, request.params.id, request.body)),
  );

  app.get(
    '/api/party/meetings',
    {
      schema: {
        tags,
        summary: 'Organizational life (三会一课 and other meetings) in the area, newest first',
        querystring: MeetingsQuery,
        response: { 200: Page(MeetingSchema), ...problems },
      },
    },
    async (request) => comply.listMeetings(ctx, request.auth, request.query),
  );
  app.post(
    '/api/party/meetings',
    {
      schema: {
        tags,
        summary: 'Log a meeting of an organization',
        body: MeetingBody,
        response: { 201: MeetingSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await comply.recordMeeting(ctx, request.auth, request.body)),
  );
  app.get(
    '/api/party/requirements',
    {
      schema: {
        tags,
        summary: 'The organizational-life requirements compliance is checked against',
        response: { 200: RequirementsSchema, ...problems },
      },
    },
    async (request) => comply.getRequirements(ctx, request.auth),
  );
  app.put(
    '/api/party/requirements',
    {
      schema: {
        tags,
        summary: 'Replace the organizational-life requirements',
        body: RequirementsSchema,
        response: { 200: RequirementsSchema, ...writeProblems },
      },
    },
    async (request) => comply.putRequirements(ctx, request.auth, request.body),
  );
  app.get(
    '/api/party/compliance',
    {
      schema: {
        tags,
        summary: 'Per organization, what the month’s windows require: met, pending or missing',
        querystring: ComplianceQuery,
        response: { 200: ComplianceSchema, ...problems },
      },
    },
    async (request) => comply.compliance(ctx, request.auth, request.query),
  );
  app.get(
    '/api/party/arrears',
    {
      schema: {
        tags,
        summary: 'Members in dues arrears at a month',
        querystring: ComplianceQuery,
        response: { 200: ArrearsSchema, ...problems },
      },
    },
    async (request) => comply.arrears(ctx, request.auth, request.query),
  );
  app.get(
    '/api/party/figures',
    {
      schema: {
        tags,
        summary: 'Figures per street or community: organizations, members, meetings, 双报到',
        querystring: FiguresQuery,
        response: { 200: FiguresSchema, ...problems },
      },
    },
    async (request) => comply.figures(ctx, request.auth, request.query),
  );
};
