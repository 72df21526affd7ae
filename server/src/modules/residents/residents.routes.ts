import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import {
  ApplicationBody,
  ApplicationSchema,
  ApplicationsQuery,
  ApproveBody,
  IdParams,
  RejectBody,
  SignupBody,
  SignupDone,
  SignupStarted,
  SmsSettingsBody,
  SmsSettingsSchema,
  VerifyBody,
} from './residents.schemas.ts';
import * as residents from './residents.service.ts';

const tags = ['residents'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const publicProblems = {
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
  429: ProblemSchema,
  503: ProblemSchema,
};

export const residentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = {
    db: app.db,
    pii: app.pii,
    production: app.config.nodeEnv === 'production',
    log: (message: string) => app.log.warn(message),
  };
  // Per address as well as per phone and ID (counted in the service): a bot trying many IDs.
  const limited = { rateLimit: { max: 30, timeWindow: '1 minute' } };

  app.post(
    '/api/resident-signup',
    {
      config: limited,
      schema: {
        tags,
        security: [],
        summary:
          'Sign up as a registered resident: name, ID number and phone must match the registry; a code is texted',
        body: SignupBody,
        response: { 201: SignupStarted, ...publicProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await residents.startSignup(ctx, request.body, request.ip)),
  );
  app.post(
    '/api/resident-applications',
    {
      config: limited,
      schema: {
        tags,
        security: [],
        summary:
          'Apply as a resident not in the registry; a community worker approves (after the texted code)',
        body: ApplicationBody,
        response: { 201: SignupStarted, ...publicProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await residents.startApplication(ctx, request.body, request.ip)),
  );
  app.post(
    '/api/resident-signup/:id/verify',
    {
      config: limited,
      schema: {
        tags,
        security: [],
        summary: 'The texted code: makes the account (or sends the application to the community)',
        params: IdParams,
        body: VerifyBody,
        response: { 200: SignupDone, ...publicProblems },
      },
    },
    async (request) => residents.verifySignup(ctx, request.params.id, request.body.code),
  );
  app.get(
    '/api/resident-applications',
    {
      schema: {
        tags,
        summary: 'Applications of residents not in the registry, awaiting a decision in the area',
        querystring: ApplicationsQuery,
        response: { 200: Type.Array(ApplicationSchema), ...problems },
      },
    },
    async (request) => residents.listApplications(ctx, request.auth, request.query),
  );
  app.post(
    '/api/resident-applications/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve an application: the account is made, bound to the grid chosen',
        params: IdParams,
        body: ApproveBody,
        response: { 200: SignupDone, ...problems, 422: ProblemSchema },
      },
    },
    async (request) => residents.approve(ctx, request.auth, request.params.id, request.body.gridCode),
  );
  app.post(
    '/api/resident-applications/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject an application, with a reason',
        params: IdParams,
        body: RejectBody,
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      await residents.reject(ctx, request.auth, request.params.id, request.body.reason);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/settings/sms',
    {
      schema: {
        tags,
        summary: 'The SMS gateway (its secret is never shown)',
        response: { 200: SmsSettingsSchema, ...problems },
      },
    },
    async (request) => residents.getSmsSettings(ctx, request.auth),
  );
  app.put(
    '/api/settings/sms',
    {
      schema: {
        tags,
        summary: 'Set the SMS gateway URL and secret (null URL: none; development logs the codes)',
        body: SmsSettingsBody,
        response: { 200: SmsSettingsSchema, ...problems, 422: ProblemSchema },
      },
    },
    async (request) => residents.putSmsSettings(ctx, request.auth, request.body),
  );
};
