import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requirePermission } from '../../platform/auth/auth.service.ts';
import { ROLES } from '../../platform/auth/permissions.ts';
import { ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import { allTags, upsertTag } from './people.repository.ts';

const TagList = Type.Object({
  items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), restricted: Type.Boolean() })),
});

const TagBody = Type.Object(
  {
    nameZh: Type.String({ minLength: 1, maxLength: 40 }),
    nameEn: Type.String({ minLength: 1, maxLength: 80 }),
    visibleTo: Type.Union([Type.Array(Type.Enum(ROLES), { uniqueItems: true }), Type.Null()], {
      description: 'Roles that may see the tag; null = every staff role',
    }),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);

/** The focus-group tags: read by every registry user (as far as their role may see), kept by admins. */
export const tagsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    '/api/tags/:code',
    {
      schema: {
        tags: ['people'],
        summary: 'Create or change a focus-group tag and the roles that may see it',
        params: Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,40}$' }) }),
        body: TagBody,
        response: {
          200: Type.Object({ code: Type.String() }),
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    async (request) => {
      // Tags decide who sees what about people: a district-wide registry setting.
      requirePermission(request.auth, 'areas.write');
      requirePermission(request.auth, 'registry.write');
      const { nameZh, nameEn, visibleTo, sort } = request.body;
      await upsertTag(app.db, {
        code: request.params.code,
        name_zh: nameZh,
        name_en: nameEn,
        visible_to: visibleTo,
        sort: sort ?? 100,
      });
      return { code: request.params.code };
    },
  );

  app.get(
    '/api/tags',
    {
      schema: {
        tags: ['people'],
        summary: "The focus-group tags the caller's role may see",
        response: { 200: TagList, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      const caller = requirePermission(request.auth, 'registry.read');
      const zh = langOf(request.headers['accept-language']) === 'zh';
      const tags = await allTags(app.db);
      return {
        items: tags
          .filter((t) => t.visible_to === null || t.visible_to.includes(caller.role))
          .map((t) => ({
            code: t.code,
            name: zh ? t.name_zh : t.name_en,
            restricted: t.visible_to !== null,
          })),
      };
    },
  );
};
