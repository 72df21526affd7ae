import { describe, expect, it } from 'vitest';
import { changeOf, classesOf, colourOf, editablePanels, isStale, panelsToSave } from './command.model';

describe('the wall', () => {
  it('marks a panel stale once its data is older than its refresh interval', () => {
    const computedAt = '2026-03-10T04:00:00.000Z';
    const at = (seconds: number) => Date.parse(computedAt) + seconds * 1000;
    expect(isStale(computedAt, 60, at(59))).toBe(false);
    expect(isStale(computedAt, 60, at(61))).toBe(true);
    expect(isStale(computedAt, 600, at(61))).toBe(false);
    expect(isStale(undefined, 60, at(1_000))).toBe(false);
  });

  it('shows the change against last week and whether it is good news', () => {
    expect(changeOf(5, 3, 'up')).toEqual({ delta: 2, text: '+2', good: true });
    expect(changeOf(5, 3, 'down')).toEqual({ delta: 2, text: '+2', good: false });
    expect(changeOf(3, 3, 'down')).toEqual({ delta: 0, text: '±0', good: null });
    expect(changeOf(1, 4, 'down')?.text).toBe('−3');
    expect(changeOf(1, null, 'down')).toBeNull();
  });

  it('colours grids in quantile classes, leaving empty grids uncoloured', () => {
    const bounds = classesOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(bounds).toHaveLength(4);
    expect(colourOf(0, bounds)).toBe('transparent');
    expect(colourOf(1, bounds)).not.toBe(colourOf(10, bounds));
  });

  it('edits a layout: shown panels in order, the hidden ones after, saved back without them', () => {
    const rows = editablePanels([
      { kind: 'map', indicator: 'population' },
      { kind: 'figures', refreshSeconds: 30 },
    ]);
    expect(rows.map((r) => [r.kind, r.shown])).toEqual([
      ['map', true],
      ['figures', true],
      ['hotspots', false],
      ['rankings', false],
      ['resources', false],
      ['live', false],
    ]);
    expect(rows[0]!.refreshSeconds).toBe(60);
    const edited = rows.map((r) =>
      r.kind === 'rankings'
        ? { ...r, shown: true, indicator: 'reworkRate' }
        : r.kind === 'live'
          ? { ...r, indicator: 'x' }
          : r,
    );
    expect(panelsToSave(edited)).toEqual([
      { kind: 'map', indicator: 'population', refreshSeconds: 60 },
      { kind: 'figures', refreshSeconds: 30 },
      { kind: 'rankings', indicator: 'reworkRate', refreshSeconds: 600 },
    ]);
  });
});
