import fs from 'node:fs';
import type { Db } from '../db/database.ts';
import {
  encryptedColumns,
  lockStaleBatch,
  sampleCiphertext,
  staleRows,
  writeBatch,
} from './key-rotation.repository.ts';
import { type DataKey, formatDataKey, keyFile, nextDataKey, Pii, previousKeyFile, RELOAD_MS } from './pii.ts';

export { staleRows } from './key-rotation.repository.ts';

/**
 * Re-encryption of every `*_enc` column under a new data key, in small transactions so that the
 * system keeps running: each batch locks 1,000 rows for a moment, never a table.
 */

const BATCH = 1_000;

/** Re-encrypts, batch by batch, every value that `pii`'s current key did not make. */
export async function reencrypt(
  db: Db,
  pii: Pii,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<number> {
  const prefix = pii.prefix;
  const tables = await encryptedColumns(db);
  let total = await staleRows(db, prefix);
  let done = 0;
  onProgress(0, total);
  for (const t of tables) {
    for (;;) {
      const changed = await db.transaction().execute(async (trx) => {
        const rows = await lockStaleBatch(trx, t, prefix, BATCH);
        if (rows.length === 0) return 0;
        const fresh = t.columns.map((c) =>
          rows.map((r) => {
            const value = r[c];
            return value === null || value.startsWith(prefix) ? value : pii.encrypt(pii.decrypt(value));
          }),
        );
        await writeBatch(
          trx,
          t,
          rows.map((r) => r.tid),
          fresh,
        );
        return rows.length;
      });
      if (changed === 0) break;
      done += changed;
      // The server may have written rows with the old key meanwhile: the total can grow.
      total = Math.max(total, done);
      onProgress(done, total);
    }
  }
  return done;
}

export type RotationStep =
  | { kind: 'started'; key: DataKey }
  | { kind: 'resumed'; key: DataKey }
  | { kind: 'env-key-issued'; key: DataKey; previous: DataKey }
  | { kind: 'done'; key: DataKey; rows: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function writeAtomically(file: string, text: string) {
  const temp = `${file}.tmp`;
  fs.writeFileSync(temp, `${text}\n`, { mode: 0o600 });
  fs.renameSync(temp, file);
}

/**
 * Rotates the data key of DATA_DIR: the new key becomes data-key (the old one waits in
 * data-key.previous), running servers take it up within RELOAD_MS, every value is re-encrypted,
 * and once none is left under the old key, data-key.previous is deleted. Run again after an
 * interruption, it resumes with the key it had made.
 */
export async function rotateFileKey(
  db: Db,
  dataDir: string,
  keys: { current: DataKey; previous: DataKey[] },
  report: (step: RotationStep) => void,
  options: RotationOptions = {},
): Promise<void> {
  let { current, previous } = keys;
  if (previous.length === 0) {
    assertOpens(new Pii(current), await sampleCiphertext(db));
    const next = nextDataKey(current);
    // The old key is safe on disk before the new one replaces it: at no moment is a key missing.
    writeAtomically(previousKeyFile(dataDir), formatDataKey(current));
    writeAtomically(keyFile(dataDir), formatDataKey(next));
    previous = [current];
    current = next;
    report({ kind: 'started', key: current });
  } else {
    report({ kind: 'resumed', key: current });
  }
  const rows = await reencryptUntilDone(db, new Pii(current, previous), options);
  fs.rmSync(previousKeyFile(dataDir), { force: true });
  report({ kind: 'done', key: current, rows });
}

/**
 * With CIVICGRID_DATA_KEY no file can be changed for the operator: without
 * CIVICGRID_DATA_KEY_PREVIOUS this issues the new key (to be deployed with the old one as
 * previous); with it, it re-encrypts under CIVICGRID_DATA_KEY.
 */
export async function rotateEnvKey(
  db: Db,
  keys: { current: DataKey; previous: DataKey[] },
  report: (step: RotationStep) => void,
  options: RotationOptions = {},
): Promise<void> {
  if (keys.previous.length === 0) {
    assertOpens(new Pii(keys.current), await sampleCiphertext(db));
    report({ kind: 'env-key-issued', key: nextDataKey(keys.current), previous: keys.current });
    return;
  }
  const rows = await reencryptUntilDone(db, new Pii(keys.current, keys.previous), options);
  report({ kind: 'done', key: keys.current, rows });
}

export interface RotationOptions {
  onProgress?: (done: number, total: number) => void;
  /** How long to wait for running servers to take up the new key before the last sweep. */
  settleMs?: number;
}

async function reencryptUntilDone(db: Db, pii: Pii, options: RotationOptions): Promise<number> {
  let rows = await reencrypt(db, pii, options.onProgress);
  // A request that encrypted with the old key just before its server reloaded the keys may
  // commit after the first pass: wait until every server has the new key, then sweep again.
  await sleep(options.settleMs ?? RELOAD_MS * 2 + 1_000);
  rows += await reencrypt(db, pii);
  const left = await staleRows(db, pii.prefix);
  if (left > 0) throw new Error(`${left} rows still hold values under an old key; run rotate-key again`);
  return rows;
}

export class WrongKeyError extends Error {}

/** Fails when `pii` cannot decrypt one of `samples` (data encrypted under another key). */
export function assertOpens(pii: Pii, samples: string | null | string[]): void {
  for (const sample of Array.isArray(samples) ? samples : samples === null ? [] : [samples]) {
    try {
      pii.decrypt(sample);
    } catch {
      throw new WrongKeyError(
        `The data key does not open the encrypted columns of this database (key ${sample.split(':')[0]}): wrong CIVICGRID_DATA_KEY or DATA_DIR/data-key.`,
      );
    }
  }
}
