export {
  CATEGORIES,
  DEFAULT_DISCLOSURE_SETTINGS,
  type DisclosureSettings,
  duePeriods,
  periodRange,
} from './disclosure.catalog.ts';
export { disclosureRoutes } from './disclosure.routes.ts';
export {
  DISCLOSURE_LATE_JOB,
  flagLatePeriods,
  ownerEstatesOf,
  publishedStatementLines,
  runLateJob,
  scheduleLate,
  statementLineRef,
} from './disclosure.service.ts';
