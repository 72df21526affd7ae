import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { DECIDED_STATES, type MatterState } from './enforcement.machine.ts';
import { fieldError, moveRefused } from './enforcement.messages.ts';
import * as repo from './enforcement.repository.ts';
import type { EvidenceInput } from './enforcement.schemas.ts';
import { type EnforcementContext, matterDetail, visibleMatter } from './enforcement.service.ts';
import { secondOfficer } from './officers.ts';

/**
 * Evidence under the full-record principle: each item keeps its SHA-256, when and where it was
 * taken and by whom; photos and videos are taken on site, so by two officers. Items are never
 * replaced or removed (the table's trigger refuses it), only added: a correction is a new item.
 */

/** Accepted file types and the first bytes a file of that type starts with. */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'video/mp4': (b) => b.subarray(4, 8).toString('latin1') === 'ftyp',
};
const KIND_TYPES: Record<string, string[]> = {
  photo: ['image/jpeg', 'image/png'],
  video: ['video/mp4'],
  document: ['application/pdf', 'image/jpeg', 'image/png'],
};

export const sha256Of = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Stores the bytes under their checksum (the same layout as case attachments). */
async function storeBytes(dir: string, bytes: Buffer): Promise<string> {
  const sha256 = sha256Of(bytes);
  const target = path.join(dir, sha256.slice(0, 2), sha256);
  if (!fs.existsSync(target)) {
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomUUID()}.tmp`;
    await fs.promises.writeFile(temp, bytes, { mode: 0o600 });
    await fs.promises.rename(temp, target);
  }
  return sha256;
}

export async function addEvidence(
  ctx: EnforcementContext,
  auth: Auth | null,
  id: string,
  input: EvidenceInput,
  lang: Lang,
) {
  const { caller } = await visibleMatter(ctx.db, auth, id);
  if (!caller.permissions.includes('enforcement.handle')) throw new AppError('forbidden');
  const takenAt = new Date(input.takenAt);
  if (takenAt.getTime() > Date.now() + 60_000) throw fieldError('takenAt', 'in_future');
  let file: { name: string; type: string; size: number; sha256: string } | null = null;
  let noteSha: string | null = null;
  if (input.kind === 'note') {
    noteSha = sha256Of(required(input.note));
  } else {
    const type = input.contentType ?? '';
    const bytes = Buffer.from(input.data ?? '', 'base64');
    if (!KIND_TYPES[input.kind].includes(type) || bytes.length === 0 || !SIGNATURES[type](bytes))
      throw fieldError('data', 'bad_file');
    file = { name: input.fileName ?? `${input.kind}`, type, size: bytes.length, sha256: '' };
    file.sha256 = await storeBytes(ctx.filesDir, bytes);
  }
  const row = await ctx.db.transaction().execute(async (trx) => {
    const m = (await repo.lockMatter(trx, id))!;
    // Evidence belongs to the investigation; a decided or closed matter's record is complete.
    if (DECIDED_STATES.includes(m.state as MatterState) || m.closed_at)
      throw moveRefused('notify', 'wrong_state');
    const onSite = input.kind === 'photo' || input.kind === 'video';
    const officer = onSite ? await secondOfficer(trx, caller, input.secondOfficerId) : null;
    await repo.insertEvidence(trx, [
      {
        matter_id: m.id,
        kind: input.kind,
        title: input.title.trim(),
        file_name: file?.name ?? null,
        content_type: file?.type ?? null,
        size: file?.size ?? 0,
        sha256: file?.sha256 ?? noteSha!,
        note: input.note?.trim() || null,
        taken_at: takenAt,
        location: input.location.trim(),
        lon: input.lon ?? null,
        lat: input.lat ?? null,
        officer_id: caller.userId,
        officer_name: caller.displayName,
        second_officer_id: officer?.id ?? null,
        second_officer_name: officer?.display_name ?? null,
      },
    ]);
    return m;
  });
  return matterDetail(ctx, caller, row, lang);
}

function required(text: string | undefined): string {
  const t = text?.trim();
  if (!t) throw fieldError('note', 'required');
  return t;
}
