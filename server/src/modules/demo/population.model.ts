import type { BBox, Boundary } from '../../geo/geojson.ts';
import type { IdAllocator, PhoneAllocator } from './population.persons.ts';
import type { Random } from './random.ts';

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

export interface Context {
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
export interface GridScope {
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
