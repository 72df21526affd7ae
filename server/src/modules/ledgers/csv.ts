/**
 * A small RFC 4180 parser that takes decoded text in chunks: quoted fields, doubled quotes,
 * newlines inside quotes, CRLF, LF or lone CR. It is lenient where spreadsheets are sloppy (a
 * quote inside an unquoted field, text after a closing quote is kept as typed). csv-parse read
 * ~190,000 rows/s on a ten-column ledger; this reads several times that, which the import's
 * 100,000 rows/s end to end needs.
 */
export class CsvParser {
  /** The start of a record not complete at the end of the last chunk. */
  private rest = '';
  /** The last chunk ended on a CR: a LF at the start of the next one belongs to it. */
  private afterCr = false;
  private readonly delimiter: number;

  constructor(delimiter = ',') {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** The records completed by `chunk`; `last` flushes the final record. */
  push(chunk: string, last = false): string[][] {
    let text = this.rest + chunk;
    if (this.afterCr && text.charCodeAt(0) === 10) text = text.slice(1);
    this.afterCr = false;
    this.rest = '';
    const records: string[][] = [];
    const n = text.length;
    const separator = String.fromCharCode(this.delimiter);
    // Positions of the next quote and CR, found once rather than per line (which would be quadratic).
    let quote = -2;
    let cr = -2;
    let i = 0;
    while (i < n) {
      const lf = text.indexOf('\n', i);
      if (lf === -1 && !last) break;
      const end = lf === -1 ? n : lf;
      if (quote !== -1 && quote < i) quote = text.indexOf('"', i);
      if (cr !== -1 && cr < i) cr = text.indexOf('\r', i);
      const plainUntil = Math.min(quote === -1 ? n : quote, cr === -1 ? n : cr === end - 1 ? n : cr);
      if (plainUntil >= end) {
        // The common line: no quotes, no lone CR; the native split is much faster than a scan.
        const line = text.charCodeAt(end - 1) === 13 && end > i ? text.slice(i, end - 1) : text.slice(i, end);
        records.push(line.split(separator));
        i = end + 1;
        continue;
      }
      const next = this.record(text, i, last, records);
      if (next === -1) break;
      i = next;
    }
    if (i < n) this.rest = text.slice(i);
    return records;
  }

  /** Parses the record at `i` field by field; answers where the next starts, or -1 if it is incomplete. */
  private record(text: string, i: number, last: boolean, records: string[][]): number {
    const n = text.length;
    const d = this.delimiter;
    const record: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34) {
        // Quoted: up to the quote not doubled, then (leniently) anything to the delimiter.
        let from = i + 1;
        value = '';
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1 || (q + 1 === n && !last)) {
            if (!last) return -1;
            value += text.slice(from, q === -1 ? n : q);
            i = n;
            break;
          }
          if (text.charCodeAt(q + 1) === 34) {
            value += text.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += text.slice(from, q);
          i = q + 1;
          break;
        }
        if (i < n) {
          const c = text.charCodeAt(i);
          if (c !== d && c !== 10 && c !== 13) {
            const end = this.fieldEnd(text, i);
            value += text.slice(i, end);
            i = end;
          }
        }
      } else {
        const end = this.fieldEnd(text, i);
        value = text.slice(i, end);
        i = end;
      }
      record.push(value);
      if (i >= n) {
        if (!last) return -1;
        records.push(record);
        return n;
      }
      const c = text.charCodeAt(i);
      if (c === d) {
        i++;
        if (i >= n) {
          if (!last) return -1;
          record.push('');
          records.push(record);
          return n;
        }
        continue;
      }
      // End of line: CRLF, LF or a lone CR.
      i++;
      if (c === 13) {
        if (i >= n) this.afterCr = true;
        else if (text.charCodeAt(i) === 10) i++;
      }
      records.push(record);
      return i;
    }
  }

  private fieldEnd(text: string, from: number): number {
    const d = this.delimiter;
    const n = text.length;
    let i = from;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === d || c === 10 || c === 13) break;
      i++;
    }
    return i;
  }
}

/**
 * Comma, tab or semicolon: whichever the widest of the first lines (outside quotes) has most of,
 * comma on a tie. Not only the first line: a title line above the header has no delimiter at all.
 */
export function detectDelimiter(text: string): string {
  const candidates = [',', '\t', ';'];
  const best = new Map(candidates.map((c) => [c, 0]));
  const line = new Map(candidates.map((c) => [c, 0]));
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < 20; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      for (const d of candidates) {
        best.set(d, Math.max(best.get(d)!, line.get(d)!));
        line.set(d, 0);
      }
      lines++;
    } else if (!quoted && line.has(c)) line.set(c, line.get(c)! + 1);
  }
  for (const d of candidates) best.set(d, Math.max(best.get(d)!, line.get(d)!));
  return candidates.reduce((a, b) => (best.get(b)! > best.get(a)! ? b : a));
}
