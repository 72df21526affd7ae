import type { Db } from '../../db/database.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import type { Lang } from '../../platform/i18n.ts';
import * as repo from './stats.repository.ts';

/** Who lives in an area and what is in it: the figures of the area summary cards. */
export async function areaStats(db: Db, auth: Auth | null, areaCode: string | undefined, lang: Lang) {
  const caller = requirePermission(auth, 'registry.read');
  const code = resolveScope(caller, areaCode);
  const counts = await repo.areaCounts(db, code, new Date().toISOString().slice(0, 10));
  return {
    areaCode: code,
    population: {
      ...counts.population,
      ageBands: counts.ageBands,
      tags: counts.tags
        .filter((t) => t.visible_to === null || t.visible_to.includes(caller.role))
        .map((t) => ({ code: t.code, name: lang === 'zh' ? t.name_zh : t.name_en, count: t.count })),
    },
    households: counts.households,
    housesByUsage: counts.houses,
    orgsByKind: counts.orgs,
    thingsByCategory: counts.things,
  };
}
