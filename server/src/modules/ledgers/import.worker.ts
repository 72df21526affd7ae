import { parentPort, workerData } from 'node:worker_threads';
import { createDb } from '../../db/database.ts';
import { type DataKey, Pii } from '../../platform/pii.ts';
import { GridIndex } from '../areas/index.ts';
import { commitImport, type Progress, validateImport } from './import.pipeline.ts';

/**
 * One pass of an import (validation or commit), run in a worker thread by `runPass`
 * (ledgers.service.ts): with its own database pool and its own heap, so the server keeps answering
 * while a million-row ledger is read, and the import's memory stays within the worker's limit.
 */
export interface PassInput {
  phase: 'validate' | 'commit';
  importId: string;
  databaseUrl: string;
  keys: { current: DataKey; previous: DataKey[] };
}

export type PassMessage = { kind: 'progress'; progress: Progress } | { kind: 'done' };

// Buffers arrive as plain Uint8Arrays.
const dataKey = (k: DataKey): DataKey => ({
  id: k.id,
  secret: Buffer.from(k.secret),
  searchKey: Buffer.from(k.searchKey),
});

const input = workerData as PassInput;
const port = parentPort;
if (!port) throw new Error('import.worker.ts runs as a worker thread');
const db = createDb(input.databaseUrl, 4);
try {
  const ctx = {
    db,
    pii: new Pii(dataKey(input.keys.current), input.keys.previous.map(dataKey)),
    gridIndex: new GridIndex(db),
  };
  const report = (progress: Progress) =>
    port.postMessage({ kind: 'progress', progress } satisfies PassMessage);
  if (input.phase === 'validate') await validateImport(ctx, input.importId, report);
  else await commitImport(ctx, input.importId, report);
  port.postMessage({ kind: 'done' } satisfies PassMessage);
} finally {
  await db.destroy();
}
