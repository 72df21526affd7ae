export { ckanRoutes } from './ckan.routes.ts';
export { keyOfHeaders, readerOf } from './opendata.access.ts';
export { opendataRoutes } from './opendata.routes.ts';
export {
  DATASETS_NAMES,
  issuePartnerKeyAsSystem,
  REFRESH_JOB,
  recordUsageInBulk,
  refreshDataset,
  refreshDue,
  runRefreshJob,
  scheduleRefresh,
} from './opendata.service.ts';
