import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Production's path: `DATABASE_URL` pointing at a PostgreSQL server, here Debian's `postgresql`
 * package (installed by .ci/run). A throwaway cluster in a temporary folder on a free port; the
 * command line migrates it and serves from it. Where the package is missing the test is skipped,
 * except in CI (CI=true), where that is a failure.
 */

const cli = path.resolve(import.meta.dirname, '../../bin/civicgrid.js');
const webBuilt = fs.existsSync(path.resolve(import.meta.dirname, '../../../web/dist/index.html'));

/** The newest Debian PostgreSQL (15 or later) with its server programs. */
function findPostgres(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => Number(v) >= 15 && fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const bin = findPostgres();
const isRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: then its programs run as the `postgres` system user. */
function asPostgres(program: string, args: string[]) {
  const file = path.join(bin!, program);
  if (isRoot) execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' });
  else execFileSync(file, args, { stdio: 'pipe' });
}

describe('PostgreSQL from the system package', () => {
  it('is installed (required in CI)', () => {
    if (!bin) {
      const message = 'No PostgreSQL ≥ 15 under /usr/lib/postgresql (apt-get install postgresql)';
      if (process.env.CI === 'true') throw new Error(message);
      console.warn(`Skipping the DATABASE_URL tests: ${message}.`);
    }
  });
});

describe.skipIf(!bin)('DATABASE_URL against a PostgreSQL server', () => {
  let dir: string;
  let cluster: string;
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess | null = null;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-syspg-'));
    cluster = path.join(dir, 'cluster');
    fs.mkdirSync(cluster, { mode: 0o700 });
    if (isRoot) {
      fs.chmodSync(dir, 0o755);
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      fs.chownSync(cluster, uid, gid);
    }
    const port = await freePort();
    asPostgres('initdb', ['-D', cluster, '-U', 'civicgrid', '--auth=trust', '-E', 'UTF8', '--no-locale']);
    asPostgres('pg_ctl', [
      '-D',
      cluster,
      '-l',
      path.join(cluster, 'server.log'),
      '-o',
      `-p ${port} -k ${cluster} -c listen_addresses=127.0.0.1`,
      '-w',
      'start',
    ]);
    const admin = new pg.Client({ connectionString: `postgres://civicgrid@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query('create database civicgrid');
    await admin.end();
    env = {
      ...process.env,
      DATABASE_URL: `postgres://civicgrid@127.0.0.1:${port}/civicgrid`,
      DATA_DIR: path.join(dir, 'data'),
      PORT: String(await freePort()),
      NODE_ENV: 'production',
      // Production with DATABASE_URL keeps no key on local disk: it comes from the environment.
      CIVICGRID_DATA_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
    };
  }, 120_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    if (cluster && fs.existsSync(path.join(cluster, 'postmaster.pid')))
      asPostgres('pg_ctl', ['-D', cluster, '-m', 'fast', '-w', 'stop']);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('migrates with `civicgrid migrate`', () => {
    const migrate = spawnSync(process.execPath, [cli, 'migrate'], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(migrate.stderr).not.toContain('Error');
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toBe('The database schema is up to date.\n');
    // No embedded PostgreSQL was started for it.
    expect(fs.existsSync(path.join(env.DATA_DIR!, 'pg'))).toBe(false);
  }, 120_000);

  it('serves the API (and the web app, when built) from it', async () => {
    server = spawn(process.execPath, [cli, 'serve', '--no-demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    server.stdout!.on('data', (d) => {
      out += d;
    });
    server.stderr!.on('data', (d) => {
      err += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      const check = setInterval(() => {
        const found = /is running at (http:\/\/\S+)/.exec(out);
        if (found) {
          clearInterval(check);
          resolve(found[1]);
        }
      }, 100);
      server!.once('exit', (code) => {
        clearInterval(check);
        reject(new Error(`serve exited with ${code}: ${err}`));
      });
    });

    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: { status: 'up' } });
    // The case catalogue a new deployment starts with, through the public Open311 API.
    const services = await fetch(`${url}/open311/v2/services.json`);
    expect(services.status).toBe(200);
    expect(((await services.json()) as unknown[]).length).toBeGreaterThan(0);
    const me = await fetch(`${url}/api/auth/me`);
    expect(me.status).toBe(401);
    if (webBuilt) {
      const page = await fetch(`${url}/login`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
    }

    server.kill('SIGTERM');
    expect(await new Promise((r) => server!.once('exit', r))).toBe(0);
  }, 120_000);
});
