import fs from 'node:fs';
import QRCode from 'qrcode';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Pii } from '../../platform/pii.ts';
import {
  checkEmpty,
  createAuditor,
  type FieldProblem,
  inputProblems,
  messageOfProblem,
  type SetupInput,
  setUpDistrict,
} from './setup.service.ts';

/** A refusal explained in a few lines, without a stack; the command exits 1. */
export class SetupCommandError extends Error {}

export interface InitOptions {
  districtCode: string;
  districtName: string;
  admin: string;
  adminPasswordFile?: string;
  adminName?: string;
}

interface Io {
  db: Db;
  pii: Pii;
  say: (message: string) => void;
  /** Where the results go (standard output). */
  out: (text: string) => void;
  stdin?: NodeJS.ReadStream;
}

function refusal(error: unknown): never {
  if (!(error instanceof AppError)) throw error;
  const extra = typeof error.extra === 'function' ? error.extra('en') : error.extra;
  const errors = (extra as { errors?: FieldProblem[] }).errors;
  if (error.code === 'invalid_field' && errors)
    throw new SetupCommandError(
      ['Nothing was set up:', ...errors.map((p) => `  ${messageOfProblem(p, 'en')}`)].join('\n'),
    );
  throw new SetupCommandError(`${error.message}. Nothing was set up.`);
}

/** Reads one line from the terminal without showing what is typed. */
function askHidden(stdin: NodeJS.ReadStream, prompt: string, say: (m: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    // Echo goes off before the prompt shows, so nothing typed after it is echoed.
    stdin.setRawMode(true);
    process.stderr.write(prompt);
    let value = '';
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      say('');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003' || char === '\u0004')
          return done(new SetupCommandError('Cancelled; nothing was set up.'));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    stdin.on('data', onData);
  });
}

async function readAll(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The password twice: from the terminal without echo, or as two lines of piped input (scripts);
 * with --admin-password-file, once from the file. Never printed, never logged.
 */
async function readPasswords(options: InitOptions, io: Io): Promise<[string, string]> {
  if (options.adminPasswordFile) {
    let text: string;
    try {
      text = fs.readFileSync(options.adminPasswordFile, 'utf8');
    } catch {
      throw new SetupCommandError(`Cannot read the password file ${options.adminPasswordFile}.`);
    }
    const password = text.split(/\r?\n/)[0] ?? '';
    return [password, password];
  }
  const stdin = io.stdin ?? process.stdin;
  if (stdin.isTTY) {
    const first = await askHidden(stdin, `Password for ${options.admin}: `, io.say);
    const second = await askHidden(stdin, 'The same password again: ', io.say);
    return [first, second];
  }
  const lines = (await readAll(stdin)).split(/\r?\n/);
  return [lines[0] ?? '', lines[1] ?? ''];
}

/** `civicgrid init`: the district and its first administrator on an empty database. */
export async function initCommand(options: InitOptions, io: Io): Promise<void> {
  const input: SetupInput = {
    districtCode: options.districtCode,
    districtName: options.districtName,
    adminUsername: options.admin,
    adminName: options.adminName,
    password: '',
    passwordConfirmation: '',
  };
  try {
    await checkEmpty(io.db);
  } catch (error) {
    refusal(error);
  }
  // What is wrong with the command line is said before anyone types a password.
  const early = inputProblems({
    ...input,
    password: 'Checked-later-1',
    passwordConfirmation: 'Checked-later-1',
  });
  if (early.length > 0)
    throw new SetupCommandError(
      ['Nothing was set up:', ...early.map((p) => `  ${messageOfProblem(p, 'en')}`)].join('\n'),
    );

  const [password, passwordConfirmation] = await readPasswords(options, io);
  let result: Awaited<ReturnType<typeof setUpDistrict>>;
  try {
    result = await setUpDistrict(io.db, io.pii, { ...input, password, passwordConfirmation }, 'cli');
  } catch (error) {
    refusal(error);
  }
  io.say(`Created the district ${result.districtName} (${result.areaCode}) and its administrator.`);
  io.say('Its boundary is provisional (the whole country) until the district map is imported.');
  io.out(`district: ${result.areaCode} ${result.districtName}\n`);
  io.out(`administrator: ${result.admin.username} (${result.admin.displayName}), role district_admin\n`);
  io.out('\nTwo-step login: scan this code with an authenticator app (or type the secret in):\n');
  io.out(await QRCode.toString(result.totp.otpauthUri, { type: 'terminal', small: true }));
  io.out(`secret: ${result.totp.secret}\n`);
  io.out(`${result.totp.otpauthUri}\n`);
  io.say('');
  io.say('At the first login the server asks for a code from the app; the second factor is on from then.');
  io.say('The secret is shown once here (the login page shows it again until it is confirmed).');
}

/** `civicgrid auditor create`: the district's audit administrator, with a temporary password. */
export async function createAuditorCommand(
  options: { username: string; name?: string },
  io: Pick<Io, 'db' | 'say' | 'out'>,
): Promise<void> {
  let result: Awaited<ReturnType<typeof createAuditor>>;
  try {
    result = await createAuditor(io.db, { username: options.username, displayName: options.name });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const extra = typeof error.extra === 'function' ? error.extra('en') : error.extra;
    const errors = (extra as { errors?: FieldProblem[] }).errors;
    throw new SetupCommandError(
      errors
        ? errors.map((p) => messageOfProblem(p, 'en')).join('\n')
        : `${error.message}. Nothing was created.`,
    );
  }
  io.say(
    'Created the audit administrator. Hand over the temporary password; it must be changed at the first login.',
  );
  io.out(`username: ${result.username}\ntemporary password: ${result.temporaryPassword}\n`);
}
