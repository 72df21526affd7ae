/**
 * `npm run bench -- web`: what the browser downloads and how fast the map draws.
 *
 * - Bundles: the web app is built afresh, and Vite's manifest says which chunks each page loads.
 *   The figure is gzipped JavaScript: the field app whole (it is cached for offline use), and the
 *   console at first load, for its heaviest page (first load plus that page's lazy chunks) and in all.
 * - Map: every grid of the city demo (~30,000, in 16 districts) drawn by the console's map page in
 *   headless Chromium. The demo's accounts each see one district, so the page's three boundary
 *   requests are answered with the whole city, read from the city database by the same query the
 *   API runs. "Drawn" is the page's own `cg:grids-drawn` measure: from receiving the grids to the
 *   frame after they are painted. (Opening the page takes longer here, about 10 s, because
 *   Playwright hands the 45 MB of boundaries to the page uncompressed through its own channel.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../e2e/chromium.ts';
import { buildApp } from '../server/src/app.ts';
import type { AreaLevel } from '../server/src/geo/geojson.ts';
import { featureCollection } from '../server/src/modules/areas/areas.repository.ts';
import { BENCH_PASSWORD, openDemo } from './demo.ts';
import { type BenchOptions, intOption, printTable, writeResults } from './report.ts';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'web', 'dist');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
}

function bundleSizes() {
  execFileSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const manifest: Record<string, ManifestChunk> = JSON.parse(
    readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'),
  );
  const gzipped = new Map<string, number>();
  const sizeOf = (file: string) => {
    let size = gzipped.get(file);
    if (size === undefined) {
      size = file.endsWith('.js') ? gzipSync(readFileSync(join(dist, file))).length : 0;
      gzipped.set(file, size);
    }
    return size;
  };
  /** The chunk and what it imports (statically: what loading it costs; with `lazy`, all it can reach). */
  const closure = (key: string, lazy: boolean, into = new Set<string>()) => {
    if (into.has(key)) return into;
    into.add(key);
    const chunk = manifest[key]!;
    for (const next of [...(chunk.imports ?? []), ...((lazy && chunk.dynamicImports) || [])])
      closure(next, lazy, into);
    return into;
  };
  const total = (keys: Iterable<string>) => {
    let bytes = 0;
    for (const key of keys) bytes += sizeOf(manifest[key]!.file);
    return bytes;
  };

  const firstLoad = closure('index.html', false);
  let heaviest = { page: '', bytes: 0 };
  for (const page of manifest['index.html']!.dynamicImports ?? []) {
    const bytes = total(closure(page, false, new Set(firstLoad)));
    if (bytes > heaviest.bytes) heaviest = { page, bytes };
  }
  return {
    field: total(closure('field.html', true)),
    consoleFirstLoad: total(firstLoad),
    consoleHeaviestPage: heaviest,
    consoleAll: total(closure('index.html', true)),
  };
}

export async function run(options: BenchOptions) {
  const runs = intOption(options, 'runs', 3);
  console.error('Building the web app…');
  const sizes = bundleSizes();

  const { config, database, pii } = await openDemo(options, 'city');
  const districts = await database.db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'district')
    .where('retired_at', 'is', null)
    .orderBy('code')
    .execute();
  /** One level's boundaries in the whole city, as `/api/areas.geojson` answers for one district. */
  const cityLevel = async (level: AreaLevel) => {
    const features = [];
    for (const { code } of districts)
      features.push(...JSON.parse(await featureCollection(database.db, code, level)).features);
    return { body: JSON.stringify({ type: 'FeatureCollection', features }), count: features.length };
  };
  const levels = {
    grid: await cityLevel('grid'),
    community: await cityLevel('community'),
    street: await cityLevel('street'),
  };

  // Development mode: production would make the demo accounts enrol TOTP before reading anything.
  const app = await buildApp({ config: { ...config, nodeEnv: 'development' }, db: database.db, pii });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchChromium();
  const drawn: number[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.route('**/api/areas.geojson?level=*', (route) => {
      const level = new URL(route.request().url()).searchParams.get('level') as keyof typeof levels;
      return route.fulfill({ status: 200, contentType: 'application/geo+json', body: levels[level].body });
    });
    await page.goto(`${base}/login`);
    await page.fill('[data-testid=login-username]', 'admin');
    await page.fill('[data-testid=login-password]', BENCH_PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=side-menu]');
    for (let i = 0; i < runs; i++) {
      await page.goto(`${base}/map`);
      await page.waitForSelector(`[data-testid=map][data-grids-drawn="${levels.grid.count}"]`, {
        timeout: 120_000,
      });
      const measure = await page.evaluate(
        () => performance.getEntriesByName('cg:grids-drawn', 'measure').at(-1)?.duration ?? null,
      );
      if (measure === null) throw new Error('The map page recorded no cg:grids-drawn measure');
      drawn.push(measure);
    }
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
  drawn.sort((a, b) => a - b);
  const median = drawn[Math.floor(drawn.length / 2)]!;

  const verdict = (ok: boolean, target: string) => (ok ? 'met' : `MISSED (${target})`);
  const rows = [
    ['what', 'figure', 'target'],
    ['field app, all of it (gzipped JS)', kb(sizes.field), verdict(sizes.field <= 250 * 1024, '≤ 250 KB')],
    ['console, first load', kb(sizes.consoleFirstLoad), ''],
    [
      `console, heaviest page (${sizes.consoleHeaviestPage.page.split('/').at(-1)})`,
      kb(sizes.consoleHeaviestPage.bytes),
      verdict(sizes.consoleHeaviestPage.bytes <= 700 * 1024, '≤ 700 KB'),
    ],
    ['console, every page together', kb(sizes.consoleAll), ''],
    [
      `${levels.grid.count.toLocaleString('en')} grids drawn (median of ${drawn.length})`,
      `${median.toFixed(0)} ms`,
      verdict(median < 1500, '< 1.5 s'),
    ],
  ];
  printTable('web: bundles and the city map', rows);
  console.log(`\nwritten to ${writeResults('web', { ...sizes, grids: levels.grid.count, drawnMs: drawn })}`);
}
