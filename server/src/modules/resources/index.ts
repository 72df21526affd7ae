export { resourcesRoutes } from './resources.routes.ts';
export { computeSummary } from './resources.service.ts';
