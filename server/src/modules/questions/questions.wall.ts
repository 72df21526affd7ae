import type { WallFigureSource } from '../../platform/wall.ts';
import * as repo from './questions.repository.ts';

const DAY_MS = 86_400_000;
const CST_MS = 8 * 3_600_000;
/** 00:00 China Standard Time of a `YYYY-MM-DD` day. */
const midnight = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - CST_MS);

/** Today's questions for the command centre's wall: asked, answered on time, overdue now. */
export const questionsWallSource: WallFigureSource = {
  module: 'questions',
  permission: 'questions.moderate',
  async compute(db, { areaCode, day, now }) {
    const from = midnight(day);
    const to = new Date(from.getTime() + DAY_MS);
    const weekAgo = (d: Date) => new Date(d.getTime() - 7 * DAY_MS);
    const [today, lastWeek] = await Promise.all([
      repo.wallCounts(db, areaCode, from, to, now),
      repo.wallCounts(db, areaCode, weekAgo(from), weekAgo(to), weekAgo(now)),
    ]);
    const href = `/questions?areaCode=${areaCode}`;
    return [
      {
        key: 'questions.askedToday',
        label: { zh: '今日居民提问', en: 'Questions asked today' },
        value: today.asked,
        lastWeek: lastWeek.asked,
        better: 'down',
        href,
      },
      {
        key: 'questions.answeredOnTime',
        label: { zh: '今日按期答复', en: 'Answered on time today' },
        value: today.on_time,
        lastWeek: lastWeek.on_time,
        better: 'up',
        href,
      },
      {
        key: 'questions.overdueNow',
        label: { zh: '超期未答复', en: 'Overdue now' },
        value: today.overdue,
        // Overdue "a week ago now" would need the state then, which is not kept.
        lastWeek: null,
        better: 'down',
        href: `${href}&overdue=true`,
      },
    ];
  },
};
