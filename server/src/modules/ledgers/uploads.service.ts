import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { LedgerColumn, LedgerEntity } from '../../db/types.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { isKnownHeader, proposeColumns } from './fields.ts';
import * as types from './ledger-types.repository.ts';
import type { LedgersContext } from './ledgers.service.ts';
import { inspectLedger, LedgerReadError } from './reader.ts';

export const MAX_LEDGER_BYTES = 512 * 1024 * 1024;

export function ledgerFilesDir(dataDir: string) {
  return path.join(dataDir, 'ledgers');
}

// ---------------------------------------------------------------------------------------------
// Files

/**
 * Streams an upload into `DATA_DIR/ledgers/<sha256>` (written aside and renamed), refusing it past
 * the size limit, and answers what the file holds: format, encoding, sheets with their headers and
 * first rows, and per ledger type a mapping proposed from the headers.
 */
export async function storeUpload(ctx: LedgersContext, auth: Auth | null, body: unknown, lang: Lang) {
  requirePermission(auth, 'ledgers.import');
  // A body Fastify parsed (JSON, text) is not a file upload.
  if (!(body instanceof Readable)) throw new AppError('unsupported_media_type');
  const dir = ledgerFilesDir(ctx.dataDir);
  await fs.promises.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `upload-${randomUUID()}.tmp`);
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > MAX_LEDGER_BYTES)
            throw new AppError('ledger_file_too_large', { maxMb: MAX_LEDGER_BYTES / 1024 / 1024 });
          hash.update(chunk);
          yield chunk;
        }
      },
      fs.createWriteStream(temp, { mode: 0o600 }),
    );
    if (size === 0)
      throw new AppError('ledger_file_unreadable', {
        reason: lang === 'zh' ? '文件为空' : 'the file is empty',
      });
    const fileId = hash.digest('hex');
    const target = path.join(dir, fileId);
    await fs.promises.rename(temp, target);
    return { fileId, size, ...(await describeFile(ctx, target)) };
  } finally {
    await fs.promises.rm(temp, { force: true });
  }
}

async function describeFile(ctx: LedgersContext, file: string) {
  let info: Awaited<ReturnType<typeof inspectLedger>>;
  try {
    info = await inspectLedger(file, { isKnownHeader: isKnownHeader(null) });
  } catch (error) {
    if (error instanceof LedgerReadError)
      throw new AppError('ledger_file_unreadable', { reason: error.message });
    throw error;
  }
  const mappings = await types.ledgerTypeMappings(ctx.db);
  const headers = [...new Set(info.sheets.flatMap((s) => s.headers))];
  const proposals = mappings.map((t) => ({ ledgerType: t.code, ...mappingFor(t, headers) }));
  proposals.sort((a, b) => b.matched - a.matched || b.columns.length - a.columns.length);
  return { format: info.format, encoding: info.encoding, sheets: info.sheets, proposals };
}

/**
 * A ledger type's mapping for a file: its saved columns where the file has those headers, and for
 * the other fields a header proposed from its name.
 */
export function mappingFor(type: { entity: LedgerEntity; columns: LedgerColumn[] }, headers: string[]) {
  const known = new Set(headers);
  const saved = type.columns.filter((c) => known.has(c.header));
  const taken = new Set(saved.map((c) => c.field));
  const proposed = proposeColumns(
    type.entity,
    headers.filter((h) => !saved.some((c) => c.header === h)),
  ).filter((c) => !taken.has(c.field));
  return { columns: [...saved, ...proposed], matched: saved.length };
}

export function uploadedFile(ctx: LedgersContext, fileId: string) {
  if (!/^[0-9a-f]{64}$/.test(fileId)) throw new AppError('ledger_file_not_found');
  const file = path.join(ledgerFilesDir(ctx.dataDir), fileId);
  if (!fs.existsSync(file)) throw new AppError('ledger_file_not_found');
  return file;
}
