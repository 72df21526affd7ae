import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify';
import type { CellValue, Worksheet } from 'exceljs';
import type { LedgerEntity } from '../../db/types.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { excel } from '../../platform/exceljs.ts';
import type { Lang } from '../../platform/i18n.ts';
import { ORG_KINDS, THING_CATEGORIES } from '../registry/index.ts';
import { isKnownHeader } from './fields.ts';
import * as types from './ledger-types.repository.ts';
import { problemMessage } from './ledgers.messages.ts';
import * as repo from './ledgers.repository.ts';
import { type LedgersContext, loadImport } from './ledgers.service.ts';
import { readLedger } from './reader.ts';

/**
 * Files the data centre hands out: the validation report (the rejected rows of the file itself,
 * the bad cells in red with the problem in a note) and registry records in a department's own
 * column layout. Both are written to a temporary file, streamed to the client and removed.
 */

export interface OutFile {
  path: string;
  filename: string;
  contentType: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const REPORT_ROW_LIMIT = 100_000;
const RED = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } } as const;

const tempFile = (ext: string) => path.join(os.tmpdir(), `civicgrid-${randomUUID()}.${ext}`);
const stamp = () => new Date().toISOString().slice(0, 10);

/** The rows validation rejected, as they were, with a column saying what is wrong. */
export async function reportFile(
  ctx: LedgersContext,
  auth: Auth | null,
  id: string,
  lang: Lang,
): Promise<OutFile> {
  const caller = requirePermission(auth, 'ledgers.import');
  const imp = await loadImport(ctx, caller, id);
  const type = await types.ledgerTypeEntity(ctx.db, imp.ledger_type);
  const problems = await repo.firstProblems(ctx.db, id, REPORT_ROW_LIMIT * 3);
  const byRow = new Map<string, typeof problems>();
  for (const p of problems) {
    const key = `${p.sheet}\u0000${p.row_number}`;
    byRow.set(key, [...(byRow.get(key) ?? []), p]);
  }
  const out = tempFile('xlsx');
  const workbook = new (excel().stream.xlsx.WorkbookWriter)({
    filename: out,
    useStyles: true,
    useSharedStrings: false,
  });
  let sheet: Worksheet | null = null;
  let headers: string[] = [];
  const problemHeader = lang === 'zh' ? '问题' : 'Problems';
  const rowLabel = lang === 'zh' ? '行号' : 'Row';
  for await (const event of readLedger(imp.file_path, {
    sheet: imp.sheet ?? undefined,
    headerRow: imp.header_row ?? undefined,
    isKnownHeader: isKnownHeader(type.entity),
  })) {
    if (event.kind === 'sheet') {
      sheet?.commit();
      headers = event.sheet.headers;
      sheet = workbook.addWorksheet((event.sheet.name || imp.file_name).slice(0, 31), {
        views: [{ state: 'frozen', ySplit: 1 }],
      });
      const header = sheet.addRow([rowLabel, ...headers, problemHeader]);
      header.font = { bold: true };
      header.commit();
      // A sheet lacking a required column is reported on its header row.
      const own = byRow.get(`${event.sheet.name}\u0000${event.sheet.headerRow}`);
      if (own) {
        const row = sheet.addRow([
          event.sheet.headerRow,
          ...headers.map(() => ''),
          own.map((p) => `${p.column_name ?? ''}: ${problemMessage(p.code, lang, p.detail)}`).join('；'),
        ]);
        row.commit();
      }
      continue;
    }
    const found = byRow.get(`${event.sheet}\u0000${event.row}`);
    if (!found || !sheet) continue;
    const row = sheet.addRow([
      event.row,
      ...event.cells.slice(0, headers.length),
      found
        .map((p) => `${p.column_name ? `${p.column_name}: ` : ''}${problemMessage(p.code, lang, p.detail)}`)
        .join('；'),
    ]);
    for (const p of found) {
      const index = p.column_name ? headers.indexOf(p.column_name) : -1;
      if (index < 0) continue;
      const cell = row.getCell(index + 2);
      cell.fill = RED;
      cell.note = problemMessage(p.code, lang, p.detail);
    }
    row.commit();
  }
  sheet?.commit();
  await workbook.commit();
  const base = imp.file_name.replace(/\.[^.]+$/, '');
  return { path: out, filename: `${base}-${lang === 'zh' ? '校验报告' : 'report'}.xlsx`, contentType: XLSX };
}

// ---------------------------------------------------------------------------------------------
// Export in a ledger's layout

const SEX: Record<string, string> = { male: '男', female: '女' };
const RESIDENCY: Record<string, string> = { registered: '户籍', non_registered: '非户籍' };
const STATE: Record<string, string> = {
  normal: '完好',
  damaged: '破损',
  missing: '丢失',
  under_repair: '维修中',
};
const KIND = new Map(ORG_KINDS.map((k) => [k.code, k.zh]));
const CATEGORY = new Map(THING_CATEGORIES.map((c) => [c.code, c.zh]));

type Row = Record<string, unknown>;
const EXPORT_PAGE = 5_000;

function fieldValue(
  ctx: LedgersContext,
  entity: LedgerEntity,
  field: string,
  r: Row,
  reveal: boolean,
): unknown {
  if (entity === 'person') {
    switch (field) {
      case 'idNumber':
        return reveal ? ctx.pii.decrypt(String(r.id_number_enc)) : r.id_number_mask;
      case 'phone':
        return r.phone_enc ? (reveal ? ctx.pii.decrypt(String(r.phone_enc)) : r.phone_mask) : null;
      case 'sex':
        return SEX[String(r.sex)];
      case 'birthDate':
        return r.birth_date;
      case 'residency':
        return RESIDENCY[String(r.residency)];
      case 'moveInDate':
        return r.move_in_date;
      case 'tags':
        return (r.tags as string[]).join('、');
      default:
        return r[field] ?? null;
    }
  }
  const column: Record<string, string> = {
    creditCode: 'credit_code',
    contactPhone: 'contact_phone',
    responsiblePerson: 'responsible_person',
    ownerDepartment: 'owner_department',
  };
  if (field === 'kind') return KIND.get(String(r.kind)) ?? r.kind;
  if (field === 'category') return CATEGORY.get(String(r.category)) ?? r.category;
  if (field === 'state') return STATE[String(r.state)] ?? r.state;
  return r[column[field] ?? field] ?? null;
}

/**
 * The records of the caller's area (or a part of it) in the ledger type's columns. ID and phone
 * numbers stay masked unless the caller may reveal them and asks to; either way the export is
 * audited with its row count.
 */
export async function exportLedger(
  ctx: LedgersContext,
  auth: Auth | null,
  code: string,
  options: { format: 'csv' | 'xlsx'; areaCode?: string; reveal?: boolean },
): Promise<OutFile> {
  const caller = requirePermission(auth, 'ledgers.import');
  const type = await types.findLedgerType(ctx.db, code);
  if (!type) throw new AppError('ledger_type_not_found', { code });
  const scope = resolveScope(caller, options.areaCode);
  const reveal = Boolean(options.reveal) && caller.permissions.includes('pii.reveal');
  if (options.reveal && !reveal) throw new AppError('forbidden');
  const headers = type.columns.map((c) => c.header);
  const out = tempFile(options.format);
  let count = 0;
  const rows = async function* () {
    let after: string | null = null;
    for (;;) {
      const page: Row[] = (await repo.recordPage(ctx.db, type.entity, scope, after, EXPORT_PAGE)).rows;
      if (page.length === 0) return;
      for (const r of page) yield type.columns.map((c) => fieldValue(ctx, type.entity, c.field, r, reveal));
      count += page.length;
      after = String(page[page.length - 1].id);
    }
  };
  if (options.format === 'csv') {
    const file = fs.createWriteStream(out);
    file.write('\ufeff');
    const csv = stringify();
    csv.pipe(file);
    csv.write(headers);
    for await (const row of rows())
      if (!csv.write(row)) await new Promise<void>((r) => csv.once('drain', () => r()));
    csv.end();
    await new Promise<void>((resolve, reject) => file.on('finish', () => resolve()).on('error', reject));
  } else {
    const workbook = new (excel().stream.xlsx.WorkbookWriter)({
      filename: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet(type.name_zh.slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    const header = sheet.addRow(headers);
    header.font = { bold: true };
    header.commit();
    for await (const row of rows()) sheet.addRow(row as CellValue[]).commit();
    sheet.commit();
    await workbook.commit();
  }
  await audit(ctx.db, caller, {
    action: 'ledgers.export',
    targetType: 'ledger_type',
    targetId: code,
    detail: { areaCode: scope, rows: count, format: options.format, unmasked: reveal },
  });
  return {
    path: out,
    filename: `${type.name_zh}-${scope}-${stamp()}.${options.format}`,
    contentType: options.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX,
  };
}
