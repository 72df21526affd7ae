import type { Boundary } from '../../app/areas.model';

/** Types of `GET /api/grid-sizing` and the split routes (server/src/modules/areas/sizing.routes.ts). */
export const SIZING_STATUSES = ['oversized', 'undersized', 'ok'] as const;
export type SizingStatus = (typeof SIZING_STATUSES)[number];

export interface Bounds {
  target: number;
  min: number;
  max: number;
}
export interface SizingRule {
  households: Bounds;
  people: Bounds;
}
export interface SizingItem {
  code: string;
  name: string;
  parentCode: string | null;
  households: number;
  people: number;
  status: SizingStatus;
}
export interface SizingReport {
  rule: SizingRule;
  items: SizingItem[];
  summary: Record<SizingStatus, number>;
}
export interface SplitPart {
  boundary: Boundary;
  buildings: number;
  households: number;
  people: number;
}
export interface SplitProposal {
  code: string;
  version: number;
  households: number;
  parts: SplitPart[];
}
export interface SplitResult {
  retired: string;
  created: string[];
  moved: Record<string, number>;
}

/** Map fill per status: too big red, too small amber, within the rule light grey. */
export const STATUS_COLOURS: Record<SizingStatus, string> = {
  oversized: '#dc2626',
  undersized: '#f59e0b',
  ok: '#e2e8f0',
};
/** Grids the sizing report does not list (none expected). */
export const UNKNOWN_COLOUR = '#f8fafc';
/** antd Tag colours per status. */
export const STATUS_TAGS: Record<SizingStatus, string> = {
  oversized: 'red',
  undersized: 'orange',
  ok: 'default',
};

export function statusColour(status: SizingStatus | undefined): string {
  return status ? STATUS_COLOURS[status] : UNKNOWN_COLOUR;
}

/** Distinct colours for the parts of a proposed split, none of them a status colour. */
export const PART_COLOURS = [
  '#2563eb',
  '#16a34a',
  '#9333ea',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#4f46e5',
  '#ca8a04',
];

export function partColour(index: number): string {
  return PART_COLOURS[index % PART_COLOURS.length];
}

/** `<grid name>-1`, `-2`…: the default names of the parts. */
export function defaultPartNames(gridName: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${gridName}-${i + 1}`);
}

export type StatusFilter = 'flagged' | 'all' | SizingStatus;
export const STATUS_FILTERS: StatusFilter[] = ['flagged', 'oversized', 'undersized', 'ok', 'all'];

export function matchesFilter(status: SizingStatus, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'flagged') return status !== 'ok';
  return status === filter;
}

export interface SortState {
  field: 'households' | 'people' | null;
  order: 'ascend' | 'descend' | null;
}

/** The table's rows: filtered by status, then sorted (default: most households first). */
export function visibleRows(items: SizingItem[], filter: StatusFilter, sort: SortState): SizingItem[] {
  const rows = items.filter((item) => matchesFilter(item.status, filter));
  const field = sort.order ? (sort.field ?? 'households') : 'households';
  const sign = sort.order === 'ascend' ? 1 : -1;
  return rows.sort((a, b) => sign * (a[field] - b[field]) || a.code.localeCompare(b.code));
}

/** The first problem of a rule as a translation key under `sizing.ruleProblem`, or null. */
export function ruleProblem(rule: SizingRule): 'households' | 'people' | null {
  for (const key of ['households', 'people'] as const) {
    const { min, target, max } = rule[key];
    if (!(min < target && target < max)) return key;
  }
  return null;
}

/** Names of the parts: each non-empty after trimming and all different. */
export function namesValid(names: string[]): boolean {
  const trimmed = names.map((name) => name.trim());
  return (
    trimmed.every((name) => name.length > 0 && name.length <= 100) && new Set(trimmed).size === trimmed.length
  );
}
