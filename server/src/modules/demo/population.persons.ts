import { idCheckChar } from '../registry/index.ts';
import { personName } from './people.ts';
import { dayOf, isoDate, pick, pickWeighted } from './population.helpers.ts';
import type { HouseholdSpec, MemberSpec } from './population.households.ts';
import { type DemoPerson, type GridScope, TAGS } from './population.model.ts';
import { hashSeed, type Random } from './random.ts';

// ---------------------------------------------------------------------------------------------
// A resident's details: name, ID number, phone, hometown and focus-group tags

export interface PersonDetail {
  person: DemoPerson;
  member: MemberSpec;
  household: HouseholdSpec | null;
}

export function makePerson(
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
export function assignTags(random: Random, people: PersonDetail[]): void {
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
export const HOMETOWNS: [weight: number, codes: string[]][] = [
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

export function pickRegion(random: Random): string {
  const [, codes] = pickWeighted(random, HOMETOWNS, ([weight]) => weight);
  return codes[Math.floor(random() * codes.length)];
}

/**
 * Hands out ID numbers that never repeat: per region, birth date and sex, a counter through the
 * 500 sequence numbers of that sex, stepped through in a scrambled order. A full day (rare) pushes
 * the birth date back one day.
 */
export class IdAllocator {
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

export const MOBILE_PREFIXES = [
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
export class PhoneAllocator {
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
