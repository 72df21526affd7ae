import { describe, expect, it } from 'vitest';
import {
  defaultPartNames,
  matchesFilter,
  namesValid,
  PART_COLOURS,
  partColour,
  ruleProblem,
  type SizingItem,
  STATUS_COLOURS,
  statusColour,
  UNKNOWN_COLOUR,
  visibleRows,
} from './sizing.model';

const item = (
  code: string,
  households: number,
  people: number,
  status: SizingItem['status'],
): SizingItem => ({
  code,
  name: code,
  parentCode: null,
  households,
  people,
  status,
});

describe('grid sizing helpers', () => {
  it('colours grids by status, red for oversized and amber for undersized', () => {
    expect(statusColour('oversized')).toBe('#dc2626');
    expect(statusColour('undersized')).toBe('#f59e0b');
    expect(statusColour('ok')).toBe(STATUS_COLOURS.ok);
    expect(statusColour(undefined)).toBe(UNKNOWN_COLOUR);
  });

  it('gives parts colours distinct from each other and from the statuses', () => {
    expect(new Set(PART_COLOURS).size).toBe(PART_COLOURS.length);
    for (const colour of PART_COLOURS) expect(Object.values(STATUS_COLOURS)).not.toContain(colour);
    expect(partColour(PART_COLOURS.length)).toBe(partColour(0));
  });

  it('names parts after the grid', () => {
    expect(defaultPartNames('一网格', 3)).toEqual(['一网格-1', '一网格-2', '一网格-3']);
    expect(namesValid(['a', 'b'])).toBe(true);
    expect(namesValid(['a', ' a '])).toBe(false);
    expect(namesValid(['a', '  '])).toBe(false);
  });

  it('filters flagged grids and sorts by households by default', () => {
    const items = [
      item('1', 100, 300, 'undersized'),
      item('2', 600, 2000, 'oversized'),
      item('3', 300, 900, 'ok'),
    ];
    expect(matchesFilter('ok', 'flagged')).toBe(false);
    expect(visibleRows(items, 'flagged', { field: null, order: null }).map((i) => i.code)).toEqual([
      '2',
      '1',
    ]);
    expect(visibleRows(items, 'all', { field: 'people', order: 'ascend' }).map((i) => i.code)).toEqual([
      '1',
      '3',
      '2',
    ]);
    expect(visibleRows(items, 'ok', { field: null, order: null }).map((i) => i.code)).toEqual(['3']);
  });

  it('checks that min < target < max', () => {
    const bounds = { min: 200, target: 300, max: 400 };
    expect(ruleProblem({ households: bounds, people: { min: 600, target: 1000, max: 1400 } })).toBeNull();
    expect(ruleProblem({ households: { ...bounds, min: 300 }, people: bounds })).toBe('households');
    expect(ruleProblem({ households: bounds, people: { min: 1, target: 5, max: 5 } })).toBe('people');
  });
});
