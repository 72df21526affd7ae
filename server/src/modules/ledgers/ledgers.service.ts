import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Static } from 'typebox';
import { type Db, poolOf } from '../../db/database.ts';
import { putSetting } from '../../db/settings.ts';
import type { LedgerColumn, LedgerEntity } from '../../db/types.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { FIELDS, isKnownHeader, proposeColumns } from './fields.ts';
import { type ImportRules, importRules, type LedgerContext, type Progress } from './import.pipeline.ts';
import type { PassInput, PassMessage } from './import.worker.ts';
import * as types from './ledger-types.repository.ts';
import * as repo from './ledgers.repository.ts';
import type { LedgerTypeBody } from './ledgers.schemas.ts';
import { inspectLedger, LedgerReadError, sha256File } from './reader.ts';

/**
 * The data centre's rules around the pipeline: who may import what into which area, where uploaded
 * files live, one runner per import across instances, rollback and conflict review.
 */

export interface LedgersContext extends LedgerContext {
  dataDir: string;
}

export const MAX_LEDGER_BYTES = 512 * 1024 * 1024;

export function ledgerFilesDir(dataDir: string) {
  return path.join(dataDir, 'ledgers');
}

const name = (lang: Lang, row: { name_zh: string; name_en: string }) =>
  lang === 'zh' ? row.name_zh : row.name_en;

// ---------------------------------------------------------------------------------------------
// Ledger types and fields

export async function listLedgerTypes(ctx: LedgersContext, auth: Auth | null, lang: Lang) {
  requirePermission(auth, 'ledgers.import');
  const rows = await types.listLedgerTypes(ctx.db);
  return rows.map((r) => ({
    code: r.code,
    departmentCode: r.department_code,
    departmentName: lang === 'zh' ? r.department_zh : r.department_en,
    name: name(lang, r),
    nameZh: r.name_zh,
    nameEn: r.name_en,
    entity: r.entity,
    columns: r.columns,
    defaults: r.defaults,
    priority: r.priority,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  }));
}

export function ledgerFields(auth: Auth | null, lang: Lang) {
  requirePermission(auth, 'ledgers.import');
  return Object.fromEntries(
    Object.entries(FIELDS).map(([entity, fields]) => [
      entity,
      fields.map((f) => ({
        key: f.key,
        name: lang === 'zh' ? f.zh : f.en,
        required: Boolean(f.required),
        headers: f.headers,
      })),
    ]),
  );
}

export type LedgerTypeInput = Static<typeof LedgerTypeBody>;

function checkColumns(entity: LedgerEntity, columns: LedgerColumn[], defaults: Record<string, unknown>) {
  const fields = new Map(FIELDS[entity].map((f) => [f.key, f]));
  const seen = new Set<string>();
  for (const c of columns) {
    if (!fields.has(c.field))
      throw new AppError('ledger_mapping_invalid', { reason: `unknown field ${c.field}` });
    if (seen.has(c.field))
      throw new AppError('ledger_mapping_invalid', { reason: `${c.field} mapped twice` });
    seen.add(c.field);
  }
  for (const f of FIELDS[entity]) {
    if (f.required && !seen.has(f.key) && defaults[f.key] === undefined)
      throw new AppError('ledger_mapping_invalid', { reason: `${f.zh} (${f.key}) has no column` });
  }
  for (const key of Object.keys(defaults)) {
    if (!fields.has(key)) throw new AppError('ledger_mapping_invalid', { reason: `unknown default ${key}` });
  }
}

/** Creates a ledger type, or changes one at the version the editor read. */
export async function putLedgerType(
  ctx: LedgersContext,
  auth: Auth | null,
  code: string,
  input: LedgerTypeInput,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'ledgers.configure');
  const defaults = input.defaults ?? {};
  checkColumns(input.entity, input.columns, defaults);
  await ctx.db.transaction().execute(async (trx) => {
    const department = await types.departmentExists(trx, input.departmentCode);
    if (!department)
      throw new AppError('validation_failed', { summary: `unknown department ${input.departmentCode}` });
    const current = await types.lockLedgerType(trx, code);
    const values = {
      department_code: input.departmentCode,
      name_zh: input.nameZh.trim(),
      name_en: input.nameEn.trim(),
      entity: input.entity,
      columns: JSON.stringify(input.columns),
      defaults: JSON.stringify(defaults),
      priority: input.priority,
      updated_by: caller.userId,
    };
    if (!current) {
      await types.insertLedgerType(trx, code, values);
    } else {
      if (input.version !== current.version)
        throw new AppError('version_conflict', { currentVersion: current.version });
      await types.updateLedgerType(trx, code, values, current.version + 1);
    }
    await audit(trx, caller, {
      action: current ? 'ledgers.type.update' : 'ledgers.type.create',
      targetType: 'ledger_type',
      targetId: code,
      detail: { columns: input.columns.length, priority: input.priority },
    });
  });
  return (await listLedgerTypes(ctx, caller, lang)).find((t) => t.code === code);
}

export async function getRules(ctx: LedgersContext, auth: Auth | null) {
  requirePermission(auth, 'ledgers.import');
  return importRules(ctx.db);
}

export async function putRules(ctx: LedgersContext, auth: Auth | null, rules: ImportRules) {
  const caller = requirePermission(auth, 'ledgers.configure');
  await putSetting(ctx.db, 'ledger_rules', rules, caller.userId);
  await audit(ctx.db, caller, {
    action: 'ledgers.rules.update',
    targetType: 'setting',
    targetId: 'ledger_rules',
    detail: { ...rules },
  });
  return importRules(ctx.db);
}

// ---------------------------------------------------------------------------------------------
// Files

/**
 * Streams an upload into `DATA_DIR/ledgers/<sha256>` (written aside and renamed), refusing it past
 * the size limit, and answers what the file holds: format, encoding, sheets with their headers and
 * first rows, and per ledger type a mapping proposed from the headers.
 */
export async function storeUpload(ctx: LedgersContext, auth: Auth | null, body: unknown, lang: Lang) {
  requirePermission(auth, 'ledgers.import');
  // A body Fastify parsed (JSON, text) is not a file upload.
  if (!(body instanceof Readable)) throw new AppError('unsupported_media_type');
  const dir = ledgerFilesDir(ctx.dataDir);
  await fs.promises.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `upload-${randomUUID()}.tmp`);
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > MAX_LEDGER_BYTES)
            throw new AppError('ledger_file_too_large', { maxMb: MAX_LEDGER_BYTES / 1024 / 1024 });
          hash.update(chunk);
          yield chunk;
        }
      },
      fs.createWriteStream(temp, { mode: 0o600 }),
    );
    if (size === 0)
      throw new AppError('ledger_file_unreadable', {
        reason: lang === 'zh' ? '文件为空' : 'the file is empty',
      });
    const fileId = hash.digest('hex');
    const target = path.join(dir, fileId);
    await fs.promises.rename(temp, target);
    return { fileId, size, ...(await describeFile(ctx, target)) };
  } finally {
    await fs.promises.rm(temp, { force: true });
  }
}

async function describeFile(ctx: LedgersContext, file: string) {
  let info: Awaited<ReturnType<typeof inspectLedger>>;
  try {
    info = await inspectLedger(file, { isKnownHeader: isKnownHeader(null) });
  } catch (error) {
    if (error instanceof LedgerReadError)
      throw new AppError('ledger_file_unreadable', { reason: error.message });
    throw error;
  }
  const mappings = await types.ledgerTypeMappings(ctx.db);
  const headers = [...new Set(info.sheets.flatMap((s) => s.headers))];
  const proposals = mappings.map((t) => ({ ledgerType: t.code, ...mappingFor(t, headers) }));
  proposals.sort((a, b) => b.matched - a.matched || b.columns.length - a.columns.length);
  return { format: info.format, encoding: info.encoding, sheets: info.sheets, proposals };
}

/**
 * A ledger type's mapping for a file: its saved columns where the file has those headers, and for
 * the other fields a header proposed from its name.
 */
function mappingFor(type: { entity: LedgerEntity; columns: LedgerColumn[] }, headers: string[]) {
  const known = new Set(headers);
  const saved = type.columns.filter((c) => known.has(c.header));
  const taken = new Set(saved.map((c) => c.field));
  const proposed = proposeColumns(
    type.entity,
    headers.filter((h) => !saved.some((c) => c.header === h)),
  ).filter((c) => !taken.has(c.field));
  return { columns: [...saved, ...proposed], matched: saved.length };
}

function uploadedFile(ctx: LedgersContext, fileId: string) {
  if (!/^[0-9a-f]{64}$/.test(fileId)) throw new AppError('ledger_file_not_found');
  const file = path.join(ledgerFilesDir(ctx.dataDir), fileId);
  if (!fs.existsSync(file)) throw new AppError('ledger_file_not_found');
  return file;
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

/**
 * The heap of an import's worker thread. A pass holds about 50 MB (the area's houses by address,
 * the batches being read and written) plus about 100 bytes per distinct row key (duplicates are
 * found in memory): room for ledgers of a few million rows. Beyond it the import fails, saying so.
 */
export const IMPORT_HEAP_MB = 256;

// In the bundle (server/dist, scripts/build-server.mjs) the worker is an entry of its own beside
// this code, already JavaScript; from the sources it is TypeScript, read through tsx.
const bundled = !import.meta.url.endsWith('.ts');
const workerFile = new URL(bundled ? './import.worker.js' : './import.worker.ts', import.meta.url).href;

function workerBoot(): string {
  if (bundled) return `import(${JSON.stringify(workerFile)})`;
  // tsx's ES module entry (require.resolve would give its CommonJS one, which a worker cannot import).
  const tsxApi =
    import.meta.resolve?.('tsx/esm/api') ??
    pathToFileURL(
      createRequire(import.meta.url)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerFile)}); })`;
}

/**
 * Runs one pass of an import in a worker thread (import.worker.ts), which reads the TypeScript
 * sources through tsx as the command line does (or the bundle's JavaScript). Its progress comes back to `onProgress`.
 */
function runPass(
  ctx: LedgersContext,
  phase: PassInput['phase'],
  importId: string,
  onProgress?: (p: Progress) => void,
): Promise<void> {
  const input: PassInput = {
    phase,
    importId,
    databaseUrl: poolOf(ctx.db).options.connectionString as string,
    keys: ctx.pii.keys(),
  };
  const boot = workerBoot();
  return new Promise((resolve, reject) => {
    let done = false;
    const worker = new Worker(boot, {
      eval: true,
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: IMPORT_HEAP_MB },
    });
    worker.on('message', (message: PassMessage) => {
      if (message.kind === 'progress') onProgress?.(message.progress);
      else {
        // Settled: the pass wrote its outcome. The worker closes its connections on its own.
        done = true;
        resolve();
      }
    });
    worker.on('error', (error: Error & { code?: string }) =>
      reject(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(`The import needed more than ${IMPORT_HEAP_MB} MB of memory`)
          : error,
      ),
    );
    worker.on('exit', (code) =>
      done ? resolve() : reject(new Error(`The import stopped (worker exit code ${code})`)),
    );
  });
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
    ledgerName: name(lang, r),
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
  return { ...toImport(row, lang), problemsByCode: problems };
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
