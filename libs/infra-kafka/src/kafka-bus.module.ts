import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, APPLIED_EVENT_LOG, ConsumerDelivery, EVENT_BUS, HealthRegistry, type AppConfig, type AppliedEventLog } from '@chat/platform';
import { KafkaEventBus } from './kafka-event-bus';

/** Starts consumers once every module has subscribed, and stops them after the app stops using the bus. */
@Injectable()
class KafkaBusLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: KafkaEventBus,
    private readonly health: HealthRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.health.register({
      name: 'kafka',
      check: async () => {
        if (!this.bus.isReady()) throw new Error('a consumer group has not joined yet');
      },
    });
    await this.bus.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.stop();
  }
}

/** Binds EVENT_BUS to Kafka when KAFKA_BROKERS is set; otherwise binds nothing (the embedded bus stays). */
@Module({})
export class KafkaBusModule {
  static forRoot(config: AppConfig): DynamicModule {
    const kafka = config.kafka;
    if (!kafka) return { module: KafkaBusModule };
    return {
      module: KafkaBusModule,
      providers: [
        {
          provide: EVENT_BUS,
          inject: [APPLIED_EVENT_LOG, APP_CONFIG, ConsumerDelivery],
          useFactory: (log: AppliedEventLog, app: AppConfig, delivery: ConsumerDelivery) => new KafkaEventBus(kafka, log, app.nodeId, delivery),
        },
        KafkaBusLifecycle,
      ],
      exports: [EVENT_BUS],
    };
  }
}
