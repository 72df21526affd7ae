export { insertActivities, insertPairings, insertYears } from './pairing.repository.ts';
export { pairingRoutes } from './pairing.routes.ts';
export { JOINT_AREAS } from './pairing.schemas.ts';
