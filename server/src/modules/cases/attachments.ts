import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import { ProblemSchema } from '../../platform/http.ts';
import type { Lang } from '../../platform/i18n.ts';
import { langOf } from '../../platform/i18n.ts';
import * as repo from './cases.repository.ts';
import { type CasesContext, getCase } from './cases.service.ts';

/**
 * Photos and documents on a case. The bytes live in files named by their SHA-256 under
 * `DATA_DIR/files` (the same photo uploaded twice is stored once); the database keeps the name,
 * type, size and checksum, which is verified again when the file is served.
 */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Accepted types and the first bytes a file of that type starts with. */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};
export const ATTACHMENT_TYPES = Object.keys(SIGNATURES);

function refuse(zh: string, en: string): AppError {
  return new AppError('attachment_rejected', (lang: Lang) => ({ reason: lang === 'zh' ? zh : en }));
}

export function filesDir(dataDir: string): string {
  return path.join(dataDir, 'files');
}

function pathOf(dir: string, sha256: string): string {
  return path.join(dir, sha256.slice(0, 2), sha256);
}

/** Checks the bytes against the declared type and stores them; returns the checksum. */
export async function storeFile(dir: string, contentType: string, bytes: Buffer): Promise<string> {
  const check = SIGNATURES[contentType];
  if (!check) throw refuse(`不支持的文件类型 ${contentType}`, `type ${contentType} is not accepted`);
  if (bytes.length === 0) throw refuse('文件为空', 'the file is empty');
  if (!check(bytes)) throw refuse(`文件内容不是 ${contentType}`, `the content is not ${contentType}`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = pathOf(dir, sha256);
  if (!fs.existsSync(target)) {
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // Written aside and renamed, so a crash never leaves half a file under the checksum's name.
    const temp = `${target}.${randomUUID()}.tmp`;
    await fs.promises.writeFile(temp, bytes, { mode: 0o600 });
    await fs.promises.rename(temp, target);
  }
  return sha256;
}

/**
 * Attaches a file already stored with `storeFile` to a case, as a machine did it (a camera's
 * snapshot on the case its incident made).
 */
export function attachStoredFile(
  ctx: CasesContext,
  caseId: string,
  file: { fileName: string; contentType: string; size: number; sha256: string; actorName: string },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const event = await repo.insertEvent(trx, {
      case_id: caseId,
      actor_id: null,
      actor_name: file.actorName,
      action: 'attach',
      note: null,
      data: { fileName: file.fileName, sha256: file.sha256 },
    });
    return repo.insertAttachment(trx, {
      case_id: caseId,
      event_id: event.id,
      file_name: file.fileName,
      content_type: file.contentType,
      size: file.size,
      sha256: file.sha256,
      uploaded_by: null,
    });
  });
}

const FileParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fileId: Type.String({ format: 'uuid' }),
});

export const attachmentRoutes: FastifyPluginAsyncTypebox<{ ctx: CasesContext }> = async (app, { ctx }) => {
  const dir = filesDir(app.config.dataDir);
  app.addContentTypeParser(
    ATTACHMENT_TYPES,
    { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/api/cases/:id/attachments',
    {
      bodyLimit: MAX_ATTACHMENT_BYTES,
      config: { idempotent: true },
      schema: {
        tags: ['cases'],
        summary: `Attach a photo or document (JPEG, PNG, WebP or PDF, at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB; the body is the file)`,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object(
          {
            fileName: Type.String({ minLength: 1, maxLength: 200 }),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), sha256: Type.String(), size: Type.Integer() }),
          413: ProblemSchema,
          415: ProblemSchema,
          401: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = request.auth;
      if (!auth) throw new AppError('unauthenticated');
      // Whoever can see a case may add evidence to it: the reporter, the handler, the verifier.
      await getCase(ctx, auth, request.params.id, langOf(request.headers['accept-language']));
      const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      const bytes = request.body as Buffer;
      const sha256 = await storeFile(dir, contentType, bytes);
      const saved = await ctx.db.transaction().execute(async (trx) => {
        const event = await repo.insertEvent(trx, {
          case_id: request.params.id,
          actor_id: auth.userId,
          actor_name: auth.displayName,
          action: 'attach',
          note: request.query.note?.trim() || null,
          data: { fileName: request.query.fileName, sha256 },
        });
        return repo.insertAttachment(trx, {
          case_id: request.params.id,
          event_id: event.id,
          file_name: request.query.fileName,
          content_type: contentType,
          size: bytes.length,
          sha256,
          uploaded_by: auth.userId,
        });
      });
      return reply.code(201).send({ id: saved.id, sha256, size: bytes.length });
    },
  );

  app.get(
    '/api/cases/:id/attachments/:fileId',
    {
      schema: {
        tags: ['cases'],
        summary: 'Download an attachment (its checksum is verified first)',
        params: FileParams,
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          401: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      await getCase(ctx, request.auth, request.params.id, langOf(request.headers['accept-language']));
      const file = await repo.attachment(ctx.db, request.params.id, request.params.fileId);
      if (!file) throw new AppError('not_found');
      const bytes = await fs.promises.readFile(pathOf(dir, file.sha256)).catch(() => null);
      if (!bytes || createHash('sha256').update(bytes).digest('hex') !== file.sha256)
        throw new AppError('internal');
      return reply
        .type(file.content_type)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.file_name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(bytes);
    },
  );
};
