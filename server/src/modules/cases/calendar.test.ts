import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import {
  CHINA_PUBLIC_HOLIDAYS,
  loadCalendar,
  loadDefaultCalendar,
  WorkingCalendar,
  type WorkingHours,
} from './calendar.ts';

/** An instant given as China Standard Time. */
const cst = (text: string) => new Date(`${text.replace(' ', 'T')}:00+08:00`);
/** An instant shown as China Standard Time, 'YYYY-MM-DD HH:MM'. */
const show = (date: Date) =>
  new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const official = new WorkingCalendar(new Map(CHINA_PUBLIC_HOLIDAYS.map((d) => [d.day, d.kind])));
const add = (start: string, hours: number, calendar = official) =>
  show(calendar.addWorkingHours(cst(start), hours));

describe('working calendar', () => {
  it('knows weekends, holidays and make-up workdays', () => {
    expect(official.isWorkday('2026-03-06')).toBe(true); // Friday
    expect(official.isWorkday('2026-03-07')).toBe(false); // Saturday
    expect(official.isWorkday('2026-02-16')).toBe(false); // Spring Festival, Monday
    expect(official.isWorkday('2026-02-14')).toBe(true); // make-up Saturday
    expect(official.isWorkday('2026-09-20')).toBe(true); // make-up Sunday
    expect(new WorkingCalendar(new Map()).isWorkday('2026-02-16')).toBe(true);
    expect(() => official.isWorkday('2026-02-30')).toThrow(RangeError);
  });

  it('counts deadlines across a weekend', () => {
    expect(add('2026-03-06 17:00', 2)).toBe('2026-03-09 10:00');
    expect(add('2026-03-09 09:00', 7.5)).toBe('2026-03-09 18:00');
    // Ten working days from a Monday morning end on the second Friday evening.
    expect(add('2026-03-09 09:00', 75)).toBe('2026-03-20 18:00');
    expect(add('2026-03-09 09:00', 75.5)).toBe('2026-03-23 09:30');
  });

  it('skips the Spring Festival and works its make-up Saturdays', () => {
    expect(add('2026-02-13 17:00', 2)).toBe('2026-02-14 10:00');
    expect(add('2026-02-14 17:00', 2)).toBe('2026-02-24 10:00');
    expect(add('2026-02-27 17:00', 2)).toBe('2026-02-28 10:00');
  });

  it('skips National Day and works its make-up Sunday and Saturday', () => {
    expect(add('2026-09-18 17:00', 2)).toBe('2026-09-20 10:00');
    expect(add('2026-09-24 17:00', 2)).toBe('2026-09-28 10:00'); // Mid-Autumn Friday to Sunday
    expect(add('2026-09-30 17:00', 2)).toBe('2026-10-08 10:00');
    expect(add('2026-10-09 17:00', 8)).toBe('2026-10-10 17:30');
  });

  it('starts counting at the next working moment', () => {
    expect(add('2026-03-09 12:30', 1)).toBe('2026-03-09 14:30'); // in the lunch break
    expect(add('2026-03-09 19:00', 1)).toBe('2026-03-10 10:00'); // after hours
    expect(add('2026-03-09 07:00', 1)).toBe('2026-03-09 10:00'); // before hours
    expect(add('2026-03-07 10:00', 1)).toBe('2026-03-09 10:00'); // on a Saturday
    expect(add('2026-03-09 11:00', 2)).toBe('2026-03-09 14:30'); // across the break
  });

  it('takes fractional hours', () => {
    expect(add('2026-03-09 09:00', 0.25)).toBe('2026-03-09 09:15');
    expect(add('2026-03-09 09:00', 3.5)).toBe('2026-03-09 14:00');
    expect(official.addWorkingHours(cst('2026-03-09 09:00'), 1 / 3600).toISOString()).toBe(
      '2026-03-09T01:00:01.000Z',
    );
    expect(() => official.addWorkingHours(cst('2026-03-09 09:00'), -1)).toThrow(RangeError);
  });

  it('follows other working hours', () => {
    const noBreak: WorkingHours = { start: '08:30', end: '17:30', breakStart: null, breakEnd: null };
    const calendar = new WorkingCalendar(new Map(), noBreak);
    expect(add('2026-03-09 12:00', 1, calendar)).toBe('2026-03-09 13:00');
    expect(add('2026-03-09 17:00', 1, calendar)).toBe('2026-03-10 09:00');
    expect(
      () =>
        new WorkingCalendar(new Map(), { start: '09:00', end: '18:00', breakStart: '12:00', breakEnd: null }),
    ).toThrow(RangeError);
  });

  it('measures working hours between two instants, the inverse of adding them', () => {
    expect(official.workingHoursBetween(cst('2026-03-06 17:00'), cst('2026-03-09 10:00'))).toBe(2);
    expect(official.workingHoursBetween(cst('2026-02-13 09:00'), cst('2026-02-24 09:00'))).toBe(15);
    expect(official.workingHoursBetween(cst('2026-03-09 10:00'), cst('2026-03-09 09:00'))).toBe(0);
    expect(official.workingHoursBetween(cst('2026-03-09 12:10'), cst('2026-03-09 13:20'))).toBe(0);

    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 500; i++) {
      const start = new Date(cst('2026-01-01 00:00').getTime() + random() * 365 * 86_400_000);
      const hours = Math.round(random() * 200 * 60) / 60;
      const deadline = official.addWorkingHours(start, hours);
      expect(official.workingHoursBetween(start, deadline)).toBeCloseTo(hours, 6);
    }
  });

  // How fast: `npm run bench -- units` (50,000 deadlines, target under 1 s); a time limit here
  // would fail on a loaded machine rather than on slow code.
  it('computes tens of thousands of deadlines, each a whole number of working hours on', () => {
    const start = cst('2026-01-01 00:00').getTime();
    for (let i = 0; i < 50_000; i += 997) {
      const from = new Date(start + i * 600_000);
      const deadline = official.addWorkingHours(from, (i % 80) + 0.5);
      expect(official.workingHoursBetween(from, deadline)).toBeCloseTo((i % 80) + 0.5, 6);
    }
  });
});

describe('calendar routes', () => {
  let t: TestApp;
  let admin: Session;
  let gridWorker: Session;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
    gridWorker = await t.login('gw001');
    await loadDefaultCalendar(t.db);
  });
  afterAll(() => t.close());

  it('loads the official holidays once', async () => {
    expect(await loadDefaultCalendar(t.db)).toBe(0);
    const calendar = await loadCalendar(t.db);
    expect(calendar.isWorkday('2026-02-14')).toBe(true);
    expect(calendar.isWorkday('2026-10-01')).toBe(false);
  });

  it("shows a year's calendar to staff who see cases", async () => {
    const response = await t.as(gridWorker, { method: 'GET', url: '/api/calendar?year=2026' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.year).toBe(2026);
    expect(body.hours).toEqual({ start: '09:00', end: '18:00', breakStart: '12:00', breakEnd: '13:30' });
    expect(body.days).toHaveLength(CHINA_PUBLIC_HOLIDAYS.length);
    expect(body.days).toContainEqual({ day: '2026-02-28', kind: 'workday', name: '春节调休上班' });
    expect((await t.as(gridWorker, { method: 'GET', url: '/api/calendar?year=2025' })).json().days).toEqual(
      [],
    );
    expect((await t.as(null, { method: 'GET', url: '/api/calendar' })).statusCode).toBe(401);
    const resident = await t.login('resident');
    expect((await t.as(resident, { method: 'GET', url: '/api/calendar' })).statusCode).toBe(403);
  });

  it('lets only configurers change it', async () => {
    const attempts = [
      { method: 'PUT', url: '/api/calendar/days/2026-03-11', payload: { kind: 'holiday', name: '测试' } },
      { method: 'DELETE', url: '/api/calendar/days/2026-02-14' },
      {
        method: 'PUT',
        url: '/api/calendar/hours',
        payload: { start: '08:00', end: '17:00', breakStart: null, breakEnd: null },
      },
    ] as const;
    for (const attempt of attempts) {
      const response = await t.as(gridWorker, attempt);
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('forbidden');
    }
    expect((await loadCalendar(t.db)).isWorkday('2026-02-14')).toBe(true);
  });

  it('refuses dates and hours that do not exist or do not fit', async () => {
    const put = (url: string, payload: object) =>
      t.as(admin, { method: 'PUT', url, payload, headers: { 'accept-language': 'en' } });
    const notADay = await put('/api/calendar/days/20260311', { kind: 'holiday' });
    expect(notADay.statusCode).toBe(400);
    expect(notADay.json().code).toBe('validation_failed');
    expect((await put('/api/calendar/days/2026-03-11', { kind: 'vacation' })).statusCode).toBe(400);

    const noSuchDay = await put('/api/calendar/days/2026-02-30', { kind: 'holiday' });
    expect(noSuchDay.statusCode).toBe(422);
    expect(noSuchDay.json()).toMatchObject({ code: 'invalid_day', detail: 'There is no date 2026-02-30' });

    const format = await put('/api/calendar/hours', {
      start: '9:00',
      end: '18:00',
      breakStart: null,
      breakEnd: null,
    });
    expect(format.statusCode).toBe(400);
    const order = await put('/api/calendar/hours', {
      start: '09:00',
      end: '18:00',
      breakStart: '08:00',
      breakEnd: '09:30',
    });
    expect(order.statusCode).toBe(422);
    expect(order.json().detail).toBe(
      'The working hours are not valid: start < break start < break end < end is required',
    );
    const halfBreak = await t.as(admin, {
      method: 'PUT',
      url: '/api/calendar/hours',
      payload: { start: '09:00', end: '18:00', breakStart: '12:00', breakEnd: null },
    });
    expect(halfBreak.statusCode).toBe(422);
    expect(halfBreak.json().detail).toBe('工作时间不正确：午休须同时设置开始和结束');
  });

  it('changes later deadlines', async () => {
    const wednesday = cst('2026-03-11 17:00');
    expect(show((await loadCalendar(t.db)).addWorkingHours(wednesday, 2))).toBe('2026-03-12 10:00');

    const put = await t.as(admin, {
      method: 'PUT',
      url: '/api/calendar/days/2026-03-12',
      payload: { kind: 'holiday', name: ' 防汛停工 ' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ day: '2026-03-12', kind: 'holiday', name: '防汛停工' });
    expect(show((await loadCalendar(t.db)).addWorkingHours(wednesday, 2))).toBe('2026-03-13 10:00');

    const hours = { start: '08:00', end: '17:00', breakStart: null, breakEnd: null };
    expect((await t.as(admin, { method: 'PUT', url: '/api/calendar/hours', payload: hours })).json()).toEqual(
      hours,
    );
    expect(show((await loadCalendar(t.db)).addWorkingHours(wednesday, 2))).toBe('2026-03-13 10:00');
    expect((await t.as(admin, { method: 'GET', url: '/api/calendar?year=2026' })).json().hours).toEqual(
      hours,
    );

    const removed = await t.as(admin, { method: 'DELETE', url: '/api/calendar/days/2026-03-12' });
    expect(removed.statusCode).toBe(204);
    expect(show((await loadCalendar(t.db)).addWorkingHours(wednesday, 2))).toBe('2026-03-12 10:00');
  });
});
