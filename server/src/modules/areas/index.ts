export { importAreas } from './areas.import.ts';
export { areasRoutes } from './areas.routes.ts';
export { GridIndex } from './grid-index.ts';
export { sizingRoutes } from './sizing.routes.ts';
