import fs from 'node:fs';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Db } from '../../db/database.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { commandAuth } from '../../platform/auth/auth.service.ts';
import { AppError, problemOf } from '../../platform/errors.ts';
import type { Pii } from '../../platform/pii.ts';
import { GridIndex } from '../areas/index.ts';
import { exportLedger, reportFile } from './files.ts';
import type { Progress } from './import.pipeline.ts';
import * as ledgerTypes from './ledger-types.service.ts';
import { problemMessage } from './ledgers.messages.ts';
import * as repo from './ledgers.repository.ts';
import * as ledgers from './ledgers.service.ts';
import { sha256File } from './reader.ts';
import { importedSummary } from './summary.ts';

/**
 * `civicgrid import` and `civicgrid export`: the same service as the web, run as a named account
 * (default `admin`) so that the audit log and the history say who did it.
 */

export class LedgerCommandError extends Error {}

interface CommandContext {
  db: Db;
  pii: Pii;
  dataDir: string;
  /** Progress and warnings: standard error. */
  say: (message: string) => void;
  /** The command's result (its summary, the report of the rows): standard output. */
  tell: (message: string) => void;
}

/** The account a command acts as, with its role's permissions and area, without a session. */
export async function actingAs(db: Db, username: string): Promise<Auth> {
  const auth = await commandAuth(db, username, 'ledgers.import');
  if (!auth)
    throw new LedgerCommandError(`No active account "${username}" that may import ledgers (use --as).`);
  return auth;
}

function context(c: CommandContext): ledgers.LedgersContext {
  return { db: c.db, pii: c.pii, gridIndex: new GridIndex(c.db), dataDir: c.dataDir };
}

/** A bar over the file's bytes, showing rows read, rows/s and the time left. */
function progressBar(label: string) {
  const bar = new SingleBar({
    format: `  ${label} [{bar}] {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted}`,
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 50,
  });
  const started = Date.now();
  let begun = false;
  return {
    update(p: Progress) {
      if (!begun) {
        begun = true;
        bar.start(Math.max(p.totalBytes, 1), 0, { rows: 0, speed: 0 });
      }
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(Math.min(p.bytesRead, p.totalBytes), {
        rows: p.rowsRead.toLocaleString('en'),
        speed: Math.round(p.rowsRead / seconds).toLocaleString('en'),
      });
    },
    stop() {
      if (begun) bar.stop();
    },
  };
}

function explain(error: unknown): never {
  if (error instanceof AppError) throw new LedgerCommandError(problemOf(error, 'en').detail);
  throw error;
}

export interface ImportOptions {
  ledger: string;
  as: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  sheet?: string;
  headerRow?: number;
}

/** Validates, reports, and (unless told otherwise) commits; resumes an interrupted import of the same file. */
export async function importCommand(
  c: CommandContext,
  file: string,
  options: ImportOptions,
): Promise<number> {
  const filePath = path.resolve(file);
  if (!fs.existsSync(filePath)) throw new LedgerCommandError(`No file ${filePath}.`);
  const auth = await actingAs(c.db, options.as);
  const ctx = context(c);
  const types = await ledgerTypes.listLedgerTypes(ctx, auth, 'zh');
  const type = types.find((t) => t.code === options.ledger);
  if (!type)
    throw new LedgerCommandError(
      `No ledger type "${options.ledger}". Known types:\n${types.map((t) => `  ${t.code.padEnd(28)} ${t.name}`).join('\n')}`,
    );
  const started = Date.now();
  const sha256 = await sha256File(filePath);

  const interrupted = await repo.interruptedImport(c.db, sha256, type.code);
  let id: string;
  if (interrupted && !options.dryRun) {
    id = interrupted.id;
    c.say(
      `Resuming import ${id} of ${path.basename(filePath)} after row ${interrupted.committed_rows.toLocaleString('en')} (already committed).`,
    );
  } else {
    id = await ledgers
      .createImport(ctx, auth, {
        ledgerType: type.code,
        fileName: path.basename(filePath),
        filePath,
        sheet: options.sheet,
        headerRow: options.headerRow,
      })
      .catch(explain);
    const bar = progressBar('Validating');
    try {
      await ledgers.runValidation(ctx, id, (p) => bar.update(p));
    } finally {
      bar.stop();
    }
    const report = await ledgers.getImport(ctx, auth, id, 'en');
    const n = report.counts;
    c.tell(
      `Checked ${(n.valid + n.rejected).toLocaleString('en')} rows of ${report.fileName} (${report.format}${report.encoding ? `, ${report.encoding}` : ''}) against ${type.name}: ` +
        `${n.valid.toLocaleString('en')} valid (${n.new.toLocaleString('en')} new, ${n.updated.toLocaleString('en')} to update, ${n.unchanged.toLocaleString('en')} unchanged), ${n.rejected.toLocaleString('en')} rejected.`,
    );
    if (n.rejected > 0) {
      for (const p of report.problemsByCode)
        c.tell(
          `  ${String(p.count).padStart(8)}  ${p.code}: ${problemMessage(p.code, 'en', { firstRow: '…' })}`,
        );
      const first = await ledgers.listProblems(ctx, auth, id, { page: 1, pageSize: 10 });
      c.tell('  First problems:');
      for (const p of first.items)
        c.tell(
          `    ${p.sheet ? `${p.sheet}!` : ''}row ${p.row}${p.column ? `, ${p.column}` : ''}: ${problemMessage(p.code, 'en', p.detail)}${p.value ? ` (${p.value})` : ''}`,
        );
      const out = await reportFile(ctx, auth, id, 'zh');
      const target = `${filePath}.report.xlsx`;
      await fs.promises.copyFile(out.path, target);
      await fs.promises.rm(out.path, { force: true });
      c.tell(`  The rejected rows with their problems: ${target}`);
    }
    if (options.dryRun) {
      await ledgers.cancelImport(ctx, auth, id);
      c.tell('Dry run: nothing was imported.');
      return 0;
    }
    if (n.rejected > 0 && !options.skipInvalid) {
      await ledgers.cancelImport(ctx, auth, id);
      c.say('Imported nothing: fix the rows above, or import only the valid rows with --skip-invalid.');
      return 1;
    }
  }

  await ledgers.prepareCommit(ctx, auth, id).catch(explain);
  const bar = progressBar('Importing ');
  try {
    await ledgers.runCommit(ctx, id, (p) => bar.update(p));
  } finally {
    bar.stop();
  }
  const done = await ledgers.getImport(ctx, auth, id, 'en');
  const seconds = (Date.now() - started) / 1000;
  const skipped = done.problemsByCode
    .filter((p) => p.code === 'skipped_summary_line' || p.code === 'skipped_sheet')
    .reduce((sum, p) => sum + p.count, 0);
  // The closing line in the clerk's language when the terminal says it is Chinese.
  const lang = (process.env.LANG ?? '').startsWith('zh') ? 'zh' : 'en';
  c.tell(importedSummary(done.fileName, done.id, done.counts, skipped, seconds, lang));
  return 0;
}

export async function exportCommand(
  c: CommandContext,
  options: { ledger: string; as: string; area?: string; format: 'csv' | 'xlsx'; out: string },
) {
  const auth = await actingAs(c.db, options.as);
  const started = Date.now();
  const file = await exportLedger(context(c), auth, options.ledger, {
    format: options.format,
    areaCode: options.area,
  }).catch(explain);
  const target = path.resolve(options.out);
  await fs.promises.copyFile(file.path, target);
  await fs.promises.rm(file.path, { force: true });
  c.tell(`Wrote ${target} (${((Date.now() - started) / 1000).toFixed(1)} s; ID and phone numbers masked).`);
}
