import { describe, expect, it } from 'vitest';
import { ancestorCodesOf, isWithin, levelOfCode, parentOf, prefixOf } from './area-code.ts';

describe('area codes', () => {
  it('know their level from their digits', () => {
    expect(levelOfCode('440106000000')).toBe('district');
    expect(levelOfCode('440106010000')).toBe('street');
    expect(levelOfCode('440106010010')).toBe('community');
    expect(levelOfCode('440106010010010')).toBe('grid');
    expect(levelOfCode('44010601001')).toBeNull();
  });

  it('nest by the prefix of their level, whatever zeros the code ends in', () => {
    expect(prefixOf('440106010000')).toBe('440106010');
    expect(prefixOf('440106010010')).toBe('440106010010');
    expect(isWithin('440106010011001', '440106010010')).toBe(false);
    expect(isWithin('440106010010011', '440106010010010')).toBe(false);
    expect(isWithin('440106010010010', '440106010010')).toBe(true);
    expect(isWithin('440106020001', '440106000000')).toBe(true);
  });

  it('name the areas above them', () => {
    expect(ancestorCodesOf('440106010010010')).toEqual(['440106000000', '440106010000', '440106010010']);
    expect(parentOf('440106010010')).toBe('440106010000');
    expect(parentOf('440106000000')).toBeNull();
  });
});
