// Builds the web app and the server bundle only when their sources are newer than the last build,
// so that a second `npm start` is up in seconds.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleIsFresh } from '../server/bin/bundle.js';
import { buildServer } from './build-server.mjs';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'web');
const built = path.join(web, 'dist', 'index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

const sources = Math.max(
  newest(path.join(web, 'src')),
  ...['index.html', 'vite.config.ts', 'package.json'].map((f) => fs.statSync(path.join(web, f)).mtimeMs),
);
if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sources) {
  console.error('Building the web app…');
  execSync('npm run build -w web', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
if (!bundleIsFresh()) {
  console.error('Bundling the server…');
  await buildServer();
}
