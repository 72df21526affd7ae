import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { E2E_PASSWORD } from './harness.ts';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Loads the demo district once, with `civicgrid seed`, into a DATA_DIR that every e2e file then
 * copies and serves: a first start costs about a minute and a half, a copy and a restart seconds.
 */
export default function setup(project: TestProject) {
  // E2E_TEMPLATE=<dir>: a DATA_DIR seeded before (`DATA_DIR=<dir> DEMO_PASSWORD=e2e-Password-2026
  // NODE_ENV=test node server/bin/civicgrid.js seed`), reused as it is and left in place, so that
  // a rerun of one e2e file starts in seconds instead of seeding the district again.
  const reuse = process.env.E2E_TEMPLATE;
  if (reuse && fs.existsSync(path.join(reuse, 'demo-accounts.json'))) {
    project.provide('e2eTemplate', reuse);
    return;
  }
  const template = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-e2e-template-'));
  fs.chmodSync(template, 0o755);
  const seed = spawnSync(process.execPath, [path.join(root, 'server/bin/civicgrid.js'), 'seed'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: template, DEMO_PASSWORD: E2E_PASSWORD, NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (seed.status !== 0) {
    fs.rmSync(template, { recursive: true, force: true });
    throw new Error(`civicgrid seed failed (${seed.status}):\n${seed.stdout}\n${seed.stderr}`);
  }
  project.provide('e2eTemplate', template);
  return () => fs.rmSync(template, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eTemplate: string;
  }
}
