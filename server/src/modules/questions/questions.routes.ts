import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import { questionToCase } from './questions.case.ts';
import * as rules from './questions.rules.ts';
import { satisfaction } from './questions.satisfaction.ts';
import {
  AnswerBody,
  AnswererSchema,
  AskBody,
  IdParams,
  InboxQuery,
  ListQuery,
  MineQuery,
  ModerateBody,
  NotificationSchema,
  PhotoParams,
  QuestionDetailSchema,
  QuestionSchema,
  QuestionSettingsSchema,
  RatingBody,
  SatisfactionQuery,
  SatisfactionSchema,
  ToCaseBody,
} from './questions.schemas.ts';
import * as questions from './questions.service.ts';

const tags = ['questions'];
const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 422: ProblemSchema };

export const questionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = { db: app.db, cases: app.cases, dataDir: app.config.dataDir };
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);

  app.get(
    '/api/question-answerers',
    {
      schema: {
        tags,
        summary: "Who a resident may ask: their community's deputies and the departments",
        response: { 200: Type.Array(AnswererSchema), ...problems },
      },
    },
    async (request) => questions.answerers(ctx, request.auth, lang(request)),
  );
  app.post(
    '/api/questions',
    {
      bodyLimit: 6 * 7_000_000 + 100_000,
      schema: {
        tags,
        summary:
          'Ask a deputy or a department (ID, phone and plate numbers are masked; sensitive words hold it)',
        body: AskBody,
        response: { 201: QuestionDetailSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await questions.ask(ctx, request.auth, request.body, lang(request))),
  );
  app.get(
    '/api/questions',
    {
      schema: {
        tags,
        summary: "Community staff: the area's questions (state=held is the moderation queue)",
        querystring: ListQuery,
        response: { 200: Page(QuestionSchema), ...problems },
      },
    },
    async (request) => questions.list(ctx, request.auth, request.query, lang(request)),
  );
  app.get(
    '/api/questions/satisfaction',
    {
      schema: {
        tags,
        summary:
          "Community staff: residents' ratings of answers and cases per area and answerer, with comments",
        querystring: SatisfactionQuery,
        response: { 200: SatisfactionSchema, ...problems },
      },
    },
    async (request) => satisfaction(ctx, request.auth, request.query, lang(request)),
  );
  app.get(
    '/api/questions/mine',
    {
      schema: {
        tags,
        summary: "A resident's own questions",
        querystring: MineQuery,
        response: { 200: Page(QuestionSchema), ...problems },
      },
    },
    async (request) => questions.mine(ctx, request.auth, request.query, lang(request)),
  );
  app.get(
    '/api/questions/inbox',
    {
      schema: {
        tags,
        summary: "The answerer's inbox: questions put to this deputy or this department",
        querystring: InboxQuery,
        response: { 200: Page(QuestionSchema), ...problems },
      },
    },
    async (request) => questions.inbox(ctx, request.auth, request.query, lang(request)),
  );
  app.get(
    '/api/questions/notifications',
    {
      schema: {
        tags,
        summary: "A resident's notifications (answers to questions asked or followed); marks them read",
        response: { 200: Type.Array(NotificationSchema), ...problems },
      },
    },
    async (request) => questions.notifications(ctx, request.auth),
  );
  app.get(
    '/api/questions/:id',
    {
      schema: {
        tags,
        summary: 'One question with its photos and history',
        params: IdParams,
        response: { 200: QuestionDetailSchema, ...problems },
      },
    },
    async (request) => questions.getQuestion(ctx, request.auth, request.params.id, lang(request)),
  );
  app.get(
    '/api/questions/:id/photos/:photoId',
    {
      schema: {
        tags,
        summary: 'A photo of a question (its checksum is verified first)',
        params: PhotoParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problems },
      },
    },
    async (request, reply) => {
      const file = await questions.photo(ctx, request.auth, request.params.id, request.params.photoId);
      return reply
        .type(file.contentType)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(file.bytes);
    },
  );
  const move = <B extends typeof ModerateBody | typeof AnswerBody | typeof RatingBody>(
    url: string,
    summary: string,
    body: B,
    run: (request: {
      auth: Parameters<typeof questions.moderate>[1];
      params: { id: string };
      body: import('typebox').Static<B>;
      headers: Record<string, unknown>;
    }) => Promise<unknown>,
  ) =>
    app.post(
      url,
      {
        schema: {
          tags,
          summary,
          params: IdParams,
          body,
          response: { 200: QuestionDetailSchema, ...writeProblems },
        },
      },
      // biome-ignore lint/suspicious/noExplicitAny: the body's type is B's, checked by the schema
      async (request) => run(request as any) as never,
    );
  move(
    '/api/questions/:id/moderate',
    'Publish or hide a question, with a reason (nothing is deleted)',
    ModerateBody,
    (r) => questions.moderate(ctx, r.auth, r.params.id, r.body as never, lang(r)),
  );
  move(
    '/api/questions/:id/answer',
    'Save a draft answer, publish it, or amend a published one (marked edited)',
    AnswerBody,
    (r) => questions.answer(ctx, r.auth, r.params.id, r.body as never, lang(r)),
  );
  move(
    '/api/questions/:id/rating',
    'The asker rates the answer 1–5, with an optional comment',
    RatingBody,
    (r) => questions.rate(ctx, r.auth, r.params.id, r.body as never, lang(r)),
  );
  app.post(
    '/api/questions/:id/reopen',
    {
      schema: {
        tags,
        summary: 'The asker, unsatisfied (rated 1 or 2), sends the question back to the answerer once',
        params: IdParams,
        response: { 200: QuestionDetailSchema, ...writeProblems },
      },
    },
    async (request) => questions.reopen(ctx, request.auth, request.params.id, lang(request)),
  );
  app.post(
    '/api/questions/:id/follow',
    {
      schema: {
        tags,
        summary: '"Me too": follow a public question of one\'s community and be told of its answer',
        params: IdParams,
        response: { 200: QuestionDetailSchema, ...writeProblems },
      },
    },
    async (request) => questions.follow(ctx, request.auth, request.params.id, lang(request)),
  );
  app.post(
    '/api/questions/:id/case',
    {
      schema: {
        tags,
        summary: "Turn the question into a case in one step (reported in the asker's name; linked both ways)",
        params: IdParams,
        body: ToCaseBody,
        response: {
          201: Type.Object({
            caseId: Type.String(),
            caseNumber: Type.String(),
            question: QuestionDetailSchema,
          }),
          ...writeProblems,
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await questionToCase(ctx, request.auth, request.params.id, request.body, lang(request))),
  );
  app.get(
    '/api/settings/questions',
    {
      schema: {
        tags,
        summary: 'The sensitive-word list and the answer deadlines per answerer kind',
        response: { 200: QuestionSettingsSchema, ...problems },
      },
    },
    async (request) => rules.getSettings(app.db, request.auth),
  );
  app.put(
    '/api/settings/questions',
    {
      schema: {
        tags,
        summary: 'Change the sensitive-word list and the answer deadlines',
        body: QuestionSettingsSchema,
        response: { 200: QuestionSettingsSchema, ...writeProblems },
      },
    },
    async (request) => rules.putSettings(app.db, request.auth, request.body),
  );
};
