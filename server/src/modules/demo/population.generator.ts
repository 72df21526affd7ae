import { type BBox, type Boundary, bboxOf, polygonsOf } from '../../geo/geojson.ts';
import { creditCheckChar, idCheckChar, ORG_KINDS, THING_CATEGORIES } from '../registry/index.ts';
import { createPlaceNamer } from './names.ts';
import { personName } from './people.ts';
import { pointInRing } from './polygons.ts';
import { createRandom, hashSeed, type Random, randomBetween, randomInt } from './random.ts';

/** One grid from `generateAreas`. With `population`, the grid gets exactly that many residents. */
export interface GridInput {
  code: string;
  boundary: Boundary;
  households: number;
  population?: number;
}

export interface DemoBuilding {
  key: string;
  gridCode: string;
  name: string;
  address: string;
  lon: number;
  lat: number;
  floors: number;
}

export interface DemoHouse {
  key: string;
  buildingKey: string;
  room: string;
  usage: 'own_occupied' | 'rented' | 'vacant' | 'commercial';
  areaM2: number;
}

export interface DemoHousehold {
  key: string;
  houseKey: string;
}

export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'other' | 'tenant';

export interface DemoPerson {
  key: string;
  /** null for a lodger renting a room from the household that lives in the house. */
  householdKey: string | null;
  houseKey: string;
  name: string;
  idNumber: string;
  phone: string | null;
  residency: 'registered' | 'non_registered';
  relation: Relation;
  moveInDate: string;
  tags: string[];
}

export interface DemoThing {
  key: string;
  gridCode: string;
  /** A `THING_CATEGORIES` code. */
  category: string;
  name: string;
  lon: number;
  lat: number;
  ownerDepartment: string;
  state: 'normal' | 'damaged' | 'missing' | 'under_repair';
}

export interface DemoOrg {
  key: string;
  gridCode: string;
  /** An `ORG_KINDS` code. */
  kind: string;
  name: string;
  creditCode: string | null;
  address: string;
  lon: number;
  lat: number;
  contactPhone: string;
  responsiblePerson: string;
}

export interface GridPopulation {
  gridCode: string;
  buildings: DemoBuilding[];
  houses: DemoHouse[];
  households: DemoHousehold[];
  people: DemoPerson[];
  things: DemoThing[];
  orgs: DemoOrg[];
}

export interface GeneratePopulationOptions {
  seed: number;
  grids: GridInput[];
  /** Names of the district, streets and communities by code (e.g. all of `generateAreas`), for addresses. */
  areas?: readonly { code: string; name: string }[];
  /** The day the registry describes (YYYY-MM-DD): ages and move-in dates count back from it. */
  asOf?: string;
}

/** Fixed, so that the same seed gives the same people whatever day the demo is generated. */
export const DEMO_AS_OF = '2026-01-01';

/**
 * Focus groups (重点人群). `rate` is the share of all residents; restricted tags are visible only
 * to roles that handle them (justice, police, health).
 */
// biome-ignore format: one table, one row per tag
export const TAGS: { code: string; zh: string; en: string; rate: number; restricted: boolean }[] = [
  { code: 'elderly_alone', zh: '独居老人', en: 'elderly living alone', rate: 0.02, restricted: false },
  { code: 'empty_nest_elderly', zh: '空巢老人', en: 'empty-nest elderly', rate: 0.035, restricted: false },
  { code: 'disabled', zh: '残疾人', en: 'person with a disability', rate: 0.015, restricted: false },
  { code: 'low_income', zh: '低保户', en: 'minimum-subsistence household', rate: 0.01, restricted: false },
  { code: 'special_hardship', zh: '特困人员', en: 'person in extreme hardship', rate: 0.001, restricted: false },
  { code: 'veteran', zh: '退役军人', en: 'veteran', rate: 0.01, restricted: false },
  { code: 'left_behind_minor', zh: '留守儿童', en: 'left-behind child', rate: 0.001, restricted: false },
  { code: 'community_correction', zh: '社区矫正对象', en: 'under community correction', rate: 0.0005, restricted: true },
  { code: 'released_prisoner', zh: '刑满释放人员', en: 'released prisoner', rate: 0.001, restricted: true },
  { code: 'drug_rehab', zh: '戒毒康复人员', en: 'in drug rehabilitation', rate: 0.0005, restricted: true },
  { code: 'mental_disorder', zh: '严重精神障碍患者', en: 'severe mental disorder', rate: 0.003, restricted: true },
  { code: 'key_youth', zh: '重点青少年', en: 'youth at risk', rate: 0.0005, restricted: true },
];

/** How many of each urban component (registry's `THING_CATEGORIES`) a grid has on average. */
// biome-ignore format: one table, one row per category
const THINGS_PER_GRID: Record<string, number> = {
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
const ORGS_PER_GRID: Record<string, number> = {
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

/**
 * The people, places, things and organizations of each grid, one grid at a time so that a
 * district (or a city) never has to sit in memory at once. The same seed and grids give the same
 * output. ID numbers and phone numbers are allocated across the whole run, so they never repeat.
 */
export function* generatePopulation(opts: GeneratePopulationOptions): Generator<GridPopulation> {
  const asOf = dayOf(opts.asOf ?? DEMO_AS_OF);
  const names = new Map((opts.areas ?? []).map((area) => [area.code, area.name]));
  const ctx: Context = {
    seed: opts.seed,
    asOf,
    ids: new IdAllocator(asOf),
    phones: new PhoneAllocator(hashSeed(opts.seed, 0x70686f6e)),
    serials: { org: 0 },
    orgNames: new Set(),
    roads: new Map(),
    names,
  };
  for (const grid of opts.grids) yield generateGrid(ctx, grid);
}

interface Context {
  seed: number;
  asOf: number;
  ids: IdAllocator;
  phones: PhoneAllocator;
  serials: { org: number };
  /** Organization names already given, so that no two share one. */
  orgNames: Set<string>;
  /** Road names per community, shared by its grids. */
  roads: Map<string, string[]>;
  names: Map<string, string>;
}

/** Everything a grid's generators share: where it is, what it is called, its randomness. */
interface GridScope {
  ctx: Context;
  code: string;
  random: Random;
  region: string;
  inside: (lon: number, lat: number) => boolean;
  bbox: BBox;
  /** District, street and community names run together ('南湖区桃源街道桃源社区'), or '' without names. */
  prefix: string;
  districtName: string;
  communityName: string;
  /** The community's name without 社区, for naming schools and clinics after it. */
  place: string;
  roads: string[];
  /** Next house number on each road of this grid. */
  numbers: Map<string, number>;
}

function generateGrid(ctx: Context, grid: GridInput): GridPopulation {
  const random = createRandom(
    hashSeed(ctx.seed, 0x706f70, Number(grid.code.slice(0, 8)), Number(grid.code.slice(8))),
  );
  const districtName = ctx.names.get(`${grid.code.slice(0, 6)}000000`) ?? '';
  const streetName = ctx.names.get(`${grid.code.slice(0, 9)}000`) ?? '';
  const communityName = ctx.names.get(grid.code.slice(0, 12)) ?? '';
  const place = communityName.replace(/社区$/, '');
  const communityRoads = roadsOf(ctx, grid.code.slice(0, 12), place);
  const roads = pickSome(random, communityRoads, randomInt(random, 2, Math.min(4, communityRoads.length)));
  const serial = Number(grid.code.slice(12)) || 1;
  const scope: GridScope = {
    ctx,
    code: grid.code,
    random,
    region: /^\d{6}/.test(grid.code) ? grid.code.slice(0, 6) : '440305',
    inside: insideTest(grid.boundary),
    bbox: bboxOf(grid.boundary),
    prefix: districtName + streetName + communityName,
    districtName,
    communityName,
    place: place || roads[0].replace(/[一二三]?[路街道]+$/, ''),
    roads,
    numbers: new Map(roads.map((road) => [road, (serial - 1) * 80 + randomInt(random, 1, 9)])),
  };

  const estate = buildEstate(scope, grid.households);
  const residents = populate(scope, estate.occupied, grid.population);
  return {
    gridCode: grid.code,
    buildings: estate.buildings,
    houses: estate.houses,
    households: residents.households,
    people: residents.people,
    things: placeThings(scope),
    orgs: foundOrgs(scope, estate),
  };
}

// ---------------------------------------------------------------------------------------------
// Places: compounds of buildings of houses

type CompoundKind = 'village' | 'walkup' | 'estate' | 'tower';

interface CompoundStyle {
  weight: number;
  suffixes: string[];
  buildings: [number, number];
  floors: [number, number];
  perFloor: [number, number];
  area: [number, number];
  /** Shares of own-occupied, rented and vacant among the residential houses. */
  own: number;
  rented: number;
  /** Chance that a ground-floor house is a shop, and that any other is an office. */
  groundShop: number;
  upperCommercial: number;
}

/**
 * Urban villages (城中村: dense, mostly rented "handshake buildings"), old walk-ups, gated
 * estates and mixed commercial-residential towers, in shares that give the district about 55%
 * own-occupied, 30% rented, 8% vacant and 7% commercial houses.
 */
// biome-ignore format: one table, one row per style
const COMPOUND_STYLES: Record<CompoundKind, CompoundStyle> = {
  village: { weight: 0.25, suffixes: ['村', '新村', '围', '坊'], buildings: [6, 16], floors: [5, 9], perFloor: [2, 3], area: [25, 65], own: 0.33, rented: 0.62, groundShop: 0.7, upperCommercial: 0.01 },
  walkup: { weight: 0.25, suffixes: ['小区', '新村', '花园', '宿舍'], buildings: [3, 10], floors: [6, 8], perFloor: [2, 4], area: [50, 95], own: 0.6, rented: 0.32, groundShop: 0.45, upperCommercial: 0.01 },
  estate: { weight: 0.43, suffixes: ['花园', '苑', '家园', '名苑', '雅居', '华庭', '公馆', '山庄'], buildings: [4, 14], floors: [11, 20], perFloor: [2, 2], area: [70, 145], own: 0.71, rented: 0.2, groundShop: 0.35, upperCommercial: 0.005 },
  tower: { weight: 0.07, suffixes: ['大厦', '广场', '中心'], buildings: [1, 3], floors: [10, 20], perFloor: [2, 3], area: [35, 95], own: 0.45, rented: 0.4, groundShop: 0.9, upperCommercial: 0.3 },
};
const COMPOUND_KINDS = Object.keys(COMPOUND_STYLES) as CompoundKind[];

interface Compound {
  kind: CompoundKind;
  name: string;
  /** Road and number, e.g. '桃源路 128 号'. */
  street: string;
  lon: number;
  lat: number;
  buildings: DemoBuilding[];
}

interface Estate {
  compounds: Compound[];
  buildings: DemoBuilding[];
  houses: DemoHouse[];
  /** The occupied houses, each to get one household, with the building style they are in. */
  occupied: { house: DemoHouse; kind: CompoundKind }[];
  /** Commercial houses with their building, for shops. */
  commercial: { house: DemoHouse; building: DemoBuilding }[];
}

/** Compounds, buildings (8–40 houses each) and houses, until there is a house for every household. */
function buildEstate(scope: GridScope, households: number): Estate {
  const { random } = scope;
  const estate: Estate = { compounds: [], buildings: [], houses: [], occupied: [], commercial: [] };
  const compoundName = createPlaceNamer(random);

  while (estate.occupied.length < households) {
    const kind = pickWeighted(random, COMPOUND_KINDS, (k) => COMPOUND_STYLES[k].weight);
    const style = COMPOUND_STYLES[kind];
    const road = scope.roads[Math.floor(random() * scope.roads.length)];
    const number = scope.numbers.get(road)!;
    scope.numbers.set(road, number + randomInt(random, 2, 12));
    const [lon, lat] = randomPointInside(scope);
    const compound: Compound = {
      kind,
      name: compoundName() + pick(random, style.suffixes),
      street: `${road} ${number} 号`,
      lon,
      lat,
      buildings: [],
    };
    estate.compounds.push(compound);

    const buildingCount = randomInt(random, ...style.buildings);
    for (let b = 1; b <= buildingCount && estate.occupied.length < households; b++) {
      const building = addBuilding(scope, estate, compound, b, households);
      compound.buildings.push(building);
    }
  }
  return estate;
}

function addBuilding(
  scope: GridScope,
  estate: Estate,
  compound: Compound,
  index: number,
  households: number,
): DemoBuilding {
  const { random } = scope;
  const style = COMPOUND_STYLES[compound.kind];
  const perFloor = randomInt(random, ...style.perFloor);
  const floors = Math.max(
    Math.ceil(8 / perFloor),
    Math.min(randomInt(random, ...style.floors), Math.floor(40 / perFloor)),
  );
  const [lon, lat] = nearbyPointInside(scope, compound.lon, compound.lat, 0.0008);
  const building: DemoBuilding = {
    key: `${scope.code}-b${estate.buildings.length + 1}`,
    gridCode: scope.code,
    name: `${compound.name}${index}栋`,
    address: joinAddress(scope.prefix, `${compound.street} ${index} 栋`),
    lon,
    lat,
    floors,
  };
  estate.buildings.push(building);

  let made = 0;
  for (let floor = 1; floor <= floors; floor++) {
    for (let unit = 1; unit <= perFloor; unit++) {
      // The last building stops once every household has a house, but keeps at least 8 houses.
      if (estate.occupied.length >= households && made >= 8) return building;
      const room = `${floor}${String(unit).padStart(2, '0')}`;
      const shop = random() < (floor === 1 ? style.groundShop : style.upperCommercial);
      let usage: DemoHouse['usage'];
      if (shop) usage = 'commercial';
      else if (estate.occupied.length >= households) usage = 'vacant';
      else {
        const r = random();
        usage = r < style.own ? 'own_occupied' : r < style.own + style.rented ? 'rented' : 'vacant';
      }
      const area = shop ? randomBetween(random, 18, 120) : randomBetween(random, ...style.area);
      const house: DemoHouse = {
        key: `${building.key}-${room}`,
        buildingKey: building.key,
        room,
        usage,
        areaM2: Math.round(area * 10) / 10,
      };
      estate.houses.push(house);
      if (usage === 'own_occupied' || usage === 'rented')
        estate.occupied.push({ house, kind: compound.kind });
      else if (usage === 'commercial') estate.commercial.push({ house, building });
      made++;
    }
  }
  return building;
}

/** The community's roads: one named after it, the rest after nearby places. */
function roadsOf(ctx: Context, communityCode: string, place: string): string[] {
  let roads = ctx.roads.get(communityCode);
  if (!roads) {
    const random = createRandom(hashSeed(ctx.seed, 0x726f6164, Number(communityCode)));
    const placeName = createPlaceNamer(random);
    const suffixes = ['路', '路', '路', '大道', '街', '一路', '二路', '南路', '北路', '东路', '西路', '大街'];
    roads = [`${place || placeName()}路`];
    const count = randomInt(random, 3, 5);
    while (roads.length < count) {
      const road = placeName() + pick(random, suffixes);
      if (!roads.includes(road)) roads.push(road);
    }
    ctx.roads.set(communityCode, roads);
  }
  return roads;
}

function joinAddress(prefix: string, rest: string): string {
  return prefix ? `${prefix} ${rest}` : rest;
}

// ---------------------------------------------------------------------------------------------
// People: households by composition, then names, ID numbers, phones and tags

interface MemberSpec {
  relation: Relation;
  age: number;
  male: boolean;
  registered: boolean;
  /** Index of the member whose surname this one carries (children take their father's). */
  surnameOf?: number;
}

interface HouseholdSpec {
  kind: string;
  house: DemoHouse;
  registered: boolean;
  /** Years since the household moved in. */
  yearsHere: number;
  members: MemberSpec[];
  /** A lodger renting a room: lives in the house, belongs to no household. */
  lodger?: MemberSpec;
}

type Composer = (random: Random) => MemberSpec[];

/** Age in [min, max], ever rarer towards max. */
function olderAge(random: Random, min: number, max: number): number {
  return min + Math.floor((max - min + 1) * (1 - Math.sqrt(1 - random())));
}

function couple(random: Random, minAge: number, maxAge: number, registered: () => boolean): MemberSpec[] {
  const headAge = randomInt(random, minAge, maxAge);
  const male = random() < 0.72;
  const gap = randomInt(random, -1, 5);
  return [
    { relation: 'head', age: headAge, male, registered: registered() },
    {
      relation: 'spouse',
      age: Math.max(20, male ? headAge - gap : headAge + gap),
      male: !male,
      registered: registered(),
    },
  ];
}

/** Children of the couple at `parents` (indices of a couple in `members`), appended to `members`. */
function addChildren(
  random: Random,
  members: MemberSpec[],
  parents: [number, number],
  count: number,
  relation: Relation,
  registered: boolean,
): void {
  const [a, b] = parents;
  const mother = members[a].male ? members[b] : members[a];
  const father = members[a].male ? a : b;
  for (let i = 0; i < count; i++) {
    let age = mother.age - randomInt(random, 23, 36);
    if (age < 0) age = randomInt(random, 0, Math.max(0, mother.age - 21));
    if (age > 32) age = randomInt(random, 18, 32);
    members.push({ relation, age, male: random() < 0.52, registered, surnameOf: father });
  }
}

function childCount(random: Random): number {
  const r = random();
  return r < 0.56 ? 1 : r < 0.93 ? 2 : 3;
}

const yes = () => true;

/** Households whose members hold the district's household registration (户籍). */
// biome-ignore format: composition table
const REGISTERED: { weight: number; kind: string; compose: Composer }[] = [
  { weight: 0.06, kind: 'single', compose: (r) => [{ relation: 'head', age: randomInt(r, 22, 64), male: r() < 0.55, registered: true }] },
  { weight: 0.078, kind: 'elderly_alone', compose: (r) => [{ relation: 'head', age: olderAge(r, 65, 96), male: r() < 0.35, registered: true }] },
  {
    weight: 0.07,
    kind: 'elderly_couple',
    compose: (r) => {
      const members = couple(r, 62, 90, yes);
      members[1].age = Math.max(members[1].age, 58);
      return members;
    },
  },
  { weight: 0.09, kind: 'couple', compose: (r) => couple(r, 24, 60, () => r() < 0.95) },
  {
    weight: 0.33,
    kind: 'couple_children',
    compose: (r) => {
      const members = couple(r, 27, 56, () => r() < 0.95);
      addChildren(r, members, [0, 1], childCount(r), 'child', true);
      return members;
    },
  },
  {
    weight: 0.2,
    kind: 'three_generations',
    compose: (r) => {
      const members = couple(r, 28, 50, () => r() < 0.95);
      addChildren(r, members, [0, 1], childCount(r), 'child', true);
      // The head's parents, often come from their home town to help and registered there.
      const parents = r() < 0.55 ? 2 : 1;
      const parentsRegistered = r() < 0.7;
      const first = members[0].age + randomInt(r, 24, 33);
      for (let i = 0; i < parents; i++) {
        members.push({ relation: 'parent', age: Math.min(96, first + i * randomInt(r, -4, 2)), male: parents === 2 ? i === 0 : r() < 0.35, registered: parentsRegistered });
      }
      return members;
    },
  },
  {
    weight: 0.09,
    kind: 'grandparent_head',
    compose: (r) => {
      const members = couple(r, 56, 78, yes);
      if (r() < 0.2) members.pop(); // widowed
      const son = r() < 0.8;
      const childAge = Math.max(24, members[0].age - randomInt(r, 24, 32));
      members.push({ relation: 'child', age: childAge, male: son, registered: true, surnameOf: 0 });
      members.push({ relation: 'other', age: childAge + randomInt(r, -3, 3), male: !son, registered: r() < 0.7 });
      const parentIdx: [number, number] = [members.length - 2, members.length - 1];
      addChildren(r, members, parentIdx, r() < 0.75 ? 1 : 2, 'grandchild', true);
      return members;
    },
  },
  {
    weight: 0.05,
    kind: 'single_parent',
    compose: (r) => {
      const members: MemberSpec[] = [{ relation: 'head', age: randomInt(r, 28, 55), male: r() < 0.25, registered: true }];
      const mother = members[0].male ? randomInt(r, 26, 50) : members[0].age;
      for (let i = 0; i < (r() < 0.8 ? 1 : 2); i++) {
        members.push({ relation: 'child', age: Math.max(0, mother - randomInt(r, 23, 36)), male: r() < 0.52, registered: true, surnameOf: 0 });
      }
      return members;
    },
  },
  {
    weight: 0.005,
    kind: 'left_behind',
    compose: (r) => {
      // Grandparents raising a grandchild whose parents work away from the district.
      const members = couple(r, 56, 74, yes);
      if (r() < 0.3) members.pop();
      members.push({ relation: 'grandchild', age: randomInt(r, 3, 15), male: r() < 0.55, registered: true, surnameOf: 0 });
      return members;
    },
  },
];

/** Households of non-registered residents (流动人口), nearly all renting. */
// biome-ignore format: composition table
const NON_REGISTERED: { weight: number; kind: string; compose: Composer }[] = [
  { weight: 0.22, kind: 'worker', compose: (r) => [{ relation: 'head', age: randomInt(r, 19, 48), male: r() < 0.58, registered: false }] },
  {
    weight: 0.14,
    kind: 'shared_flat',
    compose: (r) => {
      const male = r() < 0.6;
      const members: MemberSpec[] = [{ relation: 'head', age: randomInt(r, 19, 40), male, registered: false }];
      for (let i = randomInt(r, 1, 3); i > 0; i--) members.push({ relation: 'other', age: randomInt(r, 19, 40), male: r() < 0.8 ? male : !male, registered: false });
      return members;
    },
  },
  { weight: 0.17, kind: 'couple', compose: (r) => couple(r, 21, 50, () => false) },
  {
    weight: 0.37,
    kind: 'couple_children',
    compose: (r) => {
      const members = couple(r, 25, 48, () => false);
      addChildren(r, members, [0, 1], childCount(r), 'child', false);
      return members;
    },
  },
  {
    weight: 0.1,
    kind: 'three_generations',
    compose: (r) => {
      const members = couple(r, 26, 45, () => false);
      addChildren(r, members, [0, 1], childCount(r), 'child', false);
      members.push({ relation: 'parent', age: Math.min(90, members[0].age + randomInt(r, 24, 33)), male: r() < 0.3, registered: false });
      return members;
    },
  },
];

/** Share of rented houses let to registered residents rather than newcomers. */
const RENTED_TO_REGISTERED: Record<CompoundKind, number> = {
  village: 0.25,
  walkup: 0.5,
  estate: 0.55,
  tower: 0.4,
};
const LODGER_RATE = 0.03;

function populate(
  scope: GridScope,
  occupied: Estate['occupied'],
  population: number | undefined,
): { households: DemoHousehold[]; people: DemoPerson[] } {
  const { random } = scope;
  const specs: HouseholdSpec[] = occupied.map(({ house, kind }) => {
    const registered = house.usage === 'own_occupied' || random() < RENTED_TO_REGISTERED[kind];
    const table = registered ? REGISTERED : NON_REGISTERED;
    const entry = pickWeighted(random, table, (e) => e.weight);
    const members = entry.compose(random);
    const head = members[0];
    const yearsHere = registered
      ? Math.min(head.age - 18, Math.floor(random() ** 1.2 * (house.usage === 'rented' ? 8 : 30)))
      : Math.floor(random() ** 2 * 8);
    const spec: HouseholdSpec = {
      kind: entry.kind,
      house,
      registered,
      yearsHere: Math.max(0, yearsHere),
      members,
    };
    if (house.usage === 'own_occupied' && entry.kind !== 'elderly_alone' && random() < LODGER_RATE) {
      spec.lodger = {
        relation: 'tenant',
        age: randomInt(random, 19, 45),
        male: random() < 0.6,
        registered: false,
      };
    }
    return spec;
  });
  if (population !== undefined) matchPopulation(random, specs, population);

  const households: DemoHousehold[] = [];
  const people: DemoPerson[] = [];
  const details: PersonDetail[] = [];
  for (const spec of specs) {
    const householdKey = `${spec.house.key}-h`;
    households.push({ key: householdKey, houseKey: spec.house.key });
    const hometown = pickRegion(random);
    const moveIn = scope.ctx.asOf - Math.floor((spec.yearsHere + random()) * 365.2425);
    const names: string[] = [];
    spec.members.forEach((member, i) => {
      const surname = member.surnameOf !== undefined ? names[member.surnameOf][0] : undefined;
      const person = makePerson(scope, member, {
        key: `${spec.house.key}-p${i + 1}`,
        householdKey,
        houseKey: spec.house.key,
        region: member.registered ? scope.region : i > 0 && random() < 0.15 ? pickRegion(random) : hometown,
        surname,
        moveIn,
      });
      names.push(person.name);
      people.push(person);
      details.push({ person, member, household: spec });
    });
    if (spec.lodger) {
      const moveInLodger = scope.ctx.asOf - Math.floor(random() ** 2 * 3 * 365.2425);
      const person = makePerson(scope, spec.lodger, {
        key: `${spec.house.key}-p${spec.members.length + 1}`,
        householdKey: null,
        houseKey: spec.house.key,
        region: pickRegion(random),
        moveIn: moveInLodger,
      });
      people.push(person);
      details.push({ person, member: spec.lodger, household: null });
    }
  }
  assignTags(random, details);
  return { households, people };
}

/**
 * Adds relatives to, or takes the youngest generation's last member from, random households until
 * the grid has exactly `target` residents (the population its area record states).
 */
function matchPopulation(random: Random, specs: HouseholdSpec[], target: number): void {
  if (specs.length === 0) return;
  let count = specs.reduce((sum, s) => sum + s.members.length + (s.lodger ? 1 : 0), 0);
  for (let attempt = 0; count !== target && attempt < 50 * specs.length; attempt++) {
    const spec = specs[Math.floor(random() * specs.length)];
    const { members } = spec;
    if (count < target) {
      if (spec.kind === 'elderly_alone' || spec.kind === 'elderly_couple') continue;
      const head = members[0];
      if (head.age <= 60 && !members.some((m) => m.relation === 'parent')) {
        members.push({
          relation: 'parent',
          age: Math.min(95, head.age + randomInt(random, 24, 33)),
          male: random() < 0.4,
          registered: spec.registered && random() < 0.6,
        });
      } else {
        members.push({
          relation: 'other',
          age: randomInt(random, 18, 60),
          male: random() < 0.4,
          registered: spec.registered && random() < 0.5,
        });
      }
      count++;
    } else {
      const last = members[members.length - 1];
      if (members.length < 3 || !['child', 'grandchild', 'other', 'parent'].includes(last.relation)) continue;
      members.pop();
      count--;
    }
  }
}

interface PersonDetail {
  person: DemoPerson;
  member: MemberSpec;
  household: HouseholdSpec | null;
}

function makePerson(
  scope: GridScope,
  member: MemberSpec,
  where: {
    key: string;
    householdKey: string | null;
    houseKey: string;
    region: string;
    surname?: string;
    moveIn: number;
  },
): DemoPerson {
  const { random, ctx } = scope;
  const birth = ctx.asOf - Math.max(1, Math.floor((member.age + random()) * 365.2425));
  const drawn = personName(random);
  const noPhone = member.age < 12 || (member.age >= 80 && random() < 0.4) || random() < 0.03;
  return {
    key: where.key,
    householdKey: where.householdKey,
    houseKey: where.houseKey,
    name: where.surname ? where.surname + drawn.slice(1) : drawn,
    idNumber: ctx.ids.next(where.region, birth, member.male),
    phone: noPhone ? null : ctx.phones.mobile(random),
    residency: member.registered ? 'registered' : 'non_registered',
    relation: member.relation,
    moveInDate: isoDate(Math.max(where.moveIn, birth)),
    tags: [],
  };
}

/**
 * Focus-group tags. Household make-up decides the elderly ones and left-behind children; the
 * rest are drawn among eligible residents with weights, scaled so that each tag reaches its
 * `TAGS` rate of the grid's residents.
 */
function assignTags(random: Random, people: PersonDetail[]): void {
  const tag = (d: PersonDetail, code: string) => d.person.tags.push(code);
  for (const d of people) {
    const kind = d.household?.kind;
    if (kind === 'elderly_alone') tag(d, 'elderly_alone');
    else if (kind === 'elderly_couple' && d.member.age >= 60) tag(d, 'empty_nest_elderly');
    else if (kind === 'left_behind' && d.member.relation === 'grandchild') tag(d, 'left_behind_minor');
  }

  const byWeight = (code: string, weight: (d: PersonDetail) => number) => {
    const rate = TAGS.find((t) => t.code === code)!.rate;
    const weights = people.map(weight);
    const total = weights.reduce((a, b) => a + b, 0);
    if (total === 0) return;
    const scale = (rate * people.length) / total;
    people.forEach((d, i) => {
      if (weights[i] > 0 && random() < weights[i] * scale) tag(d, code);
    });
  };
  const adult = (d: PersonDetail, min: number, max: number) => d.member.age >= min && d.member.age <= max;
  byWeight('disabled', (d) => (d.member.age < 18 ? 0.4 : d.member.age < 60 ? 1 : 2.5));
  byWeight('veteran', (d) => (d.member.registered && adult(d, 38, 92) ? (d.member.male ? 1 : 0.04) : 0));
  byWeight('community_correction', (d) => (adult(d, 18, 65) ? (d.member.male ? 1 : 0.15) : 0));
  byWeight('released_prisoner', (d) => (adult(d, 22, 70) ? (d.member.male ? 1 : 0.1) : 0));
  byWeight('drug_rehab', (d) => (adult(d, 20, 55) ? (d.member.male ? 1 : 0.2) : 0));
  byWeight('mental_disorder', (d) => (adult(d, 16, 90) ? 1 : 0));
  byWeight('key_youth', (d) => (adult(d, 12, 25) ? 1 : 0));
  byWeight('special_hardship', (d) => {
    if (!d.member.registered || d.household === null) return 0;
    const alone = d.household.members.length === 1;
    return (alone && d.member.age >= 60 ? 1 : 0) + (alone && d.person.tags.includes('disabled') ? 2 : 0);
  });

  // 低保 is granted to a registered household as a whole; single elderly and single parents more often.
  const households = new Map<HouseholdSpec, PersonDetail[]>();
  for (const d of people) {
    if (!d.household?.registered) continue;
    const members = households.get(d.household);
    if (members) members.push(d);
    else households.set(d.household, [d]);
  }
  const weightOf = (h: HouseholdSpec) =>
    h.kind === 'single_parent' ? 4 : h.kind === 'elderly_alone' || h.kind === 'left_behind' ? 3 : 1;
  let total = 0;
  for (const [h, members] of households) total += weightOf(h) * members.length;
  if (total === 0) return;
  const scale = (TAGS.find((t) => t.code === 'low_income')!.rate * people.length) / total;
  for (const [h, members] of households) {
    if (random() < weightOf(h) * scale) for (const d of members) tag(d, 'low_income');
  }
}

/**
 * Home towns of non-registered residents, by province roughly as in Shenzhen's migrant population:
 * Hunan, the rest of Guangdong, Guangxi, Jiangxi, Henan, Hubei, Sichuan and others.
 */
// biome-ignore format: one table
const HOMETOWNS: [weight: number, codes: string[]][] = [
  [22, ['430102', '430421', '430524', '430621', '430721', '430922', '431021', '431121', '431224', '431321']],
  [18, ['441581', '445281', '441424', '440882', '441781', '440883', '445122']],
  [12, ['450521', '450881', '450921', '450722', '451122']],
  [10, ['360424', '360731', '360735', '360481', '360321']],
  [9, ['411528', '411627', '410122', '411625', '411421']],
  [8, ['421022', '420281', '421182', '420922']],
  [7, ['510107', '510781', '511321', '511623', '512021']],
  [3, ['350583', '350128']],
  [3, ['500235', '500236']],
  [3, ['522422', '520221']],
  [3, ['340321', '341221']],
  [2, ['370283', '371321']],
];

function pickRegion(random: Random): string {
  const [, codes] = pickWeighted(random, HOMETOWNS, ([weight]) => weight);
  return codes[Math.floor(random() * codes.length)];
}

/**
 * Hands out ID numbers that never repeat: per region, birth date and sex, a counter through the
 * 500 sequence numbers of that sex, stepped through in a scrambled order. A full day (rare) pushes
 * the birth date back one day.
 */
class IdAllocator {
  private readonly counters = new Map<string, Uint16Array>();
  private readonly firstDay = dayOf('1900-01-01');
  /** YYYYMMDD by day, computed once: most days recur thousands of times. */
  private readonly digits: string[] = [];

  constructor(private readonly asOf: number) {}

  next(region: string, birthDay: number, male: boolean): string {
    let counters = this.counters.get(region);
    if (!counters) {
      counters = new Uint16Array((this.asOf - this.firstDay + 1) * 2);
      this.counters.set(region, counters);
    }
    for (let day = birthDay; day >= this.firstDay; day--) {
      const slot = (day - this.firstDay) * 2 + (male ? 1 : 0);
      const n = counters[slot];
      if (n >= 500) continue;
      counters[slot] = n + 1;
      const scrambled = (n * 211 + (((day * 7 + Number(region)) % 500) + 500)) % 500;
      let date = this.digits[day - this.firstDay];
      if (date === undefined) {
        date = isoDate(day).replaceAll('-', '');
        this.digits[day - this.firstDay] = date;
      }
      const first17 = `${region}${date}${String(scrambled * 2 + (male ? 1 : 0)).padStart(3, '0')}`;
      return first17 + idCheckChar(first17);
    }
    throw new Error('no ID numbers left');
  }
}

const MOBILE_PREFIXES = [
  '130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166',
  '173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 193 195 198 199',
]
  .join(' ')
  .split(' ');

/**
 * Mobile numbers whose last eight digits never repeat within a run: the n-th number's tail is n
 * through a four-round Feistel permutation of 0–99,999,999, so consecutive people's numbers look
 * unrelated.
 */
class PhoneAllocator {
  private n = 0;

  constructor(private readonly key: number) {}

  mobile(random: Random): string {
    const n = this.n++;
    if (n >= 100_000_000) throw new Error('no phone numbers left');
    let left = Math.floor(n / 10_000);
    let right = n % 10_000;
    for (let round = 0; round < 4; round++) {
      const mixed = (left + hashSeed(this.key, round, right)) % 10_000;
      left = right;
      right = mixed;
    }
    return pick(random, MOBILE_PREFIXES) + String(left * 10_000 + right).padStart(8, '0');
  }
}

// ---------------------------------------------------------------------------------------------
// Things

function placeThings(scope: GridScope): DemoThing[] {
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

// ---------------------------------------------------------------------------------------------
// Organizations

const BRAND = [
  ...'华盛鑫达汇通嘉信恒泰宏远创新中科联合瑞丰腾飞博安兴隆佳美金源昌德力星辰智云海宇天正和顺诚益康',
];
// biome-ignore format: word list
const INDUSTRIES = [
  '科技', '电子', '贸易', '物流', '餐饮管理', '文化传播', '建筑工程', '装饰工程', '信息技术', '网络科技', '供应链管理',
  '教育咨询', '医疗器械', '实业', '投资咨询', '服装', '印刷', '人力资源', '家政服务', '环保科技', '广告', '电商',
];
// biome-ignore format: word list
const SHOP_TYPES = [
  '便利店', '小吃店', '面馆', '粥铺', '茶餐厅', '水果店', '理发店', '美容美发店', '药店', '五金店', '干洗店', '手机维修店',
  '烟酒商行', '早餐店', '烧腊店', '快餐店', '奶茶店', '文具店', '花店', '母婴店', '洗车店', '眼镜店', '粮油店', '肉菜店',
];
// biome-ignore format: word list
const SOCIAL_TYPES = ['社会工作服务中心', '志愿者协会', '养老服务中心', '青少年服务中心', '文化促进会', '调解服务中心', '家庭综合服务中心', '义工联合会'];

function brand(random: Random): string {
  const a = pick(random, BRAND);
  let b = pick(random, BRAND);
  while (b === a) b = pick(random, BRAND);
  return a + b;
}

interface Site {
  address: string;
  lon: number;
  lat: number;
}

interface OrgDraft {
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
function foundOrgs(scope: GridScope, estate: Estate): DemoOrg[] {
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

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Organization code shape: new company (MA…), new social organization (MJ…), old numeric. */
type CodeStyle = 'company' | 'social' | 'public';

/**
 * A unified social credit code: registration authority and kind (2), region (6), organization
 * code (8 + a GB 11714 check character), check character. Organization codes are new-style
 * (MA… for companies, MJ… for social organizations) or old numeric ones, unique within a run.
 */
function creditCode(ctx: Context, random: Random, prefix: string, style: CodeStyle): string {
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
function orgCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(body[i], 36) * ORG_CODE_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function landline(random: Random): string {
  return `0755-${randomInt(random, 2, 8)}${String(randomInt(random, 0, 9_999_999)).padStart(7, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Geometry and small helpers

function insideTest(boundary: Boundary): (lon: number, lat: number) => boolean {
  const polygons = polygonsOf(boundary);
  return (lon, lat) =>
    polygons.some(
      ([outer, ...holes]) =>
        pointInRing([lon, lat], outer) === 'inside' &&
        holes.every((hole) => pointInRing([lon, lat], hole) === 'outside'),
    );
}

function randomPointInside(scope: GridScope): [number, number] {
  const [minLon, minLat, maxLon, maxLat] = scope.bbox;
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const lon = round6(randomBetween(scope.random, minLon, maxLon));
    const lat = round6(randomBetween(scope.random, minLat, maxLat));
    if (scope.inside(lon, lat)) return [lon, lat];
  }
  throw new Error(`no room inside grid ${scope.code}`);
}

/** A point within `radius` degrees of (lon, lat) and inside the grid; (lon, lat) itself if none is found. */
function nearbyPointInside(scope: GridScope, lon: number, lat: number, radius: number): [number, number] {
  for (let attempt = 0; attempt < 20; attempt++) {
    const x = round6(lon + randomBetween(scope.random, -radius, radius));
    const y = round6(lat + randomBetween(scope.random, -radius, radius));
    if (scope.inside(x, y)) return [x, y];
  }
  return [lon, lat];
}

/** About 10 cm: enough for a map, and short in JSON. */
function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function stochasticRound(random: Random, value: number): number {
  const whole = Math.floor(value);
  return whole + (random() < value - whole ? 1 : 0);
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function pickSome<T>(random: Random, items: readonly T[], count: number): T[] {
  const copy = [...items];
  const picked: T[] = [];
  while (picked.length < count && copy.length > 0)
    picked.push(copy.splice(Math.floor(random() * copy.length), 1)[0]);
  return picked;
}

function pickWeighted<T>(random: Random, items: readonly T[], weight: (item: T) => number): T {
  let total = 0;
  for (const item of items) total += weight(item);
  let r = random() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return items[items.length - 1];
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
function dayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** YYYY-MM-DD of a day number (proleptic Gregorian, without Date objects: this runs 600,000 times). */
function isoDate(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
