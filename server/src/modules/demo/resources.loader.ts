import type { Db } from '../../db/database.ts';
import { communitiesIn, districtAndStreets } from '../areas/index.ts';
import { type FundRow, insertResources, type PersonRow, type RoomRow } from '../resources/index.ts';
import { personName } from './people.ts';
import { createRandom, randomInt } from './random.ts';

const UNITS = [
  '街道办事处',
  '城管执法队',
  '司法所',
  '派出所',
  '民政办',
  '卫生健康办',
  '住建局',
  '市场监管所',
];
const ROLES = ['下沉干部', '网格指导员', '法律顾问', '社区民警', '执法队员'];
const ROOMS: [purpose: string, min: number, max: number][] = [
  ['党群服务中心', 300, 900],
  ['人民调解室', 20, 45],
  ['居民活动室', 60, 180],
  ['长者食堂', 80, 220],
  ['网格工作站', 25, 60],
];

/**
 * The demo's resources sunk to each community this year: office funds of 60,000 yuan (raised from
 * under 10,000), service and building funds, spent in proportion to the year gone by (± a third);
 * two to five people sent from the street and departments; two to four rooms. One insert per table.
 */
export async function loadResources(db: Db, options: { seed: number; now?: Date }) {
  const now = options.now ?? new Date();
  const year = now.getUTCFullYear();
  const yearGone = (now.getTime() - Date.UTC(year, 0, 1)) / (365 * 86_400_000);
  const random = createRandom(options.seed + 24);
  const [district] = await districtAndStreets(db);
  if (!district) return { communities: 0 };
  const communities = await communitiesIn(db, district);
  const funds: FundRow[] = [];
  const people: PersonRow[] = [];
  const rooms: RoomRow[] = [];
  const spentOf = (allocated: number) =>
    Math.min(allocated, Math.round(allocated * yearGone * (0.67 + random() * 0.66)));
  for (const c of communities) {
    const base = { community_code: c.code, year };
    for (const [category, allocated] of [
      ['办公经费', 60_000],
      ['服务群众专项经费', 100_000 + randomInt(random, 0, 20) * 10_000],
      ['社区建设经费', 50_000 + randomInt(random, 0, 30) * 5_000],
    ] as const)
      funds.push({ ...base, category, allocated, spent: spentOf(allocated), note: null });
    for (let i = randomInt(random, 2, 5); i > 0; i--)
      people.push({
        ...base,
        name: personName(random),
        from_unit: UNITS[randomInt(random, 0, UNITS.length - 1)]!,
        since: `${year - randomInt(random, 0, 2)}-${String(randomInt(random, 1, 12)).padStart(2, '0')}-01`,
        role: ROLES[randomInt(random, 0, ROLES.length - 1)]!,
      });
    const picks = ROOMS.slice(0, randomInt(random, 2, 4));
    for (const [purpose, min, max] of picks)
      rooms.push({ ...base, purpose, area_m2: randomInt(random, min, max), address: `${c.name}${purpose}` });
  }
  await insertResources(db, { funds, people, rooms });
  return { communities: communities.length };
}
