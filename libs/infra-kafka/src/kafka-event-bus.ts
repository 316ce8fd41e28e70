import { Logger } from '@nestjs/common';
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import type { EventEnvelope } from '@chat/contracts';
import { OrderedPipeline, SpanKind, startSpan, type AppliedEventLog, type ConsumerDelivery, type DeliveryControl, type EventBus, type EventHandler, type KafkaConfig } from '@chat/platform';
import { distinctEvents } from './distinct-events';
import { kafkaLogCreator } from './kafka-logger';
import { fromRecord, toRecord } from './record-codec';
import { durableTopicConfig, warnOfLessDurableTopics } from './topic-durability';
import { AGGREGATE_TYPES, groupIdFor, replayTopicFor, topicFor } from './topics';

/**
 * The event bus on Kafka.
 *
 * - publish: an idempotent producer (acks=all, one request in flight, so retries neither
 *   duplicate nor reorder within a partition); resolves once the brokers acknowledged every record.
 *   Pending publishes are sent one after another, and fail behind a failed one, so a pipelining
 *   relay never gets a later batch onto the broker ahead of an earlier one. After a failed send the
 *   producer is replaced, so its sequence numbers start clean.
 * - subscribe: one consumer group per subscription, reading every aggregate topic from the
 *   earliest offset the group has not committed, a partition's fetched records handed over in
 *   batches of at most HANDLER_BATCH_MAX. Offsets are committed only after the handler resolved,
 *   so delivery is at least once, in partition (= aggregate) order.
 * - failures (ConsumerDelivery): a handler that throws is tried again in place, heartbeating, with
 *   capped exponential backoff: without limit while the error says an engine is unavailable, and
 *   otherwise event by event up to CONSUMER_MAX_ATTEMPTS tries, after which the event is set aside
 *   as a dead letter and the partition moves on. Only a stop or a rebalance hands the batch back
 *   uncommitted (the next owner reads it again).
 * - redeliver: an operator's replay goes to `<prefix>.replay.<group>`, a topic only that group
 *   subscribes to, so it reaches the group wherever it runs and no other group sees it again.
 * - applied log: before a handler runs, the group's log is asked whether the event id was already
 *   applied (a redelivery after a crash or a rebalance that moved the partition to another member),
 *   and the id is recorded after the handler succeeds. Copies of one id within a batch (a
 *   republished relay batch fetched together with the first) reach the handler once.
 */
/** Records per handler call: big enough to amortise a projection transaction, small enough to heartbeat in between. */
const HANDLER_BATCH_MAX = 200;
const NONE: ReadonlySet<string> = new Set();

interface ConsumerEntry {
  group: string;
  consumer: Consumer;
  joined: boolean;
}

export class KafkaEventBus implements EventBus {
  private readonly logger = new Logger(KafkaEventBus.name);
  private readonly kafka: Kafka;
  private readonly handlers = new Map<string, EventHandler>();
  private readonly consumers: ConsumerEntry[] = [];
  private producer: Promise<Producer> | null = null;
  private readonly publishes = new OrderedPipeline();
  private readonly replayTopics = new Set<string>();
  private started = false;
  private stopping = false;

  constructor(
    private readonly config: KafkaConfig,
    private readonly appliedLog: AppliedEventLog,
    clientId: string,
    /** Retries and dead letters; without it a failing handler's batch is read again until it passes. */
    private readonly delivery: ConsumerDelivery | null = null,
  ) {
    this.kafka = new Kafka({
      clientId,
      brokers: config.brokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator,
      retry: { initialRetryTime: 200, maxRetryTime: 3_000, retries: 8 },
    });
  }

  subscribe(group: string, handler: EventHandler): void {
    if (this.started) throw new Error(`Consumer group ${group} subscribed after the bus started`);
    if (this.handlers.has(group)) throw new Error(`Consumer group ${group} is already subscribed`);
    this.handlers.set(group, handler);
  }

  publish(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.publishes.run(() => this.send(events));
  }

  /** To the group's replay topic (created on first use, also where the group does not run in this process). */
  async redeliver(group: string, events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const topic = replayTopicFor(this.config.topicPrefix, group);
    if (!this.replayTopics.has(topic)) {
      await this.createTopics([topic]);
      this.replayTopics.add(topic);
    }
    await this.publishes.run(() => this.send(events, topic));
  }

  private async send(events: readonly EventEnvelope[], toTopic?: string): Promise<void> {
    const spans = events.map((e) =>
      startSpan(`publish ${e.name}`, { kind: SpanKind.PRODUCER, parentHeaders: e.headers, attributes: { 'messaging.system': 'kafka', 'messaging.message.id': e.id } }),
    );
    const byTopic = new Map<string, ReturnType<typeof toRecord>[]>();
    events.forEach((event, i) => {
      const topic = toTopic ?? topicFor(this.config.topicPrefix, event.aggregateType);
      if (!byTopic.has(topic)) byTopic.set(topic, []);
      byTopic.get(topic)!.push(toRecord(event, spans[i].headers));
    });
    try {
      const producer = await this.connectedProducer();
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      spans.forEach((s) => s.end());
    } catch (err) {
      spans.forEach((s) => s.end(err));
      await this.dropProducer();
      throw err;
    }
  }

  /** Creates the topics and starts one consumer per subscribed group. */
  async start(): Promise<void> {
    this.started = true;
    await this.ensureTopics();
    for (const [group, handler] of this.handlers) await this.startConsumer(group, handler);
  }

  /**
   * Ready once every group has joined the first time (so the first events do not wait on a
   * rebalance). Deliberately not withdrawn when a consumer later crashes or the broker restarts:
   * a gateway still serves REST and sockets then, and kafkajs reconnects on its own.
   */
  isReady(): boolean {
    return this.consumers.every((c) => c.joined);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.consumers.map((c) => c.consumer.disconnect().catch(() => undefined)));
    await this.dropProducer();
  }

  private async ensureTopics(): Promise<void> {
    const { topicPrefix } = this.config;
    const replays = [...this.handlers.keys()].map((group) => replayTopicFor(topicPrefix, group));
    const topics = [...AGGREGATE_TYPES.map((a) => topicFor(topicPrefix, a)), ...replays];
    await this.createTopics(topics);
    replays.forEach((t) => this.replayTopics.add(t));
    await this.withAdmin((admin) => warnOfLessDurableTopics(admin, topics, this.config.replicationFactor));
  }

  /**
   * Creates the topics that do not exist yet, with durableTopicConfig (existing ones are left as
   * they are), and waits until every partition of every one of them has a leader
   * (untilLeadersElected). kafkajs' own `waitForLeaders` is not asked for: it covers only the
   * topics this call created, and one that another process created a moment earlier (two gateways
   * of one group start together) can still be leaderless, so subscribing to it would fail with
   * UNKNOWN_TOPIC_OR_PARTITION; the one wait here covers both.
   */
  private async createTopics(topics: string[]): Promise<void> {
    const { partitions, replicationFactor } = this.config;
    const configEntries = durableTopicConfig(replicationFactor);
    await this.withAdmin(async (admin) => {
      await admin.createTopics({ waitForLeaders: false, topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor, configEntries })) });
      await untilLeadersElected(admin, topics);
    });
  }

  private async withAdmin(use: (admin: Admin) => Promise<void>): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await use(admin);
    } finally {
      await admin.disconnect();
    }
  }

  private async startConsumer(group: string, handler: EventHandler): Promise<void> {
    const { sessionTimeoutMs, topicPrefix } = this.config;
    const consumer = this.kafka.consumer({
      groupId: groupIdFor(topicPrefix, group),
      sessionTimeout: sessionTimeoutMs,
      heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeoutMs / 3)),
      maxWaitTimeInMs: 250,
      retry: { initialRetryTime: 200, maxRetryTime: 3_000, retries: 8 },
    });
    const entry: ConsumerEntry = { group, consumer, joined: false };
    this.consumers.push(entry);
    consumer.on(consumer.events.GROUP_JOIN, () => (entry.joined = true));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.logger.warn({ err: payload.error, group, restart: payload.restart }, 'Consumer crashed');
      // kafkajs restarts after retriable errors only; a group must never stay dead, so replace it.
      if (!payload.restart && !this.stopping) unrefTimeout(() => void this.replaceConsumer(entry, handler), 1_000);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...AGGREGATE_TYPES.map((a) => topicFor(topicPrefix, a)), replayTopicFor(topicPrefix, group)], fromBeginning: true });
    } catch (err) {
      this.consumers.splice(this.consumers.indexOf(entry), 1);
      await consumer.disconnect().catch(() => undefined);
      throw err;
    }
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      // Only what the handler applied is resolved: by default kafkajs resolves (and commits) a whole
      // batch once eachBatch returns, including the records a stop or a rebalance left unhandled.
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (let from = 0; from < batch.messages.length && isRunning() && !isStale(); from += HANDLER_BATCH_MAX) {
          const records = batch.messages.slice(from, from + HANDLER_BATCH_MAX);
          await this.handleOnce(group, handler, records.map(fromRecord), { active: () => isRunning() && !isStale(), heartbeat, waitOutUnavailableEngines: true });
          resolveOffset(records.at(-1)!.offset);
          await heartbeat();
        }
      },
    });
  }

  /**
   * Hands the handler the events the group has not applied yet, then records them as applied (not
   * those set aside as dead letters: a replay of one must reach the handler).
   */
  private async handleOnce(group: string, handler: EventHandler, events: EventEnvelope[], control: DeliveryControl): Promise<void> {
    const distinct = distinctEvents(events);
    const applied = await Promise.all(distinct.map((e) => this.appliedLog.wasApplied(group, e.id)));
    const fresh = distinct.filter((_, i) => !applied[i]);
    if (fresh.length === 0) return;
    const setAside = this.delivery ? await this.delivery.deliver(group, handler, fresh, control) : (await handler(fresh), NONE);
    await Promise.all(fresh.filter((e) => !setAside.has(e.id)).map((e) => this.appliedLog.markApplied(group, e.id)));
  }

  private async replaceConsumer(entry: ConsumerEntry, handler: EventHandler): Promise<void> {
    const at = this.consumers.indexOf(entry);
    if (at >= 0) this.consumers.splice(at, 1);
    await entry.consumer.disconnect().catch(() => undefined);
    while (!this.stopping) {
      try {
        return await this.startConsumer(entry.group, handler);
      } catch (err) {
        this.logger.error({ err, group: entry.group }, 'Could not restart consumer; retrying');
        await new Promise<void>((r) => unrefTimeout(r, 2_000));
      }
    }
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      return producer;
    })();
    return this.producer;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }
}

/** A retry timer that does not by itself keep the process alive: a bus nobody stopped must let its process exit. */
function unrefTimeout(callback: () => void, ms: number): void {
  setTimeout(callback, ms).unref();
}

const LEADER_WAIT_MS = 30_000;

/** Polls the topics' metadata until each partition has a leader; a retriable metadata error is polled past until LEADER_WAIT_MS. */
async function untilLeadersElected(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      if (found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      if (!(err as { retriable?: boolean }).retriable || Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`Kafka topics still without leaders after ${LEADER_WAIT_MS} ms: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
