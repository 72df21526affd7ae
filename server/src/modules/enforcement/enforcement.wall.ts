import type { WallFigureSource } from '../../platform/wall.ts';
import * as repo from './enforcement.repository.ts';

const WEEK_MS = 7 * 86_400_000;

/** The command centre's enforcement numbers: steps overdue, matters open, publications overdue. */
export const enforcementWallFigures: WallFigureSource = {
  module: 'enforcement',
  permission: 'enforcement.read',
  async compute(db, { areaCode, now }) {
    const [today, lastWeek] = await Promise.all([
      repo.wallCounts(db, areaCode, now),
      repo.wallCounts(db, areaCode, new Date(now.getTime() - WEEK_MS)),
    ]);
    const href = (query: string) => `/enforcement?areaCode=${areaCode}${query}`;
    return [
      {
        key: 'enforcement.stepsOverdue',
        label: { zh: '执法环节超期', en: 'Enforcement steps overdue' },
        value: today.overdue,
        lastWeek: lastWeek.overdue,
        better: 'down',
        href: href('&overdue=step'),
      },
      {
        key: 'enforcement.mattersOpen',
        label: { zh: '在办执法案件', en: 'Enforcement matters open' },
        value: today.open,
        lastWeek: lastWeek.open,
        better: 'down',
        href: href(''),
      },
      {
        key: 'enforcement.publicationsOverdue',
        label: { zh: '处罚决定逾期未公示', en: 'Decisions overdue for publication' },
        value: today.unpublished,
        lastWeek: lastWeek.unpublished,
        better: 'down',
        href: href('&overdue=publication'),
      },
    ];
  },
};
