import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MESSAGE_SEARCH_INDEX, type AppConfig } from '@chat/platform';
import { PostgresMessageSearch } from './postgres-message-search';

/**
 * Binds the search port to Postgres full-text unless ELASTICSEARCH_URL is set; then the app's
 * `ElasticsearchModule.forRoot(config)`, passed to PlatformModule like every distributed
 * adapter, binds it instead (this lib may not import infra libs). Same configuration, one
 * binding either way.
 */
@Module({})
export class SearchIndexModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (config.elasticsearch) return { module: SearchIndexModule };
    return {
      module: SearchIndexModule,
      providers: [
        {
          provide: MESSAGE_SEARCH_INDEX,
          inject: [DataSource],
          // The in-process bus lets index writes skip the WAL flush (see PostgresSearchOptions).
          useFactory: (dataSource: DataSource) => new PostgresMessageSearch(dataSource, { asyncCommit: config.kafka === null, statementTimeoutMs: config.search.statementTimeoutMs }),
        },
      ],
      exports: [MESSAGE_SEARCH_INDEX],
    };
  }
}
