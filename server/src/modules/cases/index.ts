export { attachStoredFile, filesDir, storeFile } from './attachments.ts';
export { calendarRoutes } from './calendar.routes.ts';
export { loadCalendar, loadDefaultCalendar, type WorkingCalendar } from './calendar.ts';
export { raiseAlarm } from './cases.alarm.ts';
export { CASES_CHANNEL, CaseBus } from './cases.bus.ts';
export { listCasesByIds } from './cases.lists.ts';
export { ENDED_STATES, type Move, OPEN_STATES, TRANSITIONS } from './cases.machine.ts';
export { stateName } from './cases.messages.ts';
export { dispatchToOwner, superviseCase } from './cases.moves.ts';
export { duplicateWindow, reportCase } from './cases.report.ts';
export { caseBriefs } from './cases.repository.ts';
export { casesRoutes } from './cases.routes.ts';
export { CaseDetailSchema, CaseSchema } from './cases.schemas.ts';
export { ALARM_JOB, type CasesContext } from './cases.service.ts';
export { casesWallSource } from './cases.wall.ts';
export { catalogRoutes } from './catalog.routes.ts';
export { DEFAULT_DEPARTMENTS, flattenCategories, loadCaseCatalog } from './catalog.ts';
export { catalogAdminRoutes } from './catalog-admin.routes.ts';
export { foldRollup, groupNames } from './figures.repository.ts';
export { figuresRoutes } from './figures.routes.ts';
export { beijingDay, caseFigures, cohortFiguresOf, figuresOf } from './figures.service.ts';
export {
  attributeClosedCases,
  casesByCategoryMonth,
  closedCasesOfOrgs,
  departmentFigures,
  topCategories,
  unattributedClosedCases,
} from './public-data.repository.ts';
export { caseCategoryExists, caseRef, caseSatisfaction, ensureCaseCategory } from './refs.repository.ts';
export { ReportWriter } from './report-writer.ts';
export {
  type CasePoint,
  caseClusterPoints,
  casePoints,
  casePointsJson,
  overdueList,
} from './wall.repository.ts';
