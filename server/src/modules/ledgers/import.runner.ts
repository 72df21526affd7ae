import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { poolOf } from '../../db/database.ts';
import type { Progress } from './import.pipeline.ts';
import type { PassInput, PassMessage } from './import.worker.ts';
import type { LedgersContext } from './ledgers.service.ts';

/**
 * The heap of an import's worker thread. A pass holds about 50 MB (the area's houses by address,
 * the batches being read and written) plus about 100 bytes per distinct row key (duplicates are
 * found in memory): room for ledgers of a few million rows. Beyond it the import fails, saying so.
 */
export const IMPORT_HEAP_MB = 256;

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
    const worker = new Worker(boot, {
      eval: true,
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: IMPORT_HEAP_MB },
    });
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
    worker.on('exit', (code) =>
      done ? resolve() : reject(new Error(`The import stopped (worker exit code ${code})`)),
    );
  });
}
