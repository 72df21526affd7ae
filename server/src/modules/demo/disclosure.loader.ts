import type { Db } from '../../db/database.ts';
import { DEFAULT_DISCLOSURE_SETTINGS, duePeriods, periodRange } from '../disclosure/index.ts';
import { insertDemoDisclosures } from './disclosure.repository.ts';
import type { DemoImage } from './images.ts';

/**
 * Committees' statements of the demo's estates: the last four quarters due before `now`; with
 * `vouchers` (stored pictures), scans on about two lines in five.
 */
export function loadDisclosures(db: Db, options: { now?: Date; vouchers?: DemoImage[] } = {}) {
  const now = options.now ?? new Date();
  const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const periods = duePeriods(DEFAULT_DISCLOSURE_SETTINGS, today, 4).map((p) => {
    const range = periodRange(p.period)!;
    return { period: p.period, start: range.start, end: range.end, due: p.dueOn };
  });
  return insertDemoDisclosures(db, periods, options.vouchers);
}
