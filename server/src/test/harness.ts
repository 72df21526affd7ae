import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createDb, type Db } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { TEST_PASSWORD, testPii } from './global-setup.ts';

export { TEST_PASSWORD, testPii };

/**
 * A database of this test file's own, cloned from the migrated template with the demo district;
 * `empty`: migrated, with no data at all (a new deployment).
 */
export async function createTestDatabase(
  options: { empty?: boolean } = {},
): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  const adminUrl = inject('adminUrl');
  const name = `cg_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}${options.empty ? '' : ` template ${inject('template')}`}`);
  await admin.end();
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const db = createDb(url, 5);
  if (options.empty) await migrateToLatest(db);
  return {
    db,
    url,
    async drop() {
      await db.destroy();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export interface Session {
  cookie: string;
  csrfToken: string;
  user: { id: string; username: string; role: string; areaCode: string };
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  url: string;
  login(username: string, password?: string): Promise<Session>;
  /** `inject` with the session's cookie and CSRF token. */
  as(session: Session | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * `listen`: the app LISTENs for changes like a served instance (the read cache and the case
 * notifications across instances); other tests leave it out, as they write to the database
 * behind the app's back and read at once. `empty`: on a migrated database with no data.
 */
export async function createTestApp(options: { listen?: boolean; empty?: boolean } = {}): Promise<TestApp> {
  const database = await createTestDatabase({ empty: options.empty });
  // Its own DATA_DIR, for the files (case attachments) a test stores.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-test-'));
  const config = { ...loadConfig({ NODE_ENV: 'test' }), dataDir };
  // Errors only: an unexpected 500 shows its cause in the test output.
  // The job queue is worked by hand in tests (`app.jobs.runOnce()`), so they decide when jobs run.
  const app = await buildApp({
    config,
    db: database.db,
    pii: testPii,
    databaseUrl: options.listen ? database.url : undefined,
    logger: { level: 'error' },
    runJobs: false,
  });
  await app.ready();
  return {
    app,
    db: database.db,
    url: database.url,
    async login(username, password = TEST_PASSWORD) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
      });
      if (response.statusCode !== 200)
        throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'cg_session');
      const body = response.json();
      return { cookie: `cg_session=${cookie!.value}`, csrfToken: body.csrfToken, user: body.user };
    },
    as(session, options) {
      return app.inject({
        ...options,
        headers: {
          ...(session && { cookie: session.cookie, 'x-csrf-token': session.csrfToken }),
          ...options.headers,
        },
      });
    },
    async close() {
      await app.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
