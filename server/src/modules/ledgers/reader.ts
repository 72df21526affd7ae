/**
 * Reading department ledgers (CSV in UTF-8, UTF-8 with BOM or GB18030; XLSX, every sheet) as a
 * stream of rows of text, with each sheet's header row found first. Memory stays flat whatever
 * the file's size: CSV is decoded and parsed chunk by chunk; XLSX goes through exceljs's
 * streaming reader, which keeps only the shared-string table (`sharedStrings: 'cache'`, needed
 * to resolve text cells; it grows with the distinct texts, not the rows) and, when the sheets
 * come before that table in the zip, spools them to temporary files.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { excel } from '../../platform/exceljs.ts';
import { cellText } from './cells.ts';
import { CsvParser, detectDelimiter } from './csv.ts';
import { type BufferedRow, type DetectedHeader, detectHeader, HEADER_SEARCH_ROWS } from './headers.ts';

export type LedgerFormat = 'csv' | 'xlsx';
export type LedgerEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

export interface SheetInfo {
  /** The worksheet's name; '' for a CSV file. */
  name: string;
  /** 1-based, as the spreadsheet shows it. */
  headerRow: number;
  headers: string[];
  /** For a two-level header, the group label over each column ('' where none). */
  groups?: string[];
  /** Up to 10 data rows, aligned with `headers`. */
  preview: string[][];
}

export interface LedgerInfo {
  format: LedgerFormat;
  encoding: LedgerEncoding | null;
  /** The CSV field delimiter (null for XLSX). */
  delimiter: string | null;
  sheets: SheetInfo[];
}

export interface LedgerRow {
  sheet: string;
  /** 1-based, as the spreadsheet shows it. */
  row: number;
  /** Raw cell text, aligned with the headers (padded with '' to their number; extra cells kept). */
  cells: string[];
}

export interface ReadOptions {
  sheet?: string;
  headerRow?: number;
  isKnownHeader?: (header: string) => boolean;
  onBytes?: (bytesRead: number) => void;
}

export type LedgerEvent = { kind: 'sheet'; sheet: SheetInfo } | ({ kind: 'row' } & LedgerRow);

/** A file that cannot be read as a ledger; `code` says why. */
export class LedgerReadError extends Error {
  constructor(
    readonly code: 'unknown_sheet' | 'unreadable_file',
    message: string,
  ) {
    super(message);
  }
}

const PREVIEW_ROWS = 10;
const CHUNK_BYTES = 256 * 1024;
const SNIFF_BYTES = 64 * 1024;

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Format from the first bytes (PK zip signature = xlsx), not the name. */
export async function detectFormat(path: string): Promise<LedgerFormat> {
  const head = await readHead(path, 4);
  return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04
    ? 'xlsx'
    : 'csv';
}

/** BOM; otherwise UTF-8 when the first 64 KB decode strictly as UTF-8; otherwise GB18030. */
export function detectEncoding(head: Buffer, wholeFile: boolean): LedgerEncoding {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  try {
    // `stream` keeps a character cut at the end of the sample pending instead of failing on it.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !wholeFile });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** The SHA-256 of a file, read as a stream. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(path, { highWaterMark: CHUNK_BYTES })) hash.update(chunk);
  return hash.digest('hex');
}

/** Format, encoding and, per sheet, header row, headers and first rows; reads only what it needs of a CSV. */
export async function inspectLedger(
  path: string,
  options: Pick<ReadOptions, 'isKnownHeader'> = {},
): Promise<LedgerInfo> {
  const format = await detectFormat(path);
  const sheets: SheetInfo[] = [];
  if (format === 'csv') {
    const { encoding, delimiter } = await sniffCsv(path);
    for await (const event of readLedger(path, options)) {
      if (event.kind === 'sheet') sheets.push(event.sheet);
      break;
    }
    return { format, encoding, delimiter, sheets };
  }
  // A zip must be read through to reach the next sheet; rows are skipped without being kept.
  for await (const event of readLedger(path, options)) if (event.kind === 'sheet') sheets.push(event.sheet);
  return { format, encoding: null, delimiter: null, sheets };
}

/** Header per sheet first, then rows. All sheets (or only `sheet`). Memory flat whatever the file size. */
export async function* readLedger(path: string, options: ReadOptions = {}): AsyncGenerator<LedgerEvent> {
  const format = await detectFormat(path);
  const sources = format === 'csv' ? csvRows(path, options) : xlsxRows(path, options);
  let found = options.sheet === undefined;
  for await (const sheet of sources) {
    if (format === 'xlsx' && options.sheet !== undefined && sheet.name !== options.sheet) {
      for await (const _ of sheet.rows);
      continue;
    }
    found = true;
    // Rows arrive in batches and leave one by one from here: one async hop per row, not three.
    const header = new HeaderFinder(sheet.name, options);
    for await (const batch of sheet.rows) for (const event of header.take(batch)) yield event;
    for (const event of header.finish()) yield event;
  }
  if (!found) throw new LedgerReadError('unknown_sheet', `The file has no sheet named "${options.sheet}".`);
}

interface RawSheet {
  name: string;
  /** Non-empty rows in order, cells as text, in batches. */
  rows: AsyncIterable<BufferedRow[]>;
}

/** Not a single cell with anything but spaces (ideographic ones included). */
function isEmpty(cells: string[]): boolean {
  for (const cell of cells) {
    if (cell === '') continue;
    const first = cell.charCodeAt(0);
    if (first > 32 && first !== 0x3000) return false;
    if (cell.trim() !== '') return false;
  }
  return true;
}

/** Holds a sheet's first rows until its header is found, then lets the rest through. */
class HeaderFinder {
  private readonly held: BufferedRow[] = [];
  private header: DetectedHeader | null = null;

  constructor(
    private readonly name: string,
    private readonly options: ReadOptions,
  ) {}

  take(rows: BufferedRow[]): LedgerEvent[] {
    const events: LedgerEvent[] = [];
    for (const r of rows) {
      if (this.header) {
        if (r.row > this.header.headerRow) events.push(this.rowEvent(r));
        continue;
      }
      this.held.push(r);
      if (this.enough()) this.decide(events);
    }
    return events;
  }

  finish(): LedgerEvent[] {
    const events: LedgerEvent[] = [];
    if (!this.header) this.decide(events);
    return events;
  }

  private enough(): boolean {
    const { held, options } = this;
    const wanted = options.headerRow;
    if (wanted === undefined) return held.length >= HEADER_SEARCH_ROWS + PREVIEW_ROWS;
    return held[held.length - 1].row >= wanted && held.filter((r) => r.row > wanted).length >= PREVIEW_ROWS;
  }

  private decide(events: LedgerEvent[]) {
    const header = detectHeader(this.held, this.options) ?? {
      headerRow: this.options.headerRow ?? 1,
      headers: [],
    };
    this.header = header;
    const data = this.held.filter((r) => r.row > header.headerRow);
    const sheet: SheetInfo = {
      name: this.name,
      ...header,
      preview: data.slice(0, PREVIEW_ROWS).map((r) => this.align(r.cells)),
    };
    events.push({ kind: 'sheet', sheet });
    for (const r of data) events.push(this.rowEvent(r));
    this.held.length = 0;
  }

  private rowEvent(r: BufferedRow): LedgerEvent {
    return { kind: 'row', sheet: this.name, row: r.row, cells: this.align(r.cells) };
  }

  private align(cells: string[]): string[] {
    const width = this.header!.headers.length;
    if (cells.length >= width) return cells;
    const out = cells.slice();
    while (out.length < width) out.push('');
    return out;
  }
}

async function sniffCsv(path: string): Promise<{ encoding: LedgerEncoding; delimiter: string }> {
  const [head, stat] = await Promise.all([readHead(path, SNIFF_BYTES), fs.promises.stat(path)]);
  const encoding = detectEncoding(head, stat.size <= SNIFF_BYTES);
  const text = new TextDecoder(encoding === 'gb18030' ? 'gb18030' : 'utf-8').decode(head, { stream: true });
  return { encoding, delimiter: detectDelimiter(text) };
}

async function* csvRows(path: string, options: ReadOptions): AsyncGenerator<RawSheet> {
  const { encoding, delimiter } = await sniffCsv(path);
  yield { name: '', rows: csvRecords(path, encoding, delimiter, options.onBytes) };
}

async function* csvRecords(
  path: string,
  encoding: LedgerEncoding,
  delimiter: string,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<BufferedRow[]> {
  // The UTF-8 decoder drops the BOM itself.
  const decoder = new TextDecoder(encoding === 'gb18030' ? 'gb18030' : 'utf-8');
  const parser = new CsvParser(delimiter);
  const stream = fs.createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let row = 0;
  let bytes = 0;
  const numbered = (records: string[][]) => {
    const batch: BufferedRow[] = [];
    for (const cells of records) {
      row++;
      if (!isEmpty(cells)) batch.push({ row, cells });
    }
    return batch;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      onBytes?.(bytes);
      yield numbered(parser.push(decoder.decode(chunk, { stream: true })));
    }
    yield numbered(parser.push(decoder.decode(), true));
  } finally {
    stream.destroy();
  }
}

interface StreamCell {
  col: number;
  value: unknown;
  numFmt?: string;
}
interface StreamRow {
  number: number;
  eachCell(callback: (cell: StreamCell, col: number) => void): void;
}
interface StreamSheet {
  name: string;
  [Symbol.asyncIterator](): AsyncIterator<StreamRow>;
}

async function* xlsxRows(path: string, options: ReadOptions): AsyncGenerator<RawSheet> {
  const stream = fs.createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let bytes = 0;
  if (options.onBytes) {
    const onBytes = options.onBytes;
    stream.on('data', (chunk) => {
      bytes += chunk.length;
      onBytes(bytes);
    });
  }
  const reader = new (excel().stream.xlsx.WorkbookReader)(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Needed to tell a date cell from a number.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const worksheet of reader as unknown as AsyncIterable<StreamSheet>) {
      yield { name: worksheet.name, rows: sheetRows(worksheet) };
    }
  } catch (error) {
    if (error instanceof LedgerReadError) throw error;
    throw new LedgerReadError(
      'unreadable_file',
      `The file is not a readable XLSX workbook: ${(error as Error).message}`,
    );
  } finally {
    stream.destroy();
  }
}

async function* sheetRows(worksheet: StreamSheet): AsyncGenerator<BufferedRow[]> {
  for await (const row of worksheet) {
    const cells: string[] = [];
    row.eachCell((cell, col) => {
      while (cells.length < col - 1) cells.push('');
      cells[col - 1] = cellText(cell.value, cell.numFmt);
    });
    if (!isEmpty(cells)) yield [{ row: row.number, cells }];
  }
}
