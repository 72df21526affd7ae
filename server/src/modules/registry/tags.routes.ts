import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { audit } from '../../platform/audit.ts';
import { requirePermission } from '../../platform/auth/auth.service.ts';
import { isRole } from '../../platform/auth/permissions.ts';
import { ProblemSchema } from '../../platform/http.ts';
import { langOf } from '../../platform/i18n.ts';
import { allTags, upsertTag } from './people.repository.ts';
import { maySeeTag } from './registry.policy.ts';
import { TagBody, TagList, TagSettings } from './tags.schemas.ts';

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
      const caller = requirePermission(request.auth, 'registry.write');
      const { nameZh, nameEn, visibleTo, sort } = request.body;
      await upsertTag(app.db, {
        code: request.params.code,
        name_zh: nameZh,
        name_en: nameEn,
        visible_to: visibleTo,
        sort: sort ?? 100,
      });
      await audit(app.db, caller, {
        action: 'tag.update',
        targetType: 'tag',
        targetId: request.params.code,
        detail: { visibleTo },
      });
      return { code: request.params.code };
    },
  );

  app.get(
    '/api/tags/settings',
    {
      schema: {
        tags: ['people'],
        summary:
          'Every focus-group tag with both names and the roles that see it, for the admins who keep them',
        response: { 200: TagSettings, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      // The same permissions as changing a tag: the settings page is the writer's view.
      requirePermission(request.auth, 'areas.write');
      requirePermission(request.auth, 'registry.write');
      const tags = await allTags(app.db);
      return {
        items: tags.map((t) => ({
          code: t.code,
          nameZh: t.name_zh,
          nameEn: t.name_en,
          visibleTo: t.visible_to?.filter(isRole) ?? null,
          sort: t.sort,
        })),
      };
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
          .filter((t) => maySeeTag(caller, t))
          .map((t) => ({
            code: t.code,
            name: zh ? t.name_zh : t.name_en,
            restricted: t.visible_to !== null,
          })),
      };
    },
  );
};
