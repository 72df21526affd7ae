import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.ts';
import type { LedgerColumn } from '../../db/types.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { isKnownHeader } from './fields.ts';
import type { LedgerContext, Progress } from './import.pipeline.ts';
import { runPass } from './import.runner.ts';
import * as types from './ledger-types.repository.ts';
import { checkColumns, localName } from './ledger-types.service.ts';
import { isNote } from './ledgers.messages.ts';
import * as repo from './ledgers.repository.ts';
import { inspectLedger, LedgerReadError, sha256File } from './reader.ts';
import { mappingFor, uploadedFile } from './uploads.service.ts';

/**
 * The data centre's rules around the pipeline: who may import what into which area, where uploaded
 * files live, one runner per import across instances, rollback and conflict review.
 */

export interface LedgersContext extends LedgerContext {
  dataDir: string;
}

// ---------------------------------------------------------------------------------------------
// Imports

export interface NewImport {
  ledgerType: string;
  fileName: string;
  /** An uploaded file (web) … */
  fileId?: string;
  /** … or a file on this machine (command line). */
  filePath?: string;
  columns?: LedgerColumn[];
  sheet?: string;
  headerRow?: number;
}

/** Creates the import in state `validating`; `runValidation` then reads the file. */
export async function createImport(ctx: LedgersContext, auth: Auth | null, input: NewImport) {
  const caller = requirePermission(auth, 'ledgers.import');
  const type = await types.findLedgerType(ctx.db, input.ledgerType);
  if (!type) throw new AppError('ledger_type_not_found', { code: input.ledgerType });
  const filePath = input.fileId ? uploadedFile(ctx, input.fileId) : (input.filePath as string);
  let info: Awaited<ReturnType<typeof inspectLedger>>;
  try {
    info = await inspectLedger(filePath, { isKnownHeader: isKnownHeader(type.entity) });
  } catch (error) {
    if (error instanceof LedgerReadError)
      throw new AppError('ledger_file_unreadable', { reason: error.message });
    throw error;
  }
  if (input.sheet !== undefined && !info.sheets.some((s) => s.name === input.sheet))
    throw new AppError('ledger_file_unreadable', { reason: `no sheet ${input.sheet}` });
  const headers = [...new Set(info.sheets.flatMap((s) => s.headers))];
  const columns = input.columns ?? mappingFor(type, headers).columns;
  checkColumns(type.entity, columns, type.defaults);
  const stat = await fs.promises.stat(filePath);
  const sha256 = input.fileId ?? (await sha256File(filePath));
  const created = await repo.insertImport(ctx.db, {
    ledger_type: type.code,
    file_name: input.fileName,
    file_path: path.resolve(filePath),
    file_sha256: sha256,
    file_size: stat.size,
    format: info.format,
    encoding: info.encoding,
    sheet: input.sheet ?? null,
    header_row: input.headerRow ?? null,
    mapping: JSON.stringify({ columns, defaults: type.defaults }),
    area_code: caller.areaCode,
    state: 'validating',
    started_by: caller.userId,
  });
  await audit(ctx.db, caller, {
    action: 'ledgers.import.create',
    targetType: 'ledger_import',
    targetId: created.id,
    detail: { ledgerType: type.code, fileName: input.fileName, sha256, size: stat.size },
  });
  return created.id;
}

/**
 * Runs `work` for the import while holding its advisory lock, so one instance at a time works an
 * import; another asking meanwhile gets `import_running`.
 */
async function exclusively<T>(db: Db, importId: string, work: () => Promise<T>): Promise<T> {
  const run = await repo.withImportLock(db, importId, work);
  if (!run.locked) throw new AppError('import_running');
  return run.result;
}

async function loadImport(ctx: LedgersContext, caller: Auth, id: string) {
  const imp = await repo.findImport(ctx.db, id);
  if (!imp || !isWithin(imp.area_code, caller.areaCode)) throw new AppError('record_not_found');
  return imp;
}

async function failed(ctx: LedgersContext, id: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  await repo.setState(ctx.db, id, 'failed', message.slice(0, 500));
}

/** Validation of a new import; the state says how it ended (`validated` or `failed`). */
export async function runValidation(ctx: LedgersContext, id: string, onProgress?: (p: Progress) => void) {
  await exclusively(ctx.db, id, async () => {
    try {
      await runPass(ctx, 'validate', id, onProgress);
    } catch (error) {
      await failed(ctx, id, error);
      throw error;
    }
  });
}

/**
 * Checks that the import may be committed now (validated, or an interrupted commit to resume) and
 * marks it so; `runCommit` then writes.
 */
export async function prepareCommit(ctx: LedgersContext, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'ledgers.import');
  const imp = await loadImport(ctx, caller, id);
  const resumable = imp.state === 'importing' || (imp.state === 'failed' && imp.commit_started_at !== null);
  if (imp.state !== 'validated' && !resumable) throw new AppError('import_wrong_state', { state: imp.state });
  // An import still `importing` may be running on another instance rather than interrupted.
  if (imp.state === 'importing') await exclusively(ctx.db, id, async () => {});
  await repo.startCommit(ctx.db, id);
  await audit(ctx.db, caller, {
    action: resumable ? 'ledgers.import.resume' : 'ledgers.import.commit',
    targetType: 'ledger_import',
    targetId: id,
    detail: { valid: imp.rows_valid, rejected: imp.rows_rejected, committedRows: imp.committed_rows },
  });
  return imp;
}

export async function runCommit(ctx: LedgersContext, id: string, onProgress?: (p: Progress) => void) {
  await exclusively(ctx.db, id, async () => {
    try {
      await runPass(ctx, 'commit', id, onProgress);
    } catch (error) {
      await failed(ctx, id, error);
      throw error;
    }
  });
}

export async function cancelImport(ctx: LedgersContext, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'ledgers.import');
  const imp = await loadImport(ctx, caller, id);
  if (imp.state !== 'validated' && !(imp.state === 'failed' && imp.commit_started_at === null))
    throw new AppError('import_wrong_state', { state: imp.state });
  await repo.setState(ctx.db, id, 'cancelled');
  await audit(ctx.db, caller, { action: 'ledgers.import.cancel', targetType: 'ledger_import', targetId: id });
}

function toImport(r: repo.ImportRow, lang: Lang) {
  const end = r.finished_at ?? (r.state === 'validated' ? r.validated_at : null);
  return {
    id: r.id,
    ledgerType: r.ledger_type,
    ledgerName: localName(lang, r),
    entity: r.entity,
    fileName: r.file_name,
    sha256: r.file_sha256,
    size: Number(r.file_size),
    format: r.format,
    encoding: r.encoding,
    sheet: r.sheet,
    headerRow: r.header_row,
    columns: r.mapping.columns,
    areaCode: r.area_code,
    state: r.state,
    error: r.error,
    progress: { rowsRead: r.rows_read, bytesRead: Number(r.bytes_read), totalBytes: Number(r.file_size) },
    counts: {
      valid: r.rows_valid,
      rejected: r.rows_rejected,
      new: r.rows_new,
      updated: r.rows_updated,
      unchanged: r.rows_unchanged,
      committedRows: r.committed_rows,
    },
    startedBy: r.started_by_name,
    startedAt: r.started_at.toISOString(),
    validatedAt: r.validated_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    rolledBackAt: r.rolled_back_at?.toISOString() ?? null,
    durationMs: end ? end.getTime() - r.started_at.getTime() : null,
  };
}

export async function getImport(ctx: LedgersContext, auth: Auth | null, id: string, lang: Lang) {
  const caller = requirePermission(auth, 'ledgers.import');
  await loadImport(ctx, caller, id);
  const row = await repo.findImportView(ctx.db, id);
  const problems = await repo.problemCounts(ctx.db, id);
  return {
    ...toImport(row, lang),
    problemsByCode: problems.map((p) => ({ ...p, note: isNote(p.code) })),
  };
}

export async function listImports(
  ctx: LedgersContext,
  auth: Auth | null,
  query: { ledgerType?: string; page: number; pageSize: number },
  lang: Lang,
) {
  const caller = requirePermission(auth, 'ledgers.import');
  const { rows, total } = await repo.listImportViews(ctx.db, caller.areaCode, query);
  return { items: rows.map((r) => toImport(r, lang)), total };
}

export async function listProblems(
  ctx: LedgersContext,
  auth: Auth | null,
  id: string,
  query: { page: number; pageSize: number; code?: string },
) {
  const caller = requirePermission(auth, 'ledgers.import');
  await loadImport(ctx, caller, id);
  const { rows, total } = await repo.listProblems(ctx.db, id, query);
  return {
    items: rows.map((r) => ({
      sheet: r.sheet,
      row: r.row_number,
      column: r.column_name,
      code: r.code,
      value: r.value,
      detail: r.detail ?? null,
    })),
    total,
  };
}

export { loadImport };
