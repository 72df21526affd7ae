/**
 * Months and the windows organizational-life requirements are counted in, on the district's
 * calendar (China Standard Time, no daylight saving). Months are 'YYYY-MM' strings, which sort
 * like the dates they stand for.
 */
const CST_MS = 8 * 3600_000;

export type Every = 'month' | 'quarter' | 'year';

export function cstDay(at: Date): string {
  return new Date(at.getTime() + CST_MS).toISOString().slice(0, 10);
}

export const monthOfDay = (day: string) => day.slice(0, 7);

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** How many months from `from` to `to` (0 when equal, negative when `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return ty * 12 + tm - (fy * 12 + fm);
}

export function firstDay(month: string): string {
  return `${month}-01`;
}

export function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The window of a requirement that `month` falls in: its first and last month. */
export function windowOf(month: string, every: Every): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  if (every === 'month') return { from: month, to: month };
  if (every === 'year') return { from: `${y}-01`, to: `${y}-12` };
  const start = Math.floor((m - 1) / 3) * 3 + 1;
  return { from: `${y}-${String(start).padStart(2, '0')}`, to: `${y}-${String(start + 2).padStart(2, '0')}` };
}

/** The windows of a year, in order. */
export function windowsOfYear(year: number, every: Every): { from: string; to: string }[] {
  const step = every === 'month' ? 1 : every === 'quarter' ? 3 : 12;
  const windows = [];
  for (let m = 1; m <= 12; m += step) windows.push(windowOf(`${year}-${String(m).padStart(2, '0')}`, every));
  return windows;
}
