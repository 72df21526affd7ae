import type { FastifyPluginAsync } from 'fastify';
import {
  CreatePersonBody,
  PeopleQuery,
  type Person,
  PersonSchema,
  RetirePersonBody,
  UpdatePersonBody,
} from './people.schemas.ts';
import * as people from './people.service.ts';
import { registerRecordRoutes } from './records.routes.ts';
import { peopleColumns } from './registry.exports.ts';

export const peopleRoutes: FastifyPluginAsync = async (app) => {
  const ctx = { db: app.db, pii: app.pii };
  registerRecordRoutes<PeopleQuery, CreatePersonBody, UpdatePersonBody, RetirePersonBody, Person>(app, {
    path: '/api/people',
    tag: 'people',
    noun: 'person',
    schemas: {
      item: PersonSchema,
      query: PeopleQuery,
      create: CreatePersonBody,
      update: UpdatePersonBody,
      retire: RetirePersonBody,
    },
    exportColumns: peopleColumns,
    service: {
      list: (auth, query, lang) => people.listPeople(ctx, auth, query, lang),
      get: (auth, id, lang) => people.getPerson(ctx, auth, id, lang),
      history: (auth, id) => people.personHistory(ctx, auth, id),
      create: (auth, body, lang) => people.createPerson(ctx, auth, body, lang),
      update: (auth, id, body, lang) => people.updatePerson(ctx, auth, id, body, lang),
      retire: (auth, id, body, lang) => people.retirePerson(ctx, auth, id, body, lang),
    },
  });
};
