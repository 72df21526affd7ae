import { type Random, shuffle } from './random.ts';

/** Two-character place names in the style of a Pearl River Delta district; used first, in random order. */
const PLACE_NAMES = [
  '桃源 西丽 沙河 华侨 蛇口 南山 粤海 招商 南头 前湾 沙头 香蜜 莲花 梅林 华富 园岭',
  '翠竹 东门 黄贝 笋岗 清水 莲塘 东湖 新安 西乡 福永 沙井 松岗 石岩 观澜 民治 大浪',
  '坂田 布吉 横岗 平湖 坪地 葵涌 梅沙 海山 留仙 大冲 科园 白石 深湾 荔湾 麒麟 南光',
  '向南 登良 海珠 学府 龙井 塘朗 丽城 白芒 珠光 新围 光前 华联 桂园 湖贝 水库 翠湖',
  '南联 龙西 荷坳 园山 宝龙 碧岭 马峦 龙田 凤凰 玉律 官田 罗租 福海 燕罗 新桥 航城',
  '石龙 樟坑 清湖 茜坑 龙塘 上芬 下屋 岭南 松坪 竹林 榕树 锦绣 春风 彩田 香林 景田',
]
  .join(' ')
  .split(' ');

const FIRST = [
  ...'桃西沙华南东北新龙福荔松梅莲竹海翠碧金银丽景凤石云清明和安康宝兴乐鹏青白玉锦春秋花柳榕枫泰顺永长文',
];
const SECOND = [...'源丽河侨口山园湖林塘岭湾坪岗苑溪田头坑围岸埔洲港桥城庭坊里亭峰谷泉滨涌沥墩村'];

/**
 * Hands out two-character place names, never the same one twice. The curated list comes
 * first; after that, believable combinations of common place-name syllables.
 */
export function createPlaceNamer(random: Random): () => string {
  const used = new Set<string>();
  const curated = shuffle(random, [...PLACE_NAMES]);
  return () => {
    while (curated.length > 0) {
      const name = curated.pop()!;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const first = FIRST[Math.floor(random() * FIRST.length)];
      const second = SECOND[Math.floor(random() * SECOND.length)];
      const name = first + second;
      if (first !== second && !used.has(name)) {
        used.add(name);
        return name;
      }
    }
    throw new Error('ran out of place names');
  };
}
