export { fieldError } from './estates.messages.ts';
export {
  type ElectorateHouse,
  type Estate,
  electorateOf,
  estateById,
  estateOfCommittee,
  estatesIn,
  estatesOwnedBy,
} from './estates.repository.ts';
export { estatesRoutes } from './estates.routes.ts';
