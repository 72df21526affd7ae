import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import {
  CodeParams,
  CreateDepartmentBody,
  DepartmentSchema,
  ListQuery,
  RetireDepartmentBody,
  UpdateDepartmentBody,
} from './departments.schemas.ts';
import * as departments from './departments.service.ts';

const tags = ['departments'];
const problems = { 401: ProblemSchema, 403: ProblemSchema };
const writeProblems = { ...problems, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };

/** Departments and professional forces: everyone reads them, district administrators manage them. */
export const departmentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);

  app.get(
    '/api/departments',
    {
      schema: {
        tags,
        summary: 'Departments and professional forces that handle cases (active ones unless includeRetired)',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(DepartmentSchema) }), ...problems },
      },
    },
    async (request) => ({
      items: await departments.listDepartments(
        app.db,
        request.auth,
        request.query.includeRetired ?? false,
        lang(request),
      ),
    }),
  );

  app.post(
    '/api/departments',
    {
      schema: {
        tags,
        summary: 'Add a department or professional force (departments.manage)',
        body: CreateDepartmentBody,
        response: { 201: DepartmentSchema, ...writeProblems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await departments.createDepartment(app.db, request.auth, request.body, lang(request))),
  );

  app.patch(
    '/api/departments/:code',
    {
      schema: {
        tags,
        summary: 'Rename a unit (or change its kind or place) on the version read (departments.manage)',
        params: CodeParams,
        body: UpdateDepartmentBody,
        response: { 200: DepartmentSchema, ...writeProblems },
      },
    },
    async (request) =>
      departments.updateDepartment(app.db, request.auth, request.params.code, request.body, lang(request)),
  );

  app.post(
    '/api/departments/:code/retire',
    {
      schema: {
        tags,
        summary:
          'Retire a unit no category or routing rule names: it receives no new dispatches (departments.manage)',
        params: CodeParams,
        body: RetireDepartmentBody,
        response: { 200: DepartmentSchema, ...writeProblems },
      },
    },
    async (request) =>
      departments.retireDepartment(
        app.db,
        request.auth,
        request.params.code,
        request.body.version,
        lang(request),
      ),
  );
};
