import { describe, expect, it } from 'vitest';
import { Locator } from '../../geo/locator.ts';
import { checkCreditCode, checkIdNumber, checkPhone } from '../registry/identity.ts';
import { ORG_KINDS, THING_CATEGORIES } from '../registry/index.ts';
import { generateAreas } from './areas.generator.ts';
import {
  DEMO_AS_OF,
  type GridInput,
  type GridPopulation,
  generatePopulation,
  TAGS,
} from './population.generator.ts';

const areas = generateAreas({ seed: 1, scale: 'district' });
const grids: GridInput[] = areas
  .filter((area) => area.level === 'grid')
  .map((grid) => ({
    code: grid.code,
    boundary: grid.boundary,
    households: grid.households!,
    population: grid.population,
  }));
// Spread over the district, including its smallest and largest grids.
const bySize = [...grids].sort((a, b) => a.households - b.households);
const sample = [
  grids[0],
  grids[40],
  grids[120],
  grids[200],
  grids[grids.length - 1],
  bySize[0],
  bySize[bySize.length - 1],
];
const generated = [...generatePopulation({ seed: 1, grids: sample, areas })];
const people = generated.flatMap((grid) => grid.people);
const asOf = new Date(`${DEMO_AS_OF}T00:00:00+08:00`);
/** Age on DEMO_AS_OF, 1 January 2026, from the birth date inside an ID number. */
const ageOf = (idNumber: string) => {
  const [y, m, d] = [idNumber.slice(6, 10), idNumber.slice(10, 12), idNumber.slice(12, 14)].map(Number);
  return 2026 - y - (m > 1 || d > 1 ? 1 : 0);
};

describe('generatePopulation', () => {
  it('gives the same output for the same seed, and other output for another', () => {
    const again = generatePopulation({ seed: 1, grids: sample, areas }).next().value as GridPopulation;
    expect(again).toEqual(generated[0]);
    const other = generatePopulation({ seed: 2, grids: sample, areas }).next().value as GridPopulation;
    expect(other.people.map((p) => p.idNumber)).not.toEqual(generated[0].people.map((p) => p.idNumber));
  });

  it('houses every household, and gives each grid its stated households and population', () => {
    generated.forEach((grid, i) => {
      expect(grid.households).toHaveLength(sample[i].households);
      expect(grid.people).toHaveLength(sample[i].population!);
      const houses = new Map(grid.houses.map((house) => [house.key, house]));
      const households = new Set(grid.households.map((household) => household.key));
      expect(houses.size).toBe(grid.houses.length);
      for (const household of grid.households) {
        expect(['own_occupied', 'rented']).toContain(houses.get(household.houseKey)!.usage);
      }
      const occupied = new Set(grid.households.map((household) => household.houseKey));
      for (const house of grid.houses) {
        expect(occupied.has(house.key)).toBe(house.usage === 'own_occupied' || house.usage === 'rented');
      }
      for (const person of grid.people) {
        expect(houses.has(person.houseKey)).toBe(true);
        if (person.householdKey === null) expect(person.relation).toBe('tenant');
        else expect(households.has(person.householdKey)).toBe(true);
      }
      // Every household has exactly one head.
      const heads = grid.people.filter((p) => p.relation === 'head').map((p) => p.householdKey);
      expect(new Set(heads).size).toBe(grid.households.length);
      expect(heads).toHaveLength(grid.households.length);
    });
    const perHousehold = people.length / generated.reduce((sum, grid) => sum + grid.households.length, 0);
    expect(perHousehold).toBeGreaterThan(2.6);
    expect(perHousehold).toBeLessThan(3.4);
  });

  it('gives every resident a valid ID number, unique, with the registered region for registered residents', () => {
    const seen = new Set<string>();
    for (const person of people) {
      const check = checkIdNumber(person.idNumber, asOf);
      expect(check, person.idNumber).toMatchObject({ ok: true });
      if (!check.ok) continue;
      if (person.residency === 'registered') expect(check.regionCode).toBe('440305');
      else expect(check.regionCode).not.toBe('440305');
      expect(ageOf(person.idNumber)).toBeLessThanOrEqual(96);
      expect(seen.has(person.idNumber)).toBe(false);
      seen.add(person.idNumber);
    }
  });

  it('has a believable age pyramid', () => {
    const ages = people.map((person) => ageOf(person.idNumber));
    const share = (min: number, max: number) =>
      ages.filter((age) => age >= min && age <= max).length / ages.length;
    expect(share(0, 14)).toBeGreaterThan(0.1);
    expect(share(0, 14)).toBeLessThan(0.25);
    expect(share(15, 64)).toBeGreaterThan(0.6);
    expect(share(65, 200)).toBeGreaterThan(0.05);
    expect(share(65, 200)).toBeLessThan(0.2);
    expect(share(90, 200)).toBeGreaterThan(0);
  });

  it('gives valid mobile numbers, unique, to everyone but young children and some of the very old', () => {
    const phones = people.filter((person) => person.phone !== null).map((person) => person.phone!);
    for (const phone of phones) expect(checkPhone(phone)).toEqual({ ok: true, phone });
    expect(phones.every((phone) => /^1[3-9]\d{9}$/.test(phone))).toBe(true);
    expect(new Set(phones).size).toBe(phones.length);
    for (const person of people) {
      if (ageOf(person.idNumber) < 12) expect(person.phone).toBeNull();
    }
    expect(phones.length / people.length).toBeGreaterThan(0.7);
  });

  it('has about three registered residents to one non-registered, the newcomers mostly renting', () => {
    const registered = people.filter((person) => person.residency === 'registered').length;
    const ratio = registered / (people.length - registered);
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(3.5);
    const usage = new Map(generated.flatMap((grid) => grid.houses.map((house) => [house.key, house.usage])));
    const newcomers = people.filter((person) => person.residency === 'non_registered');
    const renting = newcomers.filter(
      (person) => usage.get(person.houseKey) === 'rented' || person.relation === 'tenant',
    );
    expect(renting.length / newcomers.length).toBeGreaterThan(0.7);
  });

  it('uses houses about 55% own-occupied, 30% rented, 8% vacant, 7% commercial, 8–40 to a building', () => {
    const houses = generated.flatMap((grid) => grid.houses);
    const share = (usage: string) => houses.filter((house) => house.usage === usage).length / houses.length;
    expect(share('own_occupied')).toBeGreaterThan(0.48);
    expect(share('own_occupied')).toBeLessThan(0.62);
    expect(share('rented')).toBeGreaterThan(0.24);
    expect(share('rented')).toBeLessThan(0.36);
    expect(share('vacant')).toBeGreaterThan(0.05);
    expect(share('vacant')).toBeLessThan(0.11);
    expect(share('commercial')).toBeGreaterThan(0.04);
    expect(share('commercial')).toBeLessThan(0.1);
    const perBuilding = new Map<string, number>();
    for (const house of houses)
      perBuilding.set(house.buildingKey, (perBuilding.get(house.buildingKey) ?? 0) + 1);
    for (const count of perBuilding.values()) {
      expect(count).toBeGreaterThanOrEqual(8);
      expect(count).toBeLessThanOrEqual(40);
    }
    expect(perBuilding.size).toBe(generated.reduce((sum, grid) => sum + grid.buildings.length, 0));
  });

  it('places buildings, things and organizations inside their own grid', () => {
    const locator = Locator.build(grids);
    for (const grid of generated) {
      for (const item of [...grid.buildings, ...grid.things, ...grid.orgs]) {
        expect(item.gridCode).toBe(grid.gridCode);
        expect(locator.locate(item.lon, item.lat), item.key).toBe(grid.gridCode);
      }
    }
  });

  it('writes addresses with district, street, community, road, number and building', () => {
    for (const building of generated[0].buildings) {
      expect(building.address).toMatch(/^南湖区\S+街道\S+社区 \S+(路|街|大道) \d+ 号 \d+ 栋$/);
      expect(building.floors).toBeGreaterThan(0);
    }
  });

  it('tags focus groups at their rates, the elderly living alone only when they do', () => {
    const rate = (code: string) =>
      people.filter((person) => person.tags.includes(code)).length / people.length;
    for (const tag of TAGS.filter((t) => t.rate >= 0.009)) {
      expect(rate(tag.code), tag.code).toBeGreaterThan(tag.rate * 0.6);
      expect(rate(tag.code), tag.code).toBeLessThan(tag.rate * 1.5);
    }
    for (const tag of TAGS.filter((t) => t.rate < 0.009))
      expect(rate(tag.code), tag.code).toBeLessThan(tag.rate * 4);

    const households = new Map<string | null, number>();
    for (const person of people)
      households.set(person.householdKey, (households.get(person.householdKey) ?? 0) + 1);
    for (const person of people.filter((p) => p.tags.includes('elderly_alone'))) {
      expect(ageOf(person.idNumber)).toBeGreaterThanOrEqual(65);
      expect(households.get(person.householdKey)).toBe(1);
      expect(people.filter((p) => p.houseKey === person.houseKey)).toHaveLength(1);
    }
    const codes = new Set(TAGS.map((t) => t.code));
    expect(people.every((person) => person.tags.every((tag) => codes.has(tag)))).toBe(true);
  });

  it('gives organizations valid credit codes with prefixes that fit their kind', () => {
    const kinds = new Set(ORG_KINDS.map((kind) => kind.code));
    for (const org of generated.flatMap((grid) => grid.orgs)) {
      expect(kinds.has(org.kind)).toBe(true);
      expect(checkPhone(org.contactPhone).ok).toBe(true);
      if (org.kind === 'party_branch' || org.kind === 'owners_committee') {
        expect(org.creditCode).toBeNull();
        continue;
      }
      expect(org.creditCode).not.toBeNull();
      expect(checkCreditCode(org.creditCode!)).toEqual({ ok: true, creditCode: org.creditCode });
      const prefix = org.creditCode!.slice(0, 2);
      if (org.kind === 'enterprise' || org.kind === 'property_company') expect(prefix).toBe('91');
      if (org.kind === 'shop') expect(['91', '92']).toContain(prefix);
      if (org.kind === 'social_org') expect(['51', '52']).toContain(prefix);
    }
    expect(generated.every((grid) => grid.orgs.some((org) => org.kind === 'party_branch'))).toBe(true);
  });

  it('knows its thing categories by six-digit code', () => {
    const categories = new Set(THING_CATEGORIES.map((category) => category.code));
    expect(categories.size).toBe(THING_CATEGORIES.length);
    expect([...categories].every((code) => /^\d{6}$/.test(code))).toBe(true);
    for (const thing of generated.flatMap((grid) => grid.things))
      expect(categories.has(thing.category)).toBe(true);
  });

  // How fast (target under 10 s): `npm run bench -- units`.
  it('generates the whole demo district: ~300,000 people, ~100,000 households, ~20,000 things, ~3,000 orgs', () => {
    const totals = { people: 0, households: 0, things: 0, orgs: 0 };
    const ids = new Set<string>();
    for (const grid of generatePopulation({ seed: 1, grids, areas })) {
      totals.people += grid.people.length;
      totals.households += grid.households.length;
      totals.things += grid.things.length;
      totals.orgs += grid.orgs.length;
      for (const person of grid.people) ids.add(person.idNumber);
    }
    expect(ids.size).toBe(totals.people);
    expect(totals.people).toBe(grids.reduce((sum, grid) => sum + grid.population!, 0));
    expect(totals.people).toBeGreaterThan(250_000);
    expect(totals.people).toBeLessThan(350_000);
    expect(totals.households).toBe(grids.reduce((sum, grid) => sum + grid.households, 0));
    expect(totals.things).toBeGreaterThan(17_000);
    expect(totals.things).toBeLessThan(23_000);
    expect(totals.orgs).toBeGreaterThan(2_500);
    expect(totals.orgs).toBeLessThan(3_500);
  }, 120_000);
});
