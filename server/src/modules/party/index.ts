export { DEFAULT_REQUIREMENTS } from './compliance.service.ts';
export { partyOrgFacts } from './party.facts.ts';
export { partyRoutes } from './party.routes.ts';
export { partyWallFigures } from './party.wall.ts';
