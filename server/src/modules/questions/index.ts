export { publicQuestionsRoutes } from './public.routes.ts';
export { raiseQuestionAlarm } from './questions.alarm.ts';
export { answeredPublicQuestions } from './questions.repository.ts';
export { questionsRoutes } from './questions.routes.ts';
export { DEFAULT_QUESTION_SETTINGS, deadlineOf } from './questions.rules.ts';
export { QUESTION_ALARM_JOB } from './questions.service.ts';
export { questionsWallSource } from './questions.wall.ts';
