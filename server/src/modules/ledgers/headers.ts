/**
 * Finding the header row of a sheet typed by hand: a title merged across the top, sometimes a
 * second header row with group labels ("户主信息" over 姓名 / 身份证号 / 电话), cells merged
 * down over both header rows. A streaming reader sees no merge ranges before the rows (they
 * follow the data in the XLSX), so the rules work on the values alone: a merged cell keeps its
 * value in the top-left cell and the rest are empty.
 */

export interface BufferedRow {
  row: number;
  cells: string[];
}

export interface DetectedHeader {
  headerRow: number;
  headers: string[];
  /** The group label over each column of a two-level header, or '' (absent when there is none). */
  groups?: string[];
}

/** Header rows are looked for among this many rows at the top of a sheet. */
export const HEADER_SEARCH_ROWS = 20;

const filled = (cells: string[]) => cells.reduce((n, c) => (c.trim() === '' ? n : n + 1), 0);

/** The header row chosen among `rows` (the first non-empty rows of the sheet), or the one asked for. */
export function detectHeader(
  rows: BufferedRow[],
  options: { headerRow?: number; isKnownHeader?: (header: string) => boolean } = {},
): DetectedHeader | null {
  if (options.headerRow !== undefined) {
    const index = rows.findIndex((r) => r.row === options.headerRow);
    if (index === -1) return { headerRow: options.headerRow, headers: [] };
    return band(rows, index);
  }
  const candidates = rows.slice(0, HEADER_SEARCH_ROWS);
  if (candidates.length === 0) return null;
  let best = -1;
  if (options.isKnownHeader) {
    const known = options.isKnownHeader;
    let bestKnown = 0;
    let bestFilled = 0;
    candidates.forEach((r, i) => {
      const k = r.cells.reduce((n, c) => (c.trim() !== '' && known(c.trim()) ? n + 1 : n), 0);
      const f = filled(r.cells);
      if (k > bestKnown || (k === bestKnown && k > 0 && f > bestFilled)) {
        best = i;
        bestKnown = k;
        bestFilled = f;
      }
    });
  }
  if (best === -1) {
    const widest = Math.max(...candidates.map((r) => filled(r.cells)));
    best = candidates.findIndex((r) => filled(r.cells) * 2 >= widest);
    // A group row over a full header row: the full row is the header.
    const next = candidates[best + 1];
    if (next && next.row === candidates[best].row + 1 && fillsGaps(candidates[best].cells, next.cells))
      best++;
  }
  return band(rows, best);
}

/** `lower` has more cells, including some under the empty cells of `upper`. */
function fillsGaps(upper: string[], lower: string[]): boolean {
  if (filled(lower) <= filled(upper)) return false;
  return lower.some((c, i) => c.trim() !== '' && (upper[i] ?? '').trim() === '');
}

/** The headers of the row at `index`, completed from the row directly above when that is a header row too. */
function band(rows: BufferedRow[], index: number): DetectedHeader {
  const header = rows[index];
  const above = index > 0 && rows[index - 1].row === header.row - 1 ? rows[index - 1].cells : null;
  const headers = [...header.cells];
  let groups: string[] | undefined;
  if (above && isUpperHeader(above, header.cells)) {
    const width = Math.max(headers.length, above.length);
    groups = [];
    let group = '';
    for (let i = 0; i < width; i++) {
      const top = (above[i] ?? '').trim() === '' ? '' : above[i];
      const own = headers[i] ?? '';
      if (own.trim() === '') {
        // Merged down from the upper row (or nothing at all): not part of a group.
        headers[i] = top;
        group = '';
        groups.push('');
      } else {
        if (top !== '') group = top;
        groups.push(group);
      }
    }
    if (!groups.some((g) => g !== '')) groups = undefined;
  }
  let width = headers.length;
  while (width > 0 && headers[width - 1].trim() === '') width--;
  headers.length = width;
  if (groups) groups.length = width;
  return groups ? { headerRow: header.row, headers, groups } : { headerRow: header.row, headers };
}

/**
 * The row above the header belongs to it unless it is a title: one cell, over the first column
 * that the header row fills itself.
 */
function isUpperHeader(above: string[], header: string[]): boolean {
  const count = filled(above);
  if (count === 0) return false;
  if (count >= 2) return true;
  const at = above.findIndex((c) => c.trim() !== '');
  if ((header[at] ?? '').trim() === '') return true;
  const firstHeader = header.findIndex((c) => c.trim() !== '');
  return at !== firstHeader;
}
