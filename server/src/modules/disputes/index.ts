export { disputesRoutes } from './disputes.routes.ts';
export type { DisputesContext } from './disputes.service.ts';
export { disputesWall } from './disputes.wall.ts';
export { DISPUTE_ALARM_JOB, raiseDisputeAlarm } from './mediation.service.ts';
export { screeningRoutes } from './screening.routes.ts';
