import { createHash, randomBytes } from 'node:crypto';
import type { Static } from 'typebox';
import type { Db } from '../../db/database.ts';
import { audit, SYSTEM_ACTOR } from '../../platform/audit.ts';
import { TOTP_ISSUER } from '../../platform/auth/accounts.service.ts';
import { type PasswordProblem, passwordProblems } from '../../platform/auth/password-policy.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { newTotpSecret, otpauthUri } from '../../platform/auth/totp.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import type { Pii } from '../../platform/pii.ts';
import { createDistrictRoot } from '../areas/index.ts';
import { temporaryPassword } from '../users/index.ts';
import * as repo from './setup.repository.ts';
import type { SetupBody } from './setup.schemas.ts';

/**
 * The first step of a real district: its area and its first district administrator, on an empty
 * database. One service with two faces: `civicgrid init` on the server's terminal, and the setup
 * page a production server without accounts offers under a one-time token.
 */

/** GB/T 2260's province-level divisions: the first two digits of every division code. */
// biome-ignore format: three lines read better than thirty-four
export const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64',
  '65', '71', '81', '82',
]);

export const TOKEN_HOURS = 24;

/** What the first administrator fills in (the setup token is checked apart). */
export type SetupInput = Omit<Static<typeof SetupBody>, 'token'>;

export interface SetupResult {
  areaCode: string;
  districtName: string;
  admin: { id: string; username: string; displayName: string };
  /** The administrator's authenticator secret: pending until the first login proves it with a code. */
  totp: { secret: string; otpauthUri: string };
}

type SetupProblem =
  | PasswordProblem
  | 'not_six_digits'
  | 'unknown_province'
  | 'not_a_district'
  | 'required'
  | 'too_long'
  | 'invalid_username'
  | 'mismatch';

const fields: Record<string, [zh: string, en: string]> = {
  districtCode: ['区划代码', 'District code'],
  districtName: ['区名称', 'District name'],
  adminUsername: ['管理员用户名', 'Administrator username'],
  adminName: ['管理员姓名', 'Administrator name'],
  password: ['密码', 'Password'],
  passwordConfirmation: ['确认密码', 'Password confirmation'],
};

const reasons: Record<SetupProblem, [zh: string, en: string]> = {
  not_six_digits: [
    '应为 6 位数字（GB/T 2260 县级区划代码）',
    'must be 6 digits (a GB/T 2260 county-level code)',
  ],
  unknown_province: [
    '前两位不是任何省级行政区的代码',
    'does not begin with the code of a province-level division',
  ],
  not_a_district: [
    '末两位为 00，是省或地级市的代码，不是区县的代码',
    'ends in 00: that is the code of a province or city, not of a district or county',
  ],
  required: ['不能为空', 'is required'],
  too_long: ['过长', 'is too long'],
  invalid_username: [
    '只能使用 3–40 个小写字母、数字、下划线、点或连字符',
    'may only use 3–40 lower-case letters, digits, underscores, dots or hyphens',
  ],
  mismatch: ['两次输入的密码不一致', 'does not match the password'],
  too_short: ['至少需要 10 个字符', 'needs at least 10 characters'],
  too_simple: [
    '需包含大写字母、小写字母、数字、符号中的至少三类（或至少 16 个字符）',
    'needs three of: upper-case letters, lower-case letters, digits, symbols (or at least 16 characters)',
  ],
  contains_username: ['不能包含用户名', 'must not contain the username'],
  too_common: ['是常见密码，很容易被猜中', 'is a common password that is easily guessed'],
};

export interface FieldProblem {
  field: keyof SetupInput;
  code: SetupProblem;
}

export function messageOfProblem(problem: FieldProblem, lang: Lang): string {
  const i = lang === 'zh' ? 0 : 1;
  return `${fields[problem.field]![i]}${lang === 'zh' ? '' : ' '}${reasons[problem.code][i]}`;
}

/** A 422 listing every problem of the form, in the caller's language. */
function formError(problems: FieldProblem[]): AppError {
  const text = (lang: Lang, p: FieldProblem) => reasons[p.code][lang === 'zh' ? 0 : 1];
  const first = problems[0]!;
  return new AppError(
    'invalid_field',
    (lang) => ({
      field: fields[first.field]![lang === 'zh' ? 0 : 1],
      reason: problems
        .filter((p) => p.field === first.field)
        .map((p) => text(lang, p))
        .join(lang === 'zh' ? '；' : '; '),
    }),
    (lang) => ({ errors: problems.map((p) => ({ field: p.field, code: p.code, message: text(lang, p) })) }),
  );
}

export function districtCodeProblem(code: string): SetupProblem | null {
  if (!/^\d{6}$/.test(code)) return 'not_six_digits';
  if (!PROVINCE_PREFIXES.has(code.slice(0, 2))) return 'unknown_province';
  if (code.endsWith('00')) return 'not_a_district';
  return null;
}

export const normalUsername = (username: string) => username.trim().toLowerCase();
const validUsername = (username: string) => /^[a-z0-9_.-]{3,40}$/.test(username);

/** Every problem of the input, in the order of the form. */
export function inputProblems(input: SetupInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const codeProblem = districtCodeProblem(input.districtCode.trim());
  if (codeProblem) problems.push({ field: 'districtCode', code: codeProblem });
  const name = input.districtName.trim();
  if (!name) problems.push({ field: 'districtName', code: 'required' });
  else if ([...name].length > 50) problems.push({ field: 'districtName', code: 'too_long' });
  const username = normalUsername(input.adminUsername);
  if (!validUsername(username)) problems.push({ field: 'adminUsername', code: 'invalid_username' });
  if (input.adminName !== undefined && [...input.adminName.trim()].length > 50)
    problems.push({ field: 'adminName', code: 'too_long' });
  for (const code of passwordProblems(input.password, username)) problems.push({ field: 'password', code });
  if (input.password !== input.passwordConfirmation)
    problems.push({ field: 'passwordConfirmation', code: 'mismatch' });
  return problems;
}

/** Refuses a database that already has accounts or a district: setup is for a new one. */
export async function checkEmpty(db: Db): Promise<void> {
  if (await repo.hasAccounts(db)) throw new AppError('setup_has_accounts');
  const district = await repo.anyDistrict(db);
  if (district) throw new AppError('setup_has_district', { code: district });
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A new one-time setup token (only its hash is stored), replacing any unused one. The server
 * issues it on start while the database has no accounts, and prints the URL that carries it.
 */
export async function issueSetupToken(db: Db, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + TOKEN_HOURS * 3600_000);
  await db.transaction().execute((trx) => repo.replaceTokens(trx, hashOf(token), expiresAt));
  return { token, expiresAt };
}

/** Whether a production server should offer setup: nobody can log in yet. */
export async function needsSetup(db: Db): Promise<boolean> {
  return !(await repo.hasAccounts(db));
}

/**
 * What the setup page may know before it is sent: that the token is good, until when. A missing,
 * wrong, used or expired token, or a database that has accounts, is "not found", nothing more.
 */
export async function setupStatus(db: Db, token: string, now = new Date()) {
  const row = token ? await repo.findUsableToken(db, hashOf(token), now) : undefined;
  if (!row || (await repo.hasAccounts(db))) throw new AppError('not_found');
  return { expiresAt: row.expires_at.toISOString() };
}

/**
 * Creates the district and its first administrator, in one transaction. Through the browser
 * (`via.token`) the token is checked first and spent with the rest; from the terminal the caller
 * is whoever may run commands on the server.
 */
export async function setUpDistrict(
  db: Db,
  pii: Pii,
  input: SetupInput,
  via: { token: string } | 'cli',
  now = new Date(),
): Promise<SetupResult> {
  if (via !== 'cli') await setupStatus(db, via.token, now);
  await checkEmpty(db);
  const problems = inputProblems(input);
  if (problems.length > 0) throw formError(problems);

  const districtCode = input.districtCode.trim();
  const areaCode = `${districtCode}000000`;
  const districtName = input.districtName.trim();
  const username = normalUsername(input.adminUsername);
  const displayName = input.adminName?.trim() || `${districtName}管理员`;
  const passwordHash = await hashPassword(input.password);
  const secret = newTotpSecret();

  const admin = await db.transaction().execute(async (trx) => {
    await repo.lockSetup(trx);
    // Checked again under the lock: another setup may have finished meanwhile.
    await checkEmpty(trx);
    if (via !== 'cli' && !(await repo.claimToken(trx, hashOf(via.token), now)))
      throw new AppError('not_found');
    await createDistrictRoot(trx, { code: areaCode, name: districtName });
    const row = await repo.insertAdmin(trx, {
      username,
      displayName,
      passwordHash,
      areaCode,
      totpSecretEnc: pii.encrypt(secret),
    });
    await audit(trx, SYSTEM_ACTOR, {
      action: 'setup.init',
      targetType: 'area',
      targetId: areaCode,
      detail: { via: via === 'cli' ? 'cli' : 'browser', districtName, admin: username, adminId: row.id },
    });
    return row;
  });
  return {
    areaCode,
    districtName,
    admin: { id: admin.id, username: admin.username, displayName },
    totp: { secret, otpauthUri: otpauthUri(secret, username, TOTP_ISSUER) },
  };
}

/**
 * An audit administrator for the district (separation of duties: the district administrator,
 * whose actions the log records, can neither create nor reset this account). It gets a temporary
 * password, answered once, and must change it at the first login.
 */
export async function createAuditor(db: Db, input: { username: string; displayName?: string }) {
  const username = normalUsername(input.username);
  if (!validUsername(username)) throw formError([{ field: 'adminUsername', code: 'invalid_username' }]);
  const password = temporaryPassword(username);
  const passwordHash = await hashPassword(password);
  const created = await db.transaction().execute(async (trx) => {
    const district = await repo.anyDistrict(trx);
    if (!district) throw new AppError('setup_no_district');
    if (await repo.usernameTaken(trx, username)) throw new AppError('username_taken');
    const row = await repo.insertAuditor(trx, {
      username,
      displayName: input.displayName?.trim() || '审计管理员',
      passwordHash,
      areaCode: district,
    });
    await audit(trx, SYSTEM_ACTOR, {
      action: 'user.create',
      targetType: 'user',
      targetId: row.id,
      detail: { username, role: 'audit_admin', via: 'cli' },
    });
    return row;
  });
  return { id: created.id, username: created.username, temporaryPassword: password };
}
