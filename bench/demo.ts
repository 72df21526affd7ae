import { join } from 'node:path';
import { loadConfig } from '../server/src/config.ts';
import { GridIndex } from '../server/src/modules/areas/grid-index.ts';
import { hasData, loadDemo, type Scale } from '../server/src/modules/demo/demo.service.ts';
import { loadPii } from '../server/src/platform/pii.ts';
import { openDatabase } from '../server/src/runtime.ts';
import type { BenchOptions } from './report.ts';

/** The password of the benchmark demos' accounts. */
export const BENCH_PASSWORD = 'bench-Password-1';

/**
 * The demo a benchmark runs on, in its own DATA_DIR (`--data-dir`, default bench/.data/<scale>),
 * loaded once and kept between runs: the district for `api` and `import`, the city (areas and
 * accounts only) for `web`.
 */
export async function openDemo(options: BenchOptions, scale: Scale = 'district') {
  const dataDir = options['data-dir'] ?? join(import.meta.dirname, '.data', scale);
  const config = {
    ...loadConfig({ ...process.env, DATA_DIR: dataDir, NODE_ENV: 'production' }),
    demoPassword: BENCH_PASSWORD,
  };
  const database = await openDatabase(config, 'server', (m) => console.error(m));
  const pii = loadPii(config, { ...process.env, CIVICGRID_DATA_KEY: '' });
  if (!(await hasData(database.db))) {
    console.error(`Loading the ${scale} demo (once; kept in`, dataDir, ')…');
    await loadDemo(database.db, new GridIndex(database.db), pii, {
      seed: 1,
      scale,
      password: BENCH_PASSWORD,
    });
  }
  return { config, database, pii };
}
