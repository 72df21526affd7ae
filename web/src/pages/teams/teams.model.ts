import type {
  CoverageRow,
  CreateMemberBody,
  Member,
  MemberGrid,
  PlanFilter,
  RewardLedger,
  TargetType,
  Team,
  UpdateMemberBody,
} from './teams.api';

/** The member form's values: a team or a force in one select (`team:service`, `force:police`). */
export interface MemberValues {
  name: string;
  belongsTo: string;
  organization: string;
  duty: string;
  workPhone: string;
  /** Empty: unchanged (the server only ever shows it masked). */
  privatePhone: string;
  status: 'active' | 'inactive';
  grids: { gridCode: string; isHead: boolean }[];
}

export function belongsToValue(member: Pick<Member, 'team' | 'forceCode'>): string {
  if (member.team) return `team:${member.team}`;
  if (member.forceCode) return `force:${member.forceCode}`;
  return '';
}

export function parseBelongsTo(value: string): { team: Team | null; forceCode: string | null } {
  if (value.startsWith('team:')) return { team: value.slice(5) as Team, forceCode: null };
  if (value.startsWith('force:')) return { team: null, forceCode: value.slice(6) };
  return { team: null, forceCode: null };
}

export function memberValues(member?: Member): MemberValues {
  return {
    name: member?.name ?? '',
    belongsTo: member ? belongsToValue(member) : 'team:service',
    organization: member?.organization ?? '',
    duty: member?.duty ?? '',
    workPhone: member?.workPhone ?? '',
    privatePhone: '',
    status: member?.status ?? 'active',
    grids: (member?.grids ?? []).map(({ gridCode, isHead }) => ({ gridCode, isHead })),
  };
}

const orNull = (text: string) => text.trim() || null;

/** The body of a new member: empty fields left out. */
export function createBody(values: MemberValues): CreateMemberBody {
  const body: CreateMemberBody = { name: values.name.trim(), ...parseBelongsTo(values.belongsTo) };
  for (const name of ['organization', 'duty', 'workPhone', 'privatePhone'] as const) {
    const value = orNull(values[name]);
    if (value !== null) body[name] = value;
  }
  if (values.grids.length > 0) body.grids = values.grids;
  return body;
}

/**
 * The change of a member: only what differs from the member as read, with its version, so that a
 * change by someone else to another field is not overwritten. Moving between a team and a force
 * sends both fields, as the server asks.
 */
export function updateBody(member: Member, values: MemberValues): UpdateMemberBody {
  const body: UpdateMemberBody = { version: member.version };
  if (values.name.trim() !== member.name) body.name = values.name.trim();
  if (values.belongsTo !== belongsToValue(member)) Object.assign(body, parseBelongsTo(values.belongsTo));
  for (const name of ['organization', 'duty', 'workPhone'] as const) {
    const value = orNull(values[name]);
    if (value !== member[name]) body[name] = value;
  }
  if (orNull(values.privatePhone) !== null) body.privatePhone = orNull(values.privatePhone);
  if (values.status !== member.status) body.status = values.status;
  if (!sameGrids(values.grids, member.grids)) body.grids = values.grids;
  return body;
}

/** Same grids with the same heads, in any order. */
export function sameGrids(a: readonly Pick<MemberGrid, 'gridCode' | 'isHead'>[], b: readonly MemberGrid[]) {
  if (a.length !== b.length) return false;
  const heads = new Map(b.map((grid) => [grid.gridCode, grid.isHead]));
  return a.every((grid) => heads.get(grid.gridCode) === grid.isHead);
}

/** The fields of `current` (the server's version after a 409) that differ from what the editor read. */
export function changedSince(read: Member, current: Member): string[] {
  const fields = ['name', 'team', 'forceCode', 'organization', 'duty', 'workPhone', 'status'] as const;
  const changed: string[] = fields.filter((field) => read[field] !== current[field]);
  if (!sameGrids(read.grids, current.grids)) changed.push('grids');
  return changed;
}

/** The filter a plan needs for its target type; `value` is the tag, usage or kind chosen. */
export function planFilter(targetType: TargetType, value: string | undefined): PlanFilter {
  if (targetType === 'grid' || !value) return {};
  if (targetType === 'person') return { tag: value };
  if (targetType === 'house') return { usage: value as PlanFilter['usage'] };
  return { kind: value };
}

export function filterValue(filter: PlanFilter): string | undefined {
  return filter.tag ?? filter.usage ?? filter.kind;
}

/** A share 0–1 as a percentage with one decimal; a dash when nothing is settled. */
export function formatShare(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/** Rows for the coverage chart: the lowest coverage first (where to act), at most `limit`. */
export function chartRows(rows: readonly CoverageRow[], limit = 30): CoverageRow[] {
  return rows
    .filter((row) => row.planned > 0)
    .sort((a, b) => (a.coverage ?? 2) - (b.coverage ?? 2) || b.planned - a.planned)
    .slice(0, limit);
}

/** Today's date in China Standard Time (the server's dates are CST). */
export function todayCst(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The calendar month containing `day` (YYYY-MM-DD): its first and last days. */
export function monthOf(day: string): { from: string; to: string } {
  const [year, month] = day.split('-').map(Number);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

function csvCell(value: string | number): string {
  const text = String(value);
  // A leading = + - @ would be read as a formula by spreadsheets.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The reward ledger as CSV (with a byte-order mark, so that Excel reads the Chinese names), with a
 * total line. `headers` and `level` are in the user's language; `areaName` names an area code.
 */
export function ledgerCsv(
  ledger: RewardLedger,
  headers: {
    name: string;
    area: string;
    level: string;
    certificateNo: string;
    amount: string;
    total: string;
  },
  level: (code: string) => string,
  areaName: (code: string) => string,
): string {
  const lines = [[headers.name, headers.area, headers.level, headers.certificateNo, headers.amount]];
  for (const item of ledger.items) {
    lines.push([
      item.name,
      areaName(item.areaCode),
      level(item.level),
      item.certificateNo,
      String(item.amount),
    ]);
  }
  lines.push([headers.total, '', '', String(ledger.total), String(ledger.totalAmount)]);
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
