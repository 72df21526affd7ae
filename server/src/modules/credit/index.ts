export { type BulkRecord, organizationsForDemo, recordInBulk } from './credit.bulk.ts';
export { creditRoutes } from './credit.routes.ts';
export { CREDIT_JOB, DECISION_EVENT, readDecisions, runCreditJob, scheduleCredit } from './credit.service.ts';
