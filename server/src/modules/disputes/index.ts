export { disputesRoutes } from './disputes.routes.ts';
export type { DisputesContext } from './disputes.service.ts';
export { disputesWall } from './disputes.wall.ts';
// For the demo's bulk loader, which plans deadlines the way mediation does.
export {
  DISPUTE_ALARM_JOB,
  MEDIATION_DAYS,
  raiseDisputeAlarm,
  workingDeadline,
} from './mediation.service.ts';
export { screeningRoutes } from './screening.routes.ts';
