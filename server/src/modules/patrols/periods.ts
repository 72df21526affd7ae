import type { VisitFrequency } from '../../db/types.ts';

/**
 * Visit periods, reckoned in China Standard Time (UTC+8, no daylight saving): a day, an ISO week
 * (Monday to Sunday), a calendar month or quarter. A task is due at the end of its period, i.e.
 * at 00:00 CST of the day after it.
 */
const CST_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

const iso = (utcMidnight: number) => new Date(utcMidnight).toISOString().slice(0, 10);
const parse = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The CST calendar day of an instant. */
export function cstDay(at: Date): string {
  return new Date(at.getTime() + CST_MS).toISOString().slice(0, 10);
}

/** 00:00 CST of a day, as an instant. */
export function cstMidnight(day: string): Date {
  return new Date(parse(day) - CST_MS);
}

export function addDays(day: string, days: number): string {
  return iso(parse(day) + days * DAY_MS);
}

export interface Period {
  start: string;
  /** The last day, inclusive. */
  end: string;
  dueAt: Date;
}

export function periodOf(frequency: VisitFrequency, day: string): Period {
  const t = new Date(parse(day));
  let start: string;
  let next: string;
  switch (frequency) {
    case 'daily':
      start = day;
      next = addDays(day, 1);
      break;
    case 'weekly': {
      const sinceMonday = (t.getUTCDay() + 6) % 7;
      start = addDays(day, -sinceMonday);
      next = addDays(start, 7);
      break;
    }
    case 'monthly':
      start = iso(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1));
      next = iso(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1));
      break;
    case 'quarterly': {
      const q = Math.floor(t.getUTCMonth() / 3) * 3;
      start = iso(Date.UTC(t.getUTCFullYear(), q, 1));
      next = iso(Date.UTC(t.getUTCFullYear(), q + 3, 1));
      break;
    }
  }
  return { start, end: addDays(next, -1), dueAt: cstMidnight(next) };
}
