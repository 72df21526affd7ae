import type { Db } from '../../db/database.ts';
import type { WallFigureContext, WallFigureSource } from '../../platform/wall.ts';
import { arrearsOf, complianceOf } from './compliance.service.ts';
import { addMonths, cstDay, monthOfDay } from './party.periods.ts';

async function missingLastMonth(db: Db, areaCode: string, day: string) {
  const month = monthOfDay(day);
  const items = await complianceOf(db, areaCode, addMonths(month, -1), month);
  return items.filter((o) => o.missing > 0).length;
}

const inArrears = async (db: Db, areaCode: string, day: string) =>
  (await arrearsOf(db, areaCode, monthOfDay(day))).length;

/**
 * The party's figures on the command centre's wall, for party roles only: organizations that
 * missed a required meeting in a window that closed last month, and members in dues arrears.
 */
export const partyWallFigures: WallFigureSource = {
  module: 'party',
  permission: 'party.read',
  async compute(db: Db, { areaCode, day, now }: WallFigureContext) {
    const weekAgo = cstDay(new Date(now.getTime() - 7 * 86_400_000));
    const [missing, missingBefore, arrears, arrearsBefore] = await Promise.all([
      missingLastMonth(db, areaCode, day),
      missingLastMonth(db, areaCode, weekAgo),
      inArrears(db, areaCode, day),
      inArrears(db, areaCode, weekAgo),
    ]);
    return [
      {
        key: 'party.orgsMissingMeetings',
        label: { zh: '上月组织生活缺项的党组织', en: 'Party organizations missing a meeting last month' },
        value: missing,
        lastWeek: missingBefore,
        better: 'down',
        href: `/party?tab=compliance&areaCode=${areaCode}&month=${addMonths(monthOfDay(day), -1)}`,
      },
      {
        key: 'party.membersInArrears',
        label: { zh: '欠缴党费的党员', en: 'Members in dues arrears' },
        value: arrears,
        lastWeek: arrearsBefore,
        better: 'down',
        href: `/party?tab=arrears&areaCode=${areaCode}`,
      },
    ];
  },
};
