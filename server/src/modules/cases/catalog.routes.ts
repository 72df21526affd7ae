import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import { ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import { suggestedDepartment } from './cases.moves.ts';
import { IdParams } from './cases.schemas.ts';
import { getCase } from './cases.service.ts';
import * as repo from './catalog.repository.ts';
import { CategorySchema } from './catalog.schemas.ts';

const tags = ['cases'];
const problems = { 401: ProblemSchema };

/**
 * What the case forms choose from: the categories (two levels; the departments and forces are in
 * modules/departments), and the department routing suggests for one case. Anyone signed in may read them: residents
 * report cases too.
 */
export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);

  app.get(
    '/api/case-categories',
    {
      schema: {
        tags,
        summary: 'Case categories, parents first, named in the caller’s language',
        response: { 200: Type.Object({ items: Type.Array(CategorySchema) }), ...problems },
      },
    },
    async (request) => {
      if (!request.auth) throw new AppError('unauthenticated');
      const zh = lang(request) === 'zh';
      const rows = await repo.categories(app.db);
      return {
        items: rows.map((c) => ({
          code: c.code,
          parentCode: c.parent_code,
          name: zh ? c.name_zh : c.name_en,
          departmentCode: c.department_code,
          timeLimits: c.time_limits,
          version: c.version,
        })),
      };
    },
  );

  app.get(
    '/api/cases/:id/suggestion',
    {
      schema: {
        tags,
        summary: 'The department routing suggests for a case (what dispatch defaults to)',
        params: IdParams,
        response: {
          200: Type.Object({ departmentCode: Type.Union([Type.String(), Type.Null()]) }),
          ...problems,
          403: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      // Only someone who may see the case learns where it would go.
      const kase = await getCase(app.cases, request.auth, request.params.id, lang(request));
      return { departmentCode: await suggestedDepartment(app.db, kase.categoryCode, kase.gridCode) };
    },
  );
};
