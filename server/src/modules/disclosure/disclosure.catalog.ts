/**
 * The small catalogue of a homeowners' committee's income and expense, and the periods statements
 * are published for. Pure functions: no database.
 */
export type Direction = 'income' | 'expense';

export interface Category {
  code: string;
  /** The direction a line of this category may have. */
  directions: readonly Direction[];
  zh: string;
  en: string;
  /** The group it is shown under: public revenue, the maintenance fund, the committee's running. */
  group: 'public_revenue' | 'maintenance_fund' | 'running' | 'other';
}

/** Keep in step with the check constraint on `disclosure_lines.category` (migration 0032). */
export const CATEGORIES: readonly Category[] = [
  { code: 'parking', directions: ['income'], zh: '停车费收益', en: 'Parking', group: 'public_revenue' },
  { code: 'advertising', directions: ['income'], zh: '广告收益', en: 'Advertising', group: 'public_revenue' },
  {
    code: 'common_rent',
    directions: ['income'],
    zh: '共有部分租金',
    en: 'Rent of common parts',
    group: 'public_revenue',
  },
  {
    code: 'other_public_revenue',
    directions: ['income'],
    zh: '其他公共收益',
    en: 'Other public revenue',
    group: 'public_revenue',
  },
  {
    code: 'maintenance_fund_in',
    directions: ['income'],
    zh: '维修资金续筹',
    en: 'Maintenance fund raised',
    group: 'maintenance_fund',
  },
  {
    code: 'maintenance_fund_out',
    directions: ['expense'],
    zh: '维修资金使用',
    en: 'Maintenance fund spent',
    group: 'maintenance_fund',
  },
  {
    code: 'running_costs',
    directions: ['expense'],
    zh: '业委会工作经费',
    en: "Committee's running costs",
    group: 'running',
  },
  { code: 'bank_interest', directions: ['income'], zh: '利息收入', en: 'Bank interest', group: 'other' },
  { code: 'other', directions: ['income', 'expense'], zh: '其他', en: 'Other', group: 'other' },
];

export const categoryOf = (code: string) => CATEGORIES.find((c) => c.code === code);

/** A category by its code or its Chinese or English name (for imported files). */
export function categoryNamed(text: string): Category | undefined {
  const t = text.trim().toLowerCase();
  return CATEGORIES.find((c) => c.code === t || c.zh === text.trim() || c.en.toLowerCase() === t);
}

export type PeriodKind = 'quarter' | 'month';

export interface DisclosureSettings {
  /** How often statements are due. */
  periodKind: PeriodKind;
  /** Days after a period's end by which its statement must be published. */
  graceDays: number;
}

export const DEFAULT_DISCLOSURE_SETTINGS: DisclosureSettings = { periodKind: 'quarter', graceDays: 30 };

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A period's first and last day from its label ("2026-Q3" or "2026-09"); null if not a label. */
export function periodRange(label: string): { start: string; end: string } | null {
  const q = /^(\d{4})-Q([1-4])$/.exec(label);
  if (q) {
    const y = Number(q[1]);
    const first = (Number(q[2]) - 1) * 3 + 1;
    return { start: iso(y, first, 1), end: iso(y, first + 2, lastDay(y, first + 2)) };
  }
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
  if (m) {
    const y = Number(m[1]);
    const month = Number(m[2]);
    return { start: iso(y, month, 1), end: iso(y, month, lastDay(y, month)) };
  }
  return null;
}

/** The day a period's statement is due: `graceDays` after its last day. */
export function dueOn(periodEnd: string, graceDays: number): string {
  const d = new Date(`${periodEnd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + graceDays);
  return d.toISOString().slice(0, 10);
}

/** The label of the period of this kind containing the day (YYYY-MM-DD). */
export function periodContaining(kind: PeriodKind, day: string): string {
  const y = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  return kind === 'month' ? `${y}-${pad(month)}` : `${y}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** The period before this one. */
export function previousPeriod(label: string): string {
  const range = periodRange(label);
  if (!range) throw new Error(`not a period: ${label}`);
  const d = new Date(`${range.start}T00:00:00Z`);
  d.setUTCDate(0);
  const day = d.toISOString().slice(0, 10);
  return periodContaining(/-Q/.test(label) ? 'quarter' : 'month', day);
}

/**
 * The last `count` periods whose statements are overdue on `today` if unpublished: their due day
 * has passed. Oldest first.
 */
export function duePeriods(settings: DisclosureSettings, today: string, count: number) {
  const out: { period: string; dueOn: string }[] = [];
  let label = periodContaining(settings.periodKind, today);
  for (let guard = 0; out.length < count && guard < count + 40; guard++) {
    const range = periodRange(label)!;
    const due = dueOn(range.end, settings.graceDays);
    if (due < today) out.push({ period: label, dueOn: due });
    label = previousPeriod(label);
  }
  return out.reverse();
}

/** Fen as yuan with two decimals ("1234.50"), exactly: no floating point. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${pad(abs % 100)}`;
}

/** Yuan written with at most two decimals ("1234.5", "1,234.50", "¥12") as integer fen; null if not a sum. */
export function fenOf(text: string): number | null {
  const t = text.replace(/[,，¥￥\s]/g, '');
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return m[1] ? -fen : fen;
}
