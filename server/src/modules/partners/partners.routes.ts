import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import * as bookings from './bookings.service.ts';
import {
  ApplicationBody,
  ApplicationReceipt,
  ApproveBody,
  ApprovedSchema,
  BookingBody,
  BookingSchema,
  BookingsQuery,
  FiguresQuery,
  FiguresSchema,
  IdParams,
  MoveBody,
  PartnerSchema,
  PartnersQuery,
  RatingBody,
  RejectBody,
  ServiceBody,
  ServiceSchema,
  ServicesQuery,
  ServiceUpdateBody,
} from './partners.schemas.ts';
import * as partners from './partners.service.ts';

const tags = ['partners'];
const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 422: ProblemSchema };

export const partnersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = { db: app.db, pii: app.pii };

  app.post(
    '/api/public/partner-applications',
    {
      // Like the residents' sign-up: a public write, limited per address.
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        security: [],
        summary: 'Apply to be a partner (a bank, a shop, a charity, an IT firm): no login needed',
        body: ApplicationBody,
        response: { 201: ApplicationReceipt, 400: ProblemSchema, 422: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await partners.apply(ctx, request.auth, request.body)),
  );

  app.get(
    '/api/partners',
    {
      schema: {
        tags,
        summary: 'Partners and applications placed in an area',
        querystring: PartnersQuery,
        response: { 200: Type.Array(PartnerSchema), ...problems },
      },
    },
    async (request) => partners.listPartners(ctx, request.auth, request.query),
  );

  app.get(
    '/api/partners/figures',
    {
      schema: {
        tags,
        summary: 'Per community: partners, services offered, bookings, done, average rating',
        querystring: FiguresQuery,
        response: { 200: FiguresSchema, ...problems },
      },
    },
    async (request) => partners.figures(ctx, request.auth, request.query),
  );

  app.get(
    '/api/partners/:id',
    {
      schema: {
        tags,
        summary: 'One partner (a partner account: its own)',
        params: IdParams,
        response: { 200: PartnerSchema, ...problems },
      },
    },
    async (request) => partners.getPartner(ctx, request.auth, request.params.id),
  );

  app.post(
    '/api/partners/:id/approve',
    {
      schema: {
        tags,
        summary:
          "Approve an application; makes the partner's first account (temporary password answered once)",
        params: IdParams,
        body: ApproveBody,
        response: { 200: ApprovedSchema, ...writeProblems },
      },
    },
    async (request) => partners.approve(ctx, request.auth, request.params.id, request.body),
  );

  app.post(
    '/api/partners/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject an application, with the reason',
        params: IdParams,
        body: RejectBody,
        response: { 200: PartnerSchema, ...writeProblems },
      },
    },
    async (request) => partners.reject(ctx, request.auth, request.params.id, request.body),
  );

  app.get(
    '/api/partner-services',
    {
      schema: {
        tags,
        summary:
          'Services: staff those of their area, a partner its own, a resident those offered where they live',
        querystring: ServicesQuery,
        response: { 200: Type.Array(ServiceSchema), ...problems },
      },
    },
    async (request) => partners.listServices(ctx, request.auth, request.query),
  );

  app.post(
    '/api/partner-services',
    {
      schema: {
        tags,
        summary: "Offer a service (a partner account, in its partner's area)",
        body: ServiceBody,
        response: { 201: ServiceSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await partners.createService(ctx, request.auth, request.body)),
  );

  app.get(
    '/api/partner-services/:id',
    {
      schema: {
        tags,
        summary: 'One service',
        params: IdParams,
        response: { 200: ServiceSchema, ...problems },
      },
    },
    async (request) => partners.getService(ctx, request.auth, request.params.id),
  );

  app.patch(
    '/api/partner-services/:id',
    {
      schema: {
        tags,
        summary: 'Change or close a service, with the version read',
        params: IdParams,
        body: ServiceUpdateBody,
        response: { 200: ServiceSchema, ...writeProblems },
      },
    },
    async (request) => partners.updateService(ctx, request.auth, request.params.id, request.body),
  );

  app.get(
    '/api/partner-bookings',
    {
      schema: {
        tags,
        summary: "Bookings: staff those of their area's residents, a partner its own, a resident their own",
        querystring: BookingsQuery,
        response: { 200: Type.Array(BookingSchema), ...problems },
      },
    },
    async (request) => bookings.listBookings(ctx, request.auth, request.query),
  );

  app.post(
    '/api/partner-bookings',
    {
      schema: {
        tags,
        summary: 'Book or claim a place of a service (a resident); refused when it is full',
        body: BookingBody,
        response: { 201: BookingSchema, ...writeProblems },
      },
    },
    async (request, reply) => reply.code(201).send(await bookings.book(ctx, request.auth, request.body)),
  );

  app.get(
    '/api/partner-bookings/:id',
    {
      schema: {
        tags,
        summary: 'One booking (the partner of a confirmed home service sees the phone in full: audited)',
        params: IdParams,
        response: { 200: BookingSchema, ...problems },
      },
    },
    async (request) => bookings.getBooking(ctx, request.auth, request.params.id),
  );

  for (const [move, summary] of [
    ['confirm', 'The partner confirms a booking'],
    ['decline', 'The partner declines a booking (the place is freed)'],
    ['done', 'The partner marks a confirmed booking done'],
    ['cancel', 'The resident cancels their booking (the place is freed)'],
  ] as const)
    app.post(
      `/api/partner-bookings/:id/${move}`,
      {
        schema: {
          tags,
          summary,
          params: IdParams,
          body: MoveBody,
          response: { 200: BookingSchema, ...writeProblems },
        },
      },
      async (request) => bookings.moveBooking(ctx, request.auth, request.params.id, move, request.body),
    );

  app.post(
    '/api/partner-bookings/:id/rating',
    {
      schema: {
        tags,
        summary: 'The resident rates a done booking, 1–5 with a comment',
        params: IdParams,
        body: RatingBody,
        response: { 200: BookingSchema, ...writeProblems },
      },
    },
    async (request) => bookings.rate(ctx, request.auth, request.params.id, request.body),
  );
};
