import type { CaseState, CaseStep } from '../../db/types.ts';
import { isWithin } from '../../geo/area-code.ts';
import type { Role } from '../../platform/auth/permissions.ts';

/**
 * The case state machine, in one place: which move may happen from which state, by whom, and
 * which step (with its deadline) the case is in afterwards. Scope (is the case inside the actor's
 * area, is it their department) is checked by `actorMayMove` with the case in hand.
 *
 *   reported ─register→ registered ─dispatch→ dispatched ─accept→ handling ─feedback→ fed_back
 *      │                   ▲    │                │   send_back        │ send_back      │  │
 *      ├─reject→ rejected  │    └─merge→ merged  ▼                    ▼                │  │
 *      └─merge→ merged     └────dispatch──── returned ◄───────────────┘     verify ◄───┘  reopen
 *                                                                              │           │
 *   closed ◄─close─ verified ◄─────────────────────────────────────────────────┘   reopened ─feedback→ fed_back
 */
export const MOVES = [
  'register',
  'reject',
  'merge',
  'dispatch',
  'accept',
  'send_back',
  'feedback',
  'verify',
  'reopen',
  'close',
] as const;
export type Move = (typeof MOVES)[number];

/** Who acts: the command centre, the handling unit, the grid worker on site. */
type Party = 'centre' | 'handler' | 'site';

interface Transition {
  from: readonly CaseState[];
  to: CaseState;
  by: Party;
  /** The step the case is in after the move (its deadline restarts), or null when the loop ends. */
  step: CaseStep | null;
  /** A reason must be given (rejections, returns, reopenings). */
  needsReason?: boolean;
}

export const TRANSITIONS: Record<Move, Transition> = {
  register: { from: ['reported'], to: 'registered', by: 'centre', step: 'dispatch' },
  reject: { from: ['reported'], to: 'rejected', by: 'centre', step: null, needsReason: true },
  merge: { from: ['reported', 'registered'], to: 'merged', by: 'centre', step: null },
  dispatch: { from: ['registered', 'returned'], to: 'dispatched', by: 'centre', step: 'handle' },
  accept: { from: ['dispatched'], to: 'handling', by: 'handler', step: 'handle' },
  send_back: {
    from: ['dispatched', 'handling'],
    to: 'returned',
    by: 'handler',
    step: 'dispatch',
    needsReason: true,
  },
  feedback: { from: ['handling', 'reopened'], to: 'fed_back', by: 'handler', step: 'verify' },
  verify: { from: ['fed_back'], to: 'verified', by: 'site', step: 'close' },
  reopen: { from: ['fed_back'], to: 'reopened', by: 'site', step: 'handle', needsReason: true },
  close: { from: ['verified'], to: 'closed', by: 'centre', step: null },
};

/** The step a case is in while it waits in each state (null: the loop has ended). */
export const STEP_OF_STATE: Record<CaseState, CaseStep | null> = {
  reported: 'register',
  registered: 'dispatch',
  returned: 'dispatch',
  dispatched: 'handle',
  handling: 'handle',
  reopened: 'handle',
  fed_back: 'verify',
  verified: 'close',
  closed: null,
  rejected: null,
  merged: null,
};

export const OPEN_STATES = (Object.keys(STEP_OF_STATE) as CaseState[]).filter(
  (s) => STEP_OF_STATE[s] !== null,
);
export const ENDED_STATES: readonly CaseState[] = ['closed', 'rejected', 'merged'];

/** Roles that report cases, and the source their reports carry. */
export const REPORTING_ROLES: Partial<Record<Role, 'grid_worker' | 'resident' | 'hotline' | 'department'>> = {
  grid_worker: 'grid_worker',
  resident: 'resident',
  command_operator: 'hotline',
  district_admin: 'hotline',
  dept_handler: 'department',
};

/** Leaders who may supervise (督办) an open case. */
export const SUPERVISING_ROLES: readonly Role[] = ['area_leader', 'district_admin'];

export interface Actor {
  role: Role;
  /** Root of the actor's area; the case's grid must be inside it. */
  areaCode: string;
  departmentCode: string | null;
}

export interface CaseForMove {
  state: CaseState;
  gridCode: string;
  departmentCode: string | null;
  keptInGrid: boolean;
}

/** Why a move is refused: wrong state (409), or not this actor's to make (403). */
export type Refusal = 'wrong_state' | 'not_yours';

/** Which party the actor is for this case, if any. */
export function partiesOf(actor: Actor, kase: CaseForMove): Party[] {
  if (!isWithin(kase.gridCode, actor.areaCode)) return [];
  const parties: Party[] = [];
  if (actor.role === 'command_operator' || actor.role === 'district_admin') parties.push('centre');
  if (actor.role === 'dept_handler' && actor.departmentCode && actor.departmentCode === kase.departmentCode)
    parties.push('handler');
  if (actor.role === 'grid_worker') {
    parties.push('site');
    // A grid that keeps a case handles it itself.
    if (kase.keptInGrid) parties.push('handler');
  }
  return parties;
}

/** null when the move is allowed; otherwise why not. The state is checked first. */
export function refusalOf(move: Move, actor: Actor, kase: CaseForMove): Refusal | null {
  const t = TRANSITIONS[move];
  if (!t.from.includes(kase.state)) return 'wrong_state';
  return partiesOf(actor, kase).includes(t.by) ? null : 'not_yours';
}

/** Every move this actor may make on this case now: the buttons the web app shows. */
export function allowedMoves(actor: Actor, kase: CaseForMove): Move[] {
  return MOVES.filter((m) => refusalOf(m, actor, kase) === null);
}
