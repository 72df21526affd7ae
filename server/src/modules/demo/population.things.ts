import { THING_CATEGORIES } from '../registry/index.ts';
import { pick, randomPointInside, stochasticRound } from './population.helpers.ts';
import type { DemoThing, GridScope } from './population.model.ts';
import { randomBetween } from './random.ts';

// biome-ignore format: one table, one row per category
export const THINGS_PER_GRID: Record<string, number> = {
  '010101': 6, // 上水井盖
  '010102': 6, // 污水井盖
  '010103': 4, // 雨水井盖
  '010104': 5, // 雨水箅子
  '010105': 3, // 电力井盖
  '010106': 3, // 通信井盖
  '010107': 2, // 燃气井盖
  '010201': 3, // 消防栓
  '010301': 10, // 路灯
  '010401': 6, // 监控摄像头
  '020101': 0.6, // 公交站亭
  '020102': 0.8, // 交通信号灯
  '020103': 1.5, // 路名牌
  '020104': 2, // 交通标志牌
  '020105': 1, // 非机动车停放点
  '030101': 0.4, // 公共厕所
  '030102': 8, // 垃圾桶
  '030103': 1, // 垃圾收集点
  '030104': 1, // 户外广告牌
  '040101': 1.5, // 街头座椅
  '040102': 0.8, // 健身设施
  '060101': 0.2, // 治安岗亭
  '060102': 1, // 电动自行车充电桩
};

/** How many organizations of each kind (registry's `ORG_KINDS`) a grid has on average. */

// ---------------------------------------------------------------------------------------------
// Things

export function placeThings(scope: GridScope): DemoThing[] {
  const { random } = scope;
  const things: DemoThing[] = [];
  for (const category of THING_CATEGORIES) {
    const count = stochasticRound(random, THINGS_PER_GRID[category.code]! * randomBetween(random, 0.7, 1.3));
    for (let i = 1; i <= count; i++) {
      const [lon, lat] = randomPointInside(scope);
      const r = random();
      const losable =
        category.slug.endsWith('_cover') || ['storm_grate', 'sign', 'trash_bin'].includes(category.slug);
      let state: DemoThing['state'] = 'normal';
      if (r < 0.04) state = 'damaged';
      else if (r < 0.065) state = 'under_repair';
      else if (r < 0.08) state = losable ? 'missing' : 'damaged';
      things.push({
        key: `${scope.code}-t${things.length + 1}`,
        gridCode: scope.code,
        category: category.code,
        name: `${pick(random, scope.roads)}${category.zh} ${i}号`,
        lon,
        lat,
        ownerDepartment: category.ownerDepartment,
        state,
      });
    }
  }
  return things;
}
