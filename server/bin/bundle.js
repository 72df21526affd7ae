// Where the server bundle (scripts/build-server.mjs) lives, and whether it is newer than every
// source it was built from. Plain JavaScript, so that the command line can ask before loading tsx.
import fs from 'node:fs';
import path from 'node:path';

const server = path.resolve(import.meta.dirname, '..');
const dist = path.join(server, 'dist');

export const serverBundle = {
  main: path.join(dist, 'main.js'),
  stamp: path.join(dist, '.built'),
};

/** The newest modification time among the server's sources (tests excluded: not in the bundle). */
function newestSource(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'test') latest = Math.max(latest, newestSource(full));
    } else if (!entry.name.endsWith('.test.ts')) {
      latest = Math.max(latest, fs.statSync(full).mtimeMs);
    }
  }
  return latest;
}

/** True when server/dist holds a complete bundle built after the last change to server/src. */
export function bundleIsFresh() {
  let built;
  try {
    built = fs.statSync(serverBundle.stamp).mtimeMs;
  } catch {
    return false;
  }
  const sources = Math.max(
    newestSource(path.join(server, 'src')),
    fs.statSync(path.join(server, 'package.json')).mtimeMs,
  );
  return built >= sources;
}
