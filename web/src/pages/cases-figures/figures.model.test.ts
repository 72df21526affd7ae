import { describe, expect, it } from 'vitest';
import type { FiguresRow } from './figures.api';
import { busiest, dailySeries, defaultPeriod, departmentRanking, formatRate } from './figures.model';

const row = (key: string, reported: number, rank: number, closed = 0): FiguresRow => ({
  key,
  name: key,
  reported,
  closed,
  open: reported - closed,
  byState: {},
  onTimeRate: { register: null, dispatch: null, handle: null, verify: null, close: null },
  closureRate: null,
  avgHandlingHours: null,
  p90HandlingHours: null,
  reopenRate: null,
  satisfaction: null,
  satisfactionCount: 0,
  selfSolvedShare: null,
  rank,
});

describe('case figures', () => {
  it('takes the last 30 days in Beijing time', () => {
    // 20:00 UTC on 31 Dec is already 1 Jan in Beijing.
    expect(defaultPeriod(new Date('2025-12-31T20:00:00Z'))).toEqual({ from: '2025-12-03', to: '2026-01-01' });
  });

  it('formats rates, with a dash for none', () => {
    expect(formatRate(0.8567, 'en')).toBe('85.7%');
    expect(formatRate(1, 'en')).toBe('100.0%');
    expect(formatRate(null)).toBe('—');
  });

  it('ranks departments by the server’s rank, without the undispatched group', () => {
    expect(
      departmentRanking([row('water', 5, 2), row('', 9, 1), row('police', 3, 3)]).map((r) => r.key),
    ).toEqual(['water', 'police']);
    expect(busiest([row('a', 1, 1), row('b', 5, 2), row('c', 3, 3)], 2).map((r) => r.key)).toEqual([
      'b',
      'c',
    ]);
  });

  it('fills the days without cases', () => {
    expect(dailySeries([row('2026-01-02', 4, 1, 2)], '2026-01-01', '2026-01-03')).toEqual([
      { day: '2026-01-01', reported: 0, closed: 0 },
      { day: '2026-01-02', reported: 4, closed: 2 },
      { day: '2026-01-03', reported: 0, closed: 0 },
    ]);
  });
});
