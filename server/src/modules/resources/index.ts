export { insertResources } from './resources.demo.ts';
export type { FundRow, PersonRow, RoomRow } from './resources.repository.ts';
export { resourcesRoutes } from './resources.routes.ts';
export { computeSummary } from './resources.service.ts';
