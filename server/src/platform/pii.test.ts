import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createTestDatabase, TEST_PASSWORD, testPii } from '../test/harness.ts';
import { type RotationStep, rotateFileKey, staleRows } from './key-rotation.ts';
import {
  currentKeys,
  formatDataKey,
  keyFile,
  loadPii,
  nextDataKey,
  Pii,
  parseDataKey,
  previousKeyFile,
  RELOAD_MS,
} from './pii.ts';

describe('data keys', () => {
  const legacy = parseDataKey('07'.repeat(32));

  it('reads a key from before rotation as key 1, compatible with what it encrypted', () => {
    expect(legacy.id).toBe(1);
    const pii = new Pii(legacy);
    expect(pii.decrypt(testPii.encrypt('110105193805120011'))).toBe('110105193805120011');
    expect(pii.hash('x')).toBe(testPii.hash('x'));
    expect(parseDataKey(formatDataKey(legacy))).toEqual(legacy);
  });

  it('encrypts with the new key, decrypts with either, and keeps the search hash', () => {
    const next = nextDataKey(legacy);
    const pii = new Pii(next, [legacy]);
    const sealed = pii.encrypt('13812345678');
    expect(sealed.startsWith('k2:')).toBe(true);
    expect(pii.decrypt(sealed)).toBe('13812345678');
    expect(pii.decrypt(testPii.encrypt('13812345678'))).toBe('13812345678');
    expect(pii.hash('13812345678')).toBe(testPii.hash('13812345678'));
    expect(() => new Pii(next).decrypt(testPii.encrypt('x'))).toThrow(/k1 is not loaded/);
  });

  it('refuses a previous key of another deployment', () => {
    expect(() => new Pii(legacy, [parseDataKey('09'.repeat(32))])).toThrow(/search key differs/);
  });
});

describe('rotate-key', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataDir: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-rotate-'));
    // The test template's demo data is under testPii's key.
    fs.writeFileSync(keyFile(dataDir), '07'.repeat(32));
  });
  afterAll(async () => {
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('re-encrypts every value under a new key; records stay readable and searchable', async () => {
    const { db } = database;
    const config = { ...loadConfig({ NODE_ENV: 'test' }), dataDir };
    const before = await sql<{ id: string; enc: string; phone: string | null }>`
      select id, id_number_enc as enc, phone_enc as phone from people order by id`.execute(db);
    const cases = await sql<{ enc: string }>`
      select reporter_phone_enc as enc from cases where reporter_phone_enc is not null`.execute(db);
    const idNumbers = new Map(before.rows.map((r) => [r.id, testPii.decrypt(r.enc)]));
    // A running server's keys: it must take the new key up by itself.
    const serverPii = loadPii(config, {});
    expect(serverPii.encrypt('x').startsWith('k1:')).toBe(true);

    const steps: RotationStep['kind'][] = [];
    await rotateFileKey(db, dataDir, currentKeys(config, {})!, (step) => steps.push(step.kind), {
      settleMs: 0,
    });
    expect(steps).toEqual(['started', 'done']);
    expect(fs.existsSync(previousKeyFile(dataDir))).toBe(false);

    const pii = loadPii(config, {});
    expect(pii.keyId).toBe(2);
    expect(await staleRows(db, 'k2:')).toBe(0);
    const after = await sql<{ id: string; enc: string; hash: string; text: string }>`
      select id, id_number_enc as enc, id_number_hash as hash, p::text as text from people p order by id`.execute(
      db,
    );
    const oldValues = new Set([
      ...before.rows.flatMap((r) => [r.enc, r.phone]),
      ...cases.rows.map((r) => r.enc),
    ]);
    for (const row of after.rows) {
      const idNumber = idNumbers.get(row.id)!;
      expect(pii.decrypt(row.enc)).toBe(idNumber);
      expect(row.hash).toBe(pii.hash(idNumber));
      expect(oldValues.has(row.enc)).toBe(false);
      expect(row.text).not.toContain(idNumber);
    }
    const casesAfter = await sql<{ enc: string }>`
      select reporter_phone_enc as enc from cases where reporter_phone_enc is not null`.execute(db);
    for (const r of casesAfter.rows) expect(r.enc.startsWith('k2:') && !oldValues.has(r.enc)).toBe(true);

    // Search by ID number, through the API, with the new key.
    const app = await buildApp({ config, db, pii, logger: { level: 'error' }, runJobs: false });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: TEST_PASSWORD },
      });
      const cookie = login.cookies.find((c) => c.name === 'cg_session')!;
      const [id, idNumber] = [...idNumbers][0];
      const found = await app.inject({
        method: 'GET',
        url: `/api/people?q=${idNumber}`,
        headers: { cookie: `cg_session=${cookie.value}` },
      });
      expect(found.json().items.map((p: { id: string }) => p.id)).toEqual([id]);
    } finally {
      await app.close();
    }

    await new Promise((resolve) => setTimeout(resolve, RELOAD_MS + 100));
    expect(serverPii.encrypt('x').startsWith('k2:')).toBe(true);
  }, 120_000);
});
