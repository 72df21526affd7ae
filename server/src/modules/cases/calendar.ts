import { type Static, Type } from 'typebox';
import type { Db } from '../../db/database.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './calendar.repository.ts';

/**
 * The working calendar step deadlines are counted in: working hours on working days, in China
 * Standard Time (UTC+8 all year, no daylight saving), so every instant maps to a CST day by
 * arithmetic alone, whatever the server's time zone.
 */

const HH_MM = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
export const WorkingHoursSchema = Type.Object(
  {
    start: Type.String({ pattern: HH_MM }),
    end: Type.String({ pattern: HH_MM }),
    breakStart: Type.Union([Type.String({ pattern: HH_MM }), Type.Null()]),
    breakEnd: Type.Union([Type.String({ pattern: HH_MM }), Type.Null()]),
  },
  { additionalProperties: false },
);
/** 'HH:MM' times of day; no break when both break times are null. */
export type WorkingHours = Static<typeof WorkingHoursSchema>;

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  start: '09:00',
  end: '18:00',
  breakStart: '12:00',
  breakEnd: '13:30',
};

export type DayKind = 'holiday' | 'workday';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * HOUR_MS;

/** Days since 1970-01-01 of the CST day an instant falls on. */
const dayIndexOf = (ms: number) => Math.floor((ms + CST_OFFSET_MS) / DAY_MS);
/** The instant of 00:00 CST on a day. */
const midnightOf = (index: number) => index * DAY_MS - CST_OFFSET_MS;
const dayOf = (index: number) => new Date(index * DAY_MS).toISOString().slice(0, 10);

/** The day index of a real 'YYYY-MM-DD' date, or null (2026-02-30 is not one). */
export function parseDay(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const index = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
  return dayOf(index) === day ? index : null;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const HOURS_PROBLEMS = {
  format: ['时间须为 HH:MM 格式', 'times must be HH:MM'],
  half_break: ['午休须同时设置开始和结束', 'a break needs both a start and an end'],
  order: ['须满足 上班 < 午休开始 < 午休结束 < 下班', 'start < break start < break end < end is required'],
} as const;

/** Why these working hours cannot be used, or null when they can. */
export function workingHoursProblem(hours: WorkingHours): keyof typeof HOURS_PROBLEMS | null {
  const times = [hours.start, hours.breakStart, hours.breakEnd, hours.end];
  if (times.some((t) => t !== null && !new RegExp(HH_MM).test(t))) return 'format';
  if ((hours.breakStart === null) !== (hours.breakEnd === null)) return 'half_break';
  const minutes = times.filter((t): t is string => t !== null).map(minutesOf);
  for (let i = 1; i < minutes.length; i++) {
    if (minutes[i - 1] >= minutes[i]) return 'order';
  }
  return null;
}

function asWorkingHours(value: unknown): WorkingHours | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const text = (x: unknown) => (typeof x === 'string' ? x : null);
  const hours = {
    start: text(v.start) ?? '',
    end: text(v.end) ?? '',
    breakStart: text(v.breakStart),
    breakEnd: text(v.breakEnd),
  };
  return workingHoursProblem(hours) === null ? hours : null;
}

export class WorkingCalendar {
  readonly hours: WorkingHours;
  private readonly overrides = new Map<number, DayKind>();
  /** Working periods of a working day, as milliseconds after midnight. */
  private readonly periods: ReadonlyArray<readonly [number, number]>;
  private readonly dayMs: number;

  constructor(overrides: ReadonlyMap<string, DayKind>, hours: WorkingHours = DEFAULT_WORKING_HOURS) {
    const problem = workingHoursProblem(hours);
    if (problem) throw new RangeError(`Working hours: ${HOURS_PROBLEMS[problem][1]}`);
    for (const [day, kind] of overrides) {
      const index = parseDay(day);
      if (index === null) throw new RangeError(`Not a date: ${day}`);
      this.overrides.set(index, kind);
    }
    this.hours = { ...hours };
    const ms = (t: string) => minutesOf(t) * MINUTE_MS;
    this.periods =
      hours.breakStart && hours.breakEnd
        ? [
            [ms(hours.start), ms(hours.breakStart)],
            [ms(hours.breakEnd), ms(hours.end)],
          ]
        : [[ms(hours.start), ms(hours.end)]];
    this.dayMs = this.periods.reduce((sum, [from, to]) => sum + to - from, 0);
  }

  isWorkday(day: string): boolean {
    const index = parseDay(day);
    if (index === null) throw new RangeError(`Not a date: ${day}`);
    return this.isWorkdayIndex(index);
  }

  private isWorkdayIndex(index: number): boolean {
    const kind = this.overrides.get(index);
    if (kind) return kind === 'workday';
    const weekday = (index + 4) % 7; // 1970-01-01 was a Thursday; 0 is Sunday
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * The instant `hours` working hours after `start`. A start outside working time counts from the
   * next working moment; a deadline that uses up a period ends at its end (18:00, not 09:00 the
   * next working day).
   */
  addWorkingHours(start: Date, hours: number): Date {
    if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`Not a number of hours: ${hours}`);
    let remaining = Math.round(hours * HOUR_MS);
    let day = dayIndexOf(start.getTime());
    let offset = start.getTime() - midnightOf(day);
    for (;;) {
      if (this.isWorkdayIndex(day)) {
        for (const [from, to] of this.periods) {
          if (offset >= to) continue;
          const begin = Math.max(offset, from);
          if (remaining <= to - begin) return new Date(midnightOf(day) + begin + remaining);
          remaining -= to - begin;
        }
      }
      // Whole days at a time until the day the deadline falls on.
      day++;
      while (remaining > this.dayMs || !this.isWorkdayIndex(day)) {
        if (this.isWorkdayIndex(day)) remaining -= this.dayMs;
        day++;
      }
      offset = 0;
    }
  }

  /** Working hours from `from` to `to`; 0 when `to` is not later. */
  workingHoursBetween(from: Date, to: Date): number {
    const a = from.getTime();
    const b = to.getTime();
    if (b <= a) return 0;
    const first = dayIndexOf(a);
    const last = dayIndexOf(b);
    let total = 0;
    for (let day = first; day <= last; day++) {
      if (!this.isWorkdayIndex(day)) continue;
      if (day > first && day < last) {
        total += this.dayMs;
        continue;
      }
      const midnight = midnightOf(day);
      for (const [start, end] of this.periods) {
        total += Math.max(0, Math.min(b, midnight + end) - Math.max(a, midnight + start));
      }
    }
    return total / HOUR_MS;
  }
}

function holidays(first: string, last: string, name: string) {
  const days: Array<{ day: string; kind: DayKind; name: string }> = [];
  for (let i = parseDay(first)!; i <= parseDay(last)!; i++)
    days.push({ day: dayOf(i), kind: 'holiday', name });
  return days;
}
const workday = (day: string, name: string) => ({ day, kind: 'workday' as DayKind, name });

/**
 * 2026 public holidays and weekend make-up workdays, from 国务院办公厅关于2026年部分节假日安排的通知
 * (State Council General Office, 2025-11-04). Weekend days inside a holiday are listed too, so the
 * calendar shows the whole holiday by name. Later years are added when their notice is published
 * (each November), by an administrator or here.
 */
export const CHINA_PUBLIC_HOLIDAYS: Array<{ day: string; kind: DayKind; name: string }> = [
  ...holidays('2026-01-01', '2026-01-03', '元旦'),
  workday('2026-01-04', '元旦调休上班'),
  workday('2026-02-14', '春节调休上班'),
  ...holidays('2026-02-15', '2026-02-23', '春节'),
  workday('2026-02-28', '春节调休上班'),
  ...holidays('2026-04-04', '2026-04-06', '清明节'),
  ...holidays('2026-05-01', '2026-05-05', '劳动节'),
  workday('2026-05-09', '劳动节调休上班'),
  ...holidays('2026-06-19', '2026-06-21', '端午节'),
  workday('2026-09-20', '国庆节调休上班'),
  ...holidays('2026-09-25', '2026-09-27', '中秋节'),
  ...holidays('2026-10-01', '2026-10-07', '国庆节'),
  workday('2026-10-10', '国庆节调休上班'),
];

/**
 * Deadlines are computed for every case step, so the calendar is read once and kept. Writes
 * through this instance invalidate it at once; another instance's writes show within a minute.
 */
const CACHE_MS = 60_000;
const cache = new WeakMap<Db, { at: number; calendar: Promise<WorkingCalendar> }>();

async function readCalendar(db: Db): Promise<WorkingCalendar> {
  const [days, hours] = await Promise.all([repo.allDays(db), repo.getWorkingHoursSetting(db)]);
  return new WorkingCalendar(
    new Map(days.map((d) => [d.day, d.kind])),
    asWorkingHours(hours) ?? DEFAULT_WORKING_HOURS,
  );
}

export async function loadCalendar(db: Db): Promise<WorkingCalendar> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.calendar;
  const calendar = readCalendar(db);
  cache.set(db, { at: Date.now(), calendar });
  calendar.catch(() => {
    if (cache.get(db)?.calendar === calendar) cache.delete(db);
  });
  return calendar;
}

export function invalidateCalendar(db: Db): void {
  cache.delete(db);
}

/** Loads the official holidays into an empty calendar; an edited calendar is left alone. */
export async function loadDefaultCalendar(db: Db): Promise<number> {
  if (await repo.hasDays(db)) return 0;
  const added = await repo.insertDays(db, CHINA_PUBLIC_HOLIDAYS);
  if (added > 0) invalidateCalendar(db);
  return added;
}

const cstYear = () => new Date(Date.now() + CST_OFFSET_MS).getUTCFullYear();

function checkedDay(day: string): string {
  if (parseDay(day) === null) throw new AppError('invalid_day', { day });
  return day;
}

export async function getCalendar(db: Db, auth: Auth | null, year = cstYear()) {
  requirePermission(auth, 'cases.read');
  const [days, calendar] = await Promise.all([
    repo.daysBetween(db, `${year}-01-01`, `${year}-12-31`),
    loadCalendar(db),
  ]);
  return { year, hours: calendar.hours, days };
}

export async function putCalendarDay(
  db: Db,
  auth: Auth | null,
  day: string,
  input: { kind: DayKind; name?: string | null },
) {
  requirePermission(auth, 'cases.configure');
  const entry = { day: checkedDay(day), kind: input.kind, name: input.name?.trim() || null };
  await repo.putDay(db, entry);
  invalidateCalendar(db);
  return entry;
}

export async function deleteCalendarDay(db: Db, auth: Auth | null, day: string) {
  requirePermission(auth, 'cases.configure');
  await repo.deleteDay(db, checkedDay(day));
  invalidateCalendar(db);
}

export async function putWorkingHours(db: Db, auth: Auth | null, hours: WorkingHours) {
  const caller = requirePermission(auth, 'cases.configure');
  const problem = workingHoursProblem(hours);
  if (problem) {
    throw new AppError('invalid_working_hours', (lang) => ({
      reason: HOURS_PROBLEMS[problem][lang === 'zh' ? 0 : 1],
    }));
  }
  await repo.putWorkingHoursSetting(db, hours, caller.userId);
  invalidateCalendar(db);
  return hours;
}
