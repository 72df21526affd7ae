import { describe, expect, it } from 'vitest';
import { changedFields, differingFields, exportUrl } from './registry.model';

describe('changedFields', () => {
  it('keeps only what the user changed, empty text as null', () => {
    const initial = {
      name: '丁辉',
      phone: '156****3375',
      relation: 'spouse',
      moveInDate: '',
      tags: ['a', 'b'],
    };
    expect(changedFields(initial, { ...initial })).toEqual({});
    expect(changedFields(initial, { ...initial, phone: '13912345678' })).toEqual({ phone: '13912345678' });
    expect(changedFields(initial, { ...initial, phone: '' })).toEqual({ phone: null });
    expect(changedFields(initial, { ...initial, moveInDate: null, relation: 'spouse' })).toEqual({});
  });

  it('compares tags as a set', () => {
    const initial = { tags: ['veteran', 'disabled'] };
    expect(changedFields(initial, { tags: ['disabled', 'veteran'] })).toEqual({});
    expect(changedFields(initial, { tags: ['disabled'] })).toEqual({ tags: ['disabled'] });
  });
});

describe('differingFields', () => {
  it('names the fields two versions disagree on, not their bookkeeping', () => {
    const before = { id: '1', version: 1, updatedAt: 'a', phone: '156****3375', relation: 'spouse', age: 40 };
    const after = { ...before, version: 2, updatedAt: 'b', phone: '139****5678', age: 41 };
    expect(differingFields(before, after, ['age'])).toEqual(['phone']);
  });
});

describe('exportUrl', () => {
  it('sends the list filters without the paging', () => {
    expect(
      exportUrl('people', 'xlsx', { q: '丁', tag: 'veteran', residency: undefined, page: 3, pageSize: 50 }),
    ).toBe('/api/people/export?format=xlsx&q=%E4%B8%81&tag=veteran');
    expect(exportUrl('things', 'csv', { state: 'damaged', q: '' })).toBe(
      '/api/things/export?format=csv&state=damaged',
    );
  });
});
