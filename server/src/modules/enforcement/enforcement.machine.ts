import type { Permission } from '../../platform/auth/permissions.ts';

/**
 * The administrative penalty procedure as a state machine: filing (立案), investigation and
 * evidence, notice of the intended decision with the rights to a statement or hearing, the
 * hearing when requested, legal review (法制审核, required before a major decision), decision,
 * service (送达), execution and closing.
 */
export const MATTER_STATES = [
  'discovered',
  'investigating',
  'notified',
  'hearing',
  'heard',
  'reviewing',
  'reviewed',
  'decided',
  'served',
  'executed',
  'closed',
] as const;
export type MatterState = (typeof MATTER_STATES)[number];

export const MOVES = [
  'file',
  'drop',
  'notify',
  'request_hearing',
  'hold_hearing',
  'submit_review',
  'approve',
  'return',
  'decide',
  'serve',
  'execute',
  'close',
  'publish',
  'extend',
] as const;
export type Move = (typeof MOVES)[number];

interface MoveRule {
  from: readonly MatterState[];
  /** The state after; null: the state stays (publish, extend). */
  to: MatterState | null;
  permission: Permission;
  /** Done on site: two officers must be recorded. */
  onSite?: boolean;
}

const BEFORE_DECISION: readonly MatterState[] = [
  'investigating',
  'notified',
  'hearing',
  'heard',
  'reviewing',
  'reviewed',
];
export const DECIDED_STATES: readonly MatterState[] = ['decided', 'served', 'executed', 'closed'];

export const RULES: Record<Move, MoveRule> = {
  file: { from: ['discovered'], to: 'investigating', permission: 'enforcement.handle' },
  drop: { from: ['discovered', 'investigating'], to: 'closed', permission: 'enforcement.handle' },
  notify: { from: ['investigating'], to: 'notified', permission: 'enforcement.handle' },
  request_hearing: { from: ['notified'], to: 'hearing', permission: 'enforcement.handle' },
  hold_hearing: { from: ['hearing'], to: 'heard', permission: 'enforcement.handle', onSite: true },
  submit_review: { from: ['notified', 'heard'], to: 'reviewing', permission: 'enforcement.handle' },
  approve: { from: ['reviewing'], to: 'reviewed', permission: 'enforcement.review' },
  return: { from: ['reviewing'], to: 'investigating', permission: 'enforcement.review' },
  decide: { from: ['notified', 'heard', 'reviewed'], to: 'decided', permission: 'enforcement.handle' },
  serve: { from: ['decided'], to: 'served', permission: 'enforcement.handle', onSite: true },
  execute: { from: ['served'], to: 'executed', permission: 'enforcement.handle', onSite: true },
  close: { from: ['executed'], to: 'closed', permission: 'enforcement.handle' },
  publish: { from: DECIDED_STATES, to: null, permission: 'enforcement.handle' },
  extend: { from: BEFORE_DECISION, to: null, permission: 'enforcement.review' },
};

/** Why a move cannot be made on this matter now (not who may make it), or null. */
export function refusal(
  move: Move,
  matter: {
    state: string;
    major: boolean;
    published_at: Date | null;
    extension_days: number;
    evidence: number;
  },
): string | null {
  const rule = RULES[move];
  if (!rule.from.includes(matter.state as MatterState)) return 'wrong_state';
  if (move === 'decide' && matter.major && matter.state !== 'reviewed') return 'review_required';
  if (move === 'notify' && matter.evidence === 0) return 'no_evidence';
  if (move === 'publish' && matter.published_at) return 'published';
  if (move === 'extend' && matter.extension_days > 0) return 'extended';
  return null;
}

/** The moves a caller with these permissions may make on the matter now. */
export function allowedMoves(
  permissions: readonly Permission[],
  matter: Parameters<typeof refusal>[1],
): Move[] {
  return MOVES.filter((m) => permissions.includes(RULES[m].permission) && refusal(m, matter) === null);
}

// --- Statutory time limits ------------------------------------------------------------------

const DAY_MS = 86_400_000;
const CST_MS = 8 * 3_600_000;

/** The CST day ('YYYY-MM-DD') an instant falls on. */
export const cstDay = (at: Date) => new Date(at.getTime() + CST_MS).toISOString().slice(0, 10);
/** The end of a CST day: 00:00 CST of the next day. */
export const endOfDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - CST_MS);

/** The end of the `n`th working day after the day of `from` (the day itself not counted). */
export function afterWorkingDays(calendar: { isWorkday(day: string): boolean }, from: Date, n: number): Date {
  let ms = Date.parse(`${cstDay(from)}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    ms += DAY_MS;
    if (calendar.isWorkday(new Date(ms).toISOString().slice(0, 10))) left--;
  }
  return endOfDay(new Date(ms).toISOString().slice(0, 10));
}

/** The end of the `n`th calendar day after the day of `from`. */
export const afterDays = (from: Date, n: number) =>
  endOfDay(new Date(Date.parse(`${cstDay(from)}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10));

/** Filing (立案) within 15 working days of discovery. */
export const FILING_WORKING_DAYS = 15;
/** A decision within 90 days of filing, unless extended with approval. */
export const DECISION_DAYS = 90;
export const MAX_EXTENSION_DAYS = 60;
/** A decision is served within 7 days of being made. */
export const SERVICE_DAYS = 7;
/** Share of a limit after which the matter turns yellow. */
export const YELLOW_SHARE = 0.8;

/** The limit the matter now works against, and when it started, by state. */
export function stepLimit(m: {
  state: string;
  discovered_at: Date;
  filing_deadline: Date;
  filed_at: Date | null;
  decision_deadline: Date | null;
  decided_at: Date | null;
  service_deadline: Date | null;
}): { from: Date; deadline: Date } | null {
  if (m.state === 'discovered') return { from: m.discovered_at, deadline: m.filing_deadline };
  if (BEFORE_DECISION.includes(m.state as MatterState) && m.filed_at && m.decision_deadline)
    return { from: m.filed_at, deadline: m.decision_deadline };
  if (m.state === 'decided' && m.decided_at && m.service_deadline)
    return { from: m.decided_at, deadline: m.service_deadline };
  return null;
}

export const yellowAt = (limit: { from: Date; deadline: Date }) =>
  new Date(limit.from.getTime() + YELLOW_SHARE * (limit.deadline.getTime() - limit.from.getTime()));
