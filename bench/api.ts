/**
 * `npm run bench -- api`: the registry's list and search routes under load (autocannon in its own
 * process, 50 connections, no pipelining) against a Fastify hello-world route in the same process, on the
 * district demo (~300,000 residents). The data directory is kept under bench/.data between runs.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import type { Db } from '../server/src/db/database.ts';
import { DATASETS } from '../server/src/modules/opendata/opendata.catalog.ts';
import {
  createIndexes,
  qualified,
  vacuumRows,
} from '../server/src/modules/opendata/opendata.datastore.repository.ts';
import { BENCH_PASSWORD, openDemo } from './demo.ts';
import { installRecorder, type RawFigures, RECORD_HEADER, rawGroupWrites, rawReads, record } from './raw.ts';
import { type BenchOptions, intOption, printTable, writeResults } from './report.ts';

const execFileAsync = promisify(execFile);
const autocannonBin = join(import.meta.dirname, '..', 'node_modules', '.bin', 'autocannon');

/**
 * Runs the background jobs due now before anything is measured: earlier runs' reported cases pass
 * their deadlines between runs, and working through their thousands of alarms while a route is
 * measured took CPU from it. The jobs and the rollup's folding then run as they do in service.
 */
async function drainJobs(app: Awaited<ReturnType<typeof buildApp>>) {
  let ran = 0;
  for (let batch = await app.jobs.runOnce(); batch > 0; batch = await app.jobs.runOnce()) {
    ran += batch;
    if (ran % 1000 < batch) process.stderr.write(`\rBackground jobs due from earlier runs: ${ran} run`);
  }
  if (ran > 0) process.stderr.write(`\rBackground jobs due from earlier runs: ${ran} run\n`);
}

/** autocannon in its own process, so the load generator does not share the server's event loop. */
async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  post?: Record<string, unknown>,
) {
  const args = ['--json', '-c', '50', '-p', '1', '-d', String(seconds)];
  if (post) args.push('-m', 'POST', '-H', 'content-type=application/json', '-b', JSON.stringify(post));
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
  const { config, database, pii } = await openDemo(options);
  // `--only <text>`: just the routes whose name contains it (a quick look at one route, e.g.
  // `--only datastore_search`); the cases and the big resource are only built when a route needs them.
  const only = options.only;
  const caseCount = await ensureCases(database.db, intOption(options, 'cases', only ? 0 : 1_000_000));
  const resourceRows =
    !only || only.includes('datastore')
      ? await ensureBigResource(database.db, intOption(options, 'rows', 1_000_000))
      : 0;
  const size = resourceRows >= 1_000_000 ? `${resourceRows / 1_000_000}M` : resourceRows.toLocaleString('en');
  // Development mode: production would make the demo accounts enrol TOTP before reading anything.
  const app = await buildApp({
    config: { ...config, nodeEnv: 'development' },
    db: database.db,
    pii,
    databaseUrl: database.url,
  });
  await drainJobs(app);
  installRecorder(app);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const hello = Fastify();
  hello.get('/hello', async () => ({ hello: 'world' }));
  const helloUrl = await hello.listen({ host: '127.0.0.1', port: 0 });

  const login = async (username: string) => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: BENCH_PASSWORD },
    });
    if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.body}`);
    return {
      cookie: `cg_session=${r.cookies.find((c) => c.name === 'cg_session')!.value}`,
      'x-csrf-token': r.json().csrfToken as string,
    };
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

  const operator = await login('operator');
  const gridOfUser = async (session: Record<string, string>) =>
    (await app.inject({ method: 'GET', url: '/api/auth/me', headers: session })).json().user
      .areaCode as string;
  const gridOf = await gridOfUser(worker);
  // Reports are made by another grid worker in their own grid: each run adds thousands of open
  // cases, which in the listed grid would make its open cases a list no real grid has.
  const reporter = await login('gw002');
  const spot = await database.db
    .selectFrom('buildings')
    .select(['lon', 'lat'])
    .where('grid_code', '=', await gridOfUser(reporter))
    .limit(1)
    .executeTakeFirstOrThrow();
  const someCase = await database.db
    .selectFrom('cases')
    .select('id')
    .where('grid_code', '=', gridOf)
    .orderBy('reported_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  // The public Q&A pages (no login) of the community with the most answered public questions.
  const { community_code: qaCommunity } = await database.db
    .selectFrom('questions')
    .select('community_code')
    .where('state', '=', 'answered')
    .where('is_public', '=', true)
    .groupBy('community_code')
    .orderBy(sql`count(*)`, 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const report = {
    categoryCode: 'exposed_garbage',
    description: '楼下垃圾堆放未清运',
    lon: spot.lon,
    lat: spot.lat,
  };

  const cases: [string, string, Record<string, string>, Record<string, unknown>?][] = [
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
    ["a grid's open cases by deadline, page of 50", '/api/cases?open=true&sort=deadline&pageSize=50', worker],
    ['case detail', `/api/cases/${someCase.id}`, operator],
    ['report a case (deadline, alarm job, notification)', '/api/cases', reporter, report],
    // 网络问政's public pages (no session): a community's answered public questions, and its answerers' records.
    [
      "public Q&A: a community's answered questions, page of 20",
      `/api/public/questions?communityCode=${qaCommunity}&pageSize=20`,
      {},
    ],
    [
      "public Q&A: a community's answerers' records",
      `/api/public/answerers?communityCode=${qaCommunity}`,
      {},
    ],
    // CKAN's datastore_search on the 1,000,000-row resource (no session: public data).
    [
      `datastore_search ${size} rows: page of 100`,
      '/api/3/action/datastore_search?resource_id=organizations&limit=100',
      {},
    ],
    [
      `datastore_search ${size} rows: a grid's rows by name desc, page of 100`,
      `/api/3/action/datastore_search?resource_id=organizations&limit=100&sort=${encodeURIComponent('name desc')}&filters=${encodeURIComponent(JSON.stringify({ grid_code: gridOf }))}`,
      {},
    ],
    [
      `datastore_search ${size} rows: one kind, offset 10,000, no total`,
      `/api/3/action/datastore_search?resource_id=organizations&limit=100&offset=10000&include_total=false&filters=${encodeURIComponent('{"kind":"shop"}')}`,
      {},
    ],
  ];
  // The machine is shared and its speed drifts within a run: each route is compared with a
  // hello-world measured just before it, and with its raw statements measured just after it.
  const references: number[] = [];
  const rows = [
    [
      'route',
      'req/s',
      'p50 ms',
      'p99 ms',
      'hello-world req/s',
      'vs hello-world',
      'raw req/s',
      'vs raw',
      'target',
    ],
  ];
  const figures: Record<string, unknown> = { seconds, connections: 50, cases: caseCount, resourceRows };
  const poolSize = 20;
  const measure = async (
    name: string,
    url: string,
    headers: Record<string, string>,
    post: object | undefined,
    raw: (() => Promise<RawFigures>) | null,
  ) => {
    const reference = await load(`${helloUrl}/hello`, {}, seconds);
    references.push(reference.perSecond);
    const r = await load(url, headers, seconds, post as Record<string, unknown> | undefined);
    const rawFigures = raw ? await raw() : null;
    const share = r.perSecond / reference.perSecond;
    const ofRaw = rawFigures ? r.perSecond / rawFigures.perSecond : null;
    const ok = raw ? ofRaw !== null && ofRaw >= 0.5 : share >= 0.3 && r.p99 < 50;
    rows.push([
      name,
      r.perSecond.toFixed(0),
      String(r.p50),
      String(r.p99),
      reference.perSecond.toFixed(0),
      `${(share * 100).toFixed(1)}%`,
      rawFigures ? `${rawFigures.perSecond.toFixed(0)} (${rawFigures.statements} st.)` : '',
      ofRaw === null ? '' : `${(ofRaw * 100).toFixed(1)}%`,
      ok ? 'met' : raw ? 'MISSED (≥ 50% of raw)' : 'MISSED (≥30%, p99 < 50 ms)',
    ]);
    figures[name] = { ...r, reference, share, raw: rawFigures, ofRaw };
  };
  const inject = (path: string, headers: Record<string, string>, post?: object) =>
    app.inject({
      method: post ? 'POST' : 'GET',
      url: path,
      headers: { ...headers, 'content-type': 'application/json', [RECORD_HEADER]: '1' },
      ...(post && { payload: post as Record<string, unknown> }),
    });
  for (const [name, path, headers, post] of cases) {
    if (only && !name.includes(only)) continue;
    // Steady state: the read cache holds the answer (the first request computes it); a report
    // finds the grid locator built.
    await fetch(`${base}${path}`, {
      headers: { ...headers, 'content-type': 'application/json' },
      ...(post && { method: 'POST', body: JSON.stringify(post) }),
    });
    if (post) {
      // The raw reference of a report: its rows written by the same one statement, group-committed.
      const { result, statements } = await record(() => inject(path, headers, post));
      if (result.statusCode !== 200 && result.statusCode !== 201)
        throw new Error(`${path}: ${result.statusCode} ${result.body}`);
      const write = statements.find((st) => /^with "part0" as \(insert into "cases"/.test(st.text));
      if (!write)
        throw new Error(
          `the report statement was not recorded among: ${statements.map((st) => st.text.slice(0, 60)).join(' / ')}`,
        );
      const caseId = result.json().id as string;
      await measure(name, `${base}${path}`, headers, post, () =>
        rawGroupWrites(database.url, write, caseId, { poolSize, connections: 50, seconds }),
      );
      continue;
    }
    await measure(name, `${base}${path}`, headers, post, null);
    // The same read computed afresh every time: what a request costs when the read cache has
    // nothing for it (first view, or just after a change); beside it, its statements run raw.
    const fresh = { ...headers, 'cache-control': 'no-cache' };
    const { result, statements } = await record(() => inject(path, fresh));
    if (result.statusCode !== 200) throw new Error(`${path}: ${result.statusCode} ${result.body}`);
    await measure(`${name}, fresh`, `${base}${path}`, fresh, undefined, () =>
      rawReads(database.url, statements, { poolSize, connections: 50, seconds }),
    );
  }
  const spread = `${Math.min(...references).toFixed(0)}–${Math.max(...references).toFixed(0)}`;
  console.log(`\nFastify hello-world in the same process, measured before each route: ${spread} req/s`);
  printTable(`api: district demo with ${caseCount.toLocaleString('en')} cases`, rows);
  // A partial run (--only) does not replace the full run's figures.
  if (!only) console.log(`\nwritten to ${writeResults('api', figures)}`);
  await hello.close();
  await app.close();
  await database.close();
}

/**
 * The benchmark asks for 1,000,000 cases: the demo's year of cases is copied back in time, as
 * closed cases (cases rows only; the list and detail routes read nothing else), until there are that many.
 */
async function ensureCases(db: Db, target: number): Promise<number> {
  const count = async () =>
    Number(
      (
        await db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  let have = await count();
  if (have >= target) return have;
  const demo = have;
  if (demo === 0) throw new Error('The demo has no cases to copy');
  console.error(`Copying the demo's ${demo} cases back in time up to ${target.toLocaleString('en')}…`);
  for (let year = 1; have < target; year++) {
    const take = Math.min(demo, target - have);
    await sql`
      insert into cases (number, source, category_code, grid_code, lon, lat, address, description, state,
        reporter_id, department_code, kept_in_grid, satisfaction, reopen_count, reported_at, closed_at)
      select to_char(reported_at - make_interval(years => ${year}), 'YYYY') || '-' || lpad(nextval('case_number_seq')::text, 7, '0'),
        source, category_code, grid_code, lon, lat, address, description, 'closed', reporter_id,
        department_code, kept_in_grid, coalesce(satisfaction, 5), reopen_count,
        reported_at - make_interval(years => ${year}), reported_at - make_interval(years => ${year}) + interval '2 days'
      from (select * from cases order by reported_at desc limit ${demo}) c
      order by reported_at limit ${take}`.execute(db);
    have += take;
  }
  await sql`analyze cases`.execute(db);
  return count();
}

/**
 * `datastore_search` is measured on a resource of 1,000,000 rows: a version of the
 * `organizations` dataset made of synthetic rows (the district's grids, nine kinds), in the
 * datastore table layout a refresh makes. Kept between runs; a refresh replaces it.
 */
export async function ensureBigResource(db: Db, target: number): Promise<number> {
  const latest = await db
    .selectFrom('opendata_versions')
    .selectAll()
    .where('dataset_name', '=', 'organizations')
    .orderBy('number', 'desc')
    .executeTakeFirst();
  if (latest && latest.row_count >= target) return latest.row_count;
  console.error(`Making a ${target.toLocaleString('en')}-row version of the organizations dataset…`);
  const def = DATASETS.find((d) => d.name === 'organizations')!;
  await db
    .insertInto('opendata_datasets')
    .values({ name: 'organizations' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const { id } = await db
    .insertInto('opendata_versions')
    .values({
      dataset_name: 'organizations',
      number: (latest?.number ?? 0) + 1,
      hash: `bench-${target}`,
      row_count: target,
      fields: JSON.stringify(def.fields),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const table = qualified(id);
  await sql`create table ${table} (_id integer primary key, id text, kind text, kind_name text, name text,
    credit_code text, address text, grid_code text, lon double precision, lat double precision)`.execute(db);
  await sql`insert into ${table}
    select g, md5(g::text), k.kind, k.kind, '商铺' || g, null, '测试路' || (g % 5000) || '号',
      grids.codes[1 + g % array_length(grids.codes, 1)],
      113.9 + (g % 1000) / 10000.0, 22.5 + (g / 1000 % 1000) / 10000.0
    from (select array_agg(code order by code) as codes from areas where level = 'grid') grids,
      generate_series(1, ${target}) g
    cross join lateral (select (array['party_branch','social_org','enterprise','shop','property_company',
      'owners_committee','school','hospital','nursing_home'])[1 + g % 9] as kind) k`.execute(db);
  await createIndexes(db, id, def.fields);
  await vacuumRows(db, id);
  return target;
}
