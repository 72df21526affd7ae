export { meetingById, participantsOf } from './meetings.repository.ts';
export { meetingsRoutes } from './meetings.routes.ts';
