export { votesRoutes } from './votes.routes.ts';
