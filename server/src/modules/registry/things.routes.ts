import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { type RetireBody, registerRecordRoutes } from './records.routes.ts';
import { thingColumns } from './registry.exports.ts';
import { THING_READS } from './things.repository.ts';
import { CreateThingBody, type Thing, ThingSchema, ThingsQuery, UpdateThingBody } from './things.schemas.ts';
import * as things from './things.service.ts';

export const thingsRoutes: FastifyPluginAsync = async (app) => {
  const ctx = { db: app.db, pii: app.pii, gridIndex: app.gridIndex };
  registerRecordRoutes<ThingsQuery, CreateThingBody, UpdateThingBody, Static<typeof RetireBody>, Thing>(app, {
    path: '/api/things',
    tag: 'things',
    noun: 'urban component',
    schemas: { item: ThingSchema, query: ThingsQuery, create: CreateThingBody, update: UpdateThingBody },
    exportColumns: thingColumns,
    reads: THING_READS,
    service: {
      list: (auth, query) => things.listThings(ctx, auth, query),
      get: (auth, id) => things.getThing(ctx, auth, id),
      history: (auth, id) => things.thingHistory(ctx, auth, id),
      create: (auth, body) => things.createThing(ctx, auth, body),
      update: (auth, id, body) => things.updateThing(ctx, auth, id, body),
      retire: (auth, id, body) => things.retireThing(ctx, auth, id, body),
    },
  });
};
