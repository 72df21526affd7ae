import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requirePermission } from '../../platform/auth/auth.service.ts';
import { ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import { allTags } from './people.repository.ts';

const TagList = Type.Object({
  items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), restricted: Type.Boolean() })),
});

/** The focus-group tags the caller's role may see and set. */
export const tagsRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
