export { ENFORCEMENT_ALARM_JOB, raiseEnforcementAlarm } from './enforcement.alarm.ts';
export {
  afterDays,
  afterWorkingDays,
  cstDay,
  DECISION_DAYS,
  FILING_WORKING_DAYS,
  MATTER_STATES,
  type MatterState,
  SERVICE_DAYS,
} from './enforcement.machine.ts';
export { type EnforcementRoutesOptions, enforcementRoutes } from './enforcement.routes.ts';
export { DEFAULT_SETTINGS as DEFAULT_ENFORCEMENT_SETTINGS } from './enforcement.service.ts';
export { enforcementWallFigures } from './enforcement.wall.ts';
export { DECISION_FINAL_EVENT } from './moves.service.ts';
export { publishedDecisions } from './public.service.ts';
export { publicText } from './publication.ts';
