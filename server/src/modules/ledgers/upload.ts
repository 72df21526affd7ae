import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../platform/errors.ts';
import { LedgerReadError } from './reader.ts';

/**
 * A ledger sent as the request body (the file itself, a stream) kept in a temporary file while
 * `use` reads it with `readLedger`, then removed. Past `maxBytes`, or empty, it is a
 * `LedgerReadError` (`unreadable_file`) the caller turns into its own refusal; a body Fastify
 * parsed (JSON, text) is not a file: 415.
 */
export async function withUploadedLedger<T>(
  body: unknown,
  maxBytes: number,
  use: (file: string) => Promise<T>,
): Promise<T> {
  if (!(body instanceof Readable)) throw new AppError('unsupported_media_type');
  const dir = await mkdtemp(join(tmpdir(), 'cg-ledger-'));
  try {
    const file = join(dir, 'ledger');
    let size = 0;
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > maxBytes)
            throw new LedgerReadError('unreadable_file', `> ${Math.floor(maxBytes / 1024 / 1024)} MB`);
          yield chunk;
        }
      },
      createWriteStream(file, { mode: 0o600 }),
    );
    if (size === 0) throw new LedgerReadError('unreadable_file', '0 bytes');
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
