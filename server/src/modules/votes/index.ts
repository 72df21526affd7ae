export { type Choice, decideOwners, tallyOwners, UNOWNED, unitsOf } from './votes.arithmetic.ts';
export { findVote } from './votes.repository.ts';
export { votesRoutes } from './votes.routes.ts';
export { countVote } from './votes.service.ts';
