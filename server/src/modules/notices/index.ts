export { linksRoutes } from './links.ts';
export { noticesRoutes } from './notices.routes.ts';
export { type NewNotice, publishNotice } from './notices.service.ts';
