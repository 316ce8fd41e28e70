import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ConfigResourceTypes, ConfigSource, Kafka, logLevel, type Admin } from 'kafkajs';
import { KafkaEventBus } from '@chat/infra-kafka';
import { createRedisClient, RedisAppliedEventLog } from '@chat/infra-redis';
import { Collector, CONTRACT_CONSUMERS, ConsumerDelivery, event, EVENT_BUS_CONTRACT, InMemoryAppliedEventLog, InMemoryDeadLetterStore, loadConfig, type AppliedEventLog, type KafkaConfig } from '@chat/platform';
import { engineEnv, runId } from '../distributed/engine-env';

/** Kafka settings for one test: topics and groups of its own. */
function kafkaSettings(): KafkaConfig {
  const config = loadConfig({ KAFKA_BROKERS: engineEnv().KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: runId('bus').replace('_', '-'), KAFKA_TOPIC_PARTITIONS: '3', KAFKA_SESSION_TIMEOUT_MS: '6000' });
  return config.kafka!;
}

async function started(bus: KafkaEventBus): Promise<void> {
  await bus.start();
  const deadline = Date.now() + 30_000;
  while (!bus.isReady()) {
    if (Date.now() > deadline) throw new Error('consumer groups did not join within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The Kafka adapter held to the event-bus contract (the in-process run is libs/platform/src/bus/in-process-event-bus.spec.ts). */
describe('event bus contract', () => {
  describe('KafkaEventBus', () => {
    const make = async () => {
      const deadLetters = new InMemoryDeadLetterStore();
      const bus = new KafkaEventBus(kafkaSettings(), new InMemoryAppliedEventLog(), `contract-${randomUUID()}`, new ConsumerDelivery(CONTRACT_CONSUMERS, deadLetters, null));
      return { bus, deadLetters, start: () => started(bus), stop: () => bus.stop() };
    };
    for (const c of EVENT_BUS_CONTRACT) it(c.name, () => c.run(make));
  });

  it('KafkaEventBus: an event published twice (a relay that died before marking its rows) is applied once per group, even on another member of the group', async () => {
    const settings = kafkaSettings();
    const redisConfig = loadConfig({ REDIS_URL: engineEnv().REDIS_URL, REDIS_KEY_PREFIX: settings.topicPrefix }).redis!;
    const redis = createRedisClient(redisConfig, 'bus-spec');
    const log: AppliedEventLog = new RedisAppliedEventLog(redis, 60);
    const collector = new Collector();
    let calls = 0;
    const member = (clientId: string) => {
      const bus = new KafkaEventBus(settings, log, clientId);
      bus.subscribe('projection', async (batch) => {
        calls += batch.length;
        await collector.handler(batch);
      });
      return bus;
    };
    const first = member('member-1');
    const second = member('member-2');
    try {
      await started(first);
      const aggregate = randomUUID();
      const events = Array.from({ length: 5 }, (_, i) => event(aggregate, i));
      await first.publish([...events, ...events]); // both copies in one fetched batch
      await first.publish(events); // and again in a later one
      await collector.waitFor(5);
      // A second member joins the group; the rebalance may hand it partitions whose offsets were
      // not committed yet. What the first member applied stays applied.
      await started(second);
      await first.publish(events);
      await new Promise((r) => setTimeout(r, 3_000));
      expect(calls).toBe(5);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
      redis.disconnect();
    }
  });

  it('KafkaEventBus: a stop in the middle of a fetched batch commits only what was handled: the next member of the group gets the rest', async () => {
    const settings = kafkaSettings();
    const aggregate = randomUUID();
    const events = Array.from({ length: 600 }, (_, i) => event(aggregate, i)); // one partition, fetched as one batch of several handler calls
    const seen = new Set<string>();
    const first = new KafkaEventBus(settings, new InMemoryAppliedEventLog(), 'member-1');
    let stopping: Promise<void> | undefined;
    first.subscribe('projection', async (batch) => {
      batch.forEach((e) => seen.add(e.id));
      // The first handler call is the last: the member stops while the batch's later records wait.
      stopping ??= first.stop();
      await new Promise((r) => setTimeout(r, 200));
    });
    const collector = new Collector();
    const second = new KafkaEventBus(settings, new InMemoryAppliedEventLog(), 'member-2');
    second.subscribe('projection', collector.handler);
    try {
      await started(first);
      await first.publish(events);
      await eventuallyTrue(() => stopping !== undefined);
      await stopping;
      expect(seen.size).toBeLessThan(events.length);
      await started(second);
      await collector.waitFor(events.length - seen.size);
      expect(new Set([...seen, ...events.filter((e) => collector.orderOf(aggregate).includes(e.id)).map((e) => e.id)]).size).toBe(events.length);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});

describe('KafkaEventBus topic durability', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = new Kafka({ brokers: engineEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());
  afterEach(() => jest.restoreAllMocks());

  const topicSettings = async (topic: string) => {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas', 'unclean.leader.election.enable'] }],
    });
    return new Map(resources[0].configEntries.map((e) => [e.configName, e]));
  };

  it('creates its topics with min.insync.replicas = min(2, replication factor) and no unclean leader election, set on the topic', async () => {
    const settings = kafkaSettings();
    const bus = new KafkaEventBus(settings, new InMemoryAppliedEventLog(), 'durability');
    bus.subscribe('projection', async () => undefined);
    try {
      await started(bus);
      for (const topic of [`${settings.topicPrefix}.conversation.events`, `${settings.topicPrefix}.replay.projection`]) {
        const found = await topicSettings(topic);
        // Set on the topic, not the broker's default: with one local broker both say 1.
        expect(found.get('min.insync.replicas')).toMatchObject({ configValue: String(Math.min(2, settings.replicationFactor)), configSource: ConfigSource.TOPIC_CONFIG });
        expect(found.get('unclean.leader.election.enable')).toMatchObject({ configValue: 'false', configSource: ConfigSource.TOPIC_CONFIG });
      }
    } finally {
      await bus.stop();
    }
  });

  it('warns at start of a topic that existed with a less durable setting, and leaves it as it is', async () => {
    const settings = kafkaSettings();
    const topic = `${settings.topicPrefix}.user.events`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'unclean.leader.election.enable', value: 'true' }] }] });
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const bus = new KafkaEventBus(settings, new InMemoryAppliedEventLog(), 'durability');
    try {
      await started(bus);
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ event: 'kafka.topic_less_durable', topic, setting: 'unclean.leader.election.enable', actual: 'true', required: 'false' }), expect.any(String));
      expect((await topicSettings(topic)).get('unclean.leader.election.enable')?.configValue).toBe('true');
    } finally {
      await bus.stop();
    }
  });
});

async function eventuallyTrue(condition: () => boolean, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
