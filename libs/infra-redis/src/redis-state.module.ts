import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, APPLIED_EVENT_LOG, CONNECTION_COUNTER, HealthRegistry, LoadMonitor, PRESENCE_STORE, PROFILE_CACHE, RATE_LIMITER, TYPING_STORE, VIEWER_STORE, type AppConfig } from '@chat/platform';
import { RedisAppliedEventLog } from './redis-applied-event-log';
import { checkRedisCapacity } from './redis-capacity';
import { createRedisClient, type RedisClient } from './redis-client';
import { RedisConnectionCounter } from './redis-connection-counter';
import { RedisPresenceStore } from './redis-presence-store';
import { RedisProfileCache } from './redis-profile-cache';
import { RedisRateLimiter } from './redis-rate-limiter';
import { RedisTypingStore } from './redis-typing-store';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

@Injectable()
class RedisLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RedisStateModule.name);

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly health: HealthRegistry,
    private readonly load: LoadMonitor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Fails the start on a Redis too small for this service, in the init phase, before the background work that starts at bootstrap (relays, consumers). */
  async onModuleInit(): Promise<void> {
    const caps = await checkRedisCapacity(this.redis, this.config.redis?.minMemoryMb ?? 0);
    const fields = { maxmemoryBytes: caps.map((c) => c.maxmemoryBytes), policy: caps.map((c) => c.policy) };
    // Evicting keys at the cap drops rate-limit counters, guess counts and spent login challenges: a full Redis should refuse writes instead.
    if (caps.some((c) => c.maxmemoryBytes > 0 && c.policy !== 'noeviction')) this.logger.warn(fields, 'Redis evicts keys at its memory cap: set maxmemory-policy noeviction');
    else this.logger.log(fields, 'Redis memory cap checked');
  }

  async onApplicationBootstrap(): Promise<void> {
    const ping = async () => void (await this.redis.ping());
    this.health.register({ name: 'redis', check: ping });
    // Presence, typing and rate limits wait on this Redis: when it slows, typing and reactions go first.
    this.load.watchDependency('redis', ping);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * Binds the shared-state ports (rate limits, consumer applied-event logs, presence, typing, tenant connection counts, profile fetch times) to Redis (one Redis at REDIS_URL,
 * or a Redis Cluster at REDIS_CLUSTER_NODES) when configured; otherwise binds nothing and the in-memory adapters stay.
 */
@Module({})
export class RedisStateModule {
  static forRoot(config: AppConfig): DynamicModule {
    const redis = config.redis;
    if (!redis) return { module: RedisStateModule };
    return {
      module: RedisStateModule,
      providers: [
        {
          provide: REDIS_CLIENT,
          inject: [APP_CONFIG],
          useFactory: async (app: AppConfig) => {
            const client = createRedisClient(redis, `chat-${app.nodeId}`);
            await client.connect();
            return client;
          },
        },
        { provide: RATE_LIMITER, inject: [REDIS_CLIENT], useFactory: (client: RedisClient) => new RedisRateLimiter(client) },
        { provide: APPLIED_EVENT_LOG, inject: [REDIS_CLIENT], useFactory: (client: RedisClient) => new RedisAppliedEventLog(client, redis.appliedEventTtlSeconds) },
        { provide: PRESENCE_STORE, inject: [REDIS_CLIENT], useFactory: (client: RedisClient) => new RedisPresenceStore(client) },
        { provide: TYPING_STORE, inject: [REDIS_CLIENT], useFactory: (client: RedisClient) => new RedisTypingStore(client) },
        { provide: VIEWER_STORE, inject: [REDIS_CLIENT], useFactory: (client: RedisClient) => new RedisTypingStore(client, 'viewing') },
        { provide: CONNECTION_COUNTER, inject: [REDIS_CLIENT], useFactory: (client: RedisClient) => new RedisConnectionCounter(client) },
        { provide: PROFILE_CACHE, inject: [REDIS_CLIENT], useFactory: (client: RedisClient) => new RedisProfileCache(client) },
        RedisLifecycle,
      ],
      exports: [RATE_LIMITER, APPLIED_EVENT_LOG, PRESENCE_STORE, TYPING_STORE, VIEWER_STORE, CONNECTION_COUNTER, PROFILE_CACHE],
    };
  }
}
