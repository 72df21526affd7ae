// Bundles the server's TypeScript into server/dist with esbuild, so that a production start loads
// a few files of JavaScript instead of compiling hundreds of modules through tsx (restart 6–9 s →
// about 2 s). Packages in node_modules stay external: they are loaded as installed.
// `node scripts/build-server.mjs` builds; `npm run build` runs it after the web build.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { serverBundle } from '../server/bin/bundle.js';

const server = path.resolve(import.meta.dirname, '..', 'server');

export async function buildServer() {
  const outdir = path.join(server, 'dist');
  fs.rmSync(outdir, { recursive: true, force: true });
  await build({
    // The import worker is started by file name (import.runner.ts), so it is an entry of its own,
    // beside main.js: both resolve the other through import.meta.url in the same folder.
    entryPoints: [
      path.join(server, 'src', 'main.ts'),
      path.join(server, 'src', 'modules', 'ledgers', 'import.worker.ts'),
    ],
    outdir,
    entryNames: '[name]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // Written last: its time is what the freshness check compares the sources with.
  fs.writeFileSync(serverBundle.stamp, `${new Date().toISOString()}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  await buildServer();
  console.error(`Bundled the server into server/dist (${Date.now() - started} ms).`);
}
