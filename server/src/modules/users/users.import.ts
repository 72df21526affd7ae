import os from 'node:os';
import { entriesInsert } from '../../platform/audit.repository.ts';
import { audit, auditValues } from '../../platform/audit.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { AppError } from '../../platform/errors.ts';
import { excel } from '../../platform/exceljs.ts';
import type { Lang } from '../../platform/i18n.ts';
import { LedgerReadError, readLedger } from '../ledgers/index.ts';
import { type FieldProblem, importError } from './users.messages.ts';
import * as repo from './users.repository.ts';
import { type AccountInput, type CheckedAccount, ROLE_NAMES, temporaryPassword } from './users.rules.ts';
import { rulesFor, type UsersContext } from './users.service.ts';

/**
 * Accounts from a CSV or XLSX file (read like a department ledger: GB18030, a title above the
 * header, merged header cells). Every row is checked before anything is written; one bad row and
 * nothing is created. On success each account gets a temporary password, returned once in an XLSX
 * for the administrator to hand out.
 */

export const MAX_IMPORT_ROWS = 5_000;
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

type Column = 'username' | 'displayName' | 'role' | 'areaCode' | 'areaPath' | 'department' | 'workPhone';

/** Header names, folded: lower case, without spaces, underscores, brackets and asterisks. */
const HEADERS: Record<Column, string[]> = {
  username: ['username', 'user', 'login', 'account', '用户名', '账号', '帐号', '登录名', '登录账号'],
  displayName: ['name', 'displayname', 'fullname', '姓名', '名称', '显示名', '真实姓名'],
  role: ['role', '角色', '岗位角色'],
  areaCode: ['areacode', 'code', '区划代码', '区域代码', '网格代码', '网格编码', '区域编码'],
  areaPath: [
    'area',
    'areaname',
    'areapath',
    'grid',
    '区域',
    '所属区域',
    '所属网格',
    '网格',
    '区域名称',
    '区域路径',
  ],
  department: ['department', 'departmentcode', 'dept', '部门', '所属部门', '部门代码'],
  workPhone: ['workphone', 'phone', 'mobile', 'tel', '工作电话', '电话', '联系电话', '手机', '手机号'],
};

const fold = (header: string) => header.toLowerCase().replace(/[\s_*（）()-]/g, '');
const COLUMN_OF = new Map<string, Column>();
for (const [column, names] of Object.entries(HEADERS) as [Column, string[]][])
  for (const name of names) COLUMN_OF.set(fold(name), column);

export const isAccountHeader = (header: string) => COLUMN_OF.has(fold(header));

export interface FileRow {
  row: number;
  input: AccountInput;
}

/** The rows of the first sheet with an accounts header, as account inputs. */
export async function readAccountsFile(path: string): Promise<FileRow[]> {
  const rows: FileRow[] = [];
  let columns: (Column | undefined)[] | null = null;
  let sheet: string | null = null;
  try {
    for await (const event of readLedger(path, { isKnownHeader: isAccountHeader })) {
      if (event.kind === 'sheet') {
        if (columns) break;
        const found = event.sheet.headers.map((h) => COLUMN_OF.get(fold(h)));
        if (!found.includes('username')) continue;
        columns = found;
        sheet = event.sheet.name;
        const missing = (['username', 'displayName', 'role'] as Column[]).filter((c) => !found.includes(c));
        if (!found.includes('areaCode') && !found.includes('areaPath')) missing.push('areaCode');
        if (missing.length > 0)
          throw importError([
            {
              row: event.sheet.headerRow,
              field: 'file',
              code: 'missing_columns',
              params: { columns: missing.join(', ') },
            },
          ]);
        continue;
      }
      if (!columns || event.sheet !== sheet) continue;
      if (rows.length >= MAX_IMPORT_ROWS)
        throw importError([
          { row: event.row, field: 'file', code: 'too_many_rows', params: { max: MAX_IMPORT_ROWS } },
        ]);
      const cell = (c: Column) => {
        const at = columns!.indexOf(c);
        return at === -1 ? undefined : (event.cells[at] ?? '').trim();
      };
      rows.push({
        row: event.row,
        input: {
          username: cell('username'),
          displayName: cell('displayName'),
          role: cell('role'),
          area: cell('areaCode') || cell('areaPath'),
          department: cell('department'),
          workPhone: cell('workPhone'),
        },
      });
    }
  } catch (error) {
    if (error instanceof LedgerReadError)
      throw new AppError('user_file_unreadable', { reason: error.message });
    throw error;
  }
  if (!columns)
    throw importError([{ row: 1, field: 'file', code: 'missing_columns', params: { columns: 'username' } }]);
  if (rows.length === 0) throw importError([{ row: 1, field: 'file', code: 'no_rows' }]);
  return rows;
}

export interface ImportResult {
  dryRun: boolean;
  accounts: (CheckedAccount & { row: number })[];
  /** XLSX of usernames and temporary passwords; null on a dry run. */
  passwordsFile: Buffer | null;
  fileName: string | null;
}

export interface ImportOptions {
  dryRun?: boolean;
  lang: Lang;
  /** Called as passwords are hashed (the slow part: tens of milliseconds each). */
  onProgress?: (done: number, total: number) => void;
}

/** Checks every row; on success (and not a dry run) creates all accounts in one transaction. */
export async function importAccounts(
  ctx: UsersContext,
  admin: Auth,
  rows: FileRow[],
  options: ImportOptions,
): Promise<ImportResult> {
  const rules = await rulesFor(ctx, admin);
  const problems: (FieldProblem & { row: number })[] = [];
  const accounts: (CheckedAccount & { row: number })[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, input } of rows) {
    const checked = rules.check(input);
    for (const p of checked.problems) problems.push({ ...p, row });
    const name = checked.values?.username ?? input.username?.trim().toLowerCase();
    if (name) {
      if (firstRowOf.has(name)) problems.push({ row, field: 'username', code: 'duplicate_in_file' });
      else firstRowOf.set(name, row);
    }
    if (checked.values) accounts.push({ ...checked.values, row });
  }
  const taken = await repo.usernamesTaken(ctx.db, [...firstRowOf.keys()]);
  for (const { username } of taken)
    problems.push({ row: firstRowOf.get(username)!, field: 'username', code: 'username_taken' });
  if (problems.length > 0) throw importError(problems.sort((a, b) => a.row - b.row));
  if (options.dryRun) return { dryRun: true, accounts, passwordsFile: null, fileName: null };

  const passwords = accounts.map((a) => temporaryPassword(a.username));
  const hashes = await hashAll(passwords, options.onProgress);
  await ctx.db.transaction().execute(async (trx) => {
    const created = await repo.insertUsers(
      trx,
      accounts.map(({ row: _, ...a }, i) => ({
        ...a,
        password_hash: hashes[i]!,
        must_change_password: true,
        created_by: admin.userId,
      })),
    );
    // One statement for all the entries: 300 single inserts were a second of the import.
    await entriesInsert(
      created.map((c, i) =>
        auditValues(admin, {
          action: 'user.create',
          targetType: 'user',
          targetId: c.id,
          detail: {
            username: c.username,
            role: accounts[i]!.role,
            areaCode: accounts[i]!.area_code,
            via: 'import',
          },
        }),
      ),
    ).execute(trx);
    await audit(trx, admin, { action: 'user.import', detail: { count: created.length } });
  });
  const fileName = `accounts-${new Date().toISOString().slice(0, 10)}.xlsx`;
  return {
    dryRun: false,
    accounts,
    passwordsFile: await passwordsWorkbook(accounts, passwords, options.lang),
    fileName,
  };
}

/**
 * Argon2 runs on libuv's thread pool: as many at once as it has threads (default 4) keeps every
 * core busy without queueing the rest of the server's file and crypto work behind 300 hashes.
 */
async function hashAll(passwords: string[], onProgress?: (done: number, total: number) => void) {
  const hashes: string[] = new Array(passwords.length);
  const width = Math.max(1, Math.min(4, os.availableParallelism()));
  let next = 0;
  let done = 0;
  onProgress?.(0, passwords.length);
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < passwords.length) {
        const i = next++;
        hashes[i] = await hashPassword(passwords[i]!);
        onProgress?.(++done, passwords.length);
      }
    }),
  );
  return hashes;
}

async function passwordsWorkbook(
  accounts: (CheckedAccount & { row: number })[],
  passwords: string[],
  lang: Lang,
): Promise<Buffer> {
  const zh = lang === 'zh';
  const workbook = new (excel().Workbook)();
  const sheet = workbook.addWorksheet(zh ? '临时密码' : 'Temporary passwords');
  sheet.columns = [
    { header: zh ? '用户名' : 'Username', key: 'username', width: 18 },
    { header: zh ? '姓名' : 'Name', key: 'name', width: 14 },
    { header: zh ? '角色' : 'Role', key: 'role', width: 16 },
    { header: zh ? '区划代码' : 'Area code', key: 'area', width: 18 },
    { header: zh ? '临时密码' : 'Temporary password', key: 'password', width: 20 },
    { header: zh ? '说明' : 'Note', key: 'note', width: 36 },
  ];
  sheet.getRow(1).font = { bold: true };
  const note = zh ? '首次登录后须修改密码' : 'Must be changed at first login';
  for (const [i, a] of accounts.entries())
    sheet.addRow({
      username: a.username,
      name: a.display_name,
      role: ROLE_NAMES[a.role][zh ? 0 : 1],
      area: a.area_code,
      password: passwords[i],
      note,
    });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
