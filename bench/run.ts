/**
 * `npm run bench -- <name> [--seed N] [--points N] …` runs bench/<name>.ts.
 * Each benchmark prints one table and writes the same figures to bench/results/<name>.json.
 */
import type { BenchOptions } from './report.ts';

const benchmarks: Record<string, () => Promise<{ run: (options: BenchOptions) => Promise<void> }>> = {
  locate: () => import('./locate.ts'),
  api: () => import('./api.ts'),
  dashboard: () => import('./dashboard.ts'),
  import: () => import('./import.ts'),
  export: () => import('./export.ts'),
  start: () => import('./start.ts'),
  web: () => import('./web.ts'),
  units: () => import('./units.ts'),
  alarms: () => import('./alarms.ts'),
};

function parseOptions(args: string[]): BenchOptions {
  const options: BenchOptions = {};
  for (let i = 0; i < args.length; i++) {
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(args[i]);
    if (!match) throw new Error(`unexpected argument ${args[i]}`);
    const value = match[2] ?? args[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value`);
    options[match[1]] = value;
  }
  return options;
}

const [name, ...rest] = process.argv.slice(2);
const load = name ? benchmarks[name] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(benchmarks).join('|')}> [--seed N] [--points N]`);
  process.exit(2);
}
try {
  await (await load()).run(parseOptions(rest));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
