export { DEFAULT_REQUIREMENTS } from './compliance.service.ts';
export { partyRoutes } from './party.routes.ts';
export { partyWallFigures } from './party.wall.ts';
