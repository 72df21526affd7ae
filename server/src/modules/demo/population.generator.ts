import { bboxOf } from '../../geo/geojson.ts';
import { dayOf, insideTest, pickSome } from './population.helpers.ts';
import { populate } from './population.households.ts';
import {
  type Context,
  DEMO_AS_OF,
  type GeneratePopulationOptions,
  type GridInput,
  type GridPopulation,
  type GridScope,
} from './population.model.ts';
import { foundOrgs } from './population.orgs.ts';
import { IdAllocator, PhoneAllocator } from './population.persons.ts';
import { buildEstate, roadsOf } from './population.places.ts';
import { placeThings } from './population.things.ts';
import { createRandom, hashSeed, randomInt } from './random.ts';

export {
  DEMO_AS_OF,
  type DemoBuilding,
  type DemoHouse,
  type DemoHousehold,
  type DemoOrg,
  type DemoPerson,
  type DemoThing,
  type GeneratePopulationOptions,
  type GridInput,
  type GridPopulation,
  type Relation,
  TAGS,
} from './population.model.ts';

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

export function generateGrid(ctx: Context, grid: GridInput): GridPopulation {
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
