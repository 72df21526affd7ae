export { publicQuestionsRoutes } from './public.routes.ts';
export { raiseQuestionAlarm } from './questions.alarm.ts';
export { questionsRoutes } from './questions.routes.ts';
export { QUESTION_ALARM_JOB } from './questions.service.ts';
export { questionsWallSource } from './questions.wall.ts';
