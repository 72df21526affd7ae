export { insertNotifications, markNotificationsRead, notificationsOf } from './notifications.repository.ts';
export { personOfResident } from './residents.repository.ts';
export { residentsRoutes } from './residents.routes.ts';
export { LogSmsSender, type SmsSender, WebhookSmsSender } from './sms.ts';
