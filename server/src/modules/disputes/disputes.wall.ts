import type { WallFigureSource } from '../../platform/wall.ts';
import { addDays, cstMidnight } from '../patrols/index.ts';
import * as repo from './disputes.repository.ts';

/** Today's dispute figures for the command centre's wall. */
export const disputesWall: WallFigureSource = {
  module: 'disputes',
  permission: 'disputes.read',
  async compute(db, { areaCode, day }) {
    const start = cstMidnight(day);
    const end = cstMidnight(addDays(day, 1));
    const weekAgo = addDays(day, -7);
    const [today, lastWeek] = await Promise.all([
      repo.wallCounts(db, areaCode, start, end),
      repo.wallCounts(db, areaCode, cstMidnight(weekAgo), cstMidnight(addDays(weekAgo, 1))),
    ]);
    const list = `/disputes?areaCode=${areaCode}`;
    return [
      {
        key: 'disputes.highRiskOpen',
        label: { zh: '高风险纠纷未化解', en: 'High-risk disputes open' },
        value: today.highOpen,
        // Open counts are of now; a week ago's would need history the table does not keep.
        lastWeek: null,
        better: 'down',
        href: `${list}&open=true&risk=high`,
      },
      {
        key: 'disputes.mediationsOverdue',
        label: { zh: '调解超期', en: 'Mediations overdue' },
        value: today.overdue,
        lastWeek: null,
        better: 'down',
        href: `${list}&overdue=true`,
      },
      {
        key: 'disputes.newToday',
        label: { zh: '今日新增纠纷', en: 'New disputes today' },
        value: today.newToday,
        lastWeek: lastWeek.newToday,
        better: 'down',
        href: `${list}&day=${day}`,
      },
    ];
  },
};
