import { describe, expect, it } from 'vitest';
import type { CaseState } from '../../db/types.ts';
import { CHINA_PUBLIC_HOLIDAYS, WorkingCalendar } from '../cases/calendar.ts';
import { MOVES, type Move, STEP_OF_STATE, TRANSITIONS } from '../cases/cases.machine.ts';
import { DEFAULT_DEPARTMENTS, flattenCategories } from '../cases/catalog.ts';
import { generateAreas } from './areas.generator.ts';
import { type CaseGrid, type DemoCase, type GenerateCasesOptions, generateCases } from './cases.generator.ts';
import { generatePopulation } from './population.generator.ts';

const areas = generateAreas({ seed: 1, scale: 'district' });
const gridAreas = areas.filter((a) => a.level === 'grid').slice(0, 16);
const population = [
  ...generatePopulation({
    seed: 1,
    areas,
    grids: gridAreas.map((g) => ({ code: g.code, boundary: g.boundary, households: g.households! })),
  }),
];
const userId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const grids: CaseGrid[] = population.map((p, i) => ({
  code: p.gridCode,
  worker: { id: userId(100 + i), name: `网格员${i + 1}` },
  buildings: p.buildings,
}));
const calendar = new WorkingCalendar(new Map(CHINA_PUBLIC_HOLIDAYS.map((d) => [d.day, d.kind])));
const options: GenerateCasesOptions = {
  seed: 1,
  now: new Date('2026-11-20T10:30:00+08:00'),
  grids,
  calendar,
  perDay: 12,
  staff: {
    operator: { id: userId(1), name: '指挥员' },
    leader: { id: userId(2), name: '区领导' },
    resident: { actor: { id: userId(3), name: '居民' }, areaCode: gridAreas[0].code.slice(0, 12) },
    handlers: new Map(DEFAULT_DEPARTMENTS.map((d, i) => [d.code, [{ id: userId(10 + i), name: d.zh }]])),
  },
};
const cases = generateCases(options);
const limits = new Map(flattenCategories().map((c) => [c.code, c.limits]));
const ENDED: CaseState[] = ['closed', 'rejected', 'merged'];
const share = (pick: (c: DemoCase) => boolean) => cases.filter(pick).length / cases.length;

describe('generateCases', () => {
  it('gives the same cases for the same seed and now, and others for another seed', () => {
    // As text: a deep comparison of ~7,000 cases takes seconds.
    expect(JSON.stringify(generateCases(options))).toBe(JSON.stringify(cases));
    const other = generateCases({ ...options, seed: 2 });
    expect(other.map((c) => c.id)).not.toEqual(cases.map((c) => c.id));
  });

  it('reports about perDay cases a day for a year, numbered in report order', () => {
    expect(cases.length).toBeGreaterThan(options.perDay! * 365 * 0.85);
    expect(cases.length).toBeLessThan(options.perDay! * 366 * 1.15);
    expect(cases.map((c) => c.number)).toEqual(
      cases.map(
        (c) =>
          `${new Date(c.reportedAt + 8 * 3_600_000).getUTCFullYear()}-${String(cases.indexOf(c) + 1).padStart(7, '0')}`,
      ),
    );
    const times = cases.map((c) => c.reportedAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(cases.at(-1)!.reportedAt).toBeLessThanOrEqual(options.now.getTime());
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('walks every case along the state machine, and its row matches its last event', () => {
    // Problems are gathered rather than asserted one by one: ~70,000 events.
    const problems: string[] = [];
    for (const c of cases) {
      const [report, ...rest] = c.events;
      if (report.action !== 'report' || report.toState !== 'reported') problems.push(`${c.number} report`);
      let state: CaseState = 'reported';
      let at = report.at;
      for (const e of rest) {
        if (e.at < at) problems.push(`${c.number} ${e.action} out of order`);
        at = e.at;
        if (!(MOVES as readonly string[]).includes(e.action)) {
          if (!['evaluate', 'supervise', 'alarm', 'escalate'].includes(e.action) || e.toState)
            problems.push(`${c.number} ${e.action}`);
          continue;
        }
        const t = TRANSITIONS[e.action as Move];
        if (!t.from.includes(state) || e.fromState !== state || e.toState !== t.to)
          problems.push(`${c.number} ${e.action} from ${state}`);
        if (t.needsReason && !e.note) problems.push(`${c.number} ${e.action} without a reason`);
        state = t.to;
      }
      if (c.state !== state) problems.push(`${c.number} is ${c.state}, its events say ${state}`);
      if (c.updatedAt !== at) problems.push(`${c.number} updated_at`);
    }
    expect(problems).toEqual([]);
  });

  it('closes ended cases with every step finished, and keeps open ones in one running step', () => {
    const problems: string[] = [];
    const now = options.now.getTime();
    for (const c of cases) {
      const running = c.steps.filter((s) => s.finishedAt === null);
      if (ENDED.includes(c.state)) {
        if (
          !c.closedAt ||
          running.length > 0 ||
          c.step ||
          c.stepDeadline ||
          c.alarm !== 'none' ||
          c.nextAlarm
        )
          problems.push(`${c.number} ${c.state} is not closed off`);
        continue;
      }
      const [step] = running;
      if (c.closedAt || running.length !== 1 || step !== c.steps.at(-1)) problems.push(`${c.number} steps`);
      else if (step.step !== STEP_OF_STATE[c.state] || c.step !== step.step)
        problems.push(`${c.number} step`);
      else if (c.stepStartedAt !== step.startedAt || c.stepDeadline !== step.deadline)
        problems.push(`${c.number} step times`);
      else if (c.alarm === 'red' ? step.deadline > now : c.nextAlarm!.at <= now)
        problems.push(`${c.number} alarm`);
    }
    expect(problems).toEqual([]);
  });

  it('counts every deadline in working hours, each step starting where the last one ended', () => {
    const problems: string[] = [];
    for (const c of cases) {
      c.steps.forEach((s, i) => {
        const deadline = calendar.addWorkingHours(
          new Date(s.startedAt),
          limits.get(c.categoryCode)![s.step]!,
        );
        if (s.deadline !== deadline.getTime() || s.deadline <= s.startedAt)
          problems.push(`${c.number} ${s.step} deadline`);
        if (i > 0 && s.startedAt !== c.steps[i - 1].finishedAt)
          problems.push(`${c.number} ${s.step} starts apart from the last step's end`);
        if (s.finishedAt && s.finishedAt <= s.startedAt) problems.push(`${c.number} ${s.step} ends first`);
      });
      if (c.steps[0].step !== 'register' || c.steps[0].startedAt !== c.reportedAt)
        problems.push(`${c.number} first step`);
    }
    expect(problems).toEqual([]);
    // Handling over a weekend is on time when it fits the working hours.
    const overWeekend = cases
      .flatMap((c) => c.steps)
      .filter((s) => s.step === 'handle' && s.finishedAt && s.finishedAt <= s.deadline)
      .filter((s) => s.finishedAt! - s.startedAt > 48 * 3_600_000);
    expect(overWeekend.length).toBeGreaterThan(0);
  });

  it('has the mix of a real district: late, reopened, supervised, rejected, merged and open cases', () => {
    const handled = cases.filter((c) => c.steps.some((s) => s.step === 'handle' && s.finishedAt));
    const late = handled.filter((c) =>
      c.steps.some((s) => s.step === 'handle' && s.finishedAt && s.finishedAt > s.deadline),
    );
    expect(late.length / handled.length).toBeGreaterThan(0.05);
    expect(late.length / handled.length).toBeLessThan(0.13);
    expect(share((c) => c.state === 'rejected')).toBeGreaterThan(0.015);
    expect(share((c) => c.state === 'merged')).toBeGreaterThan(0.005);
    expect(share((c) => c.reopenCount > 0)).toBeGreaterThan(0.02);
    expect(share((c) => c.supervisedAt !== null)).toBeGreaterThan(0.01);
    expect(share((c) => c.source === 'grid_worker')).toBeGreaterThan(0.5);
    expect(share((c) => c.source === 'hotline')).toBeGreaterThan(0.18);
    expect(share((c) => c.keptInGrid)).toBeGreaterThan(0.1);
    const open = new Set(cases.filter((c) => !ENDED.includes(c.state)).map((c) => c.state));
    expect([...open].sort()).toEqual(
      [
        'dispatched',
        'fed_back',
        'handling',
        'registered',
        'reopened',
        'reported',
        'returned',
        'verified',
      ].filter((s) => open.has(s as CaseState)),
    );
    expect(open.size).toBeGreaterThanOrEqual(6);
    expect(cases.some((c) => c.alarm === 'red' && c.escalatedTo === c.gridCode.slice(0, 12))).toBe(true);
    const closed = cases.filter((c) => c.satisfaction !== null);
    expect(closed.filter((c) => c.satisfaction! >= 4).length / closed.length).toBeGreaterThan(0.6);
  });

  it('merges a report into an earlier one of the same category close by', () => {
    const byId = new Map(cases.map((c) => [c.id, c]));
    const merged = cases.filter((c) => c.state === 'merged');
    for (const c of merged) {
      const original = byId.get(c.duplicateOf!)!;
      expect(original.categoryCode).toBe(c.categoryCode);
      expect(original.reportedAt).toBeLessThan(c.reportedAt);
      expect(Math.abs(original.lat - c.lat)).toBeLessThan(0.0005);
    }
  });

  it('keeps hotline callers apart from accounts, and only grids with buildings get cases', () => {
    for (const c of cases.filter((c) => c.source === 'hotline')) {
      expect(c.reporterId).toBeNull();
      expect(c.reporterPhone).toMatch(/^1\d{10}$/);
    }
    expect(generateCases({ ...options, grids: grids.map((g) => ({ ...g, buildings: [] })) })).toEqual([]);
  });
});
