import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CommandBus, CqrsModule, QueryBus } from '@nestjs/cqrs';
import { APPLIED_EVENT_LOG } from './bus/applied-event-log.port';
import { ConsumerDelivery } from './bus/consumer-delivery';
import { DEAD_LETTER_STORE, type DeadLetterStore } from './bus/dead-letter-store.port';
import { EVENT_BUS } from './bus/event-bus.port';
import { InMemoryAppliedEventLog } from './bus/in-memory-applied-event-log';
import { InProcessEventBus } from './bus/in-process-event-bus';
import { COMMAND_DISPATCHER, QUERY_DISPATCHER } from './dispatch/dispatcher.port';
import { APP_CONFIG } from './config/config.module';
import type { AppConfig } from './config/app-config';
import { CLOCK, SystemClock } from './ephemeral/clock';
import { InMemoryPresenceStore } from './ephemeral/in-memory-presence-store';
import { InMemoryTypingStore } from './ephemeral/in-memory-typing-store';
import { PRESENCE_STORE } from './ephemeral/presence-store.port';
import { TYPING_STORE, VIEWER_STORE } from './ephemeral/typing-store.port';
import { CONNECTION_COUNTER } from './quota/connection-counter.port';
import { InMemoryConnectionCounter } from './quota/in-memory-connection-counter';
import { Metrics } from './metrics/metrics';
import { InMemoryProfileCache } from './profiles/in-memory-profile-cache';
import { PROFILE_CACHE } from './profiles/profile-cache.port';
import { InMemoryRateLimiter } from './rate-limit/in-memory-rate-limiter';
import { RATE_LIMITER } from './rate-limit/rate-limiter.port';

/** The embedded adapter of every port: what a process gets when nothing else is configured. */
const EMBEDDED: (Provider & { provide: symbol })[] = [
  { provide: EVENT_BUS, useClass: InProcessEventBus },
  { provide: RATE_LIMITER, useFactory: () => new InMemoryRateLimiter() },
  { provide: APPLIED_EVENT_LOG, useFactory: () => new InMemoryAppliedEventLog() },
  { provide: PRESENCE_STORE, useFactory: () => new InMemoryPresenceStore() },
  { provide: TYPING_STORE, useFactory: () => new InMemoryTypingStore() },
  { provide: VIEWER_STORE, useFactory: () => new InMemoryTypingStore() },
  { provide: CONNECTION_COUNTER, useFactory: () => new InMemoryConnectionCounter() },
  { provide: PROFILE_CACHE, useFactory: () => new InMemoryProfileCache() },
  { provide: CLOCK, useFactory: () => new SystemClock() },
  { provide: COMMAND_DISPATCHER, useExisting: CommandBus },
  { provide: QUERY_DISPATCHER, useExisting: QueryBus },
];

/**
 * The retries and dead letters of every consumer group, whichever bus adapter runs it. The store is
 * @chat/persistence's (Postgres), where the app has a database.
 */
const CONSUMER_DELIVERY: Provider = {
  provide: ConsumerDelivery,
  inject: [APP_CONFIG, { token: DEAD_LETTER_STORE, optional: true }, Metrics],
  useFactory: (config: AppConfig, store: DeadLetterStore | undefined, metrics: Metrics) => new ConsumerDelivery(config.consumers, store ?? null, metrics),
};

/**
 * Binds each port to one adapter, picked by configuration. The distributed adapters live in
 * infra libs (which platform may not import), so apps pass their modules in, each built from the
 * config (`KafkaBusModule.forRoot(config)`…): a module exports a port only when its engine is
 * configured, and every port left unexported gets its embedded adapter here. So a port is bound
 * exactly once, and no handler knows which adapter it has.
 */
@Module({})
export class AdaptersModule {
  static forRoot(distributed: DynamicModule[] = []): DynamicModule {
    const taken = new Set(distributed.flatMap((m) => m.exports ?? []));
    const embedded = EMBEDDED.filter((p) => !taken.has(p.provide));
    return {
      module: AdaptersModule,
      global: true,
      imports: [CqrsModule, ...distributed],
      providers: [CONSUMER_DELIVERY, ...embedded],
      exports: [ConsumerDelivery, ...embedded.map((p) => p.provide), ...distributed],
    };
  }
}
