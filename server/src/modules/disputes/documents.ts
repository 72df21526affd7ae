import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { excel } from '../../platform/exceljs.ts';
import type { Lang } from '../../platform/i18n.ts';
import { riskName, stateName } from './disputes.messages.ts';
import type { MonthlyReport } from './screening.service.ts';

/** The documents of the module: the mediation agreement (人民调解协议书) and the monthly screening report. */

const p = (text: string, opts: { bold?: boolean; center?: boolean } = {}) =>
  new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : undefined,
    spacing: { after: 120 },
    children: [new TextRun({ text, bold: opts.bold, font: 'SimSun', size: 24 })],
  });

function table(rows: string[][]) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (cells, i) =>
        new TableRow({
          children: cells.map((c) => new TableCell({ children: [p(c, { bold: i === 0 })] })),
        }),
    ),
  });
}

export interface AgreementFacts {
  number: string;
  committee: string;
  mediatorName: string;
  kindName: string;
  title: string;
  description: string;
  gridName: string;
  address: string;
  terms: string;
  sessions: { heldOn: string; place: string }[];
  parties: { name: string; idNumber: string | null; phone: string | null; address: string }[];
  day: string;
}

/** 人民调解协议书, after the Ministry of Justice's model text: parties, facts, agreement, performance, signatures. */
export function agreementDocx(f: AgreementFacts): Promise<Buffer> {
  const parties = f.parties.flatMap((party, i) => [
    p(`当事人${i + 1}：${party.name}　身份证号码：${party.idNumber ?? '—'}　联系电话：${party.phone ?? '—'}`),
    p(`住所：${party.address || '—'}`),
  ]);
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: '人民调解协议书', bold: true, size: 40, font: 'SimHei' })],
          }),
          p(`编号：${f.number}`, { center: true }),
          ...parties,
          p('纠纷主要事实、争议事项：', { bold: true }),
          p(`${f.kindName}。${f.title}。${f.description}`),
          p(`纠纷发生地：${f.gridName}${f.address ? ` ${f.address}` : ''}`),
          p(
            `调解经过：${f.sessions.map((s) => `${s.heldOn}于${s.place}`).join('；') || '—'}，经调解，当事人自愿达成如下协议：`,
          ),
          p('经调解，自愿达成如下协议：', { bold: true }),
          ...f.terms.split(/\n+/).map((line) => p(line)),
          p('履行方式、时限：按上述协议内容履行。'),
          p(
            '本协议一式三份，当事人、人民调解委员会各持一份，自各方当事人签名（盖章）、人民调解员签名并加盖人民调解委员会印章之日起生效。',
          ),
          ...f.parties.map((party) => p(`当事人（签名）：${party.name}　　　　　　　年　　月　　日`)),
          p(`人民调解员（签名）：${f.mediatorName}`),
          p(`${f.committee}（盖章）`),
          p(f.day, { center: false }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const RISKS = ['low', 'medium', 'high', 'major'] as const;

export function reportDocx(r: MonthlyReport, lang: Lang): Promise<Buffer> {
  const zh = lang === 'zh';
  const head = zh
    ? ['纠纷类型', '低', '中', '高', '重大', '新增合计', '调解成功']
    : ['Kind', 'Low', 'Medium', 'High', 'Major', 'New', 'Resolved'];
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun({
                text: zh
                  ? `${r.areaName} ${r.month} 矛盾纠纷排查报告`
                  : `${r.areaName} dispute screening ${r.month}`,
                bold: true,
                size: 36,
              }),
            ],
          }),
          p(
            zh
              ? `本月新增纠纷 ${r.totals.new} 件，调解成功 ${r.totals.resolved} 件。`
              : `New disputes this month: ${r.totals.new}; resolved: ${r.totals.resolved}.`,
          ),
          p(zh ? '一、按类型和风险等级统计' : '1. By kind and risk', { bold: true }),
          table([
            head,
            ...r.byKind.map((k) => [
              k.kind,
              ...RISKS.map((x) => String(k[x])),
              String(k.total),
              String(k.resolved),
            ]),
          ]),
          p(zh ? '二、高风险纠纷清单' : '2. High-risk disputes', { bold: true }),
          r.highRisk.length
            ? table([
                zh
                  ? ['编号', '纠纷', '类型', '风险', '原因', '网格', '状态']
                  : ['Number', 'Dispute', 'Kind', 'Risk', 'Reason', 'Grid', 'State'],
                ...r.highRisk.map((h) => [
                  h.number,
                  h.title,
                  h.kind,
                  riskName(h.risk, lang),
                  h.reason,
                  h.grid,
                  stateName(h.state, lang),
                ]),
              ])
            : p(zh ? '无' : 'None'),
          p(zh ? '三、排查报送情况' : '3. Screening returns', { bold: true }),
          table([
            zh ? ['社区', '网格数', '已报送', '缺报'] : ['Community', 'Grids', 'Returned', 'Missing'],
            ...r.communities.map((c) => [
              c.communityName,
              String(c.grids),
              String(c.returned),
              c.missing ? (zh ? '是' : 'yes') : zh ? '否' : 'no',
            ]),
          ]),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export async function reportXlsx(r: MonthlyReport, lang: Lang): Promise<Buffer> {
  const zh = lang === 'zh';
  const workbook = new (excel().Workbook)();
  const kinds = workbook.addWorksheet(zh ? '分类统计' : 'By kind');
  kinds.addRow([zh ? `${r.areaName} ${r.month} 矛盾纠纷排查` : `${r.areaName} screening ${r.month}`]);
  kinds.addRow(
    zh
      ? ['纠纷类型', '低', '中', '高', '重大', '新增合计', '调解成功']
      : ['Kind', 'Low', 'Medium', 'High', 'Major', 'New', 'Resolved'],
  );
  for (const k of r.byKind) kinds.addRow([k.kind, k.low, k.medium, k.high, k.major, k.total, k.resolved]);
  kinds.addRow([zh ? '合计' : 'Total', '', '', '', '', r.totals.new, r.totals.resolved]);
  const high = workbook.addWorksheet(zh ? '高风险清单' : 'High risk');
  high.addRow(
    zh
      ? ['编号', '纠纷', '类型', '风险', '原因', '网格', '状态']
      : ['Number', 'Dispute', 'Kind', 'Risk', 'Reason', 'Grid', 'State'],
  );
  for (const h of r.highRisk)
    high.addRow([
      h.number,
      h.title,
      h.kind,
      riskName(h.risk, lang),
      h.reason,
      h.grid,
      stateName(h.state, lang),
    ]);
  const returns = workbook.addWorksheet(zh ? '报送情况' : 'Returns');
  returns.addRow(zh ? ['社区', '网格数', '已报送', '缺报'] : ['Community', 'Grids', 'Returned', 'Missing']);
  for (const c of r.communities) returns.addRow([c.communityName, c.grids, c.returned, c.missing ? 1 : 0]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
