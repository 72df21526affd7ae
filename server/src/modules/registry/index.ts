export { ORG_KINDS, THING_CATEGORIES } from './catalogs.ts';
export { insertHistory } from './history.repository.ts';
export type { Changes } from './history.ts';
export { householdsRoutes } from './households.routes.ts';
export {
  checkCreditCode,
  checkIdNumber,
  checkPhone,
  creditCheckChar,
  idCheckChar,
  idNumberFacts,
  maskIdNumber,
  maskPhone,
} from './identity.ts';
export { orgsRoutes } from './orgs.routes.ts';
export { houseBriefs, maskName, peopleBriefs } from './people.repository.ts';
export { peopleRoutes } from './people.routes.ts';
export { releaseHead } from './people.service.ts';
export { placesRoutes } from './places.routes.ts';
export {
  housesByGridUsage,
  orgFacts,
  orgsByCreditCodes,
  orgsWithCreditCodes,
  populationByGridBand,
  publicComponents,
  publicOrganizations,
} from './public-data.repository.ts';
export {
  activePeopleByIdNumberHash,
  activePerson,
  householdsToReach,
  housesOfBuildings,
  orgRef,
  type PersonNumbers,
  peopleNumbers,
} from './refs.repository.ts';
export { fieldError } from './registry.messages.ts';
export { normalisePersonName } from './registry.text.ts';
export { matchRegisteredPerson } from './residents.ts';
export { statsRoutes } from './stats.routes.ts';
export { tagsRoutes } from './tags.routes.ts';
export { thingsRoutes } from './things.routes.ts';
