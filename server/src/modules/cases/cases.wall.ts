import type { WallFigure, WallFigureSource } from '../../platform/wall.ts';
import * as repo from './wall.repository.ts';

const DAY = 86_400_000;
const midnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

/**
 * The cases' numbers on the command centre's wall: reported, registered and closed today, the
 * yellow and red warnings raised today (each against the same day last week until the same time),
 * and the open cases overdue now (no comparison: where cases stood a week ago is not kept).
 */
export const casesWallSource: WallFigureSource = {
  module: 'cases',
  permission: 'cases.read',
  async compute(db, { areaCode, day, now }) {
    const start = midnight(day);
    const weekAgo = new Date(start.getTime() - 7 * DAY);
    const [today, lastWeek, overdue] = await Promise.all([
      repo.dayCounts(db, areaCode, start, now),
      repo.dayCounts(db, areaCode, weekAgo, new Date(now.getTime() - 7 * DAY)),
      repo.overdueNow(db, areaCode, now),
    ]);
    const list = (query: string) => `/cases?area=${areaCode}${query}`;
    const figure = (
      key: keyof repo.DayCounts,
      zh: string,
      en: string,
      better: 'up' | 'down',
      href: string,
    ): WallFigure => ({
      key: `cases.${key}`,
      label: { zh, en },
      value: today[key],
      lastWeek: lastWeek[key],
      better,
      href,
    });
    return [
      figure('reported', '今日上报', 'Reported today', 'down', list('')),
      figure('registered', '今日立案', 'Registered today', 'up', list('&state=registered')),
      figure('closed', '今日结案', 'Closed today', 'up', list('&state=closed')),
      {
        key: 'cases.overdue',
        label: { zh: '超期未办', en: 'Overdue' },
        value: overdue,
        lastWeek: null,
        better: 'down',
        href: list('&overdue=true'),
      },
      figure('yellow', '今日黄牌', 'Yellow today', 'down', list('&alarm=yellow')),
      figure('red', '今日红牌', 'Red today', 'down', list('&alarm=red')),
    ];
  },
};
