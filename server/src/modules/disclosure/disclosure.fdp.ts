import { categoryOf, yuan } from './disclosure.catalog.ts';

/**
 * A statement as a Fiscal Data Package (frictionlessdata, v0.3): a tabular data resource of its
 * lines (inline `data`), and the fiscal `model` mapping its columns onto measures (income as
 * revenue, expense as expenditure, in CNY, yuan with two decimals) and dimensions (date,
 * economic classification by category, the counterparty as an entity). Balances and revision
 * travel as descriptive properties.
 */
export interface FdpStatement {
  id: string;
  estateName: string;
  communityCode: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  revision: number;
  correctionReason: string | null;
  publishedAt: string | null;
  openingBalance: number;
  closingBalance: number;
  lines: {
    position: number;
    direction: 'income' | 'expense';
    category: string;
    amount: number;
    counterparty: string;
    occurredOn: string;
    description: string | null;
  }[];
}

export function fiscalDataPackage(s: FdpStatement) {
  const slug = `committee-accounts-${s.communityCode}-${s.period.toLowerCase()}-r${s.revision}`;
  return {
    name: slug,
    title: `${s.estateName}业主委员会账目公开 ${s.period}（第 ${s.revision} 版）`,
    description:
      "Homeowners' committee statement: income and expense lines of one period, amounts in yuan (CNY).",
    version: String(s.revision),
    profiles: { fiscal: '*', tabular: '*' },
    countryCode: 'CN',
    fiscalPeriod: { start: s.periodStart, end: s.periodEnd },
    granularity: 'transactional',
    status: 'actual',
    ...(s.publishedAt ? { created: s.publishedAt } : {}),
    license: { type: 'ODC-PDDL-1.0' },
    civicgrid: {
      statementId: s.id,
      estate: s.estateName,
      communityCode: s.communityCode,
      revision: s.revision,
      correctionReason: s.correctionReason,
      openingBalance: yuan(s.openingBalance),
      closingBalance: yuan(s.closingBalance),
    },
    resources: [
      {
        name: 'lines',
        title: '收支明细 Lines',
        profile: 'tabular-data-resource',
        format: 'json',
        schema: {
          fields: [
            { name: 'line', type: 'integer' },
            { name: 'date', type: 'date', format: 'default' },
            { name: 'direction', type: 'string', constraints: { enum: ['income', 'expense'] } },
            { name: 'category', type: 'string' },
            { name: 'category_label', type: 'string' },
            { name: 'counterparty', type: 'string' },
            { name: 'description', type: 'string' },
            { name: 'income', type: 'number', decimalChar: '.', groupChar: '' },
            { name: 'expense', type: 'number', decimalChar: '.', groupChar: '' },
          ],
          primaryKey: ['line'],
        },
        data: s.lines.map((l) => ({
          line: l.position,
          date: l.occurredOn,
          direction: l.direction,
          category: l.category,
          category_label: categoryOf(l.category)?.zh ?? l.category,
          counterparty: l.counterparty,
          description: l.description ?? '',
          // Yuan written from integer fen: exact to the fen.
          income: l.direction === 'income' ? Number(yuan(l.amount)) : null,
          expense: l.direction === 'expense' ? Number(yuan(l.amount)) : null,
        })),
      },
    ],
    model: {
      measures: {
        income: { source: 'income', currency: 'CNY', factor: 1, direction: 'revenue', title: '收入 Income' },
        expense: {
          source: 'expense',
          currency: 'CNY',
          factor: 1,
          direction: 'expenditure',
          title: '支出 Expense',
        },
      },
      dimensions: {
        date: {
          dimensionType: 'datetime',
          primaryKey: ['date'],
          attributes: { date: { source: 'date', title: '日期 Date' } },
        },
        'economic-classification': {
          dimensionType: 'classification',
          classificationType: 'economic',
          primaryKey: ['category'],
          attributes: {
            category: { source: 'category', title: '类别代码 Category code' },
            category_label: { source: 'category_label', title: '类别 Category', labelfor: 'category' },
          },
        },
        counterparty: {
          dimensionType: 'entity',
          primaryKey: ['counterparty'],
          attributes: { counterparty: { source: 'counterparty', title: '收付对象 Counterparty' } },
        },
        line: {
          dimensionType: 'fact',
          primaryKey: ['line'],
          attributes: {
            line: { source: 'line', title: '序号 Line' },
            description: { source: 'description', title: '摘要 Description' },
          },
        },
      },
    },
  };
}
