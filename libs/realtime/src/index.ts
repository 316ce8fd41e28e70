export * from './realtime.module';
export * from './configured-io.adapter';
export * from './rooms';
