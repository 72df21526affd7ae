export { fieldError } from './teams.messages.ts';
export { teamsRoutes } from './teams.routes.ts';
