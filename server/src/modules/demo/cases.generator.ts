import type { Alarm, CaseSource, CaseState, CaseStep, TimeLimits } from '../../db/types.ts';
import type { WorkingCalendar } from '../cases/index.ts';
import { DEFAULT_DEPARTMENTS, flattenCategories, type Move, TRANSITIONS } from '../cases/index.ts';
import {
  CATEGORY_WEIGHTS,
  DESCRIPTIONS,
  EXTRAS,
  MOBILE_PREFIXES,
  REJECT_REASONS,
  REOPEN_REASONS,
  RESULTS,
  SEND_BACK_REASONS,
  SOURCE_OPENINGS,
  SUPERVISE_NOTES,
  VERIFY_NOTES,
} from './cases.texts.ts';
import { personName } from './people.ts';
import { createRandom, hashSeed, type Random, randomBetween, randomInt } from './random.ts';

/**
 * A year of the demo district's cases, walked through the state machine with believable timings:
 * every step's deadline comes from the working calendar, most steps finish well inside it, some
 * handling runs late (and gets alarms, escalation, a leader's supervision), some cases are sent
 * back, reopened, rejected or merged. Each case is planned to its end, then cut at `now`: what
 * would happen later has not happened yet, so recent cases are open in whatever state they reached.
 * Pure: the same seed, `now` and inputs give the same cases (ids included).
 */

export interface CaseActor {
  id: string | null;
  name: string | null;
}

export interface CaseBuilding {
  name: string;
  address: string;
  lon: number;
  lat: number;
}

export interface CaseGrid {
  code: string;
  worker: CaseActor | null;
  buildings: CaseBuilding[];
}

export interface CaseStaff {
  /** Command centre: registers, dispatches, closes. */
  operator: CaseActor;
  /** Supervises late cases. */
  leader: CaseActor;
  /** The demo resident account, reporting from its community. */
  resident: { actor: CaseActor; areaCode: string } | null;
  /** Handlers by department code. */
  handlers: ReadonlyMap<string, CaseActor[]>;
}

export interface GenerateCasesOptions {
  seed: number;
  now: Date;
  grids: CaseGrid[];
  staff: CaseStaff;
  calendar: Pick<WorkingCalendar, 'addWorkingHours' | 'workingHoursBetween'>;
  /** Days of history before `now`. */
  days?: number;
  /** Average reports a day over the given grids. */
  perDay?: number;
}

// Instants are epoch milliseconds: a year of cases is over a million of them, and Date objects
// would make generating it mostly garbage collection.

export interface DemoCaseEvent {
  at: number;
  actorId: string | null;
  actorName: string | null;
  action: string;
  fromState: CaseState | null;
  toState: CaseState | null;
  note: string | null;
  data: Record<string, unknown>;
}

export interface DemoCaseStep {
  step: CaseStep;
  departmentCode: string | null;
  startedAt: number;
  deadline: number;
  finishedAt: number | null;
}

export interface DemoCaseNotice {
  kind: 'supervise' | 'escalate' | 'yellow' | 'red';
  areaCode: string;
  departmentCode: string | null;
  message: string;
  createdAt: number;
}

export interface DemoCase {
  id: string;
  number: string;
  source: CaseSource;
  categoryCode: string;
  gridCode: string;
  lon: number;
  lat: number;
  address: string;
  description: string;
  state: CaseState;
  reporterId: string | null;
  reporterName: string | null;
  /** In the clear: the loader encrypts it. */
  reporterPhone: string | null;
  departmentCode: string | null;
  keptInGrid: boolean;
  duplicateOf: string | null;
  step: CaseStep | null;
  stepStartedAt: number | null;
  stepDeadline: number | null;
  alarm: Alarm;
  /** The alarm a running server raises next on an open case (its `case.alarm` job). */
  nextAlarm: { level: 'yellow' | 'red'; at: number } | null;
  escalatedTo: string | null;
  supervisedAt: number | null;
  satisfaction: number | null;
  reopenCount: number;
  reportedAt: number;
  closedAt: number | null;
  updatedAt: number;
  version: number;
  events: DemoCaseEvent[];
  steps: DemoCaseStep[];
  notices: DemoCaseNotice[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const CST_MS = 8 * HOUR_MS;
const SYSTEM: CaseActor = { id: null, name: null };
const STEP_ZH: Record<CaseStep, string> = {
  register: '立案',
  dispatch: '派遣',
  handle: '处置',
  verify: '核查',
  close: '结案',
};
// As the service's default rules: a report this soon after a like one nearby may be its duplicate.
const DUPLICATE_WITHIN_MS = 72 * HOUR_MS;
const YELLOW_SHARE = 0.8;
const HOLD_DAYS = 14;
// biome-ignore format: one table
const HOLDS: [CaseState, number][] = [['reported', 1], ['registered', 1.5], ['dispatched', 3], ['handling', 6], ['returned', 0.7], ['fed_back', 2], ['reopened', 0.7], ['verified', 1.5]];
const DEPARTMENT_ZH = new Map(DEFAULT_DEPARTMENTS.map((d) => [d.code, d.zh]));

// Share of a step's time limit used when on time: registering takes minutes, handling most of a day.
const ON_TIME: Record<CaseStep, [number, number]> = {
  register: [0.05, 0.6],
  dispatch: [0.05, 0.7],
  handle: [0.15, 0.97],
  verify: [0.1, 0.9],
  close: [0.05, 0.8],
};
// biome-ignore format: one table
const SOURCES: [CaseSource, number][] = [['grid_worker', 0.6], ['hotline', 0.25], ['resident', 0.1], ['department', 0.025], ['camera', 0.025]];
// Report hours (CST) by source: grid workers on patrol, callers from morning to late evening.
const HOURS: Record<string, (r: Random) => number> = {
  grid_worker: (r) => randomBetween(r, 8.5, 17.5),
  department: (r) => randomBetween(r, 9, 17.5),
  hotline: (r) => 7 + 8 * (r() + r()),
  resident: (r) => 6 + 8.5 * (r() + r()),
  camera: (r) => 24 * r(),
};

type Category = ReturnType<typeof flattenCategories>[number];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function weighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  let r = random() * items.reduce((sum, [, w]) => sum + w, 0);
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1][0];
}

/** A version-4 UUID from the seeded stream, so that re-generating gives the same ids. */
function uuid(random: Random): string {
  let hex = '';
  for (let i = 0; i < 4; i++)
    hex += Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  const variant = ((Number.parseInt(hex[16], 16) & 3) | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function describeCase(random: Random, category: string, source: CaseSource, building: CaseBuilding): string {
  // Addresses end '… 华侨路 327 号 9 栋' or '… 华侨路 9 栋'.
  const road =
    (/(\S+) \d+ 号/.exec(building.address) ?? /(\S+) \d+ 栋$/.exec(building.address))?.[1] ?? building.name;
  const text = pick(random, DESCRIPTIONS[category])
    .replace('{b}', building.name)
    .replace('{r}', road)
    .replace('{n}', String(randomInt(random, 2, 8)));
  return pick(random, SOURCE_OPENINGS[source]) + text + pick(random, EXTRAS);
}

function satisfaction(random: Random, unhappy: boolean): number {
  const odds: [number, number][] = unhappy
    ? [
        [1, 0.12],
        [2, 0.18],
        [3, 0.3],
        [4, 0.28],
        [5, 0.12],
      ]
    : [
        [1, 0.02],
        [2, 0.03],
        [3, 0.1],
        [4, 0.3],
        [5, 0.55],
      ];
  return weighted(random, odds);
}

interface Draft {
  id: string;
  number: string;
  source: CaseSource;
  category: Category;
  grid: CaseGrid;
  building: CaseBuilding;
  lon: number;
  lat: number;
  reportedAt: number;
  reporter: CaseActor | null;
  reporterName: string | null;
  reporterPhone: string | null;
  duplicate: Draft | null;
  description: string;
}

interface PlannedStep {
  step: CaseStep;
  departmentCode: string | null;
  start: number;
  deadline: number;
  limit: number;
  /** Share of the limit used; null until the step ends. */
  share: number | null;
  finish: number | null;
}

export function generateCases(options: GenerateCasesOptions): DemoCase[] {
  const { seed, staff, calendar } = options;
  const now = options.now.getTime();
  const days = options.days ?? 365;
  const perDay = options.perDay ?? 100;
  const random = createRandom(hashSeed(seed, 0x63617365));
  const ids = createRandom(hashSeed(seed, 0x69647321));
  const add = (at: number, hours: number) => calendar.addWorkingHours(new Date(at), hours).getTime();

  const leaves = flattenCategories().filter((c) => c.parentCode !== null);
  const categories = leaves.map((c) => [c, CATEGORY_WEIGHTS[c.code] ?? 1] as const);
  const grids = options.grids.filter((g) => g.buildings.length > 0);
  if (grids.length === 0) return [];
  const gridWeights = grids.map((g) => [g, g.buildings.length] as const);
  const handlerOf = (department: string | null, grid: CaseGrid): CaseActor =>
    department === null
      ? (grid.worker ?? SYSTEM)
      : pick(random, staff.handlers.get(department) ?? [{ id: null, name: DEPARTMENT_ZH.get(department)! }]);
  const mobile = () =>
    pick(random, MOBILE_PREFIXES) + String(randomInt(random, 0, 99_999_999)).padStart(8, '0');

  // Reports, day by day in CST, in the order they came in.
  const drafts: Draft[] = [];
  const recent = new Map<string, Draft>();
  const firstDay = Math.floor((now + CST_MS) / DAY_MS) - days;
  let serial = 0;
  for (let day = firstDay; day <= firstDay + days; day++) {
    const midnight = day * DAY_MS - CST_MS;
    const weekday = (day + 4) % 7;
    const weekend = weekday === 0 || weekday === 6;
    const count = Math.round(perDay * (weekend ? 0.7 : 1.12) * randomBetween(random, 0.85, 1.15));
    const today: { at: number; source: CaseSource }[] = [];
    for (let i = 0; i < count; i++) {
      const source = weighted(random, SOURCES);
      const at = midnight + Math.floor(HOURS[source](random) * HOUR_MS);
      if (at <= now) today.push({ at, source });
    }
    today.sort((a, b) => a.at - b.at);
    for (const { at, source: wanted } of today) {
      let grid = weighted(random, gridWeights);
      let category = weighted(random, categories);
      let building = pick(random, grid.buildings);
      const source: CaseSource = wanted === 'grid_worker' && !grid.worker ? 'hotline' : wanted;
      // A second report of something already reported nearby (same community, same category).
      let duplicate: Draft | null = null;
      if (random() < 0.03) {
        const earlier = recent.get(`${grid.code.slice(0, 12)}:${category.code}`);
        if (earlier && at - earlier.reportedAt < DUPLICATE_WITHIN_MS) {
          duplicate = earlier;
          grid = earlier.grid;
          category = earlier.category;
          building = earlier.building;
        }
      }
      let reporter: CaseActor | null = null;
      let reporterName: string | null = null;
      let reporterPhone: string | null = null;
      if (source === 'grid_worker') reporter = grid.worker;
      else if (source === 'department') reporter = handlerOf(category.department, grid);
      else if (source === 'camera') reporterName = '天网视频监控';
      else if (
        source === 'resident' &&
        staff.resident &&
        grid.code.startsWith(staff.resident.areaCode) &&
        random() < 0.5
      )
        reporter = staff.resident.actor;
      else {
        reporterName = personName(random);
        reporterPhone = mobile();
      }
      // Within a few metres of the building; a duplicate within a few metres of the first report.
      const near = duplicate ?? building;
      const jitter = duplicate ? 0.0001 : 0.0003;
      const year = new Date(at + CST_MS).getUTCFullYear();
      const draft: Draft = {
        id: uuid(ids),
        number: `${year}-${String(++serial).padStart(7, '0')}`,
        source,
        category,
        grid,
        building,
        lon: near.lon + randomBetween(random, -jitter, jitter),
        lat: near.lat + randomBetween(random, -jitter, jitter),
        reportedAt: at,
        reporter,
        reporterName,
        reporterPhone,
        duplicate,
        description: describeCase(random, category.code, source, building),
      };
      drafts.push(draft);
      if (!duplicate) recent.set(`${grid.code.slice(0, 12)}:${category.code}`, draft);
    }
  }
  return drafts.map((draft) => walk(draft));

  /** Plans the case to its end, then keeps what happened by `now`. */
  function walk(draft: Draft): DemoCase {
    const limits: TimeLimits = draft.category.limits;
    const plan: DemoCaseEvent[] = [];
    const steps: PlannedStep[] = [];
    let state: CaseState = 'reported';
    let department: string | null = null;
    let keptInGrid = false;
    // Some recent cases are still waiting, in any open state: the newer, the likelier.
    const age = (now - draft.reportedAt) / DAY_MS;
    let hold =
      age < HOLD_DAYS && random() < 0.5 * (1 - age / HOLD_DAYS) ** 1.5 ? weighted(random, HOLDS) : null;
    if (hold === 'reported' && age > 0.5) hold = 'registered';

    const open = (step: CaseStep, at: number) => {
      const limit = limits[step] ?? 1;
      steps.push({
        step,
        departmentCode: step === 'handle' ? department : null,
        start: at,
        deadline: add(at, limit),
        limit,
        share: null,
        finish: null,
      });
    };
    const current = () => steps[steps.length - 1];
    /** A share of the step's limit that ends after `now`. */
    const stillWaiting = (s: PlannedStep) =>
      calendar.workingHoursBetween(new Date(s.start), options.now) / s.limit +
      randomBetween(random, 0.05, 1.5);
    /** When the current step ends: on time for most, late for some (handling more often). */
    const finishing = (lateOdds = 0.015, minShare = 0) => {
      const s = current();
      const [lo, hi] = ON_TIME[s.step];
      let share: number;
      if (state === hold) share = stillWaiting(s);
      else if (random() < lateOdds)
        share = random() < 0.12 ? randomBetween(random, 3, 8) : randomBetween(random, 1.05, 2.4);
      else share = lo + (hi - lo) * random() ** 1.4;
      s.share = Math.max(share, minShare);
      return add(s.start, s.limit * s.share);
    };
    const push = (at: number, actor: CaseActor, action: string, note: string | null, data = {}) =>
      plan.push({
        at,
        actorId: actor.id,
        actorName: actor.name,
        action,
        fromState: null,
        toState: null,
        note,
        data,
      });
    const move = (name: Move, at: number, actor: CaseActor, note: string | null = null, data = {}) => {
      const t = TRANSITIONS[name];
      if (!t.from.includes(state)) throw new Error(`demo case ${draft.number}: ${name} from ${state}`);
      plan.push({
        at,
        actorId: actor.id,
        actorName: actor.name,
        action: name,
        fromState: state,
        toState: t.to,
        note,
        data,
      });
      state = t.to;
      const s = current();
      if (t.step !== s.step) {
        s.finish = at;
        if (t.step) open(t.step, at);
      }
    };
    const handler = () => handlerOf(department, draft.grid);
    const reporter = draft.reporter ?? { id: null, name: draft.reporterName };
    const site = draft.grid.worker ?? staff.operator;

    plan.push({
      at: draft.reportedAt,
      actorId: reporter.id,
      actorName: reporter.name,
      action: 'report',
      fromState: null,
      toState: 'reported',
      note: draft.description,
      data: { source: draft.source, categoryCode: draft.category.code, gridCode: draft.grid.code },
    });
    open('register', draft.reportedAt);
    let at = finishing();
    if (draft.duplicate) {
      move('merge', at, staff.operator, `与 ${draft.duplicate.number} 为同一问题，合并处理`, {
        duplicateOf: draft.duplicate.number,
      });
    } else if (random() < 0.03) {
      move('reject', at, staff.operator, pick(random, REJECT_REASONS));
    } else {
      move('register', at, staff.operator);
      keptInGrid = hold !== 'returned' && random() < 0.15;
      department = keptInGrid ? null : draft.category.department;
      const dispatch = (when: number) =>
        move(
          'dispatch',
          when,
          staff.operator,
          department ? `派遣至${DEPARTMENT_ZH.get(department) ?? department}` : '网格内自行处置',
          { departmentCode: department, keptInGrid, suggested: draft.category.department },
        );
      dispatch(finishing());
      if (department && (hold === 'returned' || random() < 0.025)) {
        // Sent to the wrong unit: it sends the case back, and the centre dispatches it elsewhere.
        at = add(current().start, current().limit * randomBetween(random, 0.02, 0.2));
        move('send_back', at, handler(), pick(random, SEND_BACK_REASONS), { departmentCode: department });
        department = department === 'urban_management' ? 'enforcement' : 'urban_management';
        dispatch(finishing());
      }
      let late = false;
      let reopened = false;
      for (let round = 0; ; round++) {
        const handle = current();
        const acceptShare = hold === 'dispatched' ? stillWaiting(handle) : randomBetween(random, 0.01, 0.08);
        if (round === 0) move('accept', add(handle.start, handle.limit * acceptShare), handler());
        at = finishing(round === 0 ? 0.08 : 0.04, acceptShare + 0.02);
        late ||= handle.share! > 1;
        move('feedback', at, handler(), pick(random, RESULTS[draft.category.parentCode!]));
        at = finishing();
        if (round === 0 && (hold === 'reopened' || random() < 0.05)) {
          reopened = true;
          move('reopen', at, site, pick(random, REOPEN_REASONS));
          continue;
        }
        move('verify', at, site, pick(random, VERIFY_NOTES));
        break;
      }
      at = finishing();
      move('close', at, staff.operator, '办结');
      if (draft.source !== 'camera' && random() < 0.75) {
        const score = satisfaction(random, late || reopened);
        push(at + Math.floor(randomBetween(random, 0.5, 72) * HOUR_MS), reporter, 'evaluate', null, {
          satisfaction: score,
          by: 'reporter',
        });
      }
    }
    // Warnings where a step ran (or is running) past 80% of its limit and past its deadline.
    const community = draft.grid.code.slice(0, 12);
    for (const s of steps) {
      // Every planned step ends; one that uses less of its limit than the yellow share has no alarm.
      if (s.share! <= YELLOW_SHARE) continue;
      const end = s.finish!;
      const yellow = add(s.start, s.limit * YELLOW_SHARE);
      if (yellow < end)
        push(yellow, SYSTEM, 'alarm', `${STEP_ZH[s.step]}时限已过 80%`, { level: 'yellow', step: s.step });
      if (s.deadline < end) {
        push(s.deadline, SYSTEM, 'alarm', `${STEP_ZH[s.step]}已超时`, { level: 'red', step: s.step });
        push(s.deadline, SYSTEM, 'escalate', '超时未办结，上报社区', { to: community });
        const supervise = add(s.deadline, randomBetween(random, 1, 8));
        if (s.step === 'handle' && supervise < end && random() < 0.5)
          push(supervise, staff.leader, 'supervise', pick(random, SUPERVISE_NOTES));
      }
    }
    return settle(draft, plan, steps);
  }

  function settle(draft: Draft, events: DemoCaseEvent[], planned: PlannedStep[]): DemoCase {
    // Stable: events at the same instant keep the order they were planned in.
    events.sort((a, b) => a.at - b.at);
    while (events[events.length - 1].at > now) events.pop();
    const steps: DemoCaseStep[] = [];
    for (const s of planned) {
      if (s.start > now) break;
      const finishedAt = s.finish !== null && s.finish <= now ? s.finish : null;
      steps.push({
        step: s.step,
        departmentCode: s.departmentCode,
        startedAt: s.start,
        deadline: s.deadline,
        finishedAt,
      });
    }
    const kase: DemoCase = {
      id: draft.id,
      number: draft.number,
      source: draft.source,
      categoryCode: draft.category.code,
      gridCode: draft.grid.code,
      lon: draft.lon,
      lat: draft.lat,
      address: draft.building.address,
      description: draft.description,
      state: 'reported',
      reporterId: draft.reporter?.id ?? null,
      reporterName: draft.reporter?.name ?? draft.reporterName,
      reporterPhone: draft.reporterPhone,
      departmentCode: null,
      keptInGrid: false,
      duplicateOf: null,
      step: null,
      stepStartedAt: null,
      stepDeadline: null,
      alarm: 'none',
      nextAlarm: null,
      escalatedTo: null,
      supervisedAt: null,
      satisfaction: null,
      reopenCount: 0,
      reportedAt: draft.reportedAt,
      closedAt: null,
      updatedAt: events[events.length - 1].at,
      version: 1,
      events,
      steps,
      notices: [],
    };
    const notice = (kind: DemoCaseNotice['kind'], areaCode: string, message: string, at: number) =>
      kase.notices.push({ kind, areaCode, departmentCode: kase.departmentCode, message, createdAt: at });
    for (const e of events) {
      if (e.toState) {
        kase.state = e.toState;
        kase.version++;
      }
      if (e.action === 'dispatch') {
        kase.departmentCode = e.data.departmentCode as string | null;
        kase.keptInGrid = e.data.keptInGrid as boolean;
      } else if (e.action === 'merge') kase.duplicateOf = draft.duplicate!.id;
      else if (e.action === 'reopen') kase.reopenCount++;
      else if (e.action === 'evaluate') kase.satisfaction = e.data.satisfaction as number;
      else if (e.action === 'supervise') {
        kase.supervisedAt = e.at;
        notice('supervise', kase.gridCode, `督办 ${kase.number}：${e.note}`, e.at);
      } else if (e.action === 'escalate') {
        // As the alarm job does: the red alarm is told to the community it escalates to.
        kase.escalatedTo = e.data.to as string;
        notice('escalate', kase.escalatedTo, `${kase.number} 超时未办结，已上报社区`, e.at);
      } else if (e.action === 'alarm' && e.data.level === 'yellow') {
        notice('yellow', kase.gridCode, `${kase.number} ${e.note}`, e.at);
      }
      if (e.action === 'close' || e.action === 'reject' || e.action === 'merge') kase.closedAt = e.at;
    }
    const last = steps[steps.length - 1];
    if (last.finishedAt === null) {
      const s = planned[steps.length - 1];
      kase.step = last.step;
      kase.stepStartedAt = last.startedAt;
      kase.stepDeadline = last.deadline;
      const yellow = add(s.start, s.limit * YELLOW_SHARE);
      kase.alarm = s.deadline <= now ? 'red' : yellow <= now ? 'yellow' : 'none';
      if (kase.alarm === 'none') kase.nextAlarm = { level: 'yellow', at: yellow };
      else if (kase.alarm === 'yellow') kase.nextAlarm = { level: 'red', at: last.deadline };
    }
    return kase;
  }
}
