import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import type { Pii } from '../../platform/pii.ts';
import { maskIdNumber } from '../registry/index.ts';
import { cstDay } from './enforcement.machine.ts';
import { moveRefused } from './enforcement.messages.ts';
import type { MatterRow } from './enforcement.service.ts';

/**
 * The two documents of the procedure the party receives, from fixed templates: the notice of the
 * intended decision (行政处罚事先告知书), with the rights to a statement and a hearing, and the
 * decision (行政处罚决定书). Generated from the matter's record whenever asked, so they always
 * say what the record says.
 */
export type DocumentKind = 'notice' | 'decision';

const line = (text: string, options: { bold?: boolean; center?: boolean; size?: number } = {}) =>
  new Paragraph({
    alignment: options.center ? AlignmentType.CENTER : AlignmentType.LEFT,
    spacing: { after: 160 },
    children: [new TextRun({ text, bold: options.bold, size: options.size ?? 24, font: 'SimSun' })],
  });

const chineseDate = (at: Date) => {
  const [y, m, d] = cstDay(at).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

function partyLines(m: MatterRow, pii: Pii): Paragraph[] {
  if (m.party_kind === 'org') return [line(`当事人：${m.party_name}`)];
  const id = m.party_id_number_enc ? maskIdNumber(pii.decrypt(m.party_id_number_enc)) : null;
  return [line(`当事人：${m.party_name}`), ...(id ? [line(`身份证号码：${id}`)] : [])];
}

function notice(m: MatterRow, pii: Pii, authority: string): Paragraph[] {
  return [
    line(authority, { bold: true, center: true, size: 32 }),
    line('行政处罚事先告知书', { bold: true, center: true, size: 36 }),
    line(`案件编号：${m.number}`, { center: true }),
    ...partyLines(m, pii),
    line(`经查，${m.facts || m.title}${m.address ? `（地点：${m.address}）` : ''}。`),
    line(`上述行为违反了${m.legal_basis ?? ''}的规定。`),
    line(`本机关拟对你（单位）作出如下行政处罚：${m.penalty ?? ''}。`),
    line(
      '根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩；' +
        '根据第六十三条、第六十四条的规定，你（单位）有要求举行听证的权利。' +
        '如要求听证，应当在收到本告知书之日起五日内提出；逾期未提出的，视为放弃上述权利。',
    ),
    line(authority, { center: false }),
    line(chineseDate(new Date())),
  ];
}

function decision(m: MatterRow, pii: Pii, authority: string): Paragraph[] {
  if (!m.decided_at) throw moveRefused('decide', 'wrong_state');
  return [
    line(authority, { bold: true, center: true, size: 32 }),
    line('行政处罚决定书', { bold: true, center: true, size: 36 }),
    line(m.document_number ?? '', { center: true }),
    ...partyLines(m, pii),
    line(`经查，${m.facts || m.title}${m.address ? `（地点：${m.address}）` : ''}。`),
    line(`以上事实有现场检查笔录、照片等证据证实。上述行为违反了${m.legal_basis ?? ''}的规定。`),
    ...(m.major && m.reviewed_at
      ? [line(`本案属重大执法决定，已于${chineseDate(m.reviewed_at)}经法制审核。`)]
      : []),
    line(`本机关决定对你（单位）作出如下行政处罚：${m.penalty ?? ''}。`),
    line(
      '如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。' +
        '申请行政复议或者提起行政诉讼期间，本决定不停止执行。',
    ),
    line(authority),
    line(chineseDate(m.decided_at)),
  ];
}

export async function renderDocument(kind: DocumentKind, m: MatterRow, pii: Pii): Promise<Buffer> {
  if (kind === 'notice' && !m.penalty) throw moveRefused('notify', 'wrong_state');
  const authority = '综合行政执法局';
  const children = kind === 'notice' ? notice(m, pii, authority) : decision(m, pii, authority);
  const doc = new Document({ sections: [{ children }] });
  return Packer.toBuffer(doc);
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
