import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import {
  EstateSchema,
  EstateSummarySchema,
  HouseBody,
  HouseParams,
  IdParams,
  ListQuery,
} from './estates.schemas.ts';
import * as estates from './estates.service.ts';

const tags = ['estates'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const estatesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;
  app.get(
    '/api/estates',
    {
      schema: {
        tags,
        summary: "An area's estates: buildings, houses, owners, total exclusive area (m², two decimals)",
        querystring: ListQuery,
        response: { 200: Type.Array(EstateSummarySchema), ...problems },
      },
    },
    async (request) => estates.listEstates(db, request.auth, request.query.areaCode),
  );
  app.get(
    '/api/estates/:id',
    {
      schema: {
        tags,
        summary: "An estate's houses with their exclusive floor areas and owners (masked)",
        params: IdParams,
        response: { 200: EstateSchema, ...problems },
      },
    },
    async (request) => estates.getEstate(db, request.auth, request.params.id),
  );
  app.put(
    '/api/estates/:id/houses/:houseId',
    {
      schema: {
        tags,
        summary: 'Change a house\'s exclusive floor area ("89.50") and owners, with the version seen',
        params: HouseParams,
        body: HouseBody,
        response: { 200: EstateSchema, ...problems, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) =>
      estates.updateHouse(db, request.auth, request.params.id, request.params.houseId, request.body),
  );
};
