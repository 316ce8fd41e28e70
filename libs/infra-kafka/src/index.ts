export * from './kafka-event-bus';
export * from './kafka-bus.module';
export * from './topics';
