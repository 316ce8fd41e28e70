export * from './notifications.module';
export * from './delivery/notification-delivery.module';
export { NOTIFICATION_GROUP } from './delivery/notify-offline.consumer';
