import { pickWeighted } from './population.helpers.ts';
import type { DemoHouse, DemoHousehold, DemoPerson, GridScope, Relation } from './population.model.ts';
import { assignTags, makePerson, type PersonDetail, pickRegion } from './population.persons.ts';
import type { CompoundKind, Estate } from './population.places.ts';
import { type Random, randomInt } from './random.ts';

// ---------------------------------------------------------------------------------------------
// People: households by composition, then names, ID numbers, phones and tags

export interface MemberSpec {
  relation: Relation;
  age: number;
  male: boolean;
  registered: boolean;
  /** Index of the member whose surname this one carries (children take their father's). */
  surnameOf?: number;
}

export interface HouseholdSpec {
  kind: string;
  house: DemoHouse;
  registered: boolean;
  /** Years since the household moved in. */
  yearsHere: number;
  members: MemberSpec[];
  /** A lodger renting a room: lives in the house, belongs to no household. */
  lodger?: MemberSpec;
}

export type Composer = (random: Random) => MemberSpec[];

/** Age in [min, max], ever rarer towards max. */
export function olderAge(random: Random, min: number, max: number): number {
  return min + Math.floor((max - min + 1) * (1 - Math.sqrt(1 - random())));
}

export function couple(
  random: Random,
  minAge: number,
  maxAge: number,
  registered: () => boolean,
): MemberSpec[] {
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
export function addChildren(
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

export function childCount(random: Random): number {
  const r = random();
  return r < 0.56 ? 1 : r < 0.93 ? 2 : 3;
}

export const yes = () => true;

/** Households whose members hold the district's household registration (户籍). */
// biome-ignore format: composition table
export const REGISTERED: { weight: number; kind: string; compose: Composer }[] = [
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
export const NON_REGISTERED: { weight: number; kind: string; compose: Composer }[] = [
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
export const RENTED_TO_REGISTERED: Record<CompoundKind, number> = {
  village: 0.25,
  walkup: 0.5,
  estate: 0.55,
  tower: 0.4,
};
export const LODGER_RATE = 0.03;

export function populate(
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
export function matchPopulation(random: Random, specs: HouseholdSpec[], target: number): void {
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
