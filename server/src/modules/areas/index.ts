export {
  activeArea,
  activeAreaTree,
  areaNames,
  type CommunityFacts,
  communitiesIn,
  districtAndStreets,
  districtRootArea,
} from './area-facts.repository.ts';
export { importAreas } from './areas.import.ts';
export { areasRoutes } from './areas.routes.ts';
export { createDistrictRoot } from './areas.service.ts';
export { baseMapRoutes } from './base-map.routes.ts';
export { GridIndex } from './grid-index.ts';
export { sizingRoutes } from './sizing.routes.ts';
