export { CATEGORIES, type DisclosureSettings } from './disclosure.catalog.ts';
export { disclosureRoutes } from './disclosure.routes.ts';
export {
  DISCLOSURE_LATE_JOB,
  flagLatePeriods,
  publishedStatementLines,
  runLateJob,
  scheduleLate,
} from './disclosure.service.ts';
