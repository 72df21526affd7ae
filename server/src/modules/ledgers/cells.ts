/**
 * Spreadsheet cell values as the text a department sees in Excel. Numbers keep Excel's 15
 * significant digits and never an exponent: an 18-digit ID number typed into a number cell comes
 * out as Excel kept it (440305199001011000), which is the defect validation must catch, not
 * 4.40305199001011e+17.
 */

/** A number as Excel shows it in a wide General column, without exponent. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const [mantissa, exponent] = n.toPrecision(15).split('e');
  const negative = mantissa.startsWith('-');
  const [int, frac = ''] = (negative ? mantissa.slice(1) : mantissa).split('.');
  const shift = exponent ? Number(exponent) : 0;
  let digits = int + frac;
  let point = int.length + shift;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) digits += '0'.repeat(point - digits.length);
  let text = digits.slice(0, point);
  const fraction = digits.slice(point).replace(/0+$/, '');
  text = text.replace(/^0+(?=\d)/, '');
  if (fraction) text += `.${fraction}`;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A date cell: 'YYYY-MM-DD', or 'YYYY-MM-DD HH:mm' when it has a time of day. */
export function formatDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  // Serial-day arithmetic leaves sub-second noise; Excel shows the nearest minute.
  const rounded = new Date(Math.round(date.getTime() / 60_000) * 60_000);
  const day = `${pad(rounded.getUTCFullYear(), 4)}-${pad(rounded.getUTCMonth() + 1)}-${pad(rounded.getUTCDate())}`;
  const h = rounded.getUTCHours();
  const m = rounded.getUTCMinutes();
  return h === 0 && m === 0 ? day : `${day} ${pad(h)}:${pad(m)}`;
}

/** Excel's 1900 date system (with its phantom 29 February 1900), or the 1904 one. */
export function serialToDate(serial: number, date1904 = false): Date {
  const days = date1904 ? serial + 1462 : serial;
  return new Date(Math.round((days - 25569) * 86_400_000));
}

/** Number formats that show a date or time (ignoring literal text and colours). */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

interface RichText {
  richText: { text: string }[];
}

/** An exceljs cell value (with the cell's number format, for dates computed by formulas) as text. */
export function cellText(value: unknown, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return isDateFormat(numFmt) ? formatDate(serialToDate(value)) : formatNumber(value);
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'object': {
      if (value instanceof Date) return formatDate(value);
      const v = value as Record<string, unknown>;
      if (Array.isArray(v.richText))
        return (v as unknown as RichText).richText.map((r) => r.text ?? '').join('');
      if ('formula' in v || 'sharedFormula' in v) return cellText(v.result, numFmt);
      if ('error' in v) return String(v.error);
      if ('text' in v) return cellText(v.text, numFmt);
      return '';
    }
    default:
      return String(value);
  }
}
