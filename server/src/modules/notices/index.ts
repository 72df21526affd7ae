export { linksRoutes } from './links.ts';
export { publishedPublicNotices } from './notices.repository.ts';
export { noticesRoutes } from './notices.routes.ts';
export { type NewNotice, publishNotice } from './notices.service.ts';
