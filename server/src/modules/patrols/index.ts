// For bulk loaders (the demo's year of visits), which write past tasks as visited.

// One-off visit tasks for other modules (a dispute's follow-up visits).
export { addFollowUpTasks, type FollowUp } from './follow-ups.repository.ts';
export { activePlans, generateVisitedTasks } from './patrols.repository.ts';
export { patrolsRoutes } from './patrols.routes.ts';
export { GENERATE_JOB, runGenerateJob, scheduleGenerate } from './patrols.service.ts';
export { addDays, cstDay, cstMidnight, periodOf } from './periods.ts';
export { visitsWallSource } from './visits.wall.ts';
