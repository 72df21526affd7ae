export { ENFORCEMENT_ALARM_JOB, raiseEnforcementAlarm } from './enforcement.alarm.ts';
export { MATTER_STATES } from './enforcement.machine.ts';
export { type EnforcementRoutesOptions, enforcementRoutes } from './enforcement.routes.ts';
export { enforcementWallFigures } from './enforcement.wall.ts';
export { DECISION_FINAL_EVENT } from './moves.service.ts';
