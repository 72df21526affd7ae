/**
 * `npm run bench -- import [--rows N] [--xlsx-rows N] [--only csv|xlsx]`: a department ledger of new residents
 * (default 1,000,000 rows, as CSV and as XLSX) imported through the real pipeline — parse,
 * validate (ID check digit, dates, phone), locate (address → house → grid), de-duplicate against
 * the registry, write with history — against COPY of the rows it wrote into an indexed copy of
 * `people` (the reference of BENCHMARKS.md), and, for scale, COPY of the CSV into an unindexed table. Peak memory is the resident set of this process (the import's worker thread included),
 * sampled every 50 ms.
 *
 * Runs on the district demo under bench/.data/district (made once), in a throwaway clone of its
 * database, so the registry is the same for every run.
 */
import fs from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createDb, type Db } from '../server/src/db/database.ts';
import { GridIndex } from '../server/src/modules/areas/grid-index.ts';
import { loadLedgerTypes } from '../server/src/modules/ledgers/catalog.ts';
import { actingAs } from '../server/src/modules/ledgers/ledgers.cli.ts';
import * as ledgers from '../server/src/modules/ledgers/ledgers.service.ts';
import { idCheckChar } from '../server/src/modules/registry/identity.ts';
import { excel } from '../server/src/platform/exceljs.ts';
import { openDemo } from './demo.ts';
import { type BenchOptions, intOption, printTable, secondsSince, writeResults } from './report.ts';

const HEADER = ['姓名', '公民身份号码', '性别', '出生日期', '联系电话', '现住址', '户籍类别', '迁入日期'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';

/** Row i of the ledger: a new resident (region `region`, nobody in the demo has it) at an existing house. */
function residentRow(i: number, region: string, addresses: string[]): string[] {
  const born = new Date(Date.UTC(1950, 0, 1 + Math.floor(i / 1000)));
  const ymd = born.toISOString().slice(0, 10);
  const first17 = `${region}${ymd.replaceAll('-', '')}${String(i % 1000).padStart(3, '0')}`;
  const male = Number(first17[16]) % 2 === 1;
  const name =
    SURNAMES[i % SURNAMES.length] +
    GIVEN[(i * 7) % GIVEN.length] +
    (i % 3 ? GIVEN[(i * 13) % GIVEN.length] : '');
  return [
    name,
    first17 + idCheckChar(first17),
    male ? '男' : '女',
    ymd,
    `13${String(100_000_000 + i).slice(-9)}`,
    addresses[i % addresses.length],
    i % 4 ? '户籍' : '非户籍',
    i % 5 ? '' : '2025/6/1',
  ];
}

async function writeCsv(file: string, rows: number, region: string, addresses: string[]) {
  const out = fs.createWriteStream(file);
  const quote = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  let chunk = `${HEADER.join(',')}\n`;
  for (let i = 0; i < rows; i++) {
    chunk += `${residentRow(i, region, addresses).map(quote).join(',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.on('finish', () => r()));
}

async function writeXlsx(file: string, rows: number, region: string, addresses: string[]) {
  const workbook = new (excel().stream.xlsx.WorkbookWriter)({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('户籍人口');
  sheet.addRow(HEADER).commit();
  for (let i = 0; i < rows; i++) sheet.addRow(residentRow(i, region, addresses)).commit();
  sheet.commit();
  await workbook.commit();
}

/** COPY of the CSV into an unindexed table of text columns: the fastest PostgreSQL takes rows in. */
async function copyFloor(url: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `create unlogged table bench_floor (${HEADER.map((_, i) => `c${i} text`).join(', ')})`,
    );
    const start = process.hrtime.bigint();
    await pipeline(
      fs.createReadStream(file),
      client.query(copyFrom(`copy bench_floor from stdin with (format csv, header true)`)),
    );
    const seconds = secondsSince(start);
    await client.query('drop table bench_floor');
    return seconds;
  } finally {
    await client.end();
  }
}

/**
 * The reference BENCHMARKS.md names: the rows the import wrote to `people`, COPY'd into a copy of
 * `people` with its indexes, constraints and foreign keys — what PostgreSQL itself needs to take
 * those rows in. The rows are read out first (not timed), in the table's own binary format.
 */
async function copyIndexed(
  url: string,
  file: string,
  importedSince: Date,
): Promise<{ rows: number; seconds: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create table bench_people (like people including all)');
    const fks = await client.query<{ def: string }>(
      `select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'people'::regclass and contype = 'f'`,
    );
    for (const { def } of fks.rows) await client.query(`alter table bench_people add ${def}`);
    const rows = file.replace(/\.csv$/, '.people.bin');
    await pipeline(
      client.query(
        copyTo(
          `copy (select * from people where created_at >= '${importedSince.toISOString()}') to stdout with (format binary)`,
        ),
      ),
      fs.createWriteStream(rows),
    );
    await client.query('checkpoint');
    const start = process.hrtime.bigint();
    const result = client.query(copyFrom('copy bench_people from stdin with (format binary)'));
    await pipeline(fs.createReadStream(rows), result);
    const seconds = secondsSince(start);
    fs.rmSync(rows);
    await client.query('drop table bench_people');
    return { rows: result.rowCount ?? 0, seconds };
  } finally {
    await client.end();
  }
}

function memorySampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

async function importFile(ctx: ledgers.LedgersContext, db: Db, file: string) {
  const admin = await actingAs(db, 'admin');
  const memory = memorySampler();
  const start = process.hrtime.bigint();
  const id = await ledgers.createImport(ctx, admin, {
    ledgerType: 'ps_registered_population',
    fileName: file,
    filePath: file,
  });
  await ledgers.runValidation(ctx, id);
  const validated = secondsSince(start);
  await ledgers.prepareCommit(ctx, admin, id);
  await ledgers.runCommit(ctx, id);
  const total = secondsSince(start);
  const peak = memory.stop();
  const imp = await ledgers.getImport(ctx, admin, id, 'en');
  if (imp.state !== 'done' || imp.counts.rejected > 0)
    throw new Error(`import ${id} ended ${imp.state} with ${imp.counts.rejected} rejected rows`);
  return {
    seconds: total,
    validateSeconds: validated,
    commitSeconds: total - validated,
    peakMb: peak / 1024 / 1024,
    counts: imp.counts,
  };
}

/**
 * The ledgers for this many rows, written once. The houses' addresses are read only to write a
 * missing file, and are not kept: the import's peak memory is measured in this process.
 */
async function ledgerFiles(db: Db, work: string, rows: number, xlsxRows: number) {
  const csvFile = join(work, `residents-${rows}.csv`);
  const xlsxFile = join(work, `residents-${xlsxRows}.xlsx`);
  const writeCsvFile = !fs.existsSync(csvFile);
  const writeXlsxFile = xlsxRows > 0 && !fs.existsSync(xlsxFile);
  if (!writeCsvFile && !writeXlsxFile) return { csvFile, xlsxFile };
  const addresses = (
    await db
      .selectFrom('houses as h')
      .innerJoin('buildings as b', 'b.id', 'h.building_id')
      .select(['b.address', 'h.room'])
      .where('h.retired_at', 'is', null)
      .orderBy('h.id')
      .execute()
  ).map((h) => `${h.address} ${h.room}`);
  if (writeCsvFile) {
    console.error(`Writing ${csvFile}…`);
    await writeCsv(csvFile, rows, '542621', addresses);
  }
  if (writeXlsxFile) {
    console.error(`Writing ${xlsxFile}…`);
    await writeXlsx(xlsxFile, xlsxRows, '542622', addresses);
  }
  return { csvFile, xlsxFile };
}

export async function run(options: BenchOptions) {
  const rows = intOption(options, 'rows', 1_000_000);
  const xlsxRows = intOption(options, 'xlsx-rows', rows);
  const { database, pii } = await openDemo(options);
  const work = join(import.meta.dirname, '.data', 'import');
  fs.mkdirSync(work, { recursive: true });
  await loadLedgerTypes(database.db);
  const { csvFile, xlsxFile } = await ledgerFiles(database.db, work, rows, xlsxRows);

  // A clone of the district database for this run, dropped afterwards.
  const name = new URL(database.url).pathname.slice(1);
  const adminUrl = database.embedded?.adminUrl ?? database.url.replace(/\/[^/]+$/, '/postgres');
  await database.db.destroy();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('drop database if exists cg_bench_import');
  console.error('Cloning the district database…');
  // Copied as files, not through the WAL, and checkpointed: the import is not timed against the
  // clone's own writes.
  await admin.query(`create database cg_bench_import template ${name} strategy file_copy`);
  await admin.query('checkpoint');
  const cloneUrl = database.url.replace(/\/[^/]+$/, '/cg_bench_import');
  const db = createDb(cloneUrl, 10);
  try {
    const ctx: ledgers.LedgersContext = { db, pii, gridIndex: new GridIndex(db), dataDir: work };
    const floor = await copyFloor(cloneUrl, csvFile);
    console.error(`Floor: COPY of ${rows.toLocaleString('en')} rows in ${floor.toFixed(1)} s.`);
    const only = options.only;
    if (only !== undefined && only !== 'csv' && only !== 'xlsx')
      throw new Error('--only must be csv or xlsx');
    const csvStart = new Date();
    const csv = only === 'xlsx' ? null : await importFile(ctx, db, csvFile);
    if (csv) console.error(`CSV: ${csv.seconds.toFixed(1)} s.`);
    const indexed = csv ? await copyIndexed(cloneUrl, csvFile, csvStart) : null;
    if (indexed)
      console.error(
        `Reference: COPY of the ${indexed.rows.toLocaleString('en')} imported people rows into an indexed copy of people in ${indexed.seconds.toFixed(1)} s.`,
      );
    const xlsx = xlsxRows > 0 && only !== 'csv' ? await importFile(ctx, db, xlsxFile) : null;
    const line = (label: string, n: number, r: NonNullable<typeof csv>) => [
      label,
      n.toLocaleString('en'),
      `${r.validateSeconds.toFixed(1)} s`,
      `${r.commitSeconds.toFixed(1)} s`,
      `${r.seconds.toFixed(1)} s`,
      Math.round(n / r.seconds).toLocaleString('en'),
      `${(r.seconds / ((floor * n) / rows)).toFixed(1)}×`,
      `${Math.round(r.peakMb)} MB`,
      indexed ? `${(r.seconds / ((indexed.seconds * n) / indexed.rows)).toFixed(1)}×` : '',
    ];
    printTable(
      `Ledger import (target: CSV ≤ 3×, XLSX ≤ 4× the indexed COPY of the same rows; peak memory < 500 MB)`,
      [
        [
          'file',
          'rows',
          'validate',
          'commit',
          'total',
          'rows/s',
          'vs unindexed COPY',
          'peak RSS',
          'vs indexed COPY',
        ],
        [
          'COPY floor',
          rows.toLocaleString('en'),
          '',
          '',
          `${floor.toFixed(1)} s`,
          Math.round(rows / floor).toLocaleString('en'),
          '1.0×',
          '',
          '',
        ],
        ...(indexed
          ? [
              [
                'COPY into indexed people',
                indexed.rows.toLocaleString('en'),
                '',
                '',
                `${indexed.seconds.toFixed(1)} s`,
                Math.round(indexed.rows / indexed.seconds).toLocaleString('en'),
                `${(indexed.seconds / ((floor * indexed.rows) / rows)).toFixed(1)}×`,
                '',
                '1.0×',
              ],
            ]
          : []),
        ...(csv ? [line('CSV', rows, csv)] : []),
        ...(xlsx ? [line('XLSX', xlsxRows, xlsx)] : []),
      ],
    );
    const file = writeResults('import', {
      rows,
      xlsxRows,
      floorSeconds: floor,
      indexedCopy: indexed,
      csv,
      xlsx,
    });
    console.log(`\nWritten to ${file}`);
  } finally {
    await db.destroy();
    await admin.query('drop database if exists cg_bench_import');
    await admin.end();
    await database.embedded?.stop();
  }
}
