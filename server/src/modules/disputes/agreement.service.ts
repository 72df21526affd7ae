import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { filesDir, storeFile } from '../cases/index.ts';
import { cstDay } from '../patrols/index.ts';
import { wrongState } from './disputes.messages.ts';
import { check } from './disputes.policy.ts';
import * as repo from './disputes.repository.ts';
import { type DisputesContext, getDispute, partiesWithNumbers, visibleDispute } from './disputes.service.ts';
import { agreementDocx } from './documents.ts';

/**
 * The mediation agreement (人民调解协议书) of an agreed dispute, and the signed scans attached
 * back. The document carries the parties' numbers in full only for a caller who may unmask them
 * (`pii.reveal`; audited like a reveal); for others they stay masked, to be written in by hand.
 */
export async function agreement(ctx: DisputesContext, auth: Auth | null, id: string, lang: Lang) {
  const caller = requirePermission(auth, 'disputes.read');
  const detail = await getDispute(ctx, caller, id, lang);
  if (detail.state !== 'agreed') throw wrongState(detail.state, 'agreement');
  const unmask = caller.permissions.includes('pii.reveal');
  const secrets = unmask ? await partiesWithNumbers(ctx.db, id) : [];
  const open = (sealed: string | null | undefined) => (sealed ? ctx.pii.decrypt(sealed) : null);
  const buffer = await agreementDocx({
    number: detail.number,
    committee: detail.committee ?? `${detail.gridName.replace(/第.*网格$/, '')}人民调解委员会`,
    mediatorName: detail.mediatorName ?? '',
    kindName: detail.kindName,
    title: detail.title,
    description: detail.description,
    gridName: detail.gridName,
    address: detail.address,
    terms: detail.agreementTerms ?? '',
    sessions: detail.sessions,
    parties: detail.parties.map((p, i) => ({
      name: p.name,
      idNumber: unmask ? (open(secrets[i]?.id_number_enc) ?? p.idNumber) : p.idNumber,
      phone: unmask ? (open(secrets[i]?.phone_enc) ?? p.phone) : p.phone,
      address: p.address,
    })),
    day: cstDay(detail.closedAt ? new Date(detail.closedAt) : new Date()),
  });
  await audit(ctx.db, caller, {
    action: 'dispute.agreement',
    targetType: 'dispute',
    targetId: id,
    detail: { unmasked: unmask },
  });
  return { buffer, fileName: `人民调解协议书-${detail.number}.docx` };
}

export async function attach(
  ctx: DisputesContext,
  auth: Auth | null,
  id: string,
  file: { contentType: string; bytes: Buffer; fileName: string },
) {
  const caller = requirePermission(auth, 'disputes.read');
  const row = await visibleDispute(ctx, caller, id);
  check(caller, 'attach', row);
  const sha256 = await storeFile(filesDir(ctx.dataDir), file.contentType, file.bytes);
  const saved = await ctx.db.transaction().execute(async (trx) => {
    const saved = await repo.insertAttachment(trx, {
      dispute_id: id,
      file_name: file.fileName,
      content_type: file.contentType,
      size: file.bytes.length,
      sha256,
      uploaded_by: caller.userId,
    });
    await repo.insertEvent(trx, {
      dispute_id: id,
      action: 'attach',
      actor_id: caller.userId,
      actor_name: caller.displayName,
      note: null,
      data: JSON.stringify({ fileName: file.fileName, sha256 }),
    });
    return saved;
  });
  return { id: saved.id, sha256, size: file.bytes.length };
}

export async function download(ctx: DisputesContext, auth: Auth | null, id: string, fileId: string) {
  const caller = requirePermission(auth, 'disputes.read');
  await visibleDispute(ctx, caller, id);
  const file = await repo.attachment(ctx.db, id, fileId);
  if (!file) throw new AppError('not_found');
  const target = path.join(filesDir(ctx.dataDir), file.sha256.slice(0, 2), file.sha256);
  const bytes = await fs.promises.readFile(target).catch(() => null);
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== file.sha256)
    throw new AppError('internal');
  return { bytes, contentType: file.content_type, fileName: file.file_name };
}
