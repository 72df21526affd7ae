/**
 * units: the speed and memory figures that used to be limits inside unit tests (where a loaded
 * two-core CI machine made them flaky). Each is measured here, printed against its target, and
 * kept in bench/results/units.json; the unit tests keep only what is true on any machine.
 *
 * - 50,000 working-day deadlines (cases/calendar.ts): target under 1 s.
 * - The demo generators: city-scale areas (~30,000 grids) under 15 s on one core; the demo
 *   district's population (~300,000 people) under 10 s.
 * - Reading a 200,000-row CSV ledger (ledgers/reader.ts): resident memory growth under 100 MB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHINA_PUBLIC_HOLIDAYS, WorkingCalendar } from '../server/src/modules/cases/calendar.ts';
import { generateAreas } from '../server/src/modules/demo/areas.generator.ts';
import { type GridInput, generatePopulation } from '../server/src/modules/demo/population.generator.ts';
import { readLedger } from '../server/src/modules/ledgers/reader.ts';
import { type BenchOptions, printTable, secondsSince, writeResults } from './report.ts';

function deadlines(): number {
  const calendar = new WorkingCalendar(new Map(CHINA_PUBLIC_HOLIDAYS.map((d) => [d.day, d.kind])));
  const start = Date.parse('2026-01-01T00:00:00+08:00');
  const began = process.hrtime.bigint();
  for (let i = 0; i < 50_000; i++) calendar.addWorkingHours(new Date(start + i * 600_000), (i % 80) + 0.5);
  return secondsSince(began);
}

function cityAreas(): number {
  const began = process.hrtime.bigint();
  generateAreas({ seed: 7, scale: 'city' });
  return secondsSince(began);
}

function population(): number {
  const areas = generateAreas({ seed: 1, scale: 'district' });
  const grids: GridInput[] = areas
    .filter((area) => area.level === 'grid')
    .map((grid) => ({
      code: grid.code,
      boundary: grid.boundary,
      households: grid.households!,
      population: grid.population,
    }));
  const began = process.hrtime.bigint();
  let people = 0;
  for (const grid of generatePopulation({ seed: 1, grids, areas })) people += grid.people.length;
  if (people < 250_000) throw new Error(`only ${people} people generated`);
  return secondsSince(began);
}

async function ledgerMemory(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-units-'));
  const file = path.join(dir, 'big.csv');
  try {
    // Written a thousand lines at a time, so that the file's text is not in memory when reading starts.
    fs.writeFileSync(file, '姓名,身份证号,性别,出生日期,联系电话,现住址,户籍类别,迁入日期\n');
    for (let i = 0; i < 200_000; i += 1000) {
      let chunk = '';
      for (let j = i; j < i + 1000; j++)
        chunk += `居民${j},44030519900101${String(j % 10000).padStart(4, '0')},男,1990-01-01,138${String(j).padStart(8, '0')},"南湖区湖贝街道 桃源路 ${j % 90} 号",户籍,2020-05-01\n`;
      fs.appendFileSync(file, chunk);
    }
    const before = process.memoryUsage().rss;
    let peak = before;
    let count = 0;
    for await (const event of readLedger(file)) {
      if (event.kind !== 'row') continue;
      if (++count % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    return (peak - before) / 1e6;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(_options: BenchOptions): Promise<void> {
  const figures = {
    deadlinesSeconds: deadlines(),
    cityAreasSeconds: cityAreas(),
    populationSeconds: population(),
    ledgerRssGrowthMb: await ledgerMemory(),
  };
  const row = (what: string, value: number, unit: string, target: number) => [
    what,
    `${value.toFixed(2)} ${unit}`,
    `< ${target} ${unit}`,
    value < target ? 'ok' : 'MISSED',
  ];
  printTable('units', [
    ['measure', 'value', 'target', ''],
    row('50,000 deadlines', figures.deadlinesSeconds, 's', 1),
    row('city-scale areas', figures.cityAreasSeconds, 's', 15),
    row('demo population', figures.populationSeconds, 's', 10),
    row('200,000-row ledger, RSS growth', figures.ledgerRssGrowthMb, 'MB', 100),
  ]);
  console.log(`\nwritten to ${writeResults('units', figures)}`);
}
