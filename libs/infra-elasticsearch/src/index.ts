export * from './elasticsearch.module';
export * from './message-index';
