import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { HOUSEHOLD_READS } from './households.repository.ts';
import {
  CreateHouseholdBody,
  type Household,
  HouseholdSchema,
  HouseholdsQuery,
  UpdateHouseholdBody,
} from './households.schemas.ts';
import * as households from './households.service.ts';
import { type RetireBody, registerRecordRoutes } from './records.routes.ts';
import { householdColumns } from './registry.exports.ts';

export const householdsRoutes: FastifyPluginAsync = async (app) => {
  const ctx = { db: app.db, pii: app.pii, gridIndex: app.gridIndex };
  registerRecordRoutes<
    HouseholdsQuery,
    CreateHouseholdBody,
    UpdateHouseholdBody,
    Static<typeof RetireBody>,
    Household
  >(app, {
    path: '/api/households',
    tag: 'households',
    noun: 'household',
    schemas: {
      item: HouseholdSchema,
      query: HouseholdsQuery,
      create: CreateHouseholdBody,
      update: UpdateHouseholdBody,
    },
    exportColumns: householdColumns,
    reads: HOUSEHOLD_READS,
    service: {
      list: (auth, query) => households.listHouseholds(ctx, auth, query),
      get: (auth, id) => households.getHousehold(ctx, auth, id),
      history: (auth, id) => households.householdHistory(ctx, auth, id),
      create: (auth, body) => households.createHousehold(ctx, auth, body),
      update: (auth, id, body) => households.updateHousehold(ctx, auth, id, body),
      retire: (auth, id, body) => households.retireHousehold(ctx, auth, id, body),
    },
  });
};
