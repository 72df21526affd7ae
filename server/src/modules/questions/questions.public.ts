import type { Db } from '../../db/database.ts';
import { isWithin, levelOfCode } from '../../geo/area-code.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { areaNames, communitiesIn, districtAndStreets } from '../areas/index.ts';
import * as repo from './questions.repository.ts';
import type { AnswererRecord, PublicQuestion } from './questions.schemas.ts';

/**
 * The public pages (no login): answered public questions of a community, and each answerer's
 * record. Nothing about the asker is served: no name, account, grid or photo; the text was
 * masked when it was asked. Deputies and departments are public office holders and are named.
 */
function publicView(row: repo.QuestionRow, lang: Lang): PublicQuestion {
  return {
    id: row.id,
    number: row.number,
    answererKind: row.answerer_kind,
    answererLabel: lang === 'zh' ? row.answerer_zh : row.answerer_en,
    text: row.text,
    askedAt: row.asked_at.toISOString(),
    answerText: row.answer_text ?? '',
    answeredAt: row.answered_at?.toISOString() ?? '',
    answerEdited: row.answer_edited_at !== null,
    answeredOnTime: row.answered_on_time,
    rating: row.rating,
    followerCount: row.follower_count,
  };
}

export async function publicQuestions(
  db: Db,
  query: { communityCode: string; q?: string; page?: number; pageSize?: number },
  lang: Lang,
) {
  const { rows, total } = await repo.listQuestions(
    db,
    {
      scope: query.communityCode,
      states: ['answered'],
      publicOnly: true,
      text: query.q?.trim() || undefined,
    },
    { page: query.page ?? 1, pageSize: query.pageSize ?? 20 },
  );
  return { items: rows.map((r) => publicView(r, lang)), total };
}

export async function publicQuestion(db: Db, id: string, lang: Lang) {
  const row = await repo.findQuestion(db, id);
  if (!row?.is_public || row.state !== 'answered') throw new AppError('question_not_found');
  return publicView(row, lang);
}

export async function answererRecords(
  db: Db,
  query: { communityCode?: string; q?: string },
): Promise<AnswererRecord[]> {
  const rows = await repo.answererRecords(db, { communityCode: query.communityCode, now: new Date() });
  const q = query.q?.trim();
  return rows
    .filter((r) => !q || r.name.includes(q))
    .map((r) => ({
      kind: r.kind,
      id: r.id,
      name: r.name,
      asked: r.asked,
      answered: r.answered,
      onTime: r.on_time,
      averageRating: r.average_rating,
      overdueNow: r.overdue_now,
      overdueNumbers: r.overdue_numbers,
    }));
}

/** The communities the public pages can be opened for, with their street (names only). */
export async function publicCommunities(db: Db) {
  const areas = await districtAndStreets(db);
  const districts = areas.filter((code) => levelOfCode(code) === 'district');
  const streets = areas.filter((code) => levelOfCode(code) === 'street');
  const [communities, names] = await Promise.all([
    Promise.all(districts.map((d) => communitiesIn(db, d))).then((all) => all.flat()),
    areaNames(db, streets),
  ]);
  // A street's code is its 9-digit prefix and three zeros (geo/area-code.ts).
  const streetOf = (code: string) => streets.find((s) => isWithin(code, s)) ?? '';
  return communities.map((c) => {
    const street = streetOf(c.code);
    return { code: c.code, name: c.name, streetCode: street, streetName: names.get(street) ?? '' };
  });
}
