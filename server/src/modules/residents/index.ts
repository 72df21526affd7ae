export { residentsRoutes } from './residents.routes.ts';
export { LogSmsSender, type SmsSender, WebhookSmsSender } from './sms.ts';
