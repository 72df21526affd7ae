import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import { PERSON_READS } from './people.repository.ts';
import {
  CreatePersonBody,
  PeopleQuery,
  type Person,
  PersonSchema,
  RetirePersonBody,
  RevealBody,
  RevealResponse,
  UpdatePersonBody,
} from './people.schemas.ts';
import * as people from './people.service.ts';
import { registerRecordRoutes } from './records.routes.ts';
import { peopleColumns } from './registry.exports.ts';
import { IdParams } from './registry.schemas.ts';

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
    reads: PERSON_READS,
    service: {
      list: (auth, query, lang) => people.listPeople(ctx, auth, query, lang),
      get: (auth, id, lang) => people.getPerson(ctx, auth, id, lang),
      history: (auth, id) => people.personHistory(ctx, auth, id),
      create: (auth, body, lang) => people.createPerson(ctx, auth, body, lang),
      update: (auth, id, body, lang) => people.updatePerson(ctx, auth, id, body, lang),
      retire: (auth, id, body, lang) => people.retirePerson(ctx, auth, id, body, lang),
      exportBatches: (auth, query, lang, begin) => people.exportPeople(ctx, auth, query, lang, begin),
    },
  });

  app.post<{ Params: Static<typeof IdParams>; Body: RevealBody }>(
    '/api/people/:id/reveal',
    {
      schema: {
        tags: ['people'],
        summary: "One person's full ID and phone number, for a stated purpose (needs pii.reveal; audited)",
        params: IdParams,
        body: RevealBody,
        response: {
          200: RevealResponse,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => people.revealPerson(ctx, request.auth, request.params.id, request.body),
  );
};
