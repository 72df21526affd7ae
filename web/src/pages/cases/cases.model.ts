import type { Category } from '../../app/case-catalog';
import type { Case, CaseAction, CaseState } from './cases.api';

export const CASE_STATES: readonly CaseState[] = [
  'reported',
  'registered',
  'dispatched',
  'handling',
  'returned',
  'fed_back',
  'reopened',
  'verified',
  'closed',
  'rejected',
  'merged',
];

/** Tag colours: waiting on the centre (blue), on a handler (orange), on site (purple), ended. */
export const STATE_COLOURS: Record<CaseState, string> = {
  reported: 'blue',
  registered: 'geekblue',
  returned: 'magenta',
  dispatched: 'orange',
  handling: 'gold',
  reopened: 'volcano',
  fed_back: 'purple',
  verified: 'cyan',
  closed: 'green',
  rejected: 'default',
  merged: 'default',
};

/** How urgent a case looks in a list: overdue beats the red alarm, which beats yellow. */
export type Urgency = 'overdue' | 'red' | 'yellow' | 'none';

export function urgencyOf(kase: Pick<Case, 'overdue' | 'alarm'>): Urgency {
  if (kase.overdue) return 'overdue';
  return kase.alarm;
}

export interface CategoryOption {
  value: string;
  label: string;
  children?: CategoryOption[];
}

/** The two-level cascader: parents with their children, in the server's order. */
export function categoryOptions(categories: readonly Category[]): CategoryOption[] {
  const parents = categories.filter((c) => c.parentCode === null);
  return parents.map((parent) => ({
    value: parent.code,
    label: parent.name,
    children: categories
      .filter((c) => c.parentCode === parent.code)
      .map((child) => ({ value: child.code, label: child.name })),
  }));
}

/** The cascader's path to a category: [parent, child], or [code] for a parent itself. */
export function categoryPath(categories: readonly Category[], code: string | undefined): string[] {
  const category = categories.find((c) => c.code === code);
  if (!category) return [];
  return category.parentCode ? [category.parentCode, category.code] : [category.code];
}

/** Minutes from now until a deadline (negative when past). */
export function minutesLeft(deadline: string, now = Date.now()): number {
  return Math.round((new Date(deadline).getTime() - now) / 60_000);
}

/** Splits minutes into whole days, hours and minutes, for "2 d 3 h left". */
export function splitMinutes(minutes: number): { days: number; hours: number; minutes: number } {
  const abs = Math.abs(minutes);
  return { days: Math.floor(abs / 1440), hours: Math.floor((abs % 1440) / 60), minutes: abs % 60 };
}

/** The order buttons appear in: the forward move first, refusals and extras after. */
const ACTION_ORDER: readonly CaseAction[] = [
  'register',
  'dispatch',
  'accept',
  'feedback',
  'verify',
  'close',
  'merge',
  'send_back',
  'reopen',
  'reject',
  'supervise',
  'evaluate',
];

export function sortActions(actions: readonly string[]): CaseAction[] {
  return ACTION_ORDER.filter((a) => actions.includes(a));
}

/** Moves whose reason is required by the server. */
export const NEEDS_REASON: readonly CaseAction[] = ['reject', 'send_back', 'reopen'];
