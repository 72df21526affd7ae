import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb } from '../db/database.ts';
import { openEmbeddedDatabase } from '../db/embedded.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { GridIndex } from '../modules/areas/grid-index.ts';
import { loadDemo } from '../modules/demo/demo.service.ts';
import { Pii } from '../platform/pii.ts';

export const TEST_PASSWORD = 'test-Password-2026';
/** The data key of the test template's demo data. */
export const testPii = new Pii(Buffer.alloc(32, 7));
const TEMPLATE = 'cg_template';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    template: string;
  }
}

/**
 * One embedded PostgreSQL for the whole run, with a template database that is migrated and holds
 * the demo district; every test file clones its own database from it (a few milliseconds).
 */
export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-test-'));
  // PostgreSQL runs as the `postgres` user when we are root; it must be able to enter the folder.
  fs.chmodSync(dataDir, 0o755);
  const embedded = await openEmbeddedDatabase(dataDir, 'server');
  const admin = new pg.Client({ connectionString: embedded.adminUrl });
  await admin.connect();
  await admin.query(`create database ${TEMPLATE}`);
  const templateUrl = embedded.adminUrl.replace(/\/postgres$/, `/${TEMPLATE}`);
  const db = createDb(templateUrl, 2);
  await migrateToLatest(db);
  // Residents for the first two communities' grids only: enough for every rule, quick to clone.
  await loadDemo(db, new GridIndex(db), testPii, {
    seed: 1,
    scale: 'district',
    password: TEST_PASSWORD,
    population: 16,
  });
  await db.destroy();
  await admin.end();

  project.provide('adminUrl', embedded.adminUrl);
  project.provide('template', TEMPLATE);
  return async () => {
    await embedded.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
