export * from './search.module';
export * from './postgres/search-index.module';
export * from './postgres/postgres-message-search';
export * from './index-messages/search-index.projection';
export * from './index-messages/search-backfill';
export * from './index-messages/search-changes';
export * from './search-messages/search-messages.query';
