export * from './elasticsearch.module';
export * from './message-index';
export * from './elasticsearch-message-search';
