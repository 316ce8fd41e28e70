export * from './entities';
export * from './data-source';
export * from './database.module';
export * from './embedded/embedded-postgres';
export * from './outbox/outbox.writer';
export * from './outbox/outbox.relay';
export * from './outbox/outbox.module';
export * from './pg-errors';
