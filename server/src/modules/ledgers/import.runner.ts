import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { poolOf } from '../../db/database.ts';
import type { Progress } from './import.pipeline.ts';
import type { PassInput, PassMessage } from './import.worker.ts';
import type { LedgersContext } from './ledgers.service.ts';

/**
 * The heap of an import's worker thread. A pass holds about 50 MB (the area's houses by address,
 * the batches being read and written); the row keys seen (duplicates are found in memory) are kept
 * beside it, in typed arrays (key-table.ts, `IMPORT_KEYS_MB`). Beyond it the import fails, saying so.
 */
export const IMPORT_HEAP_MB = 256;

/**
 * The semi-space size of the worker's young generation, in MB (two semi-spaces). The server runs
 * with --max-semi-space-size=64 (docs/deploy.md), which V8 applies to every isolate of the process
 * over a worker's `resourceLimits`: the worker's young generation alone took 128 MB. The flag is
 * set to this while the worker's isolate is made, and set back once it is online.
 */
export const IMPORT_SEMI_SPACE_MB = 16;

/** The process's own --max-semi-space-size (0: V8's default), to restore once the worker is made. */
function processSemiSpaceMb(): number {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  let mb = 0;
  for (const arg of args) {
    const match = /^--max[-_]semi[-_]space[-_]size=(\d+)$/.exec(arg);
    if (match) mb = Number(match[1]);
  }
  return mb;
}

// In the bundle (server/dist, scripts/build-server.mjs) the worker is an entry of its own beside
// this code, already JavaScript; from the sources it is TypeScript, read through tsx.
const bundled = !import.meta.url.endsWith('.ts');
const workerFile = new URL(bundled ? './import.worker.js' : './import.worker.ts', import.meta.url).href;

function workerBoot(): string {
  if (bundled) return `import(${JSON.stringify(workerFile)})`;
  // tsx's ES module entry (require.resolve would give its CommonJS one, which a worker cannot import).
  const tsxApi =
    import.meta.resolve?.('tsx/esm/api') ??
    pathToFileURL(
      createRequire(import.meta.url)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerFile)}); })`;
}

/**
 * Runs one pass of an import in a worker thread (import.worker.ts), which reads the TypeScript
 * sources through tsx as the command line does (or the bundle's JavaScript). Its progress comes back to `onProgress`.
 */
export function runPass(
  ctx: LedgersContext,
  phase: PassInput['phase'],
  importId: string,
  onProgress?: (p: Progress) => void,
): Promise<void> {
  const input: PassInput = {
    phase,
    importId,
    databaseUrl: poolOf(ctx.db).options.connectionString as string,
    keys: ctx.pii.keys(),
  };
  const boot = workerBoot();
  return new Promise((resolve, reject) => {
    let done = false;
    // V8 reads the flag when an isolate is made, which the worker's thread does before it comes
    // online; the main isolate's heap was sized at start and keeps its own semi-spaces.
    v8.setFlagsFromString(`--max-semi-space-size=${IMPORT_SEMI_SPACE_MB}`);
    let restored = false;
    const restore = () => {
      if (restored) return;
      restored = true;
      v8.setFlagsFromString(`--max-semi-space-size=${processSemiSpaceMb()}`);
    };
    let worker: Worker;
    try {
      worker = new Worker(boot, {
        eval: true,
        workerData: input,
        resourceLimits: {
          maxOldGenerationSizeMb: IMPORT_HEAP_MB,
          maxYoungGenerationSizeMb: 3 * IMPORT_SEMI_SPACE_MB,
        },
      });
    } catch (error) {
      restore();
      throw error;
    }
    worker.once('online', restore);
    worker.on('message', (message: PassMessage) => {
      if (message.kind === 'progress') onProgress?.(message.progress);
      else {
        // Settled: the pass wrote its outcome. The worker closes its connections on its own.
        done = true;
        resolve();
      }
    });
    worker.on('error', (error: Error & { code?: string }) =>
      reject(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(`The import needed more than ${IMPORT_HEAP_MB} MB of memory`)
          : error,
      ),
    );
    worker.on('exit', (code) => {
      restore();
      if (done) resolve();
      else reject(new Error(`The import stopped (worker exit code ${code})`));
    });
  });
}
