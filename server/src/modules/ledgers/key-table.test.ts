import { describe, expect, it } from 'vitest';
import { KeyTable } from './key-table.ts';

describe('KeyTable', () => {
  it('answers the first value of a key and adds only keys it does not have', () => {
    const t = new KeyTable();
    expect(t.addIfAbsent('110101199003070035', 2)).toBeUndefined();
    expect(t.addIfAbsent('110101199003070051', 3)).toBeUndefined();
    expect(t.addIfAbsent('110101199003070035', 4)).toBe(2);
    expect(t.addIfAbsent('110101199003070035', 5)).toBe(2);
    expect(t.get('110101199003070051')).toBe(3);
    expect(t.get('110101199003070052')).toBeUndefined();
    expect(t.size).toBe(2);
  });

  it('keeps values up to 2⁵³ (sheet index × 2³² + row)', () => {
    const t = new KeyTable();
    const v = 7 * 2 ** 32 + 1_048_577;
    t.addIfAbsent('k', v);
    expect(t.get('k')).toBe(v);
  });

  it('never takes two keys for one when every hash collides, including equal prefixes', () => {
    const t = new KeyTable({ hash: () => 42 });
    const keys = [
      '',
      'a',
      'ab',
      'abc',
      'abcd',
      'abd',
      'b',
      '1234',
      '12345',
      '123450',
      'n:公司',
      'n:公司a',
      'n:公',
    ];
    keys.forEach((k, i) => {
      expect(t.addIfAbsent(k, i)).toBeUndefined();
    });
    keys.forEach((k, i) => {
      expect(t.get(k)).toBe(i);
      expect(t.addIfAbsent(k, 100 + i)).toBe(i);
    });
    expect(t.get('abcde')).toBeUndefined();
    expect(t.get('n:公司b')).toBeUndefined();
    expect(t.size).toBe(keys.length);
  });

  it('tells apart keys whose bytes would look alike in a lossy encoding', () => {
    const t = new KeyTable({ hash: () => 0 });
    // Lone surrogates (UTF-8 would make both U+FFFD), a character whose low byte is ASCII, and that ASCII.
    const keys = ['\ud800', '\udc00', '\ufffd', '\u0141', 'A', '\u0080A', '\u00c0'];
    keys.forEach((k, i) => {
      expect(t.addIfAbsent(k, i)).toBeUndefined();
    });
    keys.forEach((k, i) => {
      expect(t.get(k)).toBe(i);
    });
  });

  it('matches a Map over many keys through its growth (arena, entries, slots)', () => {
    const t = new KeyTable();
    const map = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      // Some keys repeat, some are long, some are not ASCII.
      const k = i % 7 === 0 ? `dup${i % 1000}` : i % 11 === 0 ? `名${i}${'x'.repeat(i % 300)}` : String(i);
      const expected = map.get(k);
      if (expected === undefined) map.set(k, i);
      expect(t.addIfAbsent(k, i)).toBe(expected);
    }
    expect(t.size).toBe(map.size);
    for (const [k, v] of map) expect(t.get(k)).toBe(v);
    expect(t.get('dup1000')).toBeUndefined();
  });

  it('fails, saying so, rather than grow beyond its limit', () => {
    const t = new KeyTable({ maxBytes: 2 ** 20 });
    expect(() => {
      for (let i = 0; i < 100_000; i++) t.addIfAbsent(`key ${i}`, i);
    }).toThrow('The import needed more than 1 MB of memory');
    expect(t.bytes).toBeLessThanOrEqual(2 ** 20);
    expect(t.get('key 1')).toBe(1);
  });

  it('stays compact: a million 18-character keys in under 64 MB', () => {
    const t = new KeyTable();
    for (let i = 0; i < 1_000_000; i++) t.addIfAbsent(`54262119500101${String(i).padStart(4, '0')}`, i);
    expect(t.size).toBe(1_000_000);
    expect(t.bytes).toBeLessThan(64 * 1024 * 1024);
  });
});
