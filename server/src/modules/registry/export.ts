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
