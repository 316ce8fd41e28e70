import { Client } from '@elastic/elasticsearch';
import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry, type AppConfig } from '@chat/platform';
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

/** The Elasticsearch client and the message index, when ELASTICSEARCH_URL is set; nothing otherwise. */
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
        ElasticsearchLifecycle,
      ],
      exports: [ELASTICSEARCH_CLIENT, MessageIndex],
    };
  }
}
