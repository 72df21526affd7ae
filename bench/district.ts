import { join } from 'node:path';
import { loadConfig } from '../server/src/config.ts';
import { GridIndex } from '../server/src/modules/areas/areas.index.ts';
import { hasData, loadDemo } from '../server/src/modules/demo/demo.service.ts';
import { loadPii } from '../server/src/platform/pii.ts';
import { openDatabase } from '../server/src/runtime.ts';
import type { BenchOptions } from './report.ts';

/** The password of the benchmark district's demo accounts. */
export const BENCH_PASSWORD = 'bench-Password-1';

/**
 * The district demo the `api` and `import` benchmarks run on, in its own DATA_DIR (`--data-dir`,
 * default bench/.data/district), loaded once and kept between runs.
 */
export async function openDistrict(options: BenchOptions) {
  const dataDir = options['data-dir'] ?? join(import.meta.dirname, '.data', 'district');
  const config = {
    ...loadConfig({ ...process.env, DATA_DIR: dataDir, NODE_ENV: 'production' }),
    demoPassword: BENCH_PASSWORD,
  };
  const database = await openDatabase(config, 'server', (m) => console.error(m));
  const pii = loadPii(config, { ...process.env, CIVICGRID_DATA_KEY: '' });
  if (!(await hasData(database.db))) {
    console.error('Loading the district demo (once; kept in', dataDir, ')…');
    await loadDemo(database.db, new GridIndex(database.db), pii, {
      seed: 1,
      scale: 'district',
      password: BENCH_PASSWORD,
    });
  }
  return { config, database, pii };
}
