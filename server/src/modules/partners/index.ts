export { bindAccount, insertBookings, insertPartners, insertServices } from './partners.repository.ts';
export { partnersRoutes } from './partners.routes.ts';
export { PARTNER_KINDS, SERVICE_KINDS } from './partners.schemas.ts';
