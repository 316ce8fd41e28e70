export * from './redis-client';
export * from './redis-rate-limiter';
export * from './redis-applied-event-log';
export * from './redis-state.module';
export * from './redis-presence-store';
export * from './redis-typing-store';
export * from './redis-connection-counter';
export * from './redis-profile-cache';
