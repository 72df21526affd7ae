import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import type { Lang } from '../../platform/i18n.ts';
import { areaNames } from '../areas/index.ts';
import { caseSatisfaction } from '../cases/index.ts';
import * as repo from './questions.repository.ts';
import type { Satisfaction, SatisfactionQuery } from './questions.schemas.ts';
import type { QuestionsContext } from './questions.service.ts';

/**
 * Community staff: how satisfied residents are, per community of the area, with the answers to
 * their questions and with their cases, per answerer, and the latest comments (answers and cases).
 */
export async function satisfaction(
  ctx: QuestionsContext,
  auth: Auth | null,
  q: SatisfactionQuery,
  lang: Lang,
): Promise<Satisfaction> {
  const caller = requirePermission(auth, 'questions.moderate');
  const scope = resolveScope(caller, q.areaCode);
  const since = new Date(Date.now() - (q.days ?? 365) * 86_400_000);
  const [data, cases] = await Promise.all([
    repo.satisfactionOf(ctx.db, scope, since),
    caseSatisfaction(ctx.db, scope, since),
  ]);
  const names = await areaNames(
    ctx.db,
    data.answers.map((r) => r.area_code),
  );
  const ratings = (r: { rated: number; average: number; low: number }) => ({
    rated: r.rated,
    average: Number(r.average),
    low: r.low,
  });
  const areas = new Map<string, Satisfaction['areas'][number]>();
  const area = (code: string, name: string) => {
    const a = areas.get(code) ?? { areaCode: code, areaName: name, answers: null, cases: null };
    areas.set(code, a);
    return a;
  };
  for (const r of data.answers) area(r.area_code, names.get(r.area_code) ?? '').answers = ratings(r);
  for (const r of cases.byArea) area(r.area_code, r.area_name).cases = ratings(r);
  return {
    areas: [...areas.values()].sort((a, b) => a.areaCode.localeCompare(b.areaCode)),
    answerers: data.answerers.map((r) => ({
      kind: r.kind,
      id: r.id,
      name: lang === 'en' ? r.name_en : r.name_zh,
      ...ratings(r),
    })),
    comments: [...data.comments, ...cases.comments]
      .filter((c) => c.comment && c.rating !== null && c.at)
      .map((c) => ({
        kind: c.kind as 'answer' | 'case',
        subjectId: c.subject_id,
        number: c.number,
        rating: Number(c.rating),
        comment: c.comment as string,
        by: c.by,
        areaCode: c.area_code,
        at: (c.at as Date).toISOString(),
      }))
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, 100),
  };
}
