import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

/**
 * The backup archive: one gzip stream of
 *
 *   {"format":"civicgrid-backup","version":1,…,"tables":[{"name","columns","rows"}…]}\n
 *   <COPY text rows of tables[0]>\n…\.\n
 *   <COPY text rows of tables[1]>\n…\.\n
 *   …
 *   {"sha256":"<hex of every byte above>"}\n
 *
 * COPY's text format escapes newlines and backslashes inside values, so a line `\.` can only
 * be the end of a section. Written and read as streams: memory stays flat for any size.
 */

export const FORMAT = 'civicgrid-backup';
export const FORMAT_VERSION = 1;

export interface ArchiveTable {
  name: string;
  columns: string[];
  rows: number;
}

export interface ArchiveHeader {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  civicgridVersion: string;
  /** The applied migrations, in order: the schema the rows fit. */
  migrations: string[];
  tables: ArchiveTable[];
  /** Sequence values at the time of the backup (null: never used). */
  sequences: { name: string; lastValue: string | null }[];
}

/** The archive is damaged, truncated, or not an archive: nothing was written from it. */
export class ArchiveError extends Error {}

const END = Buffer.from('\\.\n');

export interface ArchiveWriter {
  write(chunk: Buffer | string): Promise<void>;
  endSection(): Promise<void>;
  /** Writes the trailer and closes the file; returns the checksum. */
  finish(): Promise<string>;
}

export async function createArchive(file: string, header: ArchiveHeader): Promise<ArchiveWriter> {
  const gzip = createGzip();
  const written = pipeline(gzip, fs.createWriteStream(file, { mode: 0o600 }));
  // A failed file write surfaces through `written`; keep it from becoming an unhandled rejection meanwhile.
  written.catch(() => {});
  const hash = createHash('sha256');
  const write = async (chunk: Buffer | string) => {
    hash.update(chunk);
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  };
  await write(`${JSON.stringify(header)}\n`);
  return {
    write,
    endSection: () => write(END),
    async finish() {
      const sha256 = hash.digest('hex');
      gzip.end(`${JSON.stringify({ sha256 })}\n`);
      await written;
      return sha256;
    },
  };
}

/** Where the rows of each table go while an archive is read; none for a check only. */
export interface SectionSink {
  begin(table: ArchiveTable): Promise<void>;
  /** COPY text lines, whole lines only. */
  data(chunk: Buffer): Promise<void>;
  end(table: ArchiveTable): Promise<void>;
}

function parseHeader(line: Buffer): ArchiveHeader {
  let header: ArchiveHeader;
  try {
    header = JSON.parse(line.toString('utf8'));
  } catch {
    throw new ArchiveError('Not a CivicGrid backup (no header)');
  }
  if (header?.format !== FORMAT) throw new ArchiveError('Not a CivicGrid backup');
  if (header.version !== FORMAT_VERSION)
    throw new ArchiveError(`Backup format version ${header.version} is not supported by this CivicGrid`);
  return header;
}

/**
 * Reads the archive from start to end, handing each table's rows to `sink`, and checks the row
 * counts and the checksum. Throws ArchiveError on any mismatch, after `sink` has seen the rows:
 * read once without a sink before writing anything.
 */
export async function readArchive(
  file: string,
  sink?: SectionSink,
  onRows?: (rows: number) => void,
): Promise<ArchiveHeader> {
  // Errors of the sink (a COPY refused by the database) are its own; only reading errors mean a bad archive.
  let sinkFailed = false;
  const guard = <T>(promise: Promise<T> | undefined) =>
    promise?.catch((error: unknown) => {
      sinkFailed = true;
      throw error;
    });
  const hash = createHash('sha256');
  let header: ArchiveHeader | null = null;
  let tableIndex = 0;
  let rows = 0;
  let seen = 0;
  let trailer: Buffer | null = null;
  let rest = Buffer.alloc(0);
  const input = fs.createReadStream(file).pipe(createGunzip());
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (trailer) throw new ArchiveError('The backup has data after its end');
      const data = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let lineStart = 0;
      let sectionStart = 0;
      let hashedTo = data.length;
      for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, lineStart)) {
        const line = data.subarray(lineStart, nl);
        if (!header) {
          header = parseHeader(line);
          sectionStart = nl + 1;
          if (header.tables.length > 0) await guard(sink?.begin(header.tables[0]));
        } else if (tableIndex < header.tables.length) {
          if (line.length === 2 && line[0] === 92 && line[1] === 46) {
            const table = header.tables[tableIndex];
            if (lineStart > sectionStart) await guard(sink?.data(data.subarray(sectionStart, lineStart)));
            if (rows !== table.rows)
              throw new ArchiveError(
                `The backup is damaged: ${table.name} has ${rows} rows, not ${table.rows}`,
              );
            await guard(sink?.end(table));
            rows = 0;
            tableIndex++;
            sectionStart = nl + 1;
            if (tableIndex < header.tables.length) await guard(sink?.begin(header.tables[tableIndex]));
          } else {
            rows++;
            seen++;
          }
        } else {
          trailer = line;
          hashedTo = lineStart;
          if (nl !== data.length - 1) throw new ArchiveError('The backup has data after its end');
        }
        lineStart = nl + 1;
      }
      if (header && tableIndex < header.tables.length && lineStart > sectionStart)
        await guard(sink?.data(data.subarray(sectionStart, lineStart)));
      hash.update(data.subarray(0, Math.min(hashedTo, lineStart)));
      rest = Buffer.from(data.subarray(lineStart));
      onRows?.(seen);
    }
  } catch (error) {
    input.destroy();
    if (error instanceof ArchiveError || sinkFailed) throw error;
    throw new ArchiveError(`The backup cannot be read: ${(error as Error).message}`);
  }
  if (!header) throw new ArchiveError('The backup is empty');
  if (!trailer || rest.length > 0) throw new ArchiveError('The backup is truncated');
  let sha256: string | undefined;
  try {
    sha256 = JSON.parse(trailer.toString('utf8')).sha256;
  } catch {
    throw new ArchiveError('The backup is damaged (bad trailer)');
  }
  if (sha256 !== hash.digest('hex'))
    throw new ArchiveError('The backup is damaged: its checksum does not match');
  return header;
}
