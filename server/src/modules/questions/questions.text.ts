/**
 * What a question's text goes through before anyone but its asker reads it: ID numbers, phone
 * numbers and licence plates are masked (only the masked text is stored), and words on the
 * district's sensitive-word list hold it for a moderator.
 */

// Digits and letters on either side would make the match part of a longer code (an order number).
const ID_NUMBER =
  /(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9A-Za-z])/g;
const LANDLINE = /(?<![0-9A-Za-z])0\d{2,3}-\d{7,8}(?![0-9A-Za-z])/g;
// Province abbreviation, issuing-office letter, then 5 (6 for new-energy plates) letters or digits.
const PLATE =
  /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-Z][·•\s]?[A-HJ-NP-Z0-9]{5,6}(?![0-9A-Za-z])/g;

const stars = (n: number) => '*'.repeat(Math.max(n, 0));

export interface Masked {
  text: string;
  /** What kinds were masked, for the history (never the values). */
  found: Array<'idNumber' | 'phone' | 'plate'>;
}

export function maskPersonalData(input: string): Masked {
  const found = new Set<Masked['found'][number]>();
  let text = input.replace(ID_NUMBER, (m) => {
    found.add('idNumber');
    return `${m.slice(0, 3)}${stars(m.length - 5)}${m.slice(-2)}`;
  });
  text = text.replace(MOBILE, (m) => {
    found.add('phone');
    const digits = m.replace(/\D/g, '').slice(-11);
    return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  });
  text = text.replace(LANDLINE, (m) => {
    found.add('phone');
    const [area, number] = m.split('-');
    return `${area}-${stars(number.length - 2)}${number.slice(-2)}`;
  });
  text = text.replace(PLATE, (m) => {
    found.add('plate');
    const compact = m.replace(/[·•\s]/g, '');
    return `${compact.slice(0, 2)}${stars(compact.length - 4)}${compact.slice(-2)}`;
  });
  return { text, found: [...found] };
}

/** The sensitive words the text contains (case-insensitive for Latin letters). */
export function sensitiveWordsIn(text: string, words: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return words.filter((w) => w.trim() !== '' && lower.includes(w.trim().toLowerCase()));
}
