import { describe, expect, it } from 'vitest';
import type { Category } from '../../app/case-catalog';
import {
  categoryOptions,
  categoryPath,
  minutesLeft,
  sortActions,
  splitMinutes,
  urgencyOf,
} from './cases.model';

const category = (code: string, parentCode: string | null, name = code): Category => ({
  code,
  parentCode,
  name,
  departmentCode: null,
  timeLimits: {},
  version: 1,
});

describe('case model', () => {
  const categories = [
    category('appearance', null, '市容环境'),
    category('exposed_garbage', 'appearance', '暴露垃圾'),
    category('facilities', null, '公用设施'),
    category('street_light', 'facilities', '路灯故障'),
  ];

  it('builds a two-level cascader from the flat list', () => {
    expect(categoryOptions(categories)).toEqual([
      { value: 'appearance', label: '市容环境', children: [{ value: 'exposed_garbage', label: '暴露垃圾' }] },
      { value: 'facilities', label: '公用设施', children: [{ value: 'street_light', label: '路灯故障' }] },
    ]);
    expect(categoryPath(categories, 'street_light')).toEqual(['facilities', 'street_light']);
    expect(categoryPath(categories, 'appearance')).toEqual(['appearance']);
    expect(categoryPath(categories, undefined)).toEqual([]);
  });

  it('ranks overdue above the red and yellow alarms', () => {
    expect(urgencyOf({ overdue: true, alarm: 'yellow' })).toBe('overdue');
    expect(urgencyOf({ overdue: false, alarm: 'red' })).toBe('red');
    expect(urgencyOf({ overdue: false, alarm: 'none' })).toBe('none');
  });

  it('counts time left to a deadline', () => {
    const now = Date.parse('2026-03-02T08:00:00Z');
    expect(minutesLeft('2026-03-02T09:30:00Z', now)).toBe(90);
    expect(minutesLeft('2026-03-02T07:00:00Z', now)).toBe(-60);
    expect(splitMinutes(-(2 * 1440 + 3 * 60 + 5))).toEqual({ days: 2, hours: 3, minutes: 5 });
  });

  it('orders the allowed actions forward move first', () => {
    expect(sortActions(['reject', 'merge', 'register', 'supervise'])).toEqual([
      'register',
      'merge',
      'reject',
      'supervise',
    ]);
  });
});
