import {
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { excel } from '../../platform/exceljs.ts';
import type { MonthFigures } from './report.service.ts';
import { barChartPng, barChartSvg, type Series } from './report-charts.ts';

const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const fixed = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));
const TREND = { up: '上升', down: '下降', flat: '持平' } as const;

/** The report's tables: the same in the DOCX and, one sheet each, in the XLSX. */
function tables(f: MonthFigures): { title: string; head: string[]; rows: (string | number)[][] }[] {
  return [
    {
      title: '本月总体',
      head: ['上报', '结案', '在办', '结案率', '满意度'],
      rows: [
        [
          f.totals.reported,
          f.totals.closed,
          f.totals.open,
          percent(f.totals.closureRate),
          fixed(f.totals.satisfaction),
        ],
      ],
    },
    {
      title: '分类统计',
      head: ['类别', '上报', '结案'],
      rows: f.byCategory.map((c) => [c.name, c.reported, c.closed]),
    },
    {
      title: '社区排名（按处置按时率）',
      head: ['名次', '社区', '上报', '按时率', '结案率', '满意度', '返工率'],
      rows: f.rankings.map((r) => [
        r.rank,
        r.name,
        r.reported,
        percent(r.onTimeRate),
        percent(r.closureRate),
        fixed(r.satisfaction),
        percent(r.reworkRate),
      ]),
    },
    {
      title: '热点',
      head: ['类别', '网格', '事件数', '趋势'],
      rows: f.hotspots.map((h) => [h.categoryName, h.gridName, h.size, TREND[h.trend]]),
    },
    {
      title: '超期未办',
      head: ['编号', '类别', '网格', '状态', '期限'],
      rows: f.overdue.map((o) => [
        o.number,
        o.category,
        o.grid,
        o.state,
        o.deadline.slice(0, 16).replace('T', ' '),
      ]),
    },
    {
      title: '资源下沉',
      head: [
        '社区',
        '下拨经费',
        '已支出',
        '支出比例',
        '户均下拨',
        '网格均下拨',
        '下沉人员',
        '场所面积（㎡）',
      ],
      rows: [
        ...f.resources.communities.map((c) => [
          c.name,
          c.allocated,
          c.spent,
          percent(c.spentShare),
          fixed(c.allocatedPerHousehold),
          fixed(c.allocatedPerGrid),
          c.people,
          c.roomsM2,
        ]),
        [
          '合计',
          f.resources.total.allocated,
          f.resources.total.spent,
          percent(f.resources.total.spentShare),
          fixed(f.resources.total.allocatedPerHousehold),
          fixed(f.resources.total.allocatedPerGrid),
          f.resources.total.people,
          f.resources.total.roomsM2,
        ],
      ],
    },
  ];
}

const cell = (text: string | number, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: String(text), bold })] })] });

function chart(title: string, labels: string[], series: Series[]) {
  return new Paragraph({
    children: [
      new ImageRun({
        type: 'svg',
        data: Buffer.from(barChartSvg(title, labels, series)),
        fallback: { type: 'png', data: barChartPng(series) },
        transformation: { width: 600, height: 281 },
        altText: { name: title, description: title, title },
      }),
    ],
  });
}

/** The monthly report as DOCX: figures, charts (SVG by ECharts on the server, PNG fallback), tables. */
export async function reportDocx(f: MonthFigures): Promise<Buffer> {
  const body: (Paragraph | Table)[] = [
    new Paragraph({ text: `${f.areaName} ${f.month} 月度报告`, heading: HeadingLevel.TITLE }),
    new Paragraph({ text: `统计期间：${f.from} 至 ${f.to}` }),
    new Paragraph({
      text: `本月上报 ${f.totals.reported} 件，结案 ${f.totals.closed} 件，在办 ${f.totals.open} 件，结案率 ${percent(f.totals.closureRate)}。`,
    }),
    chart(
      '每日上报与结案',
      f.byDay.map((d) => d.day.slice(8)),
      [
        { name: '上报', values: f.byDay.map((d) => d.reported), colour: '#1677ff' },
        { name: '结案', values: f.byDay.map((d) => d.closed), colour: '#52c41a' },
      ],
    ),
    chart(
      '资源下沉：下拨与支出',
      f.resources.communities.map((c) => c.name),
      [
        { name: '下拨', values: f.resources.communities.map((c) => c.allocated), colour: '#faad14' },
        { name: '支出', values: f.resources.communities.map((c) => c.spent), colour: '#13c2c2' },
      ],
    ),
  ];
  for (const t of tables(f)) {
    body.push(new Paragraph({ text: t.title, heading: HeadingLevel.HEADING_1 }));
    if (t.rows.length === 0) {
      body.push(new Paragraph({ text: '（无）' }));
      continue;
    }
    body.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ children: t.head.map((h) => cell(h, true)), tableHeader: true }),
          ...t.rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
        ],
      }),
    );
  }
  return Packer.toBuffer(new Document({ sections: [{ children: body }] }));
}

/** The report's tables as XLSX, one sheet each. */
export async function reportXlsx(f: MonthFigures): Promise<Buffer> {
  const workbook = new (excel().Workbook)();
  for (const t of tables(f)) {
    const sheet = workbook.addWorksheet(t.title);
    sheet.addRow(t.head).font = { bold: true };
    for (const r of t.rows) sheet.addRow(r);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
