export { type BulkRecord, organizationsForDemo, recordInBulk } from './credit.bulk.ts';
export { CASE_RULE, recordCaseOutcomes } from './credit.cases.ts';
export { ABNORMAL_LIST_BASIS, ABNORMAL_LIST_TYPE, importAbnormalList } from './credit.ledger.ts';
export { creditRoutes } from './credit.routes.ts';
export { CREDIT_JOB, DECISION_EVENT, readDecisions, runCreditJob, scheduleCredit } from './credit.service.ts';
