import type { Auth } from '../../platform/auth/auth.service.ts';
import type { Permission } from '../../platform/auth/permissions.ts';
import { notYours, wrongState } from './disputes.messages.ts';

/**
 * The dispute's state machine and who makes each move. Seeing a dispute is "disputes.read inside
 * the area" (checked before); the moves add a permission, a state and, for a mediator, being the
 * one assigned.
 */
export type Move = 'assign' | 'session' | 'outcome' | 'extend' | 'withdraw' | 'escalate' | 'attach';
export const MOVES: readonly Move[] = [
  'assign',
  'session',
  'outcome',
  'extend',
  'withdraw',
  'escalate',
  'attach',
];

export const MOVE_RULES: Record<Move, { permission: Permission; from: readonly string[] }> = {
  // Assigning again while in mediation replaces the mediator; the deadline stays.
  assign: { permission: 'disputes.manage', from: ['reported', 'mediating'] },
  session: { permission: 'disputes.mediate', from: ['mediating'] },
  outcome: { permission: 'disputes.mediate', from: ['mediating'] },
  extend: { permission: 'disputes.manage', from: ['mediating'] },
  withdraw: { permission: 'disputes.manage', from: ['reported'] },
  escalate: { permission: 'disputes.record', from: ['reported', 'mediating'] },
  // The signed agreement comes back after the outcome.
  attach: { permission: 'disputes.mediate', from: ['mediating', 'agreed'] },
};

/** Roles that may report a case, and so escalate a dispute into one (cases' REPORTING_ROLES). */
const ESCALATING_ROLES = ['grid_worker', 'district_admin'];

interface DisputeFacts {
  state: string;
  mediator_id: string | null;
  deadline: Date | null;
  extension_reason: string | null;
}

/** Why the caller may not make the move now, as the error to throw; null when they may. */
export function refusal(auth: Auth, move: Move, d: DisputeFacts) {
  const rule = MOVE_RULES[move];
  if (!auth.permissions.includes(rule.permission))
    return notYours(move, '您的角色无此权限', 'your role may not');
  if (move === 'escalate' && !ESCALATING_ROLES.includes(auth.role))
    return notYours(
      move,
      '由网格员或区级管理员上报为事件',
      'a grid worker or the district reports it as a case',
    );
  if (!rule.from.includes(d.state)) return wrongState(d.state, move);
  // A mediator works on the disputes assigned to them; staff with the permission on any in their area.
  if (rule.permission === 'disputes.mediate' && auth.role === 'mediator' && d.mediator_id !== auth.userId)
    return notYours(move, '该纠纷未指派给您', 'the dispute is not assigned to you');
  if (move === 'extend' && d.extension_reason !== null)
    return notYours(move, '期限只能延长一次', 'a deadline is extended once only');
  return null;
}

export function allowedMoves(auth: Auth, d: DisputeFacts): Move[] {
  return MOVES.filter((m) => refusal(auth, m, d) === null);
}

export function check(auth: Auth, move: Move, d: DisputeFacts): void {
  const error = refusal(auth, move, d);
  if (error) throw error;
}
