import type { CaseState } from '../../db/types.ts';
import type { Lang } from '../../platform/i18n.ts';
import type { Move } from './cases.machine.ts';

const STATES: Record<CaseState, [string, string]> = {
  reported: ['待立案', 'reported'],
  registered: ['待派遣', 'registered'],
  dispatched: ['待受理', 'dispatched'],
  handling: ['处置中', 'being handled'],
  returned: ['已退回', 'returned to the dispatcher'],
  fed_back: ['待核查', 'fed back'],
  reopened: ['核查未通过', 'reopened'],
  verified: ['待结案', 'verified'],
  closed: ['已结案', 'closed'],
  rejected: ['不予立案', 'rejected'],
  merged: ['已合并', 'merged as a duplicate'],
};

const MOVES: Record<Move, [string, string]> = {
  register: ['立案', 'register'],
  reject: ['不予立案', 'reject'],
  merge: ['合并重复', 'merge as duplicate'],
  dispatch: ['派遣', 'dispatch'],
  accept: ['受理', 'accept'],
  send_back: ['退回', 'send back'],
  feedback: ['反馈', 'feed back'],
  verify: ['核查通过', 'verify'],
  reopen: ['核查不通过', 'reopen'],
  close: ['结案', 'close'],
};

export const stateName = (state: CaseState, lang: Lang) => STATES[state][lang === 'zh' ? 0 : 1];
export const moveName = (move: Move, lang: Lang) => MOVES[move][lang === 'zh' ? 0 : 1];
