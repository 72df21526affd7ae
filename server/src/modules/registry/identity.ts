/**
 * Checks and masks for the identifiers that arrive in department ledgers: resident ID numbers
 * (GB 11643-1999), unified social credit codes (GB 32100-2015) and phone numbers. Input comes
 * from spreadsheets typed on Chinese keyboards, so full-width characters and stray spaces are
 * normalised before anything is judged.
 */

export type IdProblem =
  | 'wrong_length'
  | 'bad_characters'
  | 'impossible_date'
  | 'wrong_check_digit'
  | 'unknown_region';

export type IdCheck =
  | { ok: true; idNumber: string; birthDate: string; sex: 'male' | 'female'; regionCode: string }
  | { ok: false; problem: IdProblem };

export type CreditProblem = 'wrong_length' | 'bad_characters' | 'wrong_check_character';

export type CreditCheck = { ok: true; creditCode: string } | { ok: false; problem: CreditProblem };

export type PhoneCheck = { ok: true; phone: string } | { ok: false; problem: 'bad_phone' };

/** Full-width ASCII (U+FF01–FF5E) to half-width, and the ideographic space to a plain one. */
function toHalfWidth(raw: string): string {
  return raw.replace(/[\uff01-\uff5e\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** Trimmed, half-width, without inner spaces, with the check character X in upper case. */
export function normalizeIdNumber(raw: string): string {
  return toHalfWidth(raw).replace(/\s+/g, '').replace(/x/g, 'X');
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** Provinces, autonomous regions, municipalities, Taiwan, Hong Kong and Macao (GB/T 2260). */
// biome-ignore format: one table
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42',
  '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

/** The ISO 7064 MOD 11-2 check character of the first 17 digits of an ID number. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('idCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

/**
 * Validates an 18-character resident ID number: province, real birth date (1900 to `today`),
 * check character. The old 15-digit numbers (no century, no check digit) were replaced in
 * 2004–2013 and cannot be checked, so they count as `wrong_length` like any other length; so does
 * a number that lost its last digit to a spreadsheet's number format (17 digits).
 */
export function checkIdNumber(raw: string, today?: Date): IdCheck {
  const id = normalizeIdNumber(raw);
  if (!/^[0-9X]*$/.test(id)) return { ok: false, problem: 'bad_characters' };
  if (id.length !== 18) return { ok: false, problem: 'wrong_length' };
  if (!/^\d{17}[0-9X]$/.test(id)) return { ok: false, problem: 'bad_characters' };
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return { ok: false, problem: 'unknown_region' };

  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const real =
    birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!real || year < 1900 || id.slice(6, 14) > (today ? chinaDate(today) : chinaToday())) {
    return { ok: false, problem: 'impossible_date' };
  }
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'wrong_check_digit' };

  return { ok: true, ...idNumberFacts(id) };
}

/** What a valid (checked, normalised) ID number says of its holder. */
export function idNumberFacts(id: string) {
  return {
    idNumber: id,
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    sex: (Number(id[16]) % 2 === 1 ? 'male' : 'female') as 'male' | 'female',
    regionCode: id.slice(0, 6),
  };
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Today in China as YYYYMMDD, worked out once until China's next midnight: a ledger checks millions. */
let today = { ymd: '', until: 0 };
function chinaToday(): string {
  const now = Date.now();
  if (now >= today.until) {
    const midnight = (Math.floor((now + CHINA_OFFSET_MS) / DAY_MS) + 1) * DAY_MS - CHINA_OFFSET_MS;
    today = { ymd: chinaDate(new Date(now)), until: midnight };
  }
  return today.ymd;
}

/** YYYYMMDD of the calendar day in China (UTC+8, no daylight saving) at `instant`. */
function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

/** Keeps the first and last four characters: '4401**********123X'. */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** The 31 characters of GB 32100: digits and capitals without I, O, Z, S, V. */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character (MOD 31) of the first 17 characters of a unified social credit code. */
export function creditCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error('creditCheckChar needs 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CHARS.indexOf(first17[i]);
    if (value < 0) throw new Error(`'${first17[i]}' is not a credit code character`);
    sum += value * CREDIT_WEIGHTS[i];
  }
  return CREDIT_CHARS[(31 - (sum % 31)) % 31];
}

export function checkCreditCode(raw: string): CreditCheck {
  const code = toHalfWidth(raw).replace(/\s+/g, '').toUpperCase();
  if (![...code].every((c) => CREDIT_CHARS.includes(c))) return { ok: false, problem: 'bad_characters' };
  if (code.length !== 18) return { ok: false, problem: 'wrong_length' };
  if (creditCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, problem: 'wrong_check_character' };
  return { ok: true, creditCode: code };
}

/**
 * A mainland mobile (11 digits, 1[3-9]…) or a landline with its area code, normalised to
 * '13812345678' or '0755-12345678'. Accepts spaces, dashes, brackets round the area code,
 * full-width digits and a +86 / 0086 / 86 country prefix (after which a landline's trunk 0 is
 * often dropped: '+86 755 1234 5678').
 */
export function checkPhone(raw: string): PhoneCheck {
  const text = toHalfWidth(raw).trim();
  if (!/^\+?[\d\s()-]+$/.test(text)) return { ok: false, problem: 'bad_phone' };
  let digits = text.replace(/\D/g, '');
  const international = /^\+/.test(text) || /^00/.test(digits);
  if (international) {
    if (!/^(00)?86/.test(digits)) return { ok: false, problem: 'bad_phone' };
    digits = digits.replace(/^(00)?86/, '');
    if (!/^[01]/.test(digits) || /^1[0-2]/.test(digits)) digits = `0${digits}`;
  } else if (digits.length === 13 && /^861[3-9]/.test(digits)) {
    digits = digits.slice(2);
  }
  if (/^1[3-9]\d{9}$/.test(digits)) return { ok: true, phone: digits };
  // Area codes: 010 and 02x have three digits, every other one four; local numbers 7–8 digits, never from 0.
  const landline = /^(010|02\d|0[3-9]\d{2})([1-9]\d{6,7})$/.exec(digits);
  if (landline) return { ok: true, phone: `${landline[1]}-${landline[2]}` };
  return { ok: false, problem: 'bad_phone' };
}

/** '138****5678' for a mobile; a landline keeps its area code and last two digits: '0755-******78'. */
export function maskPhone(phone: string): string {
  const dash = phone.indexOf('-');
  if (dash >= 0) {
    const local = phone.slice(dash + 1);
    return `${phone.slice(0, dash)}-${'*'.repeat(Math.max(0, local.length - 2))}${local.slice(-2)}`;
  }
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}
