import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { excel } from '../../platform/exceljs.ts';
import type { Lang } from '../../platform/i18n.ts';

/** One column of an exported list: its header in both languages and how to read it from an item. */
export interface ExportColumn<T> {
  zh: string;
  en: string;
  value: (item: T, lang: Lang) => string | number | null;
}

export const EXPORT_LIMIT = 100_000;

export interface ExportFile {
  contentType: string;
  filename: string;
  body: Buffer;
}

/**
 * A list as the file a department would open: CSV (UTF-8 with BOM, so Excel reads the Chinese) or
 * XLSX with a frozen, bold header row. Values are what the API shows, so masked numbers stay masked.
 */
export async function exportFile<T>(
  name: string,
  columns: ExportColumn<T>[],
  items: T[],
  format: 'csv' | 'xlsx',
  lang: Lang,
): Promise<ExportFile> {
  const header = columns.map((c) => (lang === 'zh' ? c.zh : c.en));
  const rows = items.map((item) => columns.map((c) => c.value(item, lang)));
  const stamp = new Date().toISOString().slice(0, 10);
  if (format === 'csv') {
    const text = stringify([header, ...rows]);
    return {
      contentType: 'text/csv; charset=utf-8',
      filename: `${name}-${stamp}.csv`,
      body: Buffer.concat([Buffer.from('\ufeff'), Buffer.from(text)]),
    };
  }
  const workbook = new (excel().Workbook)();
  workbook.creator = 'CivicGrid';
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((column, i) => {
    const widest = Math.max(
      ...[header[i], ...rows.slice(0, 200).map((r) => r[i])].map((v) => String(v ?? '').length),
    );
    column.width = Math.min(40, Math.max(8, widest * 1.6));
  });
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename: `${name}-${stamp}.xlsx`,
    body: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}

export interface ExportStream {
  contentType: string;
  filename: string;
  body: Readable;
}

const columnWidth = (values: unknown[]) =>
  Math.min(40, Math.max(8, Math.max(...values.map((v) => String(v ?? '').length)) * 1.6));

/**
 * The same file as `exportFile`, written as its batches are read: the first bytes leave at once,
 * and memory holds a batch or two whatever the list's length. Both formats read the next batch
 * only when the client has taken the previous one (a Readable is pulled; the XLSX writer waits
 * for its output to drain).
 */
export function exportStream<T>(
  name: string,
  columns: ExportColumn<T>[],
  batches: AsyncIterable<T[]>,
  format: 'csv' | 'xlsx',
  lang: Lang,
): ExportStream {
  const header = columns.map((c) => (lang === 'zh' ? c.zh : c.en));
  const rowsOf = (items: T[]) => items.map((item) => columns.map((c) => c.value(item, lang)));
  const stamp = new Date().toISOString().slice(0, 10);
  if (format === 'csv') {
    async function* csv() {
      yield Buffer.from(`\ufeff${stringify([header])}`);
      for await (const items of batches) yield Buffer.from(stringify(rowsOf(items)));
    }
    return {
      contentType: 'text/csv; charset=utf-8',
      filename: `${name}-${stamp}.csv`,
      body: Readable.from(csv(), { objectMode: false }),
    };
  }
  const out = new PassThrough();
  const write = async () => {
    const workbook = new (excel().stream.xlsx.WorkbookWriter)({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    workbook.creator = 'CivicGrid';
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    let first = true;
    for await (const items of batches) {
      const rows = rowsOf(items);
      if (first) {
        // Widths go before the first row is written; the first rows stand for the rest.
        sheet.columns = header.map((h, i) => ({
          width: columnWidth([h, ...rows.slice(0, 200).map((r) => r[i])]),
        }));
        startSheet(sheet, header);
        first = false;
      }
      for (const row of rows) sheet.addRow(row).commit();
      if (out.writableNeedDrain) await drained(out);
      // The client went away: leaving the loop ends the batches (and their transaction).
      if (out.destroyed) return;
    }
    if (first) startSheet(sheet, header);
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error as Error));
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename: `${name}-${stamp}.xlsx`,
    body: out,
  };
}

/** Resolves when `stream` takes writes again, or is gone. */
function drained(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

function startSheet(
  sheet: { addRow(values: unknown[]): { font: unknown; commit(): void } },
  header: string[],
) {
  const row = sheet.addRow(header);
  row.font = { bold: true };
  row.commit();
}
