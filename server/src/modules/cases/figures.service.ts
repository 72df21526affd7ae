import type { Static } from 'typebox';
import type { Db } from '../../db/database.ts';
import { CASE_STEPS, type CaseStep } from '../../db/types.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { figuresScope } from './cases.policy.ts';
import * as repo from './figures.repository.ts';
import type { FiguresQuery } from './figures.schemas.ts';

/** 'YYYY-MM-DD' of an instant in Beijing time, the calendar every figure counts days in. */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The department group of cases not (yet) dispatched to one: reported, registered, kept in the grid. */
const NO_DEPARTMENT = { zh: '未派至部门', en: 'No department' } as const;

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export type FiguresInput = Static<typeof FiguresQuery>;

/**
 * Case figures per group for cases reported in a period (default: the last 30 days).
 * - closureRate: closed / (reported − rejected − merged): of the cases taken on, the share closed.
 * - handling time: report to close, in hours, of the closed cases (average and 90th percentile).
 * - onTimeRate per step: steps finished by their deadline / steps finished that had a deadline.
 * - reopenRate: closed cases reopened at least once / closed cases.
 * - selfSolvedShare: cases the grid kept / cases dispatched (kept in the grid or sent to a department).
 * - rank: 1 for the best on-time handling, then closure rate, then satisfaction.
 */
export async function caseFigures(db: Db, auth: Auth | null, input: FiguresInput, lang: Lang) {
  return figuresOf(db, figuresScope(auth, input.areaCode), input, lang);
}

/** A period of days (default: the 30 days up to today, Beijing time), refused when it runs backwards. */
function periodOf(input: { from?: string; to?: string }) {
  const to = input.to ?? beijingDay(new Date());
  const from = input.from ?? addDays(to, -29);
  if (from > to)
    throw new AppError('validation_failed', (l) => ({
      summary: l === 'zh' ? '开始日期晚于结束日期' : '`from` is after `to`',
    }));
  return { from, to };
}

/** The display names of the groups' keys, in the caller's language. */
async function groupNamesIn(db: Db, groupBy: repo.FiguresGroup, rows: { key: string }[], lang: Lang) {
  const names = await repo.groupNames(
    db,
    groupBy,
    rows.map((r) => r.key),
  );
  return new Map(names.map((n) => [n.code, lang === 'zh' ? n.name_zh : n.name_en]));
}

/** The figures of an area already resolved (the command centre's monthly report, run as a job). */
export async function figuresOf(
  db: Db,
  scope: repo.FiguresScope,
  input: Omit<FiguresInput, 'areaCode'>,
  lang: Lang,
) {
  const { from, to } = periodOf(input);
  const rows = await repo.figures(db, scope, { from, to }, input.groupBy);
  const names = await groupNamesIn(db, input.groupBy, rows, lang);
  const figures = rows.map((r) => {
    const onTimeRate = Object.fromEntries(
      CASE_STEPS.map((step: CaseStep) => {
        const s = r.steps?.[step];
        return [step, s ? ratio(s.onTime, s.finished) : null];
      }),
    ) as Record<CaseStep, number | null>;
    return {
      key: r.key,
      name: names.get(r.key) ?? (r.key === '' ? NO_DEPARTMENT[lang] : r.key),
      reported: r.reported,
      closed: r.closed,
      open: r.open,
      byState: r.by_state,
      onTimeRate,
      closureRate: ratio(r.closed, r.reported - r.dropped),
      avgHandlingHours: r.avg_hours,
      p90HandlingHours: r.p90_hours,
      reopenRate: ratio(r.reopened, r.closed),
      satisfaction: r.satisfaction,
      satisfactionCount: r.satisfaction_count,
      selfSolvedShare: ratio(r.kept_in_grid, r.dispatched),
      rank: 0,
    };
  });
  const score = (f: (typeof figures)[number]) => [
    f.onTimeRate.handle ?? -1,
    f.closureRate ?? -1,
    f.satisfaction ?? -1,
  ];
  const ranked = [...figures].sort((a, b) => {
    const [x, y] = [score(a), score(b)];
    return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
  });
  ranked.forEach((f, i) => {
    f.rank = i + 1;
  });
  return { from, to, groupBy: input.groupBy, rows: figures };
}

/**
 * The figures the command centre's rankings show, per grid, community, street or department of the
 * cases reported in a period (default: the last 30 days), from the cohort rollups: the same numbers
 * as `figuresOf` gives for them (closureRate, onTimeRate of the handle step, satisfaction,
 * reopenRate), at a cost that does not grow with the cases.
 */
export async function cohortFiguresOf(
  db: Db,
  areaCode: string,
  input: { from?: string; to?: string; groupBy: repo.CohortGroup },
  lang: Lang,
) {
  const { from, to } = periodOf(input);
  const rows = await repo.cohortFigures(db, areaCode, { from, to }, input.groupBy);
  const names = await groupNamesIn(db, input.groupBy, rows, lang);
  return {
    from,
    to,
    groupBy: input.groupBy,
    rows: rows.map((r) => ({
      key: r.key,
      name: names.get(r.key) ?? (r.key === '' ? NO_DEPARTMENT[lang] : r.key),
      reported: r.reported,
      closed: r.closed,
      handleOnTimeRate: ratio(r.handle_on_time, r.handle_finished),
      closureRate: ratio(r.closed, r.reported - r.dropped),
      satisfaction: r.satisfaction,
      reopenRate: ratio(r.reopened, r.closed),
    })),
  };
}

const TOP_GRIDS = 10;
const OVERVIEW_DAYS = 30;

/**
 * The dashboard: now by state and alarm, overdue, and the last 30 days by day, category and grid (top
 * 10; none for a department) — from the rollup tables, so its cost does not grow with the cases.
 */
export async function caseOverview(db: Db, auth: Auth | null, input: { areaCode?: string }, lang: Lang) {
  const scope = figuresScope(auth, input.areaCode);
  const today = beijingDay(new Date());
  const since = addDays(today, 1 - OVERVIEW_DAYS);
  // The reports of the last second too (appended to the delta table, not yet folded in).
  await repo.foldRollup(db);
  const [now, recent, categories, overdue] = await Promise.all([
    repo.countsNow(db, scope),
    repo.recentByDayAndGrid(db, scope, since),
    repo.recentByCategory(db, scope, since),
    repo.overdueCount(db, scope, today),
  ]);
  const ended = ['closed', 'rejected', 'merged'];
  const sum = (rows: { n: number }[]) => rows.reduce((s, r) => s + r.n, 0);
  const byReported = (a: { key: string; reported: number }, b: { key: string; reported: number }) =>
    b.reported - a.reported || a.key.localeCompare(b.key);
  const byCategory = [...categories].sort(byReported);
  const byGrid = [...recent.byGrid].sort(byReported).slice(0, TOP_GRIDS);
  const days = new Map(recent.byDay.map((r) => [r.key, r]));
  const byDay = Array.from({ length: OVERVIEW_DAYS }, (_, i) => {
    const day = addDays(since, i);
    return { day, reported: days.get(day)?.reported ?? 0, closed: days.get(day)?.closed ?? 0 };
  });
  const [categoryNames, gridNames] = await Promise.all([
    repo.groupNames(
      db,
      'category',
      byCategory.map((c) => c.key),
    ),
    repo.groupNames(
      db,
      'grid',
      byGrid.map((g) => g.key),
    ),
  ]);
  const nameOf = (names: typeof categoryNames) =>
    new Map(names.map((n) => [n.code, lang === 'zh' ? n.name_zh : n.name_en]));
  const categoryName = nameOf(categoryNames);
  const gridName = nameOf(gridNames);
  return {
    since,
    today,
    total: sum(now),
    open: sum(now.filter((r) => !ended.includes(r.state))),
    overdue,
    yellow: now.reduce((s, r) => s + r.yellow, 0),
    red: now.reduce((s, r) => s + r.red, 0),
    byState: now.map((r) => ({ state: r.state, count: r.n })).sort((a, b) => b.count - a.count),
    byCategory: byCategory.map(({ key, ...c }) => ({ code: key, name: categoryName.get(key) ?? key, ...c })),
    byGrid: byGrid.map(({ key, ...g }) => ({ code: key, name: gridName.get(key) ?? key, ...g })),
    byDay,
  };
}
