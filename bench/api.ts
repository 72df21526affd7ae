/**
 * `npm run bench -- api`: the registry's list and search routes under load (autocannon in its own
 * process, 50 connections, no pipelining) against a Fastify hello-world route in the same process, on the
 * district demo (~300,000 residents). The data directory is kept under bench/.data between runs.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { GridIndex } from '../server/src/modules/areas/areas.index.ts';
import { hasData, loadDemo } from '../server/src/modules/demo/demo.service.ts';
import { loadPii } from '../server/src/platform/pii.ts';
import { openDatabase } from '../server/src/runtime.ts';
import { type BenchOptions, intOption, printTable, writeResults } from './report.ts';

const PASSWORD = 'bench-Password-1';

const execFileAsync = promisify(execFile);
const autocannonBin = join(import.meta.dirname, '..', 'node_modules', '.bin', 'autocannon');

/** autocannon in its own process, so the load generator does not share the server's event loop. */
async function load(url: string, headers: Record<string, string>, seconds: number) {
  const args = ['--json', '-c', '50', '-p', '1', '-d', String(seconds)];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  const { stdout } = await execFileAsync(autocannonBin, [...args, url], { maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(stdout);
  if (result.non2xx > 0) throw new Error(`${url}: ${result.non2xx} answers were not 2xx`);
  return {
    perSecond: result.requests.average as number,
    p50: result.latency.p50 as number,
    p99: result.latency.p99 as number,
  };
}

export async function run(options: BenchOptions) {
  const seconds = intOption(options, 'seconds', 10);
  const dataDir = options['data-dir'] ?? join(import.meta.dirname, '.data', 'district');
  const config = {
    ...loadConfig({ ...process.env, DATA_DIR: dataDir, NODE_ENV: 'production' }),
    demoPassword: PASSWORD,
  };
  const database = await openDatabase(config, 'server', (m) => console.error(m));
  const pii = loadPii(config, { ...process.env, CIVICGRID_DATA_KEY: '' });
  if (!(await hasData(database.db))) {
    console.error('Loading the district demo (once; kept in', dataDir, ')…');
    await loadDemo(database.db, new GridIndex(database.db), pii, {
      seed: 1,
      scale: 'district',
      password: PASSWORD,
    });
  }
  const app = await buildApp({ config: { ...config, nodeEnv: 'production' }, db: database.db, pii });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const hello = Fastify();
  hello.get('/hello', async () => ({ hello: 'world' }));
  const helloUrl = await hello.listen({ host: '127.0.0.1', port: 0 });

  const login = async (username: string) => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: PASSWORD },
    });
    if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.body}`);
    return { cookie: `cg_session=${r.cookies.find((c) => c.name === 'cg_session')!.value}` };
  };
  const admin = await login('admin');
  const worker = await login('gw001');
  const leader = await login('community.leader');
  const sample = (
    await app.inject({ method: 'GET', url: '/api/people?pageSize=1&sort=-updatedAt', headers: admin })
  ).json().items[0];
  const idNumber = pii.decrypt(
    (
      await database.db
        .selectFrom('people')
        .select('id_number_enc')
        .where('id', '=', sample.id)
        .executeTakeFirstOrThrow()
    ).id_number_enc,
  );

  const cases: [string, string, Record<string, string>][] = [
    ["a grid's people, page of 50 (grid worker)", '/api/people?pageSize=50', worker],
    ["a community's people by name, page of 50", '/api/people?pageSize=50&sort=name', leader],
    [
      'district-wide search by a name part, page of 50',
      `/api/people?pageSize=50&q=${encodeURIComponent(sample.name.slice(0, 2))}`,
      admin,
    ],
    ['district-wide search by exact ID number', `/api/people?q=${idNumber}`, admin],
    ['one person', `/api/people/${sample.id}`, admin],
    ["a grid's houses, page of 50", '/api/houses?pageSize=50', worker],
  ];
  const reference = await load(`${helloUrl}/hello`, {}, seconds);
  const rows = [['route', 'req/s', 'p50 ms', 'p99 ms', 'vs hello-world', 'target']];
  rows.push([
    'Fastify hello-world (reference)',
    reference.perSecond.toFixed(0),
    String(reference.p50),
    String(reference.p99),
    '100%',
    '',
  ]);
  const figures: Record<string, unknown> = { seconds, connections: 50, reference };
  for (const [name, path, headers] of cases) {
    const r = await load(`${base}${path}`, headers, seconds);
    const share = r.perSecond / reference.perSecond;
    const ok = share >= 0.3 && r.p99 < 50;
    rows.push([
      name,
      r.perSecond.toFixed(0),
      String(r.p50),
      String(r.p99),
      `${(share * 100).toFixed(1)}%`,
      ok ? 'met' : 'MISSED (≥30%, p99 < 50 ms)',
    ]);
    figures[name] = { ...r, share };
  }
  printTable('api: registry reads at district scale', rows);
  console.log(`\nwritten to ${writeResults('api', figures)}`);
  await hello.close();
  await app.close();
  await database.close();
}
