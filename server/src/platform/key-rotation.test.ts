import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createTestDatabase, testPii } from '../test/harness.ts';
import { type RotationStep, rotateEnvKey, rotateFileKey, staleRows } from './key-rotation.ts';
import { currentKeys, formatDataKey, keyFile, loadPii, parseDataKey, previousKeyFile } from './pii.ts';

/**
 * The promises of docs/backup.md "Rotating the data key" that pii.test.ts's single clean run does
 * not keep: the two steps with CIVICGRID_DATA_KEY, a run interrupted and resumed, and a rotation
 * while a server goes on writing with the key it had. One database, the scenarios in order
 * (k1 → k2 by environment, k2 → k3 interrupted and resumed, k3 → k4 under writes).
 */

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let dataDir: string;
const config = () => ({ ...loadConfig({ NODE_ENV: 'test' }), dataDir });
beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-rotate-'));
});
afterAll(async () => {
  await database.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Every ID number, decrypted with the keys given: the data must survive every step. */
async function idNumbers(pii: { decrypt(v: string): string }) {
  const { rows } = await sql<{ id: string; enc: string }>`
    select id, id_number_enc as enc from people order by id`.execute(database.db);
  return rows.map((r) => `${r.id}:${pii.decrypt(r.enc)}`);
}

describe('rotate-key', () => {
  let original: string[];

  it('with CIVICGRID_DATA_KEY: issues the new key and changes nothing, then re-encrypts with both set', async () => {
    const { db } = database;
    original = await idNumbers(testPii);
    const k1 = parseDataKey('07'.repeat(32));
    const env1 = { CIVICGRID_DATA_KEY: formatDataKey(k1) };
    const issued: RotationStep[] = [];
    const before = await staleRows(db, 'k2:');
    await rotateEnvKey(db, currentKeys(config(), env1)!, (s) => issued.push(s), { settleMs: 0 });
    expect(issued.map((s) => s.kind)).toEqual(['env-key-issued']);
    const step = issued[0] as Extract<RotationStep, { kind: 'env-key-issued' }>;
    expect(step.key.id).toBe(2);
    expect(step.previous.id).toBe(1);
    // Step 1 only prints: nothing in the database is touched until both variables are deployed.
    expect(await staleRows(db, 'k2:')).toBe(before);

    const env2 = {
      CIVICGRID_DATA_KEY: formatDataKey(step.key),
      CIVICGRID_DATA_KEY_PREVIOUS: formatDataKey(step.previous),
    };
    const server = loadPii(config(), env2);
    const done: RotationStep['kind'][] = [];
    await rotateEnvKey(db, currentKeys(config(), env2)!, (s) => done.push(s.kind), { settleMs: 0 });
    expect(done).toEqual(['done']);
    expect(await staleRows(db, 'k2:')).toBe(0);
    // After CIVICGRID_DATA_KEY_PREVIOUS is removed, the new key alone reads everything.
    const alone = loadPii(config(), { CIVICGRID_DATA_KEY: formatDataKey(step.key) });
    expect(await idNumbers(alone)).toEqual(original);
    expect(server.hash('x')).toBe(testPii.hash('x'));
    fs.writeFileSync(keyFile(dataDir), formatDataKey(step.key), { mode: 0o600 });
  }, 120_000);

  it('resumes an interrupted run with the key it made, and finishes clean', async () => {
    const { db } = database;
    let batches = 0;
    const steps: RotationStep['kind'][] = [];
    const interrupted = rotateFileKey(db, dataDir, currentKeys(config(), {})!, (s) => steps.push(s.kind), {
      settleMs: 0,
      // The process dies after the first committed batch (a deterministic stand-in for kill -9).
      onProgress: (done) => {
        if (done > 0 && ++batches === 1) throw new Error('killed');
      },
    });
    await expect(interrupted).rejects.toThrow('killed');
    expect(steps).toEqual(['started']);
    expect(fs.existsSync(previousKeyFile(dataDir))).toBe(true);
    const half = await staleRows(db, 'k3:');
    expect(half).toBeGreaterThan(0);
    // Half-way, a server reads both kinds of ciphertext.
    expect(await idNumbers(loadPii(config(), {}))).toEqual(original);

    const again: RotationStep[] = [];
    await rotateFileKey(db, dataDir, currentKeys(config(), {})!, (s) => again.push(s), { settleMs: 0 });
    expect(again.map((s) => s.kind)).toEqual(['resumed', 'done']);
    expect(again[0].key.id).toBe(3);
    expect(await staleRows(db, 'k3:')).toBe(0);
    expect(fs.existsSync(previousKeyFile(dataDir))).toBe(false);
    expect(await idNumbers(loadPii(config(), {}))).toEqual(original);
  }, 120_000);

  it('leaves nothing under the old key while a server writes with the key it had', async () => {
    const { db } = database;
    // A running server: it re-reads the key files every RELOAD_MS, so it writes k3 for a while.
    const server = loadPii(config(), {});
    expect(server.keyId).toBe(3);
    const { rows: people } = await sql<{ id: string }>`select id from people order by id limit 200`.execute(
      db,
    );
    let writing = true;
    let writes = 0;
    const oldKeyWrites = { n: 0 };
    const writer = (async () => {
      while (writing) {
        const person = people[writes % people.length];
        const sealed = server.encrypt(`1380000${String(writes % 10_000).padStart(4, '0')}`);
        if (sealed.startsWith('k3:')) oldKeyWrites.n++;
        await sql`update people set phone_enc = ${sealed} where id = ${person.id}`.execute(db);
        writes++;
      }
    })();
    const steps: RotationStep['kind'][] = [];
    // The default settle time: long enough for the server above to take up the new key.
    await rotateFileKey(db, dataDir, currentKeys(config(), {})!, (s) => steps.push(s.kind));
    writing = false;
    await writer;
    expect(steps).toEqual(['started', 'done']);
    expect(oldKeyWrites.n).toBeGreaterThan(0);
    expect(await staleRows(db, 'k4:')).toBe(0);
    const fresh = loadPii(config(), {});
    expect(await idNumbers(fresh)).toEqual(original);
    const { rows: phones } = await sql<{ enc: string }>`
      select phone_enc as enc from people where phone_enc is not null`.execute(db);
    for (const p of phones) expect(fresh.decrypt(p.enc)).toMatch(/^1\d{10}$/);
  }, 120_000);
});
