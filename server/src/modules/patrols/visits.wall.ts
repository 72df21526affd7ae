import type { WallFigureSource } from '../../platform/wall.ts';
import { addDays } from './periods.ts';
import * as repo from './wall.repository.ts';

/**
 * Visits on the command centre's wall: of the visit tasks whose period includes today, how many
 * are done (value) and how many are due (a second figure), each against the same day last week.
 */
export const visitsWallSource: WallFigureSource = {
  module: 'visits',
  permission: 'visits.read',
  async compute(db, { areaCode, day, now }) {
    const weekAgo = addDays(day, -7);
    const [today, lastWeek] = await Promise.all([
      repo.doneVsDue(db, areaCode, day, now),
      repo.doneVsDue(db, areaCode, weekAgo, new Date(now.getTime() - 7 * 86_400_000)),
    ]);
    const href = `/visit-coverage?area=${areaCode}`;
    return [
      {
        key: 'visits.done',
        label: { zh: '走访已完成', en: 'Visits done' },
        value: today.done,
        lastWeek: lastWeek.done,
        better: 'up',
        href,
      },
      {
        key: 'visits.due',
        label: { zh: '走访应完成', en: 'Visits due' },
        value: today.due,
        lastWeek: lastWeek.due,
        better: 'up',
        href,
      },
    ];
  },
};
