export { type CommandRoutesOptions, commandRoutes } from './command.routes.ts';
export { MONTHLY_JOB, runMonthlyJob, scheduleMonthly } from './report.service.ts';
