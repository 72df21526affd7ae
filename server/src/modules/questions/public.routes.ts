import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import * as pub from './questions.public.ts';
import {
  AnswererRecordSchema,
  IdParams,
  PublicCommunitySchema,
  PublicListQuery,
  PublicQuestionSchema,
  PublicRecordQuery,
} from './questions.schemas.ts';

const tags = ['questions'];
/**
 * The public pages' answers are kept by the read cache until a question of the community changes;
 * a minute at most, for "overdue now" and the names of deputies and departments.
 */
const PUBLIC_READ = {
  reads: ['questions', 'departments', 'areas'],
  area: 'scope',
  ttlMs: 60_000,
  public: true,
} as const;

/** The public Q&A pages' data, served without a session (and without personal data). */
export const publicQuestionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);
  app.get(
    '/api/public/questions',
    {
      config: { readCache: PUBLIC_READ },
      schema: {
        tags,
        summary: 'Answered public questions of a community (no login; searchable)',
        security: [],
        querystring: PublicListQuery,
        response: { 200: Page(PublicQuestionSchema) },
      },
    },
    async (request) => pub.publicQuestions(app.db, request.query, lang(request)),
  );
  app.get(
    '/api/public/questions/:id',
    {
      config: { readCache: PUBLIC_READ },
      schema: {
        tags,
        summary: 'One answered public question (no login)',
        security: [],
        params: IdParams,
        response: { 200: PublicQuestionSchema, 404: ProblemSchema },
      },
    },
    async (request) => pub.publicQuestion(app.db, request.params.id, lang(request)),
  );
  app.get(
    '/api/public/communities',
    {
      config: { readCache: PUBLIC_READ },
      schema: {
        tags,
        summary: 'The communities the public Q&A and notices pages can be opened for (names only)',
        security: [],
        response: { 200: Type.Array(PublicCommunitySchema) },
      },
    },
    async () => pub.publicCommunities(app.db),
  );
  app.get(
    '/api/public/answerers',
    {
      config: { readCache: PUBLIC_READ },
      schema: {
        tags,
        summary:
          "Each deputy's and department's record: asked, answered, on time, average rating, overdue now",
        security: [],
        querystring: PublicRecordQuery,
        response: { 200: Type.Array(AnswererRecordSchema) },
      },
    },
    async (request) => pub.answererRecords(app.db, request.query),
  );
};
