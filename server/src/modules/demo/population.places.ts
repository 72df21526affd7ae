import { createPlaceNamer } from './names.ts';
import { nearbyPointInside, pick, pickWeighted, randomPointInside } from './population.helpers.ts';
import type { Context, DemoBuilding, DemoHouse, GridScope } from './population.model.ts';
import { createRandom, hashSeed, randomBetween, randomInt } from './random.ts';

// ---------------------------------------------------------------------------------------------
// Places: compounds of buildings of houses

export type CompoundKind = 'village' | 'walkup' | 'estate' | 'tower';

export interface CompoundStyle {
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
export const COMPOUND_STYLES: Record<CompoundKind, CompoundStyle> = {
  village: { weight: 0.25, suffixes: ['村', '新村', '围', '坊'], buildings: [6, 16], floors: [5, 9], perFloor: [2, 3], area: [25, 65], own: 0.33, rented: 0.62, groundShop: 0.7, upperCommercial: 0.01 },
  walkup: { weight: 0.25, suffixes: ['小区', '新村', '花园', '宿舍'], buildings: [3, 10], floors: [6, 8], perFloor: [2, 4], area: [50, 95], own: 0.6, rented: 0.32, groundShop: 0.45, upperCommercial: 0.01 },
  estate: { weight: 0.43, suffixes: ['花园', '苑', '家园', '名苑', '雅居', '华庭', '公馆', '山庄'], buildings: [4, 14], floors: [11, 20], perFloor: [2, 2], area: [70, 145], own: 0.71, rented: 0.2, groundShop: 0.35, upperCommercial: 0.005 },
  tower: { weight: 0.07, suffixes: ['大厦', '广场', '中心'], buildings: [1, 3], floors: [10, 20], perFloor: [2, 3], area: [35, 95], own: 0.45, rented: 0.4, groundShop: 0.9, upperCommercial: 0.3 },
};
export const COMPOUND_KINDS = Object.keys(COMPOUND_STYLES) as CompoundKind[];

export interface Compound {
  kind: CompoundKind;
  name: string;
  /** Road and number, e.g. '桃源路 128 号'. */
  street: string;
  lon: number;
  lat: number;
  buildings: DemoBuilding[];
}

export interface Estate {
  compounds: Compound[];
  buildings: DemoBuilding[];
  houses: DemoHouse[];
  /** The occupied houses, each to get one household, with the building style they are in. */
  occupied: { house: DemoHouse; kind: CompoundKind }[];
  /** Commercial houses with their building, for shops. */
  commercial: { house: DemoHouse; building: DemoBuilding }[];
}

/** Compounds, buildings (8–40 houses each) and houses, until there is a house for every household. */
export function buildEstate(scope: GridScope, households: number): Estate {
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

export function addBuilding(
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
export function roadsOf(ctx: Context, communityCode: string, place: string): string[] {
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

export function joinAddress(prefix: string, rest: string): string {
  return prefix ? `${prefix} ${rest}` : rest;
}
