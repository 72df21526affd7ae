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
  publishedStatementLines,
  runLateJob,
  scheduleLate,
} from './disclosure.service.ts';
