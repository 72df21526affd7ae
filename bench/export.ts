/**
 * `npm run bench -- export [--format csv|xlsx] [--password P] [--data-dir D]`: the whole district's
 * people (~300,000 rows) through `GET /api/people/export` over HTTP, against `COPY (SELECT …) TO
 * STDOUT` of the same rows and columns in the same run. Figures: time to the first byte, total
 * time, rows per second, and the growth of this process's resident set (server and client both
 * run here) over the export, sampled every 20 ms.
 *
 * Runs on the district demo under bench/.data/district (made once), or on --data-dir.
 */
import http from 'node:http';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { buildApp } from '../server/src/app.ts';
import { prefixOf } from '../server/src/geo/area-code.ts';
import { BENCH_PASSWORD, openDemo } from './demo.ts';
import { type BenchOptions, printTable, secondsSince, writeResults } from './report.ts';

interface Measured {
  firstByte: number;
  total: number;
  bytes: number;
  lines: number;
  peakRssGrowthMb: number;
  /** The same over the first quarter of the time: flat memory has reached its peak by then. */
  firstQuarterPeakRssGrowthMb: number;
}

/** Consumes a stream of bytes, timing its first byte and its end and counting lines. */
async function drain(open: () => Promise<AsyncIterable<Buffer>>): Promise<Measured> {
  global.gc?.();
  const baseline = process.memoryUsage.rss();
  const start = process.hrtime.bigint();
  let peak = baseline;
  const samples: { at: number; rss: number }[] = [];
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    peak = Math.max(peak, rss);
    samples.push({ at: secondsSince(start), rss });
  }, 20);
  let firstByte = 0;
  let bytes = 0;
  let lines = 0;
  try {
    for await (const chunk of await open()) {
      if (bytes === 0) firstByte = secondsSince(start);
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    }
  } finally {
    clearInterval(sampler);
  }
  const total = secondsSince(start);
  const early = Math.max(baseline, ...samples.filter((x) => x.at <= total / 4).map((x) => x.rss));
  return {
    firstByte,
    total,
    bytes,
    lines,
    peakRssGrowthMb: (peak - baseline) / 1e6,
    firstQuarterPeakRssGrowthMb: (early - baseline) / 1e6,
  };
}

export async function run(options: BenchOptions) {
  const format = options.format === 'xlsx' ? 'xlsx' : 'csv';
  const { config, database, pii } = await openDemo(options);
  const app = await buildApp({
    config: { ...config, nodeEnv: 'development' },
    db: database.db,
    pii,
    databaseUrl: database.url,
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: options.password ?? BENCH_PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`login admin: ${login.body}`);
  const cookie = `cg_session=${login.cookies.find((c) => c.name === 'cg_session')!.value}`;
  const area = login.json().user.areaCode as string;

  const api = await drain(
    () =>
      new Promise((resolve, reject) =>
        http
          .get(`${base}/api/people/export?format=${format}`, { headers: { cookie } }, (response) =>
            response.statusCode === 200
              ? resolve(response)
              : reject(new Error(`export: ${response.statusCode}`)),
          )
          .on('error', reject),
      ),
  );

  // The same rows and columns, as the database writes them without CivicGrid.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const copy = await drain(
    async () =>
      client.query(
        copyTo(`copy (
        select p.name, p.id_number_mask, p.sex, p.birth_date, p.phone_mask, p.residency, p.relation,
               b.address || ' ' || h.room,
               (select string_agg(t.name_zh, '、' order by t.sort) from person_tags pt
                  join tags t on t.code = pt.tag_code where pt.person_id = p.id),
               p.move_in_date, p.grid_code, p.retired_at is not null, p.updated_at
        from people p
        left join houses h on h.id = p.house_id
        left join buildings b on b.id = h.building_id
        where p.grid_code like '${prefixOf(area)}%' and p.retired_at is null
        order by p.name, p.id
      ) to stdout with (format csv)`),
      ) as unknown as AsyncIterable<Buffer>,
  );
  await client.end();

  const rate = (m: Measured) => m.lines / m.total;
  const rows = [
    [
      '',
      'rows',
      'MB',
      'first byte',
      'total',
      'rows/s',
      'first byte / total',
      'peak RSS growth (first quarter / all)',
    ],
    ...(
      [
        [`GET /api/people/export (${format})`, api, format === 'csv' ? api.lines - 1 : null],
        ['COPY (SELECT …) TO STDOUT', copy, copy.lines],
      ] as const
    ).map(([name, m, n]) => [
      name,
      n === null ? '—' : n.toLocaleString('en'),
      (m.bytes / 1e6).toFixed(1),
      `${(m.firstByte * 1000).toFixed(0)} ms`,
      `${m.total.toFixed(2)} s`,
      n === null ? '—' : Math.round(n / m.total).toLocaleString('en'),
      `${((m.firstByte / m.total) * 100).toFixed(1)}%`,
      `${m.firstQuarterPeakRssGrowthMb.toFixed(0)} / ${m.peakRssGrowthMb.toFixed(0)} MB`,
    ]),
  ];
  printTable(`People export of the whole district (${area}), against COPY of the same rows`, rows);
  const ratio = format === 'csv' ? rate(api) / rate(copy) : null;
  if (ratio !== null) console.log(`\nexport rate / COPY rate: ${(ratio * 100).toFixed(0)}% (target ≥ 50%)`);
  console.log(`first byte at ${((api.firstByte / api.total) * 100).toFixed(1)}% of the export (target < 5%)`);
  const file = writeResults('export', { format, area, api, copy, rateVsCopy: ratio });
  console.log(`\nWritten to ${file}`);
  await app.close();
  await database.close();
}
