import type { FiguresRow } from './figures.api';

/** 'YYYY-MM-DD' of an instant in Beijing time: the calendar the server counts days in. */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The last 30 days, today included. */
export function defaultPeriod(now = new Date()): { from: string; to: string } {
  const to = beijingDay(now);
  return { from: addDays(to, -29), to };
}

/** A rate as a percentage with one decimal; a dash when there is nothing to divide. */
export function formatRate(rate: number | null, locale?: string): string {
  if (rate === null) return '—';
  return `${(rate * 100).toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

export function formatNumber(value: number | null, digits = 1, locale?: string): string {
  if (value === null) return '—';
  return value.toLocaleString(locale, { maximumFractionDigits: digits });
}

/** The groups a bar chart has room for: the most reported first. */
export function busiest(rows: FiguresRow[], limit = 20): FiguresRow[] {
  return [...rows].sort((a, b) => b.reported - a.reported || a.key.localeCompare(b.key)).slice(0, limit);
}

/** Departments best first (the server's rank); cases not dispatched to one are left out. */
export function departmentRanking(rows: FiguresRow[]): FiguresRow[] {
  return rows.filter((row) => row.key !== '').sort((a, b) => a.rank - b.rank);
}

/** Every day of the period, with zeros where nothing was reported. */
export function dailySeries(rows: FiguresRow[], from: string, to: string) {
  const byDay = new Map(rows.map((row) => [row.key, row]));
  const days: { day: string; reported: number; closed: number }[] = [];
  for (let day = from; day <= to && days.length < 366; day = addDays(day, 1)) {
    const row = byDay.get(day);
    days.push({ day, reported: row?.reported ?? 0, closed: row?.closed ?? 0 });
  }
  return days;
}
