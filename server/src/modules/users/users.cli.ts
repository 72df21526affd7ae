import fs from 'node:fs';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Db } from '../../db/database.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { commandAuth } from '../../platform/auth/auth.service.ts';
import { AppError, problemOf } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import type { Pii } from '../../platform/pii.ts';
import { importAccounts, readAccountsFile } from './users.import.ts';

/**
 * `civicgrid users import FILE`: the web's import, run as a named account (default `admin`) so
 * that the ceiling on roles and areas applies and the audit log says who did it. The report goes
 * to stdout, the progress bar to stderr, the temporary passwords to `--out` only.
 */

export class UsersCommandError extends Error {}

export interface UsersImportOptions {
  as: string;
  dryRun?: boolean;
  out?: string;
  lang: Lang;
}

interface CommandContext {
  db: Db;
  pii: Pii;
  say: (message: string) => void;
  print: (line: string) => void;
}

async function actingAs(db: Db, username: string): Promise<Auth> {
  const auth = await commandAuth(db, username, 'accounts.manage');
  if (!auth)
    throw new UsersCommandError(`No active account "${username}" that may manage accounts (use --as).`);
  return auth;
}

/** Exit code: 0 done (or a clean dry run), 2 the file has problems (nothing created). */
export async function usersImportCommand(c: CommandContext, file: string, options: UsersImportOptions) {
  const filePath = path.resolve(file);
  if (!fs.existsSync(filePath)) throw new UsersCommandError(`No file ${filePath}.`);
  if (!options.dryRun && !options.out)
    throw new UsersCommandError('Give --out FILE.xlsx for the temporary passwords (or use --dry-run).');
  if (options.out && fs.existsSync(options.out))
    throw new UsersCommandError(`${options.out} exists; the passwords go to a new file.`);
  const admin = await actingAs(c.db, options.as);
  const bar = new SingleBar({
    format: '  Setting passwords [{bar}] {percentage}% | {value}/{total} accounts | ETA {eta_formatted}',
    hideCursor: true,
    clearOnComplete: false,
    stream: process.stderr,
  });
  let begun = false;
  const started = Date.now();
  try {
    const rows = await readAccountsFile(filePath);
    c.say(`Read ${rows.length} rows from ${filePath}.`);
    const result = await importAccounts({ db: c.db, pii: c.pii }, admin, rows, {
      dryRun: options.dryRun,
      lang: options.lang,
      onProgress: (done, total) => {
        if (!begun) {
          begun = true;
          bar.start(total, 0);
        }
        bar.update(done);
      },
    });
    if (begun) bar.stop();
    for (const a of result.accounts)
      c.print(`${String(a.row).padStart(5)}  ${a.username.padEnd(24)} ${a.role.padEnd(16)} ${a.area_code}`);
    if (result.passwordsFile && options.out) {
      fs.writeFileSync(options.out, result.passwordsFile, { mode: 0o600, flag: 'wx' });
      c.say(`Created ${result.accounts.length} accounts in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      c.say(
        `Temporary passwords (hand them out; each must be changed at first login): ${path.resolve(options.out)}`,
      );
    } else c.say(`Dry run: ${result.accounts.length} accounts would be created; nothing was written.`);
    return 0;
  } catch (error) {
    if (begun) bar.stop();
    if (!(error instanceof AppError)) throw error;
    const problem = problemOf(error, options.lang);
    c.say(problem.detail);
    const errors = (problem.errors ?? []) as { row: number; message: string }[];
    for (const e of errors)
      c.print(
        `${options.lang === 'zh' ? '第' : 'row '}${e.row}${options.lang === 'zh' ? '行' : ''}: ${e.message}`,
      );
    return 2;
  }
}
