/**
 * `npm run bench -- dashboard [--cases N] [--runs N] [--seed N]`: the district overview (cases now by
 * state and alarm, overdue, the last 30 days by day, category and grid) answered from the rollup
 * tables, against the plain GROUP BY over `cases` that answers the same questions.
 *
 * The cases (default 10,000,000, over three years) are made in PostgreSQL with generate_series in a
 * database of their own under bench/.data/dashboard, with the demo district's areas. The load
 * bypasses triggers and foreign keys, like a bulk load, and the rollup is then rebuilt from scratch
 * (`refreshRollup`); its time is reported, and so is what the triggers add to a bulk insert.
 *
 * Also the command centre's wall at first load (`--wall-runs N`, default 10): today's figures of
 * the cases and visits sources, the map's points of 7 days, the hot spots of 30 days, the community
 * rankings of 30 days and the resources summary, requested at once as the browser does.
 */
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../server/src/config.ts';
import type { Db } from '../server/src/db/database.ts';
import { importAreas } from '../server/src/modules/areas/areas.import.ts';
import { GridIndex } from '../server/src/modules/areas/grid-index.ts';
import { loadDefaultCalendar } from '../server/src/modules/cases/calendar.ts';
import { loadCaseCatalog } from '../server/src/modules/cases/catalog.ts';
import { refreshRollup } from '../server/src/modules/cases/figures.repository.ts';
import { beijingDay, caseOverview, figuresOf } from '../server/src/modules/cases/figures.service.ts';
import { casePoints, casesWallSource } from '../server/src/modules/cases/index.ts';
import * as command from '../server/src/modules/command/command.service.ts';
import { findHotspots } from '../server/src/modules/command/hotspots.ts';
import { generateAreas } from '../server/src/modules/demo/areas.generator.ts';
import { visitsWallSource } from '../server/src/modules/patrols/index.ts';
import { computeSummary } from '../server/src/modules/resources/index.ts';
import type { Auth } from '../server/src/platform/auth/auth.service.ts';
import { permissionsOf } from '../server/src/platform/auth/permissions.ts';
import { openDatabase } from '../server/src/runtime.ts';
import { type BenchOptions, intOption, printTable, secondsSince, writeResults } from './report.ts';

const CHUNK = 1_000_000;
const SPAN_DAYS = 3 * 365;

/** The secondary indexes of `cases` (0004_cases, 0036, 0041): dropped for the load, built again after it. */
const CASE_INDEXES = [
  'create index cases_grid_state_idx on cases (grid_code text_pattern_ops, state)',
  'create index cases_open_grid_idx on cases (grid_code, step_deadline) where closed_at is null',
  'create index cases_department_open_idx on cases (department_code, step_deadline) where closed_at is null',
  'create index cases_state_deadline_idx on cases (state, step_deadline)',
  'create index cases_reported_idx on cases (reported_at)',
  'create index cases_category_idx on cases (category_code, reported_at)',
  'create index cases_reporter_idx on cases (reporter_id, reported_at)',
  "create index cases_closed_at_idx on cases (closed_at) where state = 'closed'",
  'create index cases_points_idx on cases (reported_at) include (id, number, category_code, grid_code, lon, lat, state) ' +
    "where lon is not null and lat is not null and state <> 'merged'",
];

async function ensureDistrict(db: Db, seed: number) {
  const has = await db.selectFrom('areas').select('code').where('level', '=', 'grid').limit(1).execute();
  if (has.length > 0) return;
  console.error('Loading the demo district’s areas (once)…');
  const features = generateAreas({ seed, scale: 'district' }).map((area) => ({
    type: 'Feature',
    properties: { code: area.code, name: area.name, level: area.level, parentCode: area.parentCode },
    geometry: area.boundary,
  }));
  for (let i = 0; i < features.length; i += 2000)
    await importAreas(db, new GridIndex(db), 'system', features.slice(i, i + 2000), 'demo');
  await loadCaseCatalog(db);
  await loadDefaultCalendar(db);
}

/**
 * `count` cases numbered from `first`: three years of reports, most of them closed; the last two
 * days' open, and 1% of the last month's still open, with deadlines some of which have passed
 * (red) or are near (yellow). Every case is located, as a report from the field app is: a point in
 * the middle half of its grid's bounding box (centre ± a quarter of its width and height).
 */
function insertCases(first: number, count: number, spanDays: number) {
  return sql`
    with cat as (
      select array_agg(c.code order by c.code) as codes,
        array_agg(coalesce(c.department_code, p.department_code) order by c.code) as departments
      from case_categories c join case_categories p on p.code = c.parent_code
    ),
    g as (
      select array_agg(code order by code) as codes,
        array_agg((min_lon + max_lon) / 2 order by code) as lons, array_agg(max_lon - min_lon order by code) as widths,
        array_agg((min_lat + max_lat) / 2 order by code) as lats, array_agg(max_lat - min_lat order by code) as heights
      from areas where level = 'grid' and retired_at is null
    ),
    raw as (
      select i, 1 + floor(random() * array_length(cat.codes, 1))::int as ci,
        1 + floor(random() * array_length(g.codes, 1))::int as gi,
        now() - random() * ${spanDays} * interval '1 day' as reported_at,
        random() as r, random() as r2, random() - 0.5 as jx, random() - 0.5 as jy,
        cat.codes as cat_codes, cat.departments, g.codes as grid_codes, g.lons, g.widths, g.lats, g.heights
      from generate_series(${first}::int8, ${first + count - 1}::int8) i, cat, g
    ),
    s as (
      select *,
        case
          when reported_at > now() - interval '2 days' or (r < 0.01 and reported_at > now() - interval '30 days') then
            (array['reported', 'registered', 'dispatched', 'handling', 'returned', 'fed_back', 'reopened', 'verified'])[1 + floor(r2 * 8)::int]
          when r < 0.92 then 'closed' when r < 0.97 then 'rejected' else 'merged'
        end as state
      from raw
    ),
    d as (
      select *, state not in ('closed', 'rejected', 'merged') as open,
        reported_at + (1 + r2 * 60) * interval '1 hour' as deadline
      from s
    )
    insert into cases (number, source, category_code, grid_code, description, state, department_code,
      kept_in_grid, step, step_started_at, step_deadline, alarm, satisfaction, reopen_count, reported_at,
      closed_at, lon, lat)
    select 'B' || lpad(i::text, 9, '0'), 'grid_worker', cat_codes[ci], grid_codes[gi], '测试事件', state,
      case when state in ('reported', 'registered', 'rejected', 'merged') or r2 < 0.2 then null else departments[ci] end,
      state not in ('reported', 'registered', 'rejected', 'merged') and r2 < 0.2,
      case when open then 'handle' end,
      case when open then reported_at end,
      case when open then deadline end,
      case when not open then 'none' when deadline < now() then 'red' when r2 < 0.5 then 'yellow' else 'none' end,
      case when state = 'closed' and r2 < 0.6 then 1 + floor(r * 5)::int % 5 end,
      case when state = 'closed' and r2 > 0.95 then 1 else 0 end,
      reported_at,
      case when not open then reported_at + (2 + r2 * 70) * interval '1 hour' end,
      lons[gi] + jx * widths[gi] / 2, lats[gi] + jy * heights[gi] / 2
    from d`;
}

/** The same overview from `cases` alone: what a dashboard without a rollup would run. */
async function plainOverview(client: pg.Client, areaPrefix: string) {
  const today = beijingDay(new Date());
  await client.query(
    `select state, count(*), count(*) filter (where alarm = 'yellow'), count(*) filter (where alarm = 'red')
     from cases where grid_code like $1 group by state`,
    [`${areaPrefix}%`],
  );
  await client.query(
    `select day, category_code, grid_code, sum(reported), sum(closed) from (
       select (reported_at at time zone 'Asia/Shanghai')::date as day, category_code, grid_code, 1 as reported, 0 as closed
       from cases where grid_code like $1 and reported_at >= ($2::date - 29)::timestamp at time zone 'Asia/Shanghai'
       union all
       select (closed_at at time zone 'Asia/Shanghai')::date, category_code, grid_code, 0, 1
       from cases where grid_code like $1 and state = 'closed'
         and closed_at >= ($2::date - 29)::timestamp at time zone 'Asia/Shanghai'
     ) x group by grouping sets ((day), (category_code), (grid_code))`,
    [`${areaPrefix}%`, today],
  );
  await client.query(
    `select count(*) from cases where grid_code like $1 and state not in ('closed', 'rejected', 'merged')
       and step_deadline < now()`,
    [`${areaPrefix}%`],
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];

export async function run(options: BenchOptions) {
  const total = intOption(options, 'cases', 10_000_000);
  const runs = intOption(options, 'runs', 200);
  const plainRuns = intOption(options, 'plain-runs', 3);
  const wallRuns = intOption(options, 'wall-runs', 10);
  const seed = intOption(options, 'seed', 1);
  const dataDir = options['data-dir'] ?? join(import.meta.dirname, '.data', 'dashboard');
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, NODE_ENV: 'production' });
  const database = await openDatabase(config, 'server', (m) => console.error(m));
  const { db } = database;
  try {
    await ensureDistrict(db, seed);
    const district = (
      await db.selectFrom('areas').select('code').where('level', '=', 'district').executeTakeFirstOrThrow()
    ).code;
    const grids = Number(
      (
        await db
          .selectFrom('areas')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('level', '=', 'grid')
          .executeTakeFirstOrThrow()
      ).n,
    );

    // What the triggers add to a bulk insert: the same 100,000 rows with and without them, rolled back.
    const sample = Math.min(100_000, total);
    const timedInsert = async (withTriggers: boolean, withPointsIndex = true) => {
      const start = process.hrtime.bigint();
      await db
        .transaction()
        .execute(async (trx) => {
          if (!withTriggers) await sql`alter table cases disable trigger cases_rollup_insert`.execute(trx);
          if (!withPointsIndex) await sql`drop index cases_points_idx`.execute(trx);
          await insertCases(900_000_001, sample, SPAN_DAYS).execute(trx);
          throw new Error('rollback');
        })
        .catch((e) => {
          if (e.message !== 'rollback') throw e;
        });
      return secondsSince(start);
    };
    const insertPlain = await timedInsert(false);
    // With the triggers, with and without the map points' index (0041), alternately (the best of
    // two each): what that index adds to a report.
    let insertTriggered = Number.POSITIVE_INFINITY;
    let insertNoPointsIndex = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 2; i++) {
      insertTriggered = Math.min(insertTriggered, await timedInsert(true));
      insertNoPointsIndex = Math.min(insertNoPointsIndex, await timedInsert(true, false));
    }

    const have = Number(
      (await sql<{ n: number }>`select count(*)::int8 as n from cases`.execute(db)).rows[0].n,
    );
    let loadSeconds: number | null = null;
    let indexSeconds: number | null = null;
    if (have !== total) {
      console.error(`Making ${total.toLocaleString()} cases…`);
      const start = process.hrtime.bigint();
      await db.transaction().execute(async (trx) => {
        // Like a bulk load: no triggers (foreign keys, rollup) while the rows go in. Emptying a
        // previous run's cases also reaches tables whose triggers refuse TRUNCATE (append-only
        // enforcement records), so it runs with the triggers off too.
        await sql`set local session_replication_role = replica`.execute(trx);
        if (have > 0) await sql`truncate cases cascade`.execute(trx);
        for (const index of CASE_INDEXES)
          await sql.raw(`drop index if exists ${index.split(' ')[2]}`).execute(trx);
        await sql`select setseed(${(seed % 1000) / 1000})`.execute(trx);
        for (let first = 1; first <= total; first += CHUNK) {
          await insertCases(first, Math.min(CHUNK, total - first + 1), SPAN_DAYS).execute(trx);
          console.error(
            `  ${Math.min(first + CHUNK - 1, total).toLocaleString()} (${secondsSince(start).toFixed(0)} s)`,
          );
        }
      });
      loadSeconds = secondsSince(start);
      const indexStart = process.hrtime.bigint();
      await sql`set maintenance_work_mem = '1GB'`.execute(db);
      for (const index of CASE_INDEXES) await sql.raw(index).execute(db);
      indexSeconds = secondsSince(indexStart);
    }
    console.error('Rebuilding the rollup…');
    const rollupStart = process.hrtime.bigint();
    await refreshRollup(db);
    const rollupSeconds = secondsSince(rollupStart);
    await sql`vacuum analyze cases`.execute(db);
    await sql`vacuum analyze case_rollup_now, case_rollup_daily, case_rollup_categories, case_rollup_deadlines,
      case_rollup_cohorts, case_rollup_cohort_departments`.execute(db);
    const sizes = (
      await sql<{
        now: number;
        daily: number;
        categories: number;
        deadlines: number;
        cohorts: number;
        cohort_departments: number;
      }>`
        select (select count(*) from case_rollup_now)::int8 as now,
          (select count(*) from case_rollup_daily)::int8 as daily,
          (select count(*) from case_rollup_categories)::int8 as categories,
          (select count(*) from case_rollup_deadlines)::int8 as deadlines,
          (select count(*) from case_rollup_cohorts)::int8 as cohorts,
          (select count(*) from case_rollup_cohort_departments)::int8 as cohort_departments`.execute(db)
    ).rows[0];

    const auth: Auth = {
      userId: '00000000-0000-0000-0000-000000000000',
      username: 'bench',
      displayName: 'bench',
      role: 'district_admin',
      areaCode: district,
      areaName: null,
      departmentCode: null,
      permissions: permissionsOf('district_admin'),
      sessionId: '',
      csrfToken: '',
      mustChangePassword: false,
      totpEnabled: false,
    };
    // Warm up, then time.
    for (let i = 0; i < 5; i++) await caseOverview(db, auth, {}, 'zh');
    const overviewMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      await caseOverview(db, auth, {}, 'zh');
      overviewMs.push(secondsSince(start) * 1000);
    }
    overviewMs.sort((a, b) => a - b);
    const overview = { p50: percentile(overviewMs, 0.5), p99: percentile(overviewMs, 0.99) };

    // The command centre's wall, first load: every panel's request at once, as the browser sends them.
    const panels: [string, () => Promise<unknown>][] = [
      [
        'today’s figures (cases, visits)',
        () => command.wallFigures(db, [casesWallSource, visitsWallSource], auth, undefined),
      ],
      ['map points, 7 days', () => command.points(db, auth, { days: 7 })],
      [
        'hot spots, 30 days',
        () => command.hotspots(db, auth, { days: 30, meters: 200, spanDays: 7, minCases: 5 }, 'zh'),
      ],
      [
        'community rankings, 30 days',
        () => command.rankings(db, auth, { groupBy: 'community', indicator: 'onTimeRate' }, 'zh'),
      ],
      ['resources summary', () => computeSummary(db, district, new Date().getUTCFullYear())],
    ];
    const wallLoad = () => Promise.all(panels.map(([, load]) => load()));
    // The same wall with the rankings as they were before the cohort rollups (migration 0039): the
    // base tables' figures (`figuresOf`, a GROUP BY over 30 days of cases and their steps).
    const baseRankings: [string, () => Promise<unknown>] = [
      'community rankings from the base tables (before 0039)',
      () => figuresOf(db, { areaCode: district }, { groupBy: 'community' }, 'zh'),
    ];
    const wallBaseLoad = () =>
      Promise.all(
        [...panels.filter(([name]) => !name.startsWith('community')), baseRankings].map(([, load]) => load()),
      );
    await wallLoad();
    await wallBaseLoad();
    // Each panel alone, one after another (best of three): which panel the first load waits for.
    const panelMs: Record<string, number> = {};
    for (const [name, load] of [...panels, baseRankings]) {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const start = process.hrtime.bigint();
        await load();
        best = Math.min(best, secondsSince(start) * 1000);
      }
      panelMs[name] = best;
    }
    // The map points and hot spots as they were before migration 0041, in the same run: in a
    // transaction that drops `cases_points_idx` (rolled back; the panels run one after another on
    // its connection), the points through `cases_reported_idx` and the table, the hot spots
    // clustered by the library comparing every pair (the names of categories and grids left out).
    const DAY = 86_400_000;
    const before0041: [string, (trx: Db) => Promise<unknown>][] = [
      ['map points, 7 days, before 0041', (trx) => command.points(trx, auth, { days: 7 })],
      [
        'hot spots, 30 days, before 0041 (points, clustering)',
        async (trx) => {
          const now = new Date();
          const rows = await casePoints(
            trx,
            district,
            { from: new Date(now.getTime() - 30 * DAY), until: now },
            { limit: 5_000 },
          );
          return findHotspots(rows, { meters: 200, days: 7, minCases: 5 }, now, 'all');
        },
      ],
    ];
    await db
      .transaction()
      .execute(async (trx) => {
        await sql`drop index cases_points_idx`.execute(trx);
        for (const [name, load] of before0041) {
          let best = Number.POSITIVE_INFINITY;
          for (let i = 0; i < 4; i++) {
            const start = process.hrtime.bigint();
            await load(trx);
            if (i > 0) best = Math.min(best, secondsSince(start) * 1000);
          }
          panelMs[name] = best;
        }
        throw new Error('rollback');
      })
      .catch((e) => {
        if (e.message !== 'rollback') throw e;
      });
    // Alternately, so both see the same machine.
    const wallMs: number[] = [];
    const wallBaseMs: number[] = [];
    for (let i = 0; i < wallRuns; i++) {
      for (const [load, times] of [
        [wallLoad, wallMs],
        [wallBaseLoad, wallBaseMs],
      ] as const) {
        const start = process.hrtime.bigint();
        await load();
        times.push(secondsSince(start) * 1000);
      }
    }
    wallMs.sort((a, b) => a - b);
    wallBaseMs.sort((a, b) => a - b);
    const wall = { p50: percentile(wallMs, 0.5), p99: percentile(wallMs, 0.99) };
    const wallBase = { p50: percentile(wallBaseMs, 0.5), p99: percentile(wallBaseMs, 0.99) };

    // The reference with PostgreSQL's default settings (parallel workers allowed): its best showing.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const plainMs: number[] = [];
    for (let i = 0; i < plainRuns; i++) {
      const start = process.hrtime.bigint();
      await plainOverview(client, district.slice(0, 6));
      plainMs.push(secondsSince(start) * 1000);
    }
    await client.end();
    plainMs.sort((a, b) => a - b);
    const plain = { p50: percentile(plainMs, 0.5), best: plainMs[0] };
    const speedup = plain.p50 / overview.p50;

    const f = (ms: number) => ms.toFixed(ms < 10 ? 2 : 0);
    printTable(`dashboard: district overview over ${total.toLocaleString()} cases (${grids} grids)`, [
      ['query', 'runs', 'p50 ms', 'p99 ms', 'vs plain', 'target'],
      ['plain GROUP BY over cases (reference)', String(plainRuns), f(plain.p50), '', '1×', ''],
      [
        'overview from the rollup',
        String(runs),
        f(overview.p50),
        f(overview.p99),
        `${speedup.toFixed(0)}×`,
        overview.p50 < 50 && speedup >= 50 ? 'met' : 'MISSED (p50 < 50 ms, ≥ 50×)',
      ],
      [
        'command wall, first load (all panels at once)',
        String(wallRuns),
        f(wall.p50),
        f(wall.p99),
        `${(plain.p50 / wall.p50).toFixed(1)}×`,
        plain.p50 / wall.p50 >= 50 ? 'met' : 'MISSED (≥ 50×)',
      ],
      [
        '  the same, rankings from the base tables (before 0039)',
        String(wallRuns),
        f(wallBase.p50),
        f(wallBase.p99),
        `${(plain.p50 / wallBase.p50).toFixed(1)}×`,
        '',
      ],
    ]);
    printTable('command wall: each panel alone (best of 3)', [
      ['panel', 'ms'],
      ...Object.entries(panelMs).map(([name, ms]) => [name, f(ms)]),
    ]);
    printTable('building and keeping the rollup', [
      ['what', 'figure'],
      ...(loadSeconds === null
        ? []
        : [
            ['load cases, no triggers (s)', loadSeconds.toFixed(1)],
            ['build case indexes (s)', (indexSeconds ?? 0).toFixed(1)],
          ]),
      ['refreshRollup from scratch (s)', rollupSeconds.toFixed(1)],
      [
        `insert ${sample.toLocaleString()} cases without / with rollup triggers (s)`,
        `${insertPlain.toFixed(2)} / ${insertTriggered.toFixed(2)}`,
      ],
      [`the same with triggers, without cases_points_idx (0041) (s)`, insertNoPointsIndex.toFixed(2)],
      [
        'rollup rows: now / daily / categories / deadlines / cohorts / cohorts per department',
        `${sizes.now} / ${sizes.daily} / ${sizes.categories} / ${sizes.deadlines} / ${sizes.cohorts} / ${sizes.cohort_departments}`,
      ],
    ]);
    const file = writeResults('dashboard', {
      cases: total,
      grids,
      runs,
      overview,
      wall: { ...wall, runs: wallRuns, panels: panelMs },
      wallBaseRankings: wallBase,
      plain: { ...plain, runs: plainRuns },
      speedup,
      loadSeconds,
      indexSeconds,
      rollupSeconds,
      triggerCost: {
        rows: sample,
        withoutSeconds: insertPlain,
        withSeconds: insertTriggered,
        withoutPointsIndexSeconds: insertNoPointsIndex,
      },
      rollupRows: sizes,
    });
    console.log(`\nwritten to ${file}`);
  } finally {
    await database.close();
  }
}
