import { isWithin, levelOfCode } from '../../geo/area-code.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';

/**
 * Who sees and does what with a question. The asker always sees theirs; the answerer sees what
 * was put to them once it is delivered (not while held for moderation); community staff with
 * `questions.moderate` see all of their area's; other residents of the community see public
 * ones that were delivered, so they can follow them. Everyone else: as if it did not exist.
 *
 * A homeowners' committee has no account: community staff who publish its statements on its
 * behalf (`disclosure.publish`) inside whose area the estate lies answer what is put to it.
 */
export interface QuestionFacts {
  asker_id: string;
  answerer_kind: 'deputy' | 'department' | 'committee';
  answerer_id: string | null;
  department_code: string | null;
  community_code: string;
  is_public: boolean;
  state: 'held' | 'hidden' | 'open' | 'answered';
}

/** The community a resident's account belongs to (accounts are bound to a community or a grid). */
export function communityOf(areaCode: string): string {
  return levelOfCode(areaCode) === 'grid' ? areaCode.slice(0, 12) : areaCode;
}

export const isAsker = (auth: Auth, q: QuestionFacts) => q.asker_id === auth.userId;

/** Answers for homeowners' committees: community staff publishing their statements. */
export const answersForCommittees = (auth: Auth) => auth.permissions.includes('disclosure.publish');

export function isAnswerer(auth: Auth, q: QuestionFacts): boolean {
  if (q.answerer_kind === 'committee')
    return answersForCommittees(auth) && isWithin(q.community_code, auth.areaCode);
  if (!auth.permissions.includes('questions.answer')) return false;
  if (auth.role === 'deputy') return q.answerer_id === auth.userId;
  return q.department_code !== null && q.department_code === auth.departmentCode;
}

export const isModerator = (auth: Auth, q: QuestionFacts) =>
  auth.permissions.includes('questions.moderate') && isWithin(q.community_code, auth.areaCode);

const delivered = (q: QuestionFacts) => q.state === 'open' || q.state === 'answered';

export function maySeeQuestion(auth: Auth, q: QuestionFacts): boolean {
  if (isAsker(auth, q) || isModerator(auth, q)) return true;
  if (!delivered(q)) return false;
  if (isAnswerer(auth, q)) return true;
  return (
    q.is_public &&
    auth.permissions.includes('questions.ask') &&
    communityOf(auth.areaCode) === q.community_code
  );
}

/** Residents of the community may follow a delivered public question that is not their own. */
export const mayFollow = (auth: Auth, q: QuestionFacts) =>
  !isAsker(auth, q) && delivered(q) && q.is_public && maySeeQuestion(auth, q) && auth.role === 'resident';
