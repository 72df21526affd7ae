import { creditCheckChar, ORG_KINDS } from '../registry/index.ts';
import { personName } from './people.ts';
import { pick, randomPointInside, stochasticRound } from './population.helpers.ts';
import type { Context, DemoBuilding, DemoOrg, GridScope } from './population.model.ts';
import { type Estate, joinAddress } from './population.places.ts';
import { type Random, randomInt } from './random.ts';

export const ORGS_PER_GRID: Record<string, number> = {
  party_branch: 1.3,
  social_org: 0.6,
  enterprise: 2.6,
  shop: 4,
  property_company: 0.4,
  owners_committee: 0.5,
  school: 0.25,
  hospital: 0.3,
  nursing_home: 0.05,
};

// ---------------------------------------------------------------------------------------------
// Organizations

export const BRAND = [
  ...'华盛鑫达汇通嘉信恒泰宏远创新中科联合瑞丰腾飞博安兴隆佳美金源昌德力星辰智云海宇天正和顺诚益康',
];
// biome-ignore format: word list
export const INDUSTRIES = [
  '科技', '电子', '贸易', '物流', '餐饮管理', '文化传播', '建筑工程', '装饰工程', '信息技术', '网络科技', '供应链管理',
  '教育咨询', '医疗器械', '实业', '投资咨询', '服装', '印刷', '人力资源', '家政服务', '环保科技', '广告', '电商',
];
// biome-ignore format: word list
export const SHOP_TYPES = [
  '便利店', '小吃店', '面馆', '粥铺', '茶餐厅', '水果店', '理发店', '美容美发店', '药店', '五金店', '干洗店', '手机维修店',
  '烟酒商行', '早餐店', '烧腊店', '快餐店', '奶茶店', '文具店', '花店', '母婴店', '洗车店', '眼镜店', '粮油店', '肉菜店',
];
// biome-ignore format: word list
export const SOCIAL_TYPES = ['社会工作服务中心', '志愿者协会', '养老服务中心', '青少年服务中心', '文化促进会', '调解服务中心', '家庭综合服务中心', '义工联合会'];

export function brand(random: Random): string {
  const a = pick(random, BRAND);
  let b = pick(random, BRAND);
  while (b === a) b = pick(random, BRAND);
  return a + b;
}

export interface Site {
  address: string;
  lon: number;
  lat: number;
}

export interface OrgDraft {
  name: string;
  creditCode: string | null;
  at: Site;
}

/**
 * The grid's organizations: its own party branch first, shops in the ground-floor commercial
 * units, offices in its buildings, schools and clinics on their own sites. Credit codes use the
 * registration authority that fits: 91 companies, 92 individual businesses, 51/52 social
 * organizations, 12 public institutions; party branches and homeowners' committees have none.
 */
export function foundOrgs(scope: GridScope, estate: Estate): DemoOrg[] {
  const { random, ctx } = scope;
  const city = scope.region.startsWith('4403') ? '深圳市' : '';
  const district = scope.districtName;
  const cityRegion = `${scope.region.slice(0, 4)}00`;
  const gridNumber = Number(scope.code.slice(12)) || 1;
  const managed = estate.compounds.filter((c) => c.kind === 'estate' || c.kind === 'walkup');
  const compounds = managed.length ? managed : estate.compounds;
  // Shops take the ground-floor units first, offices the rest of the commercial units.
  const upstairs = (room: string) => room.length > 3 || room[0] !== '1';
  const units = [...estate.commercial].sort(
    (a, b) => Number(upstairs(a.house.room)) - Number(upstairs(b.house.room)),
  );
  const places = [
    scope.place,
    ...scope.roads.map((road) => road.replace(/(大道|大街|[一二三东南西北]?路|街)$/, '')),
  ];

  const site = (building: DemoBuilding, room?: string): Site => ({
    address: room ? `${building.address} ${room}` : building.address,
    lon: building.lon,
    lat: building.lat,
  });
  const unit = (ground: boolean) => {
    const taken = ground ? units.shift() : units.pop();
    return taken ? site(taken.building, taken.house.room) : site(pick(random, estate.buildings));
  };
  const office = () => unit(false);
  const campus = (): Site => {
    const road = pick(random, scope.roads);
    const number = scope.numbers.get(road)!;
    scope.numbers.set(road, number + randomInt(random, 2, 6));
    const [lon, lat] = randomPointInside(scope);
    return { address: joinAddress(scope.prefix, `${road} ${number} 号`), lon, lat };
  };
  const code = (prefix: string, style: CodeStyle) => creditCode(ctx, random, prefix, style);
  /** A name no organization of this run has yet; `make` gets the attempt number to vary fixed names. */
  const named = (make: (attempt: number) => string) => {
    let name = '';
    for (let attempt = 0; attempt < 8; attempt++) {
      name = make(attempt);
      if (!ctx.orgNames.has(name)) break;
    }
    for (let n = 2; ctx.orgNames.has(name); n++) name = `${name.replace(/\d+$/, '')}${n}`;
    ctx.orgNames.add(name);
    return name;
  };

  const founders: Record<string, (index: number) => OrgDraft> = {
    party_branch: (index) => ({
      name: named(() =>
        index === 0
          ? `${scope.communityName}第${gridNumber}网格党支部`
          : `${pick(random, compounds).name}党支部`,
      ),
      creditCode: null,
      at: office(),
    }),
    social_org: () => ({
      name: named(() => `${city}${district}${brand(random)}${pick(random, SOCIAL_TYPES)}`),
      creditCode: code(`5${random() < 0.3 ? 1 : 2}${scope.region}`, 'social'),
      at: office(),
    }),
    enterprise: () => ({
      name: named(() => `${city}${brand(random)}${pick(random, INDUSTRIES)}有限公司`),
      creditCode: code(`91${cityRegion}`, 'company'),
      at: office(),
    }),
    shop: () => {
      const individual = random() < 0.75;
      const shop = () =>
        (random() < 0.5 ? `${personName(random)[0]}记` : brand(random)) + pick(random, SHOP_TYPES);
      return {
        name: named(() => (individual ? shop() : `${city}${shop()}有限公司`)),
        creditCode: code(individual ? `92${cityRegion}` : `91${cityRegion}`, 'company'),
        at: unit(true),
      };
    },
    property_company: () => ({
      name: named(() => `${city}${brand(random)}物业管理有限公司`),
      creditCode: code(`91${cityRegion}`, 'company'),
      at: site(pick(random, compounds).buildings[0]),
    }),
    owners_committee: () => {
      const compound = pick(random, compounds);
      return {
        name: named(() => `${compound.name}业主委员会`),
        creditCode: null,
        at: site(compound.buildings[0]),
      };
    },
    school: () => {
      const kindergarten = random() < 0.6;
      const types = kindergarten ? ['幼儿园', '实验幼儿园'] : ['小学', '学校', '实验学校', '中学'];
      return {
        name: named(() => `${district}${pick(random, places)}${pick(random, types)}`),
        creditCode:
          kindergarten && random() < 0.5
            ? code(`52${scope.region}`, 'social')
            : code(`12${scope.region}`, 'public'),
        at: campus(),
      };
    },
    hospital: () => {
      const r = random();
      if (r < 0.4) {
        return {
          name: named(
            (n) =>
              `${scope.communityName}${n === 0 ? '' : pick(random, places)}健康服务${n === 0 ? '中心' : '站'}`,
          ),
          creditCode: code(`12${scope.region}`, 'public'),
          at: campus(),
        };
      }
      const clinic = () => (r < 0.7 ? `${personName(random)[0]}氏中医诊所` : `${brand(random)}口腔门诊部`);
      return {
        name: named(() => `${city}${district}${clinic()}`),
        creditCode: code(r < 0.7 ? `92${cityRegion}` : `91${cityRegion}`, 'company'),
        at: office(),
      };
    },
    nursing_home: () => ({
      name: named(
        (n) =>
          `${district}${n === 0 ? scope.place : pick(random, places)}${pick(random, ['长者服务中心', '颐养院'])}`,
      ),
      creditCode: code(`52${scope.region}`, 'social'),
      at: campus(),
    }),
  };

  const orgs: DemoOrg[] = [];
  for (const kind of ORG_KINDS) {
    // Every grid has its own party branch (网格党支部); a few have another in a compound.
    const count =
      kind.code === 'party_branch'
        ? 1 + stochasticRound(random, ORGS_PER_GRID[kind.code]! - 1)
        : stochasticRound(random, ORGS_PER_GRID[kind.code]!);
    for (let i = 0; i < count; i++) {
      const draft = founders[kind.code](i);
      orgs.push({
        key: `${scope.code}-o${orgs.length + 1}`,
        gridCode: scope.code,
        kind: kind.code,
        name: draft.name,
        creditCode: draft.creditCode,
        address: draft.at.address,
        lon: draft.at.lon,
        lat: draft.at.lat,
        contactPhone: random() < 0.55 ? ctx.phones.mobile(random) : landline(random),
        responsiblePerson: personName(random),
      });
    }
  }
  return orgs;
}

export const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Organization code shape: new company (MA…), new social organization (MJ…), old numeric. */
export type CodeStyle = 'company' | 'social' | 'public';

/**
 * A unified social credit code: registration authority and kind (2), region (6), organization
 * code (8 + a GB 11714 check character), check character. Organization codes are new-style
 * (MA… for companies, MJ… for social organizations) or old numeric ones, unique within a run.
 */
export function creditCode(ctx: Context, random: Random, prefix: string, style: CodeStyle): string {
  const n = ctx.serials.org++;
  let body: string;
  if (style === 'public' || (style === 'company' && random() < 0.35)) {
    body = String((n * 7_654_321 + 13_579_246) % 100_000_000).padStart(8, '0');
  } else {
    let tail = '';
    for (let v = (n * 7_654_321 + 1_234_567) % 28_629_151, i = 0; i < 5; i++, v = Math.floor(v / 31)) {
      tail = CREDIT_CHARS[v % 31] + tail; // 28,629,151 = 31^5, coprime to the multiplier
    }
    body = style === 'social' ? `MJ${CREDIT_CHARS[n % 10]}${tail}` : `MA5${tail}`;
  }
  const first17 = prefix + body + orgCodeCheck(body);
  return first17 + creditCheckChar(first17);
}

/** GB 11714 check character of an 8-character organization code body. */
export function orgCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(body[i], 36) * ORG_CODE_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function landline(random: Random): string {
  return `0755-${randomInt(random, 2, 8)}${String(randomInt(random, 0, 9_999_999)).padStart(7, '0')}`;
}
