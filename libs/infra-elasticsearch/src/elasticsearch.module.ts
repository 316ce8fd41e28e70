import { Client } from '@elastic/elasticsearch';
import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry, MESSAGE_SEARCH_INDEX, type AppConfig } from '@chat/platform';
import { ElasticsearchMessageSearch } from './elasticsearch-message-search';
import { MessageIndex } from './message-index';

export const ELASTICSEARCH_CLIENT = Symbol('ELASTICSEARCH_CLIENT');

@Injectable()
class ElasticsearchLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: Client,
    private readonly index: MessageIndex,
    private readonly health: HealthRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.health.register({
      name: 'elasticsearch',
      check: async () => {
        const { status } = await this.client.cluster.health({ timeout: '2s' });
        if (status === 'red') throw new Error('cluster health is red');
      },
    });
    await this.index.ensure();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/**
 * When ELASTICSEARCH_URL is set: the client, the message index, and the search port
 * (`MESSAGE_SEARCH_INDEX`) bound to Elasticsearch. Apps pass it to `PlatformModule.forRoot` with
 * the other distributed adapters; unset, it binds nothing and search stays on Postgres.
 */
@Module({})
export class ElasticsearchModule {
  static forRoot(config: AppConfig): DynamicModule {
    const es = config.elasticsearch;
    if (!es) return { module: ElasticsearchModule };
    return {
      module: ElasticsearchModule,
      providers: [
        { provide: ELASTICSEARCH_CLIENT, useFactory: () => new Client({ node: es.url, requestTimeout: 10_000, maxRetries: 2 }) },
        { provide: MessageIndex, inject: [ELASTICSEARCH_CLIENT], useFactory: (client: Client) => new MessageIndex(client, `${es.indexPrefix}-messages`) },
        { provide: MESSAGE_SEARCH_INDEX, inject: [ELASTICSEARCH_CLIENT, MessageIndex], useFactory: (client: Client, index: MessageIndex) => new ElasticsearchMessageSearch(client, index) },
        ElasticsearchLifecycle,
      ],
      exports: [ELASTICSEARCH_CLIENT, MessageIndex, MESSAGE_SEARCH_INDEX],
    };
  }
}
