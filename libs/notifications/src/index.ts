export * from './notifications.module';
export * from './delivery/notification-delivery.module';
