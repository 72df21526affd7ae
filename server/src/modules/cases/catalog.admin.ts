import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { forget } from '../../db/cache.ts';
import type { Db } from '../../db/database.ts';
import type { TimeLimits } from '../../db/types.ts';
import { AreaCode, isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import { ProblemSchema } from '../../platform/http.ts';
import { fieldError } from '../registry/index.ts';

/**
 * What administrators change in the case catalogue: a category's names, parent, default department
 * and time limits (a new one, or a change on the version they read), and the routing rules that
 * send a category in an area to a department (the departments themselves: modules/departments). Everything is audited; the 10-second category cache
 * of this instance is dropped at once.
 */
const Hours = Type.Number({ exclusiveMinimum: 0, maximum: 2000 });
const CategoryBody = Type.Object(
  {
    parentCode: Type.Union([Type.String({ pattern: '^[a-z][a-z0-9_]{1,40}$' }), Type.Null()]),
    nameZh: Type.String({ minLength: 1, maxLength: 50 }),
    nameEn: Type.String({ minLength: 1, maxLength: 80 }),
    departmentCode: Type.Union([Type.String({ maxLength: 60 }), Type.Null()]),
    timeLimits: Type.Object(
      {
        register: Type.Optional(Hours),
        dispatch: Type.Optional(Hours),
        handle: Type.Optional(Hours),
        verify: Type.Optional(Hours),
        close: Type.Optional(Hours),
      },
      { additionalProperties: false, description: 'Working hours allowed for each step' },
    ),
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Required to change an existing category' }),
    ),
  },
  { additionalProperties: false },
);
const RuleBody = Type.Object(
  {
    categoryCode: Type.Union([Type.String({ maxLength: 60 }), Type.Null()]),
    areaCode: Type.Union([AreaCode, Type.Null()]),
    departmentCode: Type.String({ maxLength: 60 }),
  },
  { additionalProperties: false },
);
const RuleSchema = Type.Object({
  id: Type.String(),
  categoryCode: Type.Union([Type.String(), Type.Null()]),
  areaCode: Type.Union([Type.String(), Type.Null()]),
  departmentCode: Type.String(),
});
const tags = ['cases'];
const problems = {
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};

async function checkDepartment(db: Db, code: string | null) {
  if (code === null) return;
  const found = await db
    .selectFrom('departments')
    .select('code')
    .where('code', '=', code)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  if (!found) throw new AppError('department_not_found', { code });
}

export async function putCategory(
  db: Db,
  caller: Auth | null,
  code: string,
  body: Static<typeof CategoryBody>,
) {
  const auth = requirePermission(caller, 'cases.configure');
  await checkDepartment(db, body.departmentCode);
  if (body.parentCode !== null) {
    // Two levels: a parent is a top-level category, and not the category itself.
    const parent = await db
      .selectFrom('case_categories')
      .select(['code', 'parent_code'])
      .where('code', '=', body.parentCode)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    if (!parent || parent.parent_code !== null || parent.code === code)
      throw new AppError('category_not_found', { code: body.parentCode });
  }
  const values = {
    parent_code: body.parentCode,
    name_zh: body.nameZh.trim(),
    name_en: body.nameEn.trim(),
    department_code: body.departmentCode,
    time_limits: body.timeLimits as TimeLimits,
  };
  const saved = await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('case_categories')
      .select(['version', 'parent_code'])
      .where('code', '=', code)
      .forUpdate()
      .executeTakeFirst();
    let version: number;
    if (!current) {
      if (body.version !== undefined) throw new AppError('category_not_found', { code });
      await trx
        .insertInto('case_categories')
        .values({ code, ...values })
        .execute();
      version = 1;
    } else {
      if (body.version !== current.version)
        throw new AppError(
          'version_conflict',
          { currentVersion: current.version },
          { currentVersion: current.version },
        );
      if (current.parent_code === null && body.parentCode !== null) {
        const children = await trx
          .selectFrom('case_categories')
          .select('code')
          .where('parent_code', '=', code)
          .limit(1)
          .execute();
        if (children.length) throw fieldError('parentCode', 'has_children');
      }
      version = current.version + 1;
      await trx
        .updateTable('case_categories')
        .set({ ...values, version })
        .where('code', '=', code)
        .execute();
    }
    await audit(trx, auth, {
      action: 'cases.category_put',
      targetType: 'case_category',
      targetId: code,
      detail: { version },
    });
    return version;
  });
  forget(db, 'category:');
  return { code, version: saved };
}

export const catalogAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;

  app.put(
    '/api/case-categories/:code',
    {
      schema: {
        tags,
        summary: 'Add a case category, or change one on the version read (cases.configure)',
        params: Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,40}$' }) }),
        body: CategoryBody,
        response: { 200: Type.Object({ code: Type.String(), version: Type.Integer() }), ...problems },
      },
    },
    async (request) => putCategory(db, request.auth, request.params.code, request.body),
  );

  app.get(
    '/api/routing-rules',
    {
      schema: {
        tags,
        summary: 'Routing rules in the caller’s area: category + area → department (cases.configure)',
        response: { 200: Type.Object({ items: Type.Array(RuleSchema) }), ...problems },
      },
    },
    async (request) => {
      const auth = requirePermission(request.auth, 'cases.configure');
      const rows = await db
        .selectFrom('routing_rules')
        .select(['id', 'category_code', 'area_code', 'department_code'])
        .orderBy('created_at')
        .execute();
      return {
        items: rows
          .filter((r) => r.area_code === null || isWithin(r.area_code, auth.areaCode))
          .map((r) => ({
            id: r.id,
            categoryCode: r.category_code,
            areaCode: r.area_code,
            departmentCode: r.department_code,
          })),
      };
    },
  );

  app.post(
    '/api/routing-rules',
    {
      schema: {
        tags,
        summary: 'Add a routing rule; the most specific rule wins (cases.configure)',
        body: RuleBody,
        response: { 201: RuleSchema, ...problems },
      },
    },
    async (request, reply) => {
      const auth = requirePermission(request.auth, 'cases.configure');
      const { categoryCode, areaCode, departmentCode } = request.body;
      if (areaCode !== null && !isWithin(areaCode, auth.areaCode))
        throw new AppError('area_not_found', { code: areaCode });
      await checkDepartment(db, departmentCode);
      if (categoryCode !== null) {
        const found = await db
          .selectFrom('case_categories')
          .select('code')
          .where('code', '=', categoryCode)
          .where('retired_at', 'is', null)
          .executeTakeFirst();
        if (!found) throw new AppError('category_not_found', { code: categoryCode });
      }
      const rule = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('routing_rules')
          .values({ category_code: categoryCode, area_code: areaCode, department_code: departmentCode })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(trx, auth, {
          action: 'cases.routing_rule_add',
          targetType: 'routing_rule',
          targetId: row.id,
          detail: request.body,
        });
        return row;
      });
      return reply.code(201).send({ id: rule.id, categoryCode, areaCode, departmentCode });
    },
  );

  app.delete(
    '/api/routing-rules/:id',
    {
      schema: {
        tags,
        summary: 'Remove a routing rule (cases.configure)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      const auth = requirePermission(request.auth, 'cases.configure');
      await db.transaction().execute(async (trx) => {
        const rule = await trx
          .selectFrom('routing_rules')
          .selectAll()
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!rule || (rule.area_code !== null && !isWithin(rule.area_code, auth.areaCode)))
          throw new AppError('not_found');
        await trx.deleteFrom('routing_rules').where('id', '=', rule.id).execute();
        await audit(trx, auth, {
          action: 'cases.routing_rule_remove',
          targetType: 'routing_rule',
          targetId: rule.id,
          detail: rule,
        });
      });
      return reply.code(204).send(null);
    },
  );
};
