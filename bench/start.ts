/**
 * `npm run bench -- start [--runs N] [--data-dir D] [--password P]`: a restart of `civicgrid serve` on
 * an already-loaded district (start → listening → the login page answers), from the server bundle
 * (`npm run build`) and from the TypeScript sources, against the embedded PostgreSQL starting
 * alone on the same data directory in the same run. Target: restart ≤ PostgreSQL's own start + 2 s.
 * The first start (fresh clone → demo loaded) is not timed here: it takes 60–90 s of seeding.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { bundleIsFresh } from '../server/bin/bundle.js';
import { openEmbeddedDatabase } from '../server/src/db/embedded.ts';
import { openDemo } from './demo.ts';
import { type BenchOptions, intOption, printTable, secondsSince, writeResults } from './report.ts';

const cli = path.resolve(import.meta.dirname, '../server/bin/civicgrid.js');

/** Seconds from spawning `serve` until it prints where it listens and answers there. */
async function restart(dataDir: string, env: NodeJS.ProcessEnv): Promise<number> {
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--max-semi-space-size=64', cli, 'serve'], {
    env: { ...process.env, ...env, DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const found = /is running at (\S+)/.exec(out);
      if (found) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
  const page = await fetch(`${url}/login`);
  await page.arrayBuffer();
  const seconds = secondsSince(start);
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
  return seconds;
}

async function postgresAlone(dataDir: string): Promise<number> {
  const start = process.hrtime.bigint();
  const database = await openEmbeddedDatabase(dataDir, 'server');
  const seconds = secondsSince(start);
  await database.stop();
  return seconds;
}

export async function run(options: BenchOptions) {
  const runs = intOption(options, 'runs', 3);
  const { config, database } = await openDemo(options);
  await database.close();
  const dataDir = config.dataDir;
  const bundled = bundleIsFresh();
  if (!bundled) console.error('No fresh server bundle: run `npm run build` first to time it.');

  // Alternated, so that the machine's changing load falls on all three alike.
  const times = { postgres: [] as number[], bundle: [] as number[], sources: [] as number[] };
  for (let i = 0; i < runs; i++) {
    times.postgres.push(await postgresAlone(dataDir));
    if (bundled) times.bundle.push(await restart(dataDir, {}));
    times.sources.push(await restart(dataDir, { CIVICGRID_SOURCES: '1' }));
  }
  const median = (xs: number[]) =>
    xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN;
  const pg = median(times.postgres);
  const row = (name: string, xs: number[], reference: boolean) => [
    name,
    xs.length ? `${median(xs).toFixed(2)} s` : '—',
    xs.length ? `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} s` : '—',
    reference || !xs.length ? '' : `${median(xs) - pg >= 0 ? '+' : ''}${(median(xs) - pg).toFixed(2)} s`,
  ];
  printTable(`Restart on the loaded district (${runs} runs each, alternated)`, [
    ['', 'median', 'range', 'over PostgreSQL alone'],
    row('embedded PostgreSQL alone', times.postgres, true),
    row('serve from the bundle', times.bundle, false),
    row('serve from the sources (tsx)', times.sources, false),
  ]);
  console.log('\ntarget: restart ≤ PostgreSQL alone + 2 s');
  const file = writeResults('start', {
    dataDir,
    times,
    medians: { postgres: pg, bundle: median(times.bundle), sources: median(times.sources) },
  });
  console.log(`\nWritten to ${file}`);
}
