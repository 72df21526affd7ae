import { describe, expect, it } from 'vitest';
import {
  checkCreditCode,
  checkIdNumber,
  checkPhone,
  creditCheckChar,
  idCheckChar,
  maskIdNumber,
  maskPhone,
  normalizeIdNumber,
} from './identity.ts';

/** A valid ID number for the given region, birth date and sequence, check digit computed. */
const id = (first17: string) => first17 + idCheckChar(first17);
const today = new Date('2026-06-15T12:00:00+08:00');

describe('resident ID numbers (GB 11643)', () => {
  it('accepts the standard example and reads birth date, sex and region from it', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(checkIdNumber('11010519491231002X', today)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
    });
  });

  it('reads an odd sequence as male and an even one as female', () => {
    const male = checkIdNumber(id('44030519900101123'), today);
    const female = checkIdNumber(id('44030519900101124'), today);
    expect(male).toMatchObject({ ok: true, sex: 'male', birthDate: '1990-01-01', regionCode: '440305' });
    expect(female).toMatchObject({ ok: true, sex: 'female' });
  });

  it('rejects a wrong check character', () => {
    expect(checkIdNumber('110105194912310021', today)).toEqual({ ok: false, problem: 'wrong_check_digit' });
    const good = id('44030519851130051');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(checkIdNumber(bad, today)).toEqual({ ok: false, problem: 'wrong_check_digit' });
  });

  it('rejects impossible dates: 30 February, month 13, before 1900, in the future', () => {
    expect(checkIdNumber(id('44030519990230001'), today)).toEqual({ ok: false, problem: 'impossible_date' });
    expect(checkIdNumber(id('44030519991301001'), today)).toEqual({ ok: false, problem: 'impossible_date' });
    expect(checkIdNumber(id('44030518991231001'), today)).toEqual({ ok: false, problem: 'impossible_date' });
    expect(checkIdNumber(id('44030520260616001'), today)).toEqual({ ok: false, problem: 'impossible_date' });
    expect(checkIdNumber(id('44030520260615001'), today).ok).toBe(true);
    // 29 February only in leap years.
    expect(checkIdNumber(id('44030520000229001'), today).ok).toBe(true);
    expect(checkIdNumber(id('44030519000229001'), today)).toEqual({ ok: false, problem: 'impossible_date' });
  });

  it('judges "today" by the calendar in China', () => {
    const lateEvening = new Date('2026-06-14T17:00:00Z'); // already 15 June in Beijing
    expect(checkIdNumber(id('44030520260615001'), lateEvening).ok).toBe(true);
  });

  it('rejects 17 digits (lost last digit), 15-digit old numbers and other lengths', () => {
    expect(checkIdNumber('11010519491231002', today)).toEqual({ ok: false, problem: 'wrong_length' });
    expect(checkIdNumber('110105491231002', today)).toEqual({ ok: false, problem: 'wrong_length' });
    expect(checkIdNumber('', today)).toEqual({ ok: false, problem: 'wrong_length' });
    expect(checkIdNumber(`${id('44030519900101123')}0`, today)).toEqual({
      ok: false,
      problem: 'wrong_length',
    });
  });

  it('rejects unknown provinces', () => {
    expect(checkIdNumber(id('99030519900101123'), today)).toEqual({ ok: false, problem: 'unknown_region' });
    expect(checkIdNumber(id('10030519900101123'), today)).toEqual({ ok: false, problem: 'unknown_region' });
    expect(checkIdNumber(id('81000019900101123'), today).ok).toBe(true); // Hong Kong residents' numbers
  });

  it('rejects letters, punctuation, and an X anywhere but last', () => {
    expect(checkIdNumber('11010519491231002Y', today)).toEqual({ ok: false, problem: 'bad_characters' });
    expect(checkIdNumber('110105-19491231-002X', today)).toEqual({ ok: false, problem: 'bad_characters' });
    expect(checkIdNumber('1101051949123100X2', today)).toEqual({ ok: false, problem: 'bad_characters' });
  });

  it('normalises full-width characters, spaces and a lower-case x', () => {
    expect(normalizeIdNumber(' １１０１０５ １９４９１２３１ ００２ｘ ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('11010519491231002x')).toBe('11010519491231002X');
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(checkIdNumber('１１０１０５１９４９１２３１００２ｘ', today)).toMatchObject({
      ok: true,
      idNumber: '11010519491231002X',
    });
    expect(checkIdNumber('\t110105 19491231 002x\u3000', today)).toMatchObject({ ok: true });
  });

  it('computes the check character for every residue', () => {
    // Vary the sequence until every one of the 11 check characters has appeared and verifies.
    const seen = new Set<string>();
    for (let sequence = 0; sequence < 200; sequence++) {
      const first17 = `44030519900101${String(sequence).padStart(3, '0')}`;
      seen.add(idCheckChar(first17));
      expect(checkIdNumber(id(first17), today).ok).toBe(true);
    }
    expect([...seen].sort().join('')).toBe('0123456789X');
    expect(() => idCheckChar('1234')).toThrow();
  });

  it('masks all but the first and last four', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('1234')).toBe('****');
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts a known valid code and its computed check character', () => {
    expect(creditCheckChar('91350100M000100Y4')).toBe('3');
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ ok: true, creditCode: '91350100M000100Y43' });
  });

  it('normalises full-width characters, spaces and lower case', () => {
    expect(checkCreditCode(' ９１３５０１００ｍ０００１００ｙ４３ ')).toEqual({
      ok: true,
      creditCode: '91350100M000100Y43',
    });
    expect(checkCreditCode('91350100 m000100y43')).toEqual({ ok: true, creditCode: '91350100M000100Y43' });
  });

  it('maps a remainder of 0 to the check character 0', () => {
    // Find a body whose weighted sum is a multiple of 31 by varying the last character.
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const bodies = [...chars].map((c) => `9144030000000000${c}`);
    const zero = bodies.find((body) => creditCheckChar(body) === '0');
    expect(zero).toBeDefined();
    expect(checkCreditCode(`${zero}0`).ok).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(checkCreditCode('91350100M000100Y44')).toEqual({ ok: false, problem: 'wrong_check_character' });
  });

  it('rejects wrong lengths', () => {
    expect(checkCreditCode('91350100M000100Y4')).toEqual({ ok: false, problem: 'wrong_length' });
    expect(checkCreditCode('91350100M000100Y433')).toEqual({ ok: false, problem: 'wrong_length' });
  });

  it('rejects characters outside the code set: I, O, Z, S, V and punctuation', () => {
    for (const bad of ['I', 'O', 'Z', 'S', 'V', '-']) {
      expect(checkCreditCode(`91350100M000100Y4${bad}`)).toEqual({ ok: false, problem: 'bad_characters' });
    }
    expect(() => creditCheckChar('91350100M000100O4')).toThrow();
  });
});

describe('phone numbers', () => {
  it('accepts mainland mobiles with spaces, dashes, a country prefix or full-width digits', () => {
    for (const raw of [
      '13812345678',
      '138 1234 5678',
      '138-1234-5678',
      '+86 138 1234 5678',
      '+8613812345678',
      '008613812345678',
      '8613812345678',
      '１３８１２３４５６７８',
    ]) {
      expect(checkPhone(raw), raw).toEqual({ ok: true, phone: '13812345678' });
    }
    expect(checkPhone('19912345678')).toEqual({ ok: true, phone: '19912345678' });
  });

  it('accepts landlines and writes them as area code - number', () => {
    expect(checkPhone('0755-12345678')).toEqual({ ok: true, phone: '0755-12345678' });
    expect(checkPhone('0755 2345 6789')).toEqual({ ok: true, phone: '0755-23456789' });
    expect(checkPhone('(0755)12345678')).toEqual({ ok: true, phone: '0755-12345678' });
    expect(checkPhone('075512345678')).toEqual({ ok: true, phone: '0755-12345678' });
    expect(checkPhone('010-62345678')).toEqual({ ok: true, phone: '010-62345678' });
    expect(checkPhone('020 8123 4567')).toEqual({ ok: true, phone: '020-81234567' });
    expect(checkPhone('+86 755 2345 6789')).toEqual({ ok: true, phone: '0755-23456789' });
    expect(checkPhone('+86 10 6234 5678')).toEqual({ ok: true, phone: '010-62345678' });
    expect(checkPhone('0797-8123456')).toEqual({ ok: true, phone: '0797-8123456' });
  });

  it('rejects everything else', () => {
    for (const raw of [
      '',
      '12812345678', // no mobile numbers start 12
      '1381234567', // 10 digits
      '138123456789',
      '23456789', // no area code
      '0755-0234567', // local number from 0
      '0755-12345',
      '138 1234 567a',
      '+1 415 555 0100',
    ]) {
      expect(checkPhone(raw), raw).toEqual({ ok: false, problem: 'bad_phone' });
    }
  });

  it('masks mobiles to 138****5678 and landlines to the area code and last two digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0755-12345678')).toBe('0755-******78');
    expect(maskPhone('010-6234567')).toBe('010-*****67');
  });
});
