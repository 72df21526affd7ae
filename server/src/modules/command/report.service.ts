import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs.ts';
import { areaNames, districtAndStreets } from '../areas/index.ts';
import { figuresOf, groupNames, loadCalendar, overdueList } from '../cases/index.ts';
import { computeSummary } from '../resources/index.ts';
import * as repo from './command.repository.ts';
import { hotspotsOf, rankingsOf, wallScope } from './command.service.ts';
import { reportDocx, reportXlsx } from './report-docx.ts';

export const MONTHLY_JOB = 'command.monthly';
const MONTHLY_KEY = 'monthly';

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
};
const previousMonth = (day: string) => {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
};
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Everything the report says about an area's month, in the report's language (Chinese). */
export async function monthFigures(db: Db, areaCode: string, month: string) {
  const from = `${month}-01`;
  const to = lastDay(month);
  const end = new Date(`${to}T23:59:59.999+08:00`);
  const [byCommunity, byDay, byCategory, rankings, hot, overdue, names] = await Promise.all([
    figuresOf(db, { areaCode }, { from, to, groupBy: 'community' }, 'zh'),
    figuresOf(db, { areaCode }, { from, to, groupBy: 'day' }, 'zh'),
    figuresOf(db, { areaCode }, { from, to, groupBy: 'category' }, 'zh'),
    rankingsOf(db, areaCode, { groupBy: 'community', indicator: 'onTimeRate', from, to }, 'zh', end),
    hotspotsOf(
      db,
      areaCode,
      { days: Number(to.slice(8)), meters: 200, spanDays: 7, minCases: 5 },
      'zh',
      new Date(Math.min(end.getTime(), Date.now())),
    ),
    overdueList(db, areaCode, new Date(Math.min(end.getTime(), Date.now())), 50),
    areaNames(db, [areaCode]),
  ]);
  const rows = byCommunity.rows;
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
  const reported = sum((r) => r.reported);
  const closed = sum((r) => r.closed);
  const dropped = sum((r) => (r.byState.rejected ?? 0) + (r.byState.merged ?? 0));
  const rated = sum((r) => r.satisfactionCount);
  const categoryNames = new Map(
    (await groupNames(db, 'category', [...new Set(overdue.map((o) => o.categoryCode))])).map((c) => [
      c.code,
      c.name_zh,
    ]),
  );
  const gridNames = await areaNames(db, [...new Set(overdue.map((o) => o.gridCode))]);
  const resources = await computeSummary(
    db,
    areaCode.length === 15 ? areaCode.slice(0, 12) : areaCode,
    Number(month.slice(0, 4)),
  );
  return {
    areaCode,
    areaName: names.get(areaCode) ?? areaCode,
    month,
    from,
    to,
    totals: {
      reported,
      closed,
      open: sum((r) => r.open),
      closureRate: ratio(closed, reported - dropped),
      satisfaction: rated > 0 ? sum((r) => (r.satisfaction ?? 0) * r.satisfactionCount) / rated : null,
    },
    byDay: byDay.rows.map((r) => ({ day: r.key, reported: r.reported, closed: r.closed })),
    byCategory: byCategory.rows
      .map((r) => ({ name: r.name, reported: r.reported, closed: r.closed }))
      .sort((a, b) => b.reported - a.reported),
    rankings: rankings.rows,
    hotspots: hot.hotspots.slice(0, 20).map((h) => ({
      categoryName: h.categoryName,
      gridName: h.gridName,
      size: h.size,
      trend: h.trend,
      first: h.first,
      last: h.last,
    })),
    overdue: overdue.map((o) => ({
      number: o.number,
      category: categoryNames.get(o.categoryCode) ?? o.categoryCode,
      grid: gridNames.get(o.gridCode) ?? o.gridCode,
      state: o.state,
      deadline: o.deadline.toISOString(),
    })),
    resources,
  };
}

export type MonthFigures = Awaited<ReturnType<typeof monthFigures>>;

/** Writes (or rewrites) an area's report of a month and keeps it. */
export async function generateReport(db: Db, areaCode: string, month: string, by: string | null) {
  const figures = await monthFigures(db, areaCode, month);
  const [docx, xlsx] = await Promise.all([reportDocx(figures), reportXlsx(figures)]);
  return repo.saveReport(db, { areaCode, month, docx, xlsx, figures, generatedBy: by });
}

const reportView = (r: Awaited<ReturnType<typeof repo.saveReport>>) => ({
  id: r.id,
  areaCode: r.area_code,
  month: r.month,
  generatedAt: r.generated_at.toISOString(),
  generatedBy: r.generated_by,
});

export async function generateOnDemand(
  db: Db,
  auth: Auth | null,
  input: { areaCode?: string; month: string },
) {
  const area = wallScope(auth, input.areaCode, 'command.manage');
  const row = await generateReport(db, area, input.month, auth!.username);
  await audit(db, auth!, {
    action: 'command.report',
    targetType: 'area',
    targetId: area,
    detail: { month: input.month },
  });
  return reportView(row);
}

export async function listReports(db: Db, auth: Auth | null, areaCode: string | undefined) {
  const area = wallScope(auth, areaCode);
  return (await repo.listReports(db, area)).map(reportView);
}

export async function reportFile(db: Db, auth: Auth | null, id: string, format: 'docx' | 'xlsx') {
  wallScope(auth, undefined);
  const row = await repo.findReport(db, id);
  if (!row || !isWithin(row.area_code, auth!.areaCode)) throw new AppError('not_found');
  return { body: row[format], name: `report-${row.area_code}-${row.month}.${format}` };
}

/**
 * The job's handler: on the first working day of a month (the cases' working calendar), last
 * month's report for the district and every street; then again the next day at 01:00 (CST).
 */
export async function runMonthlyJob(db: Db, now = new Date()) {
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const calendar = await loadCalendar(db);
  let first = `${day.slice(0, 8)}01`;
  while (!calendar.isWorkday(first))
    first = new Date(Date.parse(`${first}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  if (first === day) {
    const month = previousMonth(day);
    for (const area of await districtAndStreets(db)) await generateReport(db, area, month, null);
  }
  const tomorrow = new Date(Date.parse(`${day}T01:00:00+08:00`) + 86_400_000);
  await scheduleMonthly(db, tomorrow);
}

export function scheduleMonthly(db: Db, runAt = new Date()) {
  return enqueue(db, { kind: MONTHLY_JOB, key: MONTHLY_KEY, runAt });
}
