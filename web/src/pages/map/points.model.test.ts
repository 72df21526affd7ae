import { describe, expect, it } from 'vitest';
import type { Building, Thing } from '../../app/registry.model';
import { isSmallArea, POINT_COLOURS, thingGroup, toPoints } from './points.model';

const meta = {
  gridCode: '440305001001001',
  version: 1,
  retired: false,
  retiredReason: null,
  createdAt: '',
  updatedAt: '',
};
const building = (id: string): Building => ({
  ...meta,
  id,
  name: `楼 ${id}`,
  address: '地址',
  lon: 114,
  lat: 22.5,
  floors: 6,
  houses: 12,
});
const thing = (id: string, category: string, state: Thing['state'] = 'normal'): Thing => ({
  ...meta,
  id,
  category,
  name: `部件 ${id}`,
  lon: 114,
  lat: 22.5,
  ownerDepartment: null,
  state,
});

describe('map points', () => {
  it('are shown for a community or a grid only', () => {
    expect(isSmallArea('440305001001001')).toBe(true);
    expect(isSmallArea('440305001001')).toBe(true);
    expect(isSmallArea('440305001000')).toBe(false);
    expect(isSmallArea('440305000000')).toBe(false);
    expect(isSmallArea(null)).toBe(false);
  });

  it('colour components by the top level of their category, and count each group', () => {
    expect(thingGroup('010201')).toBe('01');
    expect(thingGroup('060102')).toBe('06');
    expect(thingGroup('990101')).toBe('other');
    const { points, counts } = toPoints(
      [building('b1')],
      [thing('t1', '010101'), thing('t2', '010301', 'damaged'), thing('t3', '030102')],
    );
    expect(points.map((p) => [p.kind, p.colour])).toEqual([
      ['building', POINT_COLOURS.building],
      ['thing', POINT_COLOURS['01']],
      ['thing', POINT_COLOURS['01']],
      ['thing', POINT_COLOURS['03']],
    ]);
    expect(points.filter((p) => p.kind === 'thing' && p.attention).map((p) => p.id)).toEqual(['t2']);
    expect(counts).toMatchObject({ building: 1, '01': 2, '03': 1, '02': 0, other: 0 });
  });
});
